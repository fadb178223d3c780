import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ACMClient, DeleteCertificateCommand, DescribeCertificateCommand, ImportCertificateCommand } from '@aws-sdk/client-acm';
import type { ImportCertificateCommandInput } from '@aws-sdk/client-acm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as isComplete } from '../../src/certificate/cleanup.lambda';
import { handler as onEvent } from '../../src/certificate/import.lambda';
import type { SelfSignedCertificateProperties } from '../../src/certificate/self-signed-contract';

const acm = mockClient(ACMClient);
const ARN = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const NEW_ARN = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
const STACK_ID = 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/Bastion/0a1b2c3d';

const PROPERTIES: SelfSignedCertificateProperties = {
  CommonName: 'server.sso-client-vpn-bastion.internal',
  CaCommonName: 'SsoClientVpnBastion CA',
  CaValidityDays: '3650',
  ServerValidityDays: '1825',
  KeySize: '2048',
  Owner: STACK_ID,
};

function event(requestType: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:ap-northeast-1:123456789012:function:provider',
    ResponseURL: 'https://example.invalid/response',
    StackId: STACK_ID,
    RequestId: 'request-1',
    LogicalResourceId: 'BastionServerCertificate',
    ResourceType: 'Custom::SelfSignedServerCertificate',
    ResourceProperties: { ServiceToken: 'token', ...PROPERTIES },
    ...extra,
  } as unknown as CloudFormationCustomResourceEvent;
}

/** The PEM texts the handler sent to ACM, written to files for openssl. */
function importedFiles(): { dir: string; certificate: string; chain: string; key: string } {
  const input = acm.commandCalls(ImportCertificateCommand)[0].args[0].input;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'self-signed-'));
  const write = (name: string, data?: Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.from(data!).toString());
    return file;
  };
  return { dir, certificate: write('server.pem', input.Certificate), chain: write('ca.pem', input.CertificateChain), key: write('key.pem', input.PrivateKey) };
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

beforeEach(() => {
  acm.reset();
});

