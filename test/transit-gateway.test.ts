import { Fn } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { BastionOutputIds, CostEstimate, IpAddressType, NatGateways, Schedule } from '../src';
import type { TransitGatewayOptions } from '../src';
import { GROUP_ID, newStack, requiredProps, synthBastion } from './fixtures';
import { SsoClientVpnBastion } from '../src/sso-client-vpn-bastion';

const TGW = 'tgw-0123456789abcdef0';
const ROUTE_TABLE = 'tgw-rtb-0123456789abcdef0';
const CLIENT_CIDR = '172.26.0.0/22';
const VPC_CIDR = '172.25.0.0/16';

function transitGateway(overrides: Partial<TransitGatewayOptions> = {}): TransitGatewayOptions {
  return { transitGatewayId: TGW, ...overrides };
}

describe('transitGateway, full tunnel, two AZs', () => {
  const { stack, template } = synthBastion({ transitGateway: transitGateway({ routeTableId: ROUTE_TABLE }), maxAzs: 2 });
  const resources = template.toJSON().Resources as Record<string, any>;
  const [endpointId, endpoint] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::EC2::ClientVpnEndpoint')!;
  const [attachmentId] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::EC2::TransitGatewayAttachment')!;

  test('the endpoint attaches to the Transit Gateway in the bastion\'s AZs, with no VPC, no security group and no subnet association', () => {
    expect(endpoint.Properties.TransitGatewayConfiguration).toEqual({
      TransitGatewayId: TGW,
      AvailabilityZones: [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }],
    });
    expect(endpoint.Properties.VpcId).toBeUndefined();
    expect(endpoint.Properties.SecurityGroupIds).toBeUndefined();
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 0);
    template.resourcePropertiesCountIs('AWS::EC2::SecurityGroup', { GroupDescription: 'Client VPN endpoint: traffic from VPN clients into the VPC' }, 0);
  });

  test('the bastion\'s VPC is attached in the server\'s subnets, and every route table sends the client CIDR back through the Transit Gateway', () => {
    const protectedSubnets = Object.entries(resources)
      .filter(([id, r]) => r.Type === 'AWS::EC2::Subnet' && /ProtectedSubnet/.test(id)).map(([id]) => ({ Ref: id }));
    template.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { TransitGatewayId: TGW, SubnetIds: protectedSubnets });
    expect(protectedSubnets).toHaveLength(2);
    const returnRoutes = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::Route' && r.Properties.TransitGatewayId === TGW);
    // Two public, two protected and two isolated route tables: the NAT gateways' replies, the server's, and the rest of the VPC.
    expect(returnRoutes).toHaveLength(6);
    for (const route of returnRoutes) {
      expect(route.Properties.DestinationCidrBlock).toBe(CLIENT_CIDR);
      expect(route.DependsOn).toContain(attachmentId);
    }
  });

  test('the server admits SSH from the client CIDR (no source NAT), and from nothing else', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SSH server reachable only from Client VPN clients',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: CLIENT_CIDR, FromPort: 22, ToPort: 22, IpProtocol: 'tcp' })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('a full tunnel routes everything to the attachment, and the given route table sends the internet to the bastion VPC\'s NAT gateways', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 1);
    const [route] = Object.values(template.findResources('AWS::EC2::ClientVpnRoute'));
    expect(route.Properties).toEqual(expect.objectContaining({ ClientVpnEndpointId: { Ref: endpointId }, DestinationCidrBlock: '0.0.0.0/0' }));
    expect(route.Properties.TargetVpcSubnetId).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::TransitGatewayRoute', {
      TransitGatewayRouteTableId: ROUTE_TABLE, DestinationCidrBlock: '0.0.0.0/0', TransitGatewayAttachmentId: { Ref: attachmentId },
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: GROUP_ID, TargetNetworkCidr: '0.0.0.0/0' });
    template.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 1);
  });

  test('the outputs and the synth say what the other VPCs must admit, and clients get no DNS server the Transit Gateway cannot reach', () => {
    const outputs = template.toJSON().Outputs as Record<string, any>;
    const output = (id: string) => Object.entries(outputs).find(([key]) => key.startsWith(`Bastion${id}`))?.[1];
    expect(output(BastionOutputIds.CLIENT_CIDR)?.Value).toBe(CLIENT_CIDR);
    expect(output(BastionOutputIds.CLIENT_CIDR)?.Description).toMatch(/no source NAT/);
    expect(output(BastionOutputIds.TRANSIT_GATEWAY_VPC_ATTACHMENT_ID)?.Value).toEqual({ Ref: attachmentId });
    Annotations.fromStack(stack).hasInfo('*', Match.stringLikeRegexp('no source NAT.*172.26.0.0/22'));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('set dnsServers to a Route 53 Resolver inbound endpoint'));
    expect(endpoint.Properties.DnsServers).toBeUndefined();
  });

  test('the fixed cost counts the Transit Gateway AZs as associations and the bastion VPC\'s attachment', () => {
    const estimate = CostEstimate.fromStack(stack, { region: 'us-east-1' });
    const item = (text: string) => estimate.lineItems.find((line) => line.description.startsWith(text));
    expect(item('Client VPN endpoint association (Transit Gateway AZ')).toMatchObject({ quantity: 2, unitPrice: 0.10, switched: false });
    expect(item('Transit Gateway attachment')).toMatchObject({ quantity: 1, unitPrice: 0.05, switched: false });
  });
});

