import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CostEstimate, IpAddressType, Schedule } from '../src';
import { GROUP_ID, OTHER_GROUP_ID, newStack, requiredProps, synthBastion } from './fixtures';
import { SsoClientVpnBastion } from '../src/sso-client-vpn-bastion';

describe('ipAddressType DUAL_STACK', () => {
  const { template } = synthBastion({ ipAddressType: IpAddressType.DUAL_STACK });

  test('the endpoint takes clients and carries traffic over both families', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { EndpointIpAddressType: 'dual-stack', TrafficIpAddressType: 'dual-stack' });
  });

  test('the VPC gets an Amazon-provided IPv6 block, a /64 per subnet and an egress-only internet gateway for the private subnets', () => {
    template.resourceCountIs('AWS::EC2::VPCCidrBlock', 1);
    template.hasResourceProperties('AWS::EC2::VPCCidrBlock', { AmazonProvidedIpv6CidrBlock: true });
    template.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 1);
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.Ipv6CidrBlock).toBeDefined();
    }
    template.hasResourceProperties('AWS::EC2::Route', { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: Match.anyValue() });
  });

  test('each group gets an IPv6 rule beside its IPv4 one, and each association an IPv6 route to the internet', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 2);
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: GROUP_ID, TargetNetworkCidr: '0.0.0.0/0' });
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: GROUP_ID, TargetNetworkCidr: '::/0' });
    template.hasResourceProperties('AWS::EC2::ClientVpnRoute', { DestinationCidrBlock: '::/0' });
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 2);
  });

  test('the server has an IPv6 address, and the endpoint and server groups let IPv6 out', () => {
    template.hasResourceProperties('AWS::EC2::Instance', { Ipv6AddressCount: 1 });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SSH server reachable only from Client VPN clients',
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIpv6: '::/0', FromPort: 443, ToPort: 443 })]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Client VPN endpoint: traffic from VPN clients into the VPC',
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIpv6: '::/0', IpProtocol: '-1' })]),
    });
  });

  test('the server admits SSH over IPv6 from the VPC\'s IPv6 block only: Client VPN does not translate IPv6 clients to the endpoint\'s address', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SSH server reachable only from Client VPN clients',
      SecurityGroupIngress: [Match.objectLike({
        CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [Match.stringLikeRegexp('^BastionVpc'), 'Ipv6CidrBlocks'] }] }, FromPort: 22, ToPort: 22,
      })],
    });
    const ipv4 = synthBastion().template;
    expect(JSON.stringify(ipv4.findResources('AWS::EC2::SecurityGroup'))).not.toContain('CidrIpv6');
  });

  test('a split tunnel authorizes the VPC\'s IPv6 block, and routes nothing to the internet', () => {
    const split = synthBastion({ ipAddressType: IpAddressType.DUAL_STACK, splitTunnel: true }).template;
    split.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', {
      TargetNetworkCidr: { 'Fn::Select': [0, { 'Fn::GetAtt': [Match.stringLikeRegexp('^BastionVpc'), 'Ipv6CidrBlocks'] }] },
    });
    split.resourceCountIs('AWS::EC2::ClientVpnRoute', 0);
  });

  test('with a schedule, the IPv6 routes are switched with the IPv4 ones; the egress-only gateway (free) stays', () => {
    const scheduled = synthBastion({ ipAddressType: IpAddressType.DUAL_STACK, schedule: Schedule.onDemand() }).template;
    const routes = Object.values(scheduled.findResources('AWS::EC2::ClientVpnRoute'));
    expect(routes).toHaveLength(2);
    expect(new Set(routes.map((route) => route.Condition))).toEqual(new Set([expect.stringMatching(/IsOn/)]));
    expect(Object.values(scheduled.findResources('AWS::EC2::EgressOnlyInternetGateway'))[0].Condition).toBeUndefined();
  });

  test('costs nothing more a month: the egress-only gateway and IPv6 addresses are free, and IPv6 needs no NAT gateway', () => {
    const monthly = (json: unknown) => CostEstimate.fromTemplate(json as never, { region: 'ap-northeast-1' }).monthlyTotal;
    expect(monthly(template.toJSON())).toBeCloseTo(monthly(synthBastion().template.toJSON()), 6);
  });

  test('IPv4 by default: none of it', () => {
    const ipv4 = synthBastion().template;
    ipv4.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { EndpointIpAddressType: Match.absent(), TrafficIpAddressType: Match.absent() });
    ipv4.resourceCountIs('AWS::EC2::VPCCidrBlock', 0);
    ipv4.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
    ipv4.hasResourceProperties('AWS::EC2::Instance', { Ipv6AddressCount: Match.absent() });
  });

  test('with a given VPC it is refused: the construct does not know its IPv6 blocks', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
      vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.8.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
    });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, ipAddressType: IpAddressType.DUAL_STACK })))
      .toThrow(/ipAddressType "dual-stack" cannot be used together with vpc yet/);
  });

  test('the rule quota counts both families', () => {
    const groups = Array.from({ length: 101 }, (_, i) => `${OTHER_GROUP_ID.slice(0, -3)}${String(i).padStart(3, '0')}`);
    expect(() => synthBastion({ authorizedGroupIds: groups })).not.toThrow();
    expect(() => synthBastion({ authorizedGroupIds: groups, ipAddressType: IpAddressType.DUAL_STACK }))
      .toThrow(/101 groups x 2 destinations \(IPv4 and IPv6\) = 202 authorization rules; Client VPN allows 200 per endpoint/);
  });
});
