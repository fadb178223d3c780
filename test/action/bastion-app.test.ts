import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { METADATA_SOURCE, createInputs } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import { readInputs } from '../../action/src/inputs';
import { SERVER_KEY_FILE } from '../../action/src/stack-outputs';

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');
const synth = (overrides: Record<string, string>, provenance = {}) => {
  const app = new App();
  const stack = addBastionStack(app, { inputs: readInputs(createInputs(overrides), { GITHUB_WORKSPACE: '/tmp' }), samlMetadataXml: metadata, provenance });
  return Template.fromStack(stack);
};

describe('the action\'s own app', () => {
  test('business-hours-time-zone gives the bastion an off-hours schedule in that zone', () => {
    const template = synth({ 'business-hours-time-zone': 'Asia/Tokyo' });
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'Asia/Tokyo' });
  });

  test('without it the bastion is always on', () => {
    synth({}).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('the stack is tagged with the repository, run and commit that made it', () => {
    const template = synth({}, {
      repository: 'octo/infra',
      runUrl: 'https://github.com/octo/infra/actions/runs/42',
      commit: '0123456789abcdef',
      workflow: 'bastion',
    });
    template.hasResourceProperties('AWS::EC2::VPC', {
      // CDK sorts tags by key.
      Tags: Match.arrayWith([
        { Key: 'sso-client-vpn-bastion:commit', Value: '0123456789abcdef' },
        { Key: 'sso-client-vpn-bastion:repository', Value: 'octo/infra' },
        { Key: 'sso-client-vpn-bastion:workflow', Value: 'bastion' },
        { Key: 'sso-client-vpn-bastion:workflow-run', Value: 'https://github.com/octo/infra/actions/runs/42' },
      ]),
    });
  });

  test('the certificate inputs choose the certificate', () => {
    synth({ 'certificate-arn': 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' })
      .hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ServerCertificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' });
    synth({ 'domain-name': 'vpn.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' })
      .hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'vpn.example.com', DomainValidationOptions: [{ DomainName: 'vpn.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }] });
    synth({}).resourceCountIs('Custom::SelfSignedServerCertificate', 1);
  });

  test('every key file the construct\'s outputs name is the one the summary and ssh-config use', () => {
    const outputs = JSON.stringify(synth({}).findOutputs('*'));
    expect(new Set(outputs.match(/[\w.-]+\.pem\b/g) ?? [])).toEqual(new Set(outputs.includes('.pem') ? [SERVER_KEY_FILE] : []));
  });

  test('a bad value is reported in the words of the input that gave it', () => {
    expect(() => synth({ 'vpc-cidr': '10.0.0.0/33' })).toThrow(/^Input vpc-cidr "10.0.0.0\/33" is invalid: its prefix length is above 32\.$/);
    expect(() => synth({ 'client-cidr': '172.26.0.0/24' })).toThrow(/^Input client-cidr "172.26.0.0\/24" is invalid/);
    expect(() => synth({ 'vpc-cidr': '10.0.0.0/16', 'client-cidr': '10.0.0.0/22' })).toThrow(/^Input client-cidr "10.0.0.0\/22" overlaps the VPC CIDR/);
  });
});