describe('transitGateway, split tunnel', () => {
  const destinations = ['10.20.0.0/16', '10.30.0.0/16'];
  const { stack, template } = synthBastion({ transitGateway: transitGateway({ destinations }), splitTunnel: true });

  test('the bastion\'s VPC and each destination get a route to the attachment and, per group, an authorization rule', () => {
    for (const cidr of [VPC_CIDR, ...destinations]) {
      template.hasResourceProperties('AWS::EC2::ClientVpnRoute', { DestinationCidrBlock: cidr, TargetVpcSubnetId: Match.absent() });
      template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: GROUP_ID, TargetNetworkCidr: cidr });
    }
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 3);
    template.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 3);
  });

  test('no internet route is added to a Transit Gateway route table, and none is asked for', () => {
    template.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('transitGateway has no routeTableId'))).toEqual([]);
  });
});

test('a full tunnel without routeTableId warns that the internet needs a route to the bastion VPC\'s attachment', () => {
  const { stack, template } = synthBastion({ transitGateway: transitGateway() });
  template.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('transitGateway has no routeTableId and the tunnel is full.*TransitGatewayVpcAttachmentId'));
});

describe('with a schedule', () => {
  const { template } = synthBastion({ transitGateway: transitGateway({ destinations: ['10.20.0.0/16'] }), splitTunnel: true, schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) });
  const resources = template.toJSON().Resources as Record<string, any>;
  const condition = Object.keys(template.toJSON().Conditions).find((name) => /OffHoursSwitchIsOn/.test(name))!;

  test('the Client VPN routes are switched; the endpoint (with its AZs), the attachment and its return routes are not', () => {
    expect(Object.values(resources).find((r) => r.Type === 'AWS::EC2::ClientVpnEndpoint').Condition).toBeUndefined();
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::ClientVpnRoute');
    expect(routes).toHaveLength(2);
    for (const route of routes) {
      expect(route.Condition).toBe(condition);
    }
    for (const r of Object.values(resources).filter((res) => res.Type === 'AWS::EC2::TransitGatewayAttachment' || res.Properties?.TransitGatewayId === TGW)) {
      expect(r.Condition).toBeUndefined();
    }
  });

  test('the switch\'s service role may create and delete routes on this endpoint, and may not associate anything', () => {
    const role = Object.entries(resources).find(([, r]) => r.Type === 'AWS::IAM::Role'
      && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('cloudformation.amazonaws.com'))!;
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role[0]));
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const routes = statements.filter((statement) => [statement.Action].flat().includes('ec2:CreateClientVpnRoute'));
    expect(routes).toHaveLength(1);
    expect([routes[0].Action].flat().sort()).toEqual(['ec2:CreateClientVpnRoute', 'ec2:DeleteClientVpnRoute']);
    // The endpoint's ARN only: no subnet, as no route names one.
    expect(JSON.stringify(routes[0].Resource)).toMatch(/client-vpn-endpoint\/.*BastionEndpoint/);
    expect([routes[0].Resource].flat()).toHaveLength(1);
    const actions = JSON.stringify(statements.map((statement) => statement.Action));
    expect(actions).not.toContain('ec2:AssociateClientVpnTargetNetwork');
    expect(actions).not.toContain('ec2:DisassociateClientVpnTargetNetwork');
  });
});

