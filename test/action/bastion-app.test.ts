import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { METADATA_SOURCE, asMode, createInputs } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import { readInputs } from '../../action/src/inputs';
import { SERVER_KEY_FILE, findBastionOutputs } from '../../action/src/stack-outputs';

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');
const synth = (overrides: Record<string, string>, provenance = {}) => {
  const app = new App();
  const stack = addBastionStack(app, { inputs: asMode('deploy', readInputs(createInputs(overrides), { GITHUB_WORKSPACE: '/tmp' })), samlMetadataXml: metadata, provenance });
  return Template.fromStack(stack);
};

const provenanceOutputs = (template: Template) => Object.fromEntries(Object.entries(template.findOutputs('*')).filter(([id]) => id.startsWith('Provenance')));

describe('the action\'s own app', () => {
  test('business-hours-time-zone gives the bastion an off-hours schedule in that zone', () => {
    const template = synth({ 'business-hours-time-zone': 'Asia/Tokyo' });
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'Asia/Tokyo' });
  });

  test('without it the bastion is always on', () => {
    synth({}).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('the repository, workflow, run and commit that made the stack are stack outputs, not tags on every resource', () => {
    const template = synth({}, {
      repository: 'octo/infra',
      runUrl: 'https://github.com/octo/infra/actions/runs/42',
      commit: '0123456789abcdef',
      workflow: 'bastion',
    });
    expect(provenanceOutputs(template)).toEqual({
      ProvenanceRepository: { Description: 'The repository whose workflow last deployed this stack (sso-client-vpn-bastion GitHub Action)', Value: 'octo/infra' },
      ProvenanceWorkflow: { Description: 'The workflow that last deployed this stack', Value: 'bastion' },
      ProvenanceWorkflowRun: { Description: 'The workflow run that last deployed this stack', Value: 'https://github.com/octo/infra/actions/runs/42' },
      ProvenanceCommit: { Description: 'The commit that last deployed this stack', Value: '0123456789abcdef' },
    });
    // A tag changes every resource on every run; the outputs change none.
    const resources = JSON.stringify(template.toJSON().Resources);
    expect(resources).not.toContain('0123456789abcdef');
    expect(resources).not.toContain('actions/runs/42');
  });

  test('outside a workflow (offline synth) there is no provenance output', () => {
    expect(provenanceOutputs(synth({}))).toEqual({});
  });

  test('the certificate inputs choose the certificate', () => {
    synth({ 'certificate-arn': 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' })
      .hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ServerCertificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' });
    synth({ 'domain-name': 'vpn.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' })
      .hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'vpn.example.com', DomainValidationOptions: [{ DomainName: 'vpn.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }] });
    synth({}).resourceCountIs('Custom::SelfSignedServerCertificate', 1);
  });

  test('every key file the construct\'s outputs name is the one the summary and ssh-config use', () => {
    const outputs = JSON.stringify(synth({ 'shared-key-pair': 'true' }).findOutputs('*'));
    expect(new Set(outputs.match(/[\w.-]+\.pem\b/g) ?? [])).toEqual(new Set([SERVER_KEY_FILE]));
  });

  describe('SSH keys', () => {
    const keyPairs = (template: Template) => Object.keys(template.findResources('AWS::EC2::KeyPair'));
    const server = (template: Template) => Object.values(template.findResources('AWS::EC2::Instance'))[0].Properties;

    test('by default there is no shared key pair: everyone signs in with EC2 Instance Connect', () => {
      const template = synth({});
      expect(keyPairs(template)).toEqual([]);
      expect(server(template).KeyName).toBeUndefined();
      const outputs = Object.keys(template.findOutputs('*'));
      expect(outputs).toEqual(expect.arrayContaining([expect.stringMatching(/^BastionServerInstanceId/), expect.stringMatching(/^BastionSshCommand/)]));
      expect(outputs).not.toContainEqual(expect.stringMatching(/^BastionGetServerPrivateKeyCommand/));
    });

    test('shared-key-pair keeps the key pair the action generated before, under the same logical ID: nothing is replaced', () => {
      const template = synth({ 'shared-key-pair': 'true' });
      // The logical ID of Bastion/KeyPair in every stack the action deployed before EC2 Instance Connect.
      expect(keyPairs(template)).toEqual(['BastionKeyPairDDBDD825']);
      expect(server(template).KeyName).toEqual({ Ref: 'BastionKeyPairDDBDD825' });
      expect(Object.keys(template.findOutputs('*'))).toContainEqual(expect.stringMatching(/^BastionGetServerPrivateKeyCommand/));
    });

    test('key-pair-name gives the server an existing key pair, and creates none', () => {
      const template = synth({ 'key-pair-name': 'team-key' });
      expect(keyPairs(template)).toEqual([]);
      expect(server(template).KeyName).toBe('team-key');
    });

    test('the action finds every SSH output of its own app', () => {
      for (const inputs of [{}, { 'shared-key-pair': 'true' }] as Record<string, string>[]) {
        const outputs = Object.fromEntries(Object.keys(synth(inputs).findOutputs('*')).map((id) => [id, id]));
        const { found } = findBastionOutputs(outputs);
        expect(found).toMatchObject({
          serverInstanceId: expect.stringMatching(/^BastionServerInstanceId/),
          sshCommand: expect.stringMatching(/^BastionSshCommand/),
          instanceConnectPolicyArn: expect.stringMatching(/^BastionInstanceConnectPolicyArn/),
          dashboardUrl: expect.stringMatching(/^BastionDashboardUrl/),
        });
        expect(found!.getServerPrivateKeyCommand !== undefined).toBe('shared-key-pair' in inputs);
        expect(found!.sshWithKeyPairCommand !== undefined).toBe('shared-key-pair' in inputs);
      }
    });
  });

  test('a bad value is reported in the words of the input that gave it', () => {
    expect(() => synth({ 'vpc-cidr': '10.0.0.0/33' })).toThrow(/^Input vpc-cidr "10.0.0.0\/33" is invalid: its prefix length is above 32\.$/);
    expect(() => synth({ 'client-cidr': '172.26.0.0/24' })).toThrow(/^Input client-cidr "172.26.0.0\/24" is invalid/);
    expect(() => synth({ 'vpc-cidr': '10.0.0.0/16', 'client-cidr': '10.0.0.0/22' })).toThrow(/^Input client-cidr "10.0.0.0\/22" overlaps the VPC CIDR/);
  });
});
