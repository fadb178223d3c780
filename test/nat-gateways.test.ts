import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NatGateways, SsoClientVpnBastion } from '../src';
import { newStack, requiredProps, synthBastion } from './fixtures';

function twoAzs(overrides = {}): Template {
  const stack = newStack({ env: { region: 'ap-northeast-1', account: '123456789012' } });
  stack.node.setContext('availability-zones:account=123456789012:region=ap-northeast-1', ['ap-northeast-1a', 'ap-northeast-1c']);
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ maxAzs: 2, ...overrides }));
  return Template.fromStack(stack);
}

describe('NatGateways', () => {
  test('perAz (the default) puts a NAT gateway on its own Elastic IP in every AZ', () => {
    const template = twoAzs();
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::EIP', 2);
  });

  test('single shares one NAT gateway and one Elastic IP between the AZs\' private subnets', () => {
    const template = twoAzs({ natGateways: NatGateways.single() });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    const natRoutes = template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    expect(Object.keys(natRoutes)).toHaveLength(2);
  });

  test('none has no NAT gateway, no Elastic IP, isolated protected subnets, and still associates them', () => {
    const { template } = synthBastion({ natGateways: NatGateways.none(), splitTunnel: true });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 1);
    template.hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', { SubnetId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1') } });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Protected' }, { Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]),
    });
    expect(Object.keys(template.toJSON().Outputs)).not.toEqual(expect.arrayContaining([expect.stringMatching(/EgressIps/)]));
  });

  test.each([
    [{ natGateways: NatGateways.none() }, /natGateways "none" needs splitTunnel: true/],
    [{ natGateways: NatGateways.none(), splitTunnel: true, egressIpAllocationIds: ['eipalloc-1'] }, /egressIpAllocationIds \["eipalloc-1"\] cannot be used with NatGateways.none\(\)/],
    [{ natGateways: NatGateways.single(), egressIpAllocationIds: ['eipalloc-1', 'eipalloc-2'], maxAzs: 2 }, /egressIpAllocationIds \["eipalloc-1","eipalloc-2"\] has 2 entries; NatGateways.single\(\) has one NAT gateway/],
  ])('a bad combination is refused at synth time (%#)', (overrides, message) => {
    expect(() => synthBastion(overrides)).toThrow(message);
  });

  test('cannot be used with an existing VPC', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-1', vpcCidrBlock: '10.8.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, natGateways: NatGateways.single() })))
      .toThrow(/natGateways "single" cannot be used together with vpc/);
  });
});