describe('create', () => {
  let response: Awaited<ReturnType<typeof onEvent>>;
  let files: ReturnType<typeof importedFiles>;
  let importInputs: ImportCertificateCommandInput[];
  const logged: string[] = [];

  beforeAll(async () => {
    acm.reset();
    acm.on(ImportCertificateCommand).resolves({ CertificateArn: ARN });
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
    }
    response = await onEvent(event('Create'));
    files = importedFiles();
    importInputs = acm.commandCalls(ImportCertificateCommand).map((call) => call.args[0].input);
  });

  afterAll(() => jest.restoreAllMocks());

  test('imports the server certificate, its key and the CA chain into ACM, tagged with the stack', () => {
    expect(importInputs).toHaveLength(1);
    const input = importInputs[0];
    expect(input.Tags).toEqual([
      { Key: 'sso-client-vpn-bastion:stack-id', Value: STACK_ID },
      { Key: 'Name', Value: 'server.sso-client-vpn-bastion.internal' },
    ]);
    expect(input.CertificateArn).toBeUndefined();
  });

  test('returns the certificate ARN as physical ID and data, and never a key', () => {
    expect(response).toEqual({ PhysicalResourceId: ARN, Data: { CertificateArn: ARN } });
    expect(JSON.stringify(response)).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  test('logs nothing that holds a key or a certificate', () => {
    expect(logged.join('\n')).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  test('openssl verifies the server certificate against the CA', () => {
    expect(openssl('verify', '-CAfile', files.chain, files.certificate).trim()).toBe(`${files.certificate}: OK`);
  });

  test('openssl shows the subject, issuer, key size and the usages Client VPN needs', () => {
    const text = openssl('x509', '-noout', '-text', '-in', files.certificate);
    expect(text).toMatch(/Subject: CN ?= ?server\.sso-client-vpn-bastion\.internal/);
    expect(text).toMatch(/Issuer: CN ?= ?SsoClientVpnBastion CA/);
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:server\.sso-client-vpn-bastion\.internal/);
    expect(text).toMatch(/CA:FALSE/);
  });

  test('openssl shows the CA as a CA that may sign certificates', () => {
    const text = openssl('x509', '-noout', '-text', '-in', files.chain);
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign, CRL Sign/);
    expect(text).toMatch(/Subject: CN ?= ?SsoClientVpnBastion CA/);
  });

  test('the validity periods are 5 years for the server and 10 for the CA', () => {
    const days = (file: string) => {
      const [, notBefore] = openssl('x509', '-noout', '-startdate', '-in', file).trim().split('=');
      const [, notAfter] = openssl('x509', '-noout', '-enddate', '-in', file).trim().split('=');
      return Math.round((Date.parse(notAfter) - Date.parse(notBefore)) / 86_400_000);
    };
    expect(days(files.certificate)).toBe(1825);
    expect(days(files.chain)).toBe(3650);
  });

  test('the key ACM receives is the server certificate\'s RSA key', () => {
    expect(openssl('rsa', '-in', files.key, '-check', '-noout').trim()).toBe('RSA key ok');
    const modulus = (args: string[]) => openssl(...args).trim();
    expect(modulus(['rsa', '-in', files.key, '-noout', '-modulus'])).toBe(modulus(['x509', '-in', files.certificate, '-noout', '-modulus']));
  });
});

describe('update', () => {
  test('a changed property issues and imports a new certificate, so CloudFormation replaces the old one', async () => {
    acm.on(ImportCertificateCommand).resolves({ CertificateArn: NEW_ARN });
    const response = await onEvent(event('Update', {
      PhysicalResourceId: ARN,
      OldResourceProperties: { ...PROPERTIES, ServerValidityDays: '730' },
    }));
    expect(response).toEqual({ PhysicalResourceId: NEW_ARN, Data: { CertificateArn: NEW_ARN } });
    expect(acm).toHaveReceivedCommandTimes(ImportCertificateCommand, 1);
    expect(acm).not.toHaveReceivedCommand(DeleteCertificateCommand);
  });

  test('an update that changes no certificate property keeps the certificate', async () => {
    const response = await onEvent(event('Update', {
      PhysicalResourceId: ARN,
      OldResourceProperties: { ...PROPERTIES, ServiceToken: 'an older token' },
    }));
    expect(response).toEqual({ PhysicalResourceId: ARN, Data: { CertificateArn: ARN } });
    expect(acm).not.toHaveReceivedCommand(ImportCertificateCommand);
  });

  test('the update is complete at once', async () => {
    expect(await isComplete(event('Update', { PhysicalResourceId: NEW_ARN, OldResourceProperties: PROPERTIES }))).toEqual({ IsComplete: true });
    expect(acm.calls()).toHaveLength(0);
  });
});

describe('delete', () => {
  test('onEvent leaves the deletion to isComplete', async () => {
    expect(await onEvent(event('Delete', { PhysicalResourceId: ARN }))).toEqual({ PhysicalResourceId: ARN });
    expect(acm.calls()).toHaveLength(0);
  });

  test('isComplete deletes the imported certificate', async () => {
    acm.on(DeleteCertificateCommand).resolves({});
    expect(await isComplete(event('Delete', { PhysicalResourceId: ARN }))).toEqual({ IsComplete: true });
    expect(acm).toHaveReceivedCommandWith(DeleteCertificateCommand, { CertificateArn: ARN });
  });

  test('while the endpoint still uses the certificate, isComplete asks to be called again', async () => {
    acm.on(DeleteCertificateCommand).rejects(Object.assign(new Error('Certificate is in use'), { name: 'ResourceInUseException' }));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await isComplete(event('Delete', { PhysicalResourceId: ARN }))).toEqual({ IsComplete: false });
  });

  // ACM's documented answer for a certificate that does not exist: ResourceNotFoundException,
  // "The specified certificate cannot be found in the caller's account or the caller's account cannot be found."
  // (ACM API Reference, DeleteCertificate, Errors: https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html;
  // DescribeCertificate answers the same: https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html)
  const notFound = () => Object.assign(new Error('The specified certificate cannot be found in the caller\'s account or the caller\'s account cannot be found.'),
    { name: 'ResourceNotFoundException', $fault: 'client' });

  test('a certificate already gone (deleted by hand) counts as deleted, so the stack can be deleted', async () => {
    acm.on(DeleteCertificateCommand).rejects(notFound());
    expect(await isComplete(event('Delete', { PhysicalResourceId: ARN }))).toEqual({ IsComplete: true });
  });

  test('a delete denied because the certificate is gone (no owner tag left to match) counts as deleted', async () => {
    acm.on(DeleteCertificateCommand).rejects(Object.assign(new Error('User is not authorized to perform: acm:DeleteCertificate'), { name: 'AccessDeniedException' }));
    acm.on(DescribeCertificateCommand).rejects(notFound());
    expect(await isComplete(event('Delete', { PhysicalResourceId: ARN }))).toEqual({ IsComplete: true });
    expect(acm).toHaveReceivedCommandWith(DescribeCertificateCommand, { CertificateArn: ARN });
  });

  test('a delete denied for a certificate that still exists fails with the reason', async () => {
    acm.on(DeleteCertificateCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN } });
    await expect(isComplete(event('Delete', { PhysicalResourceId: ARN })))
      .rejects.toThrow(`Deleting the self-signed server certificate ${ARN} from ACM failed: AccessDeniedException: User is not authorized`);
  });

  test('after a failed create (physical ID is not an ARN) there is nothing to delete', async () => {
    expect(await isComplete(event('Delete', { PhysicalResourceId: 'request-1' }))).toEqual({ IsComplete: true });
    expect(acm.calls()).toHaveLength(0);
  });

  test('any other ACM error fails the deletion with the reason', async () => {
    acm.on(DeleteCertificateCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(isComplete(event('Delete', { PhysicalResourceId: ARN })))
      .rejects.toThrow(`Deleting the self-signed server certificate ${ARN} from ACM failed: ThrottlingException: Rate exceeded`);
  });
});

