import { ACMClient, ImportCertificateCommand } from '@aws-sdk/client-acm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { issueCertificates } from './issue-self-signed';
import { CERTIFICATE_DEFINING_PROPERTIES, OWNER_TAG_KEY } from './self-signed-contract';
import type { SelfSignedCertificateProperties } from './self-signed-contract';

/** The custom resource provider's onEvent response. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly CertificateArn: string };
}

const acm = new ACMClient({});

/**
 * onEvent of the self-signed server certificate custom resource.
 *
 * Create, and an Update that changes the certificate, issue a new CA and
 * server certificate and import them into ACM; the new ARN becomes the
 * physical ID, so CloudFormation points the endpoint at it and then deletes
 * the old one (see certificate-cleanup.lambda.ts, which also handles Delete).
 * The private keys exist only in this invocation and in ACM.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const properties = event.ResourceProperties as unknown as SelfSignedCertificateProperties;
  switch (event.RequestType) {
    case 'Create':
      return importNewCertificate(properties);
    case 'Update': {
      const old = event.OldResourceProperties as unknown as SelfSignedCertificateProperties;
      const changed = CERTIFICATE_DEFINING_PROPERTIES.some((key) => old[key] !== properties[key]);
      if (!changed) {
        return { PhysicalResourceId: event.PhysicalResourceId, Data: { CertificateArn: event.PhysicalResourceId } };
      }
      return importNewCertificate(properties);
    }
    case 'Delete':
      // Deleting waits until the endpoint has let go of the certificate: isComplete does it.
      return { PhysicalResourceId: event.PhysicalResourceId };
  }
}

async function importNewCertificate(properties: SelfSignedCertificateProperties): Promise<OnEventResponse> {
  const issued = await issueCertificates({
    commonName: properties.CommonName,
    caCommonName: properties.CaCommonName,
    caValidityDays: Number(properties.CaValidityDays),
    serverValidityDays: Number(properties.ServerValidityDays),
    keySize: Number(properties.KeySize),
  });

  let certificateArn: string | undefined;
  try {
    // One call: the certificate, its key, the chain and the tags arrive together
    // or not at all, so a failure leaves nothing behind to clean up.
    const result = await acm.send(new ImportCertificateCommand({
      Certificate: Buffer.from(issued.serverCertificatePem),
      PrivateKey: Buffer.from(issued.serverPrivateKeyPem),
      CertificateChain: Buffer.from(issued.caCertificatePem),
      Tags: [
        { Key: OWNER_TAG_KEY, Value: properties.Owner },
        { Key: 'Name', Value: properties.CommonName },
      ],
    }));
    certificateArn = result.CertificateArn;
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(
      `Importing the self-signed server certificate (CN=${properties.CommonName}) into ACM failed: ${name}: ${message}. ` +
      'Nothing was imported. Check the ACM quota for imported certificates and the handler\'s permissions, then deploy again.',
    );
  }
  if (!certificateArn) {
    throw new Error('ACM ImportCertificate returned no CertificateArn; nothing can be referenced. Deploy again.');
  }
  return { PhysicalResourceId: certificateArn, Data: { CertificateArn: certificateArn } };
}
