import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Schedule, SsoClientVpnBastion } from '../src';
import { CERTIFICATE_ARN, newStack, requiredProps, synthBastion } from './fixtures';

/*
 * Nothing the user made by hand is deleted by `cdk destroy`: what they pass in
 * never becomes a resource of the stack (CloudFormation deletes only its own),
 * no handler is allowed to delete it, and the log history is retained.
 */

/** Every action any policy in the template allows. */
function allowedActions(template: Template): string[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[] }[])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => ([] as string[]).concat(statement.Action));
}

function existingVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.8.0.0/16',
    availabilityZones: ['ap-northeast-1a'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
    privateSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaaa'],
  });
}

describe('what the user made by hand survives cdk destroy', () => {
  test('their VPC: none of its parts is a resource of the stack, and it gets no flow log of ours', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc: existingVpc(stack) }));
    const template = Template.fromStack(stack);
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::InternetGateway',
      'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::FlowLog']) {
      template.resourceCountIs(type, 0);
    }
  });

  test('their certificate: no certificate resource and no certificate handler', () => {
    const { template } = synthBastion();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('Custom::SelfSignedServerCertificate', 0);
    expect(allowedActions(template).filter((action) => action.startsWith('acm:'))).toEqual([]);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ServerCertificateArn: CERTIFICATE_ARN });
  });

  test('their Elastic IPs: not resources of the stack, and the off-hours switch may not release them', () => {
    const { template } = synthBastion({ egressIpAllocationIds: ['eipalloc-0123456789abcdef0'], schedule: Schedule.businessHours({ timeZone: 'UTC' }) });
    template.resourceCountIs('AWS::EC2::EIP', 0);
    const actions = allowedActions(template);
    expect(actions).toContain('ec2:CreateNatGateway');
    expect(actions.filter((action) => /^ec2:(ReleaseAddress|DisassociateAddress|\*)$/.test(action) || action === '*')).toEqual([]);
  });

  test('their key pair and their KMS key: not resources of the stack', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({
      keyPair: ec2.KeyPair.fromKeyPairName(stack, 'KeyPair', 'my-key'),
      logEncryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(allowedActions(template).filter((action) => action.startsWith('kms:'))).toEqual([]);
  });

  test('their log history: the connection, flow and handler log groups are retained by default', () => {
    const { template } = synthBastion();
    const groups = template.findResources('AWS::Logs::LogGroup');
    // Besides the Lambda handlers' log groups (kept alike: handler-logs.test.ts).
    expect(Object.keys(groups).filter((id) => /ConnectionLogs|FlowLogs/.test(id))).toHaveLength(2);
    for (const group of Object.values(groups)) {
      expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});