describe('a failing ACM import', () => {
  test('fails the create with a clear message and leaves nothing behind', async () => {
    acm.on(ImportCertificateCommand).rejects(Object.assign(new Error('Imported certificate quota exceeded'), { name: 'LimitExceededException' }));
    await expect(onEvent(event('Create'))).rejects.toThrow(
      'Importing the self-signed server certificate (CN=server.sso-client-vpn-bastion.internal) into ACM failed: ' +
      'LimitExceededException: Imported certificate quota exceeded. Nothing was imported.',
    );
    expect(acm).not.toHaveReceivedCommand(DeleteCertificateCommand);
    // The rollback's Delete then carries the request ID, not an ARN, and deletes nothing.
    expect(await isComplete(event('Delete', { PhysicalResourceId: 'request-1' }))).toEqual({ IsComplete: true });
    expect(acm).not.toHaveReceivedCommand(DeleteCertificateCommand);
  });

  test('the error message holds no key material', async () => {
    acm.on(ImportCertificateCommand).rejects(Object.assign(new Error('bad request'), { name: 'ValidationException' }));
    const error = await onEvent(event('Create')).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toMatch(/PRIVATE KEY|BEGIN/);
  });
});

describe('the bundled Lambda asset', () => {
  test('runs: the esbuild bundle imports a certificate with the same mocked ACM client', async () => {
    acm.on(ImportCertificateCommand).resolves({ CertificateArn: ARN });
    const bundle = path.join(__dirname, '..', '..', 'assets', 'certificate', 'import.lambda', 'index.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(bundle) as { handler: typeof onEvent };
    expect(await bundled.handler(event('Create'))).toEqual({ PhysicalResourceId: ARN, Data: { CertificateArn: ARN } });
  });
});