describe('bad input is refused, naming the prop', () => {
  test.each([
    [{ transitGateway: transitGateway({ transitGatewayId: 'tgw-xyz' }) }, /transitGateway.transitGatewayId "tgw-xyz" is not a Transit Gateway ID/],
    [{ transitGateway: transitGateway({ routeTableId: 'rtb-0123456789abcdef0' }) }, /transitGateway.routeTableId "rtb-0123456789abcdef0" is not a Transit Gateway route table ID/],
    [{ transitGateway: transitGateway({ destinations: ['10.20.0.1/16'] }) }, /transitGateway.destinations "10.20.0.1\/16" is invalid/],
    [{ transitGateway: transitGateway({ destinations: ['172.26.0.0/16'] }) }, /transitGateway.destinations "172.26.0.0\/16" overlaps the client CIDR/],
    [{ transitGateway: transitGateway({ destinations: ['172.25.128.0/20'] }) }, /transitGateway.destinations "172.25.128.0\/20" overlaps the bastion's VPC/],
    [{ transitGateway: transitGateway({ destinations: ['10.20.0.0/16', '10.20.0.0/16'] }) }, /has 10.20.0.0\/16 twice/],
    [{ transitGateway: transitGateway(), ipAddressType: IpAddressType.DUAL_STACK }, /ipAddressType "dual-stack" cannot be used together with transitGateway yet/],
  ])('%p is refused with %p', (overrides, message) => {
    expect(() => synthBastion(overrides)).toThrow(message);
  });

  test('with a given vpc', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, transitGateway: transitGateway() })))
      .toThrow(/vpc "\(given\)" cannot be used together with transitGateway yet/);
  });
});

test('the routes through the Transit Gateway attachment are held to the routes quota', () => {
  const destinations = Array.from({ length: 100 }, (_, i) => `10.${i}.0.0/16`);
  expect(() => synthBastion({ transitGateway: transitGateway({ destinations }), splitTunnel: true }))
    .toThrow(/the endpoint has 101 routes through the Transit Gateway attachment; Client VPN allows 100 per target network association/);
});

test('bastion.connections admits the client CIDR into another resource (no source NAT: there is no group to reference)', () => {
  const stack = newStack();
  const bastion = new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ transitGateway: transitGateway() }));
  const vpc = new ec2.Vpc(stack, 'Other', { ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16') });
  const database = new ec2.SecurityGroup(stack, 'Database', { vpc });
  database.connections.allowFrom(bastion, ec2.Port.tcp(5432));
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EC2::SecurityGroup', {
    GroupDescription: 'TestStack/Database',
    SecurityGroupIngress: [Match.objectLike({ CidrIp: CLIENT_CIDR, FromPort: 5432, ToPort: 5432 })],
  });
});

describe('the isolated tier and NatGateways.none()', () => {
  const { template } = synthBastion({ transitGateway: transitGateway(), splitTunnel: true, natGateways: NatGateways.none(), maxAzs: 2 });
  const resources = template.toJSON().Resources as Record<string, any>;

  test('every route table of the VPC, the isolated ones too, sends the client CIDR back: the server\'s subnets are isolated without NAT', () => {
    const tables = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::RouteTable').map(([id]) => id).sort();
    expect(tables).toHaveLength(6);
    const routed = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::Route' && r.Properties.TransitGatewayId === TGW)
      .map((r) => r.Properties.RouteTableId.Ref).sort();
    expect(routed).toEqual(tables);
    const server = Object.values(resources).find((r) => r.Type === 'AWS::EC2::Instance');
    const serverSubnet = (server.Properties.SubnetId ?? server.Properties.NetworkInterfaces[0].SubnetId).Ref;
    expect(serverSubnet).toMatch(/IsolatedSubnet|ProtectedSubnet/);
    const serverTable = Object.values(resources).find((r) => r.Type === 'AWS::EC2::SubnetRouteTableAssociation'
      && r.Properties.SubnetId.Ref === serverSubnet).Properties.RouteTableId.Ref;
    expect(routed).toContain(serverTable);
  });
});

