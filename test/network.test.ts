import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

describe('the article VPC', () => {
  const { template } = synthBastion();

  test('has the article CIDR, DNS support and one subnet of each tier in one AZ', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '172.25.0.0/16',
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    for (const [tier, type] of [['Public', 'Public'], ['Protected', 'Private'], ['Isolated', 'Isolated']]) {
      template.hasResourceProperties('AWS::EC2::Subnet', {
        CidrBlock: Match.stringLikeRegexp('^172\\.25\\.\\d+\\.0/24$'),
        MapPublicIpOnLaunch: false,
        Tags: Match.arrayWith([
          { Key: 'aws-cdk:subnet-name', Value: tier },
          { Key: 'aws-cdk:subnet-type', Value: type },
        ]),
      });
    }
  });

  test('has an internet gateway attached to the VPC', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.hasResourceProperties('AWS::EC2::VPCGatewayAttachment', {
      VpcId: { Ref: logicalIdOf(template, 'AWS::EC2::VPC') },
      InternetGatewayId: { Ref: logicalIdOf(template, 'AWS::EC2::InternetGateway') },
    });
  });

  test('has one NAT gateway in the public subnet, on an Elastic IP allocated for it', () => {
    const eip = logicalIdOf(template, 'AWS::EC2::EIP', { Domain: 'vpc' });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::NatGateway', {
      AllocationId: { 'Fn::GetAtt': [eip, 'AllocationId'] },
      SubnetId: { Ref: Match.stringLikeRegexp('VpcPublicSubnet1Subnet') },
    });
  });

  test('routes the public subnet to the internet gateway, the protected subnet to the NAT, and the isolated subnet nowhere', () => {
    template.resourceCountIs('AWS::EC2::RouteTable', 3);
    template.resourceCountIs('AWS::EC2::SubnetRouteTableAssociation', 3);
    template.resourceCountIs('AWS::EC2::Route', 2);
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: { Ref: Match.stringLikeRegexp('VpcPublicSubnet1RouteTable') },
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: { Ref: logicalIdOf(template, 'AWS::EC2::InternetGateway') },
    });
    template.hasResourceProperties('AWS::EC2::Route', {
      RouteTableId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1RouteTable') },
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: { Ref: logicalIdOf(template, 'AWS::EC2::NatGateway') },
    });
  });

  test('locks down the VPC default security group, which nothing uses', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('exposes the NAT egress IP', () => {
    const { bastion, stack } = synthBastion();
    expect(stack.resolve(bastion.egressIps)).toHaveLength(1);
    expect(stack.resolve(bastion.egressIps)).toEqual([{ Ref: expect.stringMatching(/^BastionEgressIp0/) }]);
  });
});

describe('network options', () => {
  test('vpcCidr sizes the VPC and its subnets', () => {
    const { template } = synthBastion({ vpcCidr: '10.20.0.0/20' });
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/20' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: Match.stringLikeRegexp('^10\\.20\\.\\d+\\.0/24$') });
  });

  test('maxAzs: 2 gives a NAT gateway on its own Elastic IP, an association and an internet route per AZ', () => {
    const { template } = synthBastion({ maxAzs: 2 });
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::EIP', 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 2);
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 2);
    template.hasOutput('*', { Value: { 'Fn::Join': [',', [Match.anyValue(), Match.anyValue()]] } });
  });

  test('egressIpAllocationIds reuses the given Elastic IPs and allocates none', () => {
    const { template, bastion } = synthBastion({ egressIpAllocationIds: ['eipalloc-0123456789abcdef0'] });
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.hasResourceProperties('AWS::EC2::NatGateway', { AllocationId: 'eipalloc-0123456789abcdef0' });
    expect(bastion.egressIps).toEqual([]);
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.includes('EgressIps'))).toEqual([]);
  });

  test('an existing VPC is used as it is: no VPC, NAT or Elastic IP is created, its private subnets are associated', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.8.0.0/16',
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      publicSubnetIds: ['subnet-0cccccccccccccccc', 'subnet-0dddddddddddddddd'],
    });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 1);
    template.hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', { SubnetId: 'subnet-0aaaaaaaaaaaaaaaa' });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { VpcId: 'vpc-0123456789abcdef0', DnsServers: ['10.8.0.2'] });
    template.hasResourceProperties('AWS::EC2::Instance', {
      NetworkInterfaces: [Match.objectLike({ SubnetId: 'subnet-0aaaaaaaaaaaaaaaa' })],
    });
  });

  test('vpcSubnets picks the associated subnets of an existing VPC', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.8.0.0/16',
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({
      vpc,
      vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-0bbbbbbbbbbbbbbbb'])] },
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', { SubnetId: 'subnet-0bbbbbbbbbbbbbbbb' });
  });
});
