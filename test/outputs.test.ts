import * as iam from 'aws-cdk-lib/aws-iam';
import { BastionOutputIds, ClientVpnSamlApplication, Schedule, ServerKeyPair } from '../src';
import { METADATA_XML, synthBastion } from './fixtures';

describe('stack outputs', () => {
  const { template } = synthBastion();
  const outputs = template.findOutputs('*');
  const output = (name: string) => {
    const ids = Object.keys(outputs).filter((id) => id.startsWith(`Bastion${name}`));
    expect(ids).toHaveLength(1);
    return outputs[ids[0]];
  };

  test('every output has a description', () => {
    for (const value of Object.values(outputs)) {
      expect(value.Description).toEqual(expect.any(String));
    }
  });

  test('name the endpoint, the server IP and the egress IP', () => {
    expect(output('EndpointId').Value).toEqual({ Ref: expect.stringMatching(/^BastionEndpoint/) });
    expect(output('ServerPrivateIp').Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BastionServer/), 'PrivateIp'] });
    expect(output('EgressIps').Value).toEqual({ Ref: expect.stringMatching(/^BastionEgressIp0/) });
  });

  test('give a ready command to export the client configuration', () => {
    const exportCommand = JSON.stringify(output('ExportClientConfigurationCommand').Value);
    expect(exportCommand).toContain('aws ec2 export-client-vpn-client-configuration --region ap-northeast-1 --client-vpn-endpoint-id ');
    expect(exportCommand).toContain('> client-config.ovpn');
  });

  test('give the two values of the manual IAM Identity Center step', () => {
    expect(output('SamlApplicationAcsUrl').Value).toBe('http://127.0.0.1:35001');
    expect(output('SamlApplicationAudience').Value).toBe('urn:amazon:webservices:clientvpn');
    expect(ClientVpnSamlApplication.ACS_URL).toBe('http://127.0.0.1:35001');
    expect(ClientVpnSamlApplication.AUDIENCE).toBe('urn:amazon:webservices:clientvpn');
  });

  test('give the ssh command for the server: EC2 Instance Connect by default (instance-connect.test.ts has the key pair ones)', () => {
    expect(JSON.stringify(output('SshCommand').Value)).toContain('aws ec2-instance-connect ssh --region ap-northeast-1 --instance-id ');
  });
});

describe('BastionOutputIds, the one list of output IDs', () => {
  // Every option that adds outputs: a schedule, the self-service portal, a generated shared key, a Transit Gateway.
  const { template } = synthBastion({
    schedule: Schedule.onDemand(),
    transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' },
    selfServiceSamlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
    serverKeyPair: ServerKeyPair.generate(),
  });
  const outputIds = Object.keys(template.findOutputs('*'));
  const constants = Object.entries(BastionOutputIds).filter(([, value]) => typeof value === 'string') as [string, string][];
  /** CDK names an output after the construct path, its ID and an 8-character hash. */
  const idOf = (logicalId: string) => /^Bastion(.+)[0-9A-F]{8}$/.exec(logicalId)?.[1];

  test('every output of the construct has its ID in BastionOutputIds (but the L2\'s own portal URL)', () => {
    const unknown = outputIds.map(idOf).filter((id) => id !== undefined && !constants.some(([, value]) => value === id));
    expect(unknown).toEqual(['EndpointSelfServicePortalUrl']);
  });

  test('every ID in BastionOutputIds is an output of a fully-featured bastion', () => {
    const made = new Set(outputIds.map(idOf));
    expect(constants.filter(([, value]) => !made.has(value)).map(([name]) => name)).toEqual([]);
  });
});