test('destinations imported from other stacks (tokens) each get their own route and rule; the same import twice is refused', () => {
  const { template } = synthBastion({ transitGateway: transitGateway({ destinations: [Fn.importValue('VpcA'), Fn.importValue('VpcB')] }), splitTunnel: true });
  template.hasResourceProperties('AWS::EC2::ClientVpnRoute', { DestinationCidrBlock: { 'Fn::ImportValue': 'VpcA' } });
  template.hasResourceProperties('AWS::EC2::ClientVpnRoute', { DestinationCidrBlock: { 'Fn::ImportValue': 'VpcB' } });
  template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { TargetNetworkCidr: { 'Fn::ImportValue': 'VpcB' } });
  expect(() => synthBastion({ transitGateway: transitGateway({ destinations: [Fn.importValue('VpcA'), Fn.importValue('VpcA')] }), splitTunnel: true }))
    .toThrow(/transitGateway.destinations .* has .* twice; give each network once/);
});

test('a Transit Gateway of the same app (its ID a token) is attached to', () => {
  const stack = newStack();
  const created = new ec2.CfnTransitGateway(stack, 'TransitGateway', { transitGatewayCidrBlocks: ['172.27.0.0/24'] });
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ transitGateway: transitGateway({ transitGatewayId: created.attrId }) }));
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { TransitGatewayConfiguration: { TransitGatewayId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TransitGateway'), 'Id'] } } });
  template.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', { TransitGatewayId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TransitGateway'), 'Id'] } });
});

test('routeTableId with a split tunnel, and destinations with a full tunnel, say they do nothing there', () => {
  const split = synthBastion({ transitGateway: transitGateway({ routeTableId: ROUTE_TABLE }), splitTunnel: true });
  split.template.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
  Annotations.fromStack(split.stack).hasWarning('*', Match.stringLikeRegexp('transitGateway.routeTableId tgw-rtb-0123456789abcdef0 is not used with a split tunnel'));
  const full = synthBastion({ transitGateway: transitGateway({ destinations: ['10.20.0.0/16'], routeTableId: ROUTE_TABLE }) });
  Annotations.fromStack(full.stack).hasWarning('*', Match.stringLikeRegexp('transitGateway.destinations does not restrict a full tunnel'));
  full.template.resourceCountIs('AWS::EC2::ClientVpnRoute', 1);
});

test('with a schedule, the cost estimate bills the Transit Gateway AZs all month and the NAT gateway for the on-hours', () => {
  const { stack } = synthBastion({ transitGateway: transitGateway(), maxAzs: 2, schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) });
  const estimate = CostEstimate.fromStack(stack, { region: 'us-east-1' });
  const item = (text: string) => estimate.lineItems.find((line) => line.description.startsWith(text));
  expect(item('Client VPN endpoint association (Transit Gateway AZ')).toMatchObject({ quantity: 2, switched: false, hoursPerMonth: CostEstimate.HOURS_PER_MONTH });
  expect(item('NAT gateway')).toMatchObject({ switched: true });
  expect(item('NAT gateway')!.hoursPerMonth).toBeLessThan(CostEstimate.HOURS_PER_MONTH);
});

test('more than 5 AZs are refused (Client VPN\'s limit on a Transit Gateway), where the stack knows that many', () => {
  const stack = newStack({ env: { account: '123456789012', region: 'us-east-1' } });
  stack.node.setContext('availability-zones:account=123456789012:region=us-east-1', ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
  expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ transitGateway: transitGateway(), maxAzs: 6 })))
    .toThrow(/maxAzs 6 is more than the 5 AZs Client VPN allows for an endpoint on a Transit Gateway; use 5 or fewer/);
  expect(() => new SsoClientVpnBastion(stack, 'Five', requiredProps({ transitGateway: transitGateway(), maxAzs: 5 }))).not.toThrow();
});
