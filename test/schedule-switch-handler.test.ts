import {
  ApplySecurityGroupsToClientVpnTargetNetworkCommand,
  AssociateClientVpnTargetNetworkCommand,
  AuthorizeClientVpnIngressCommand,
  CreateClientVpnRouteCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DescribeClientVpnRoutesCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DisassociateClientVpnTargetNetworkCommand,
  EC2Client,
  ReplaceRouteCommand,
  RevokeClientVpnIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as isComplete } from '../src/schedule/switch-complete.lambda';
import { CONFIGURATION_VARIABLE, OWNER_TAG_KEY } from '../src/schedule/switch-configuration';
import type { SwitchConfiguration } from '../src/schedule/switch-configuration';
import { handler } from '../src/schedule/switch.lambda';

const ec2 = mockClient(EC2Client);

const CONFIG: SwitchConfiguration = {
  EndpointId: 'cvpn-endpoint-0123456789abcdef0',
  VpcId: 'vpc-0123',
  SecurityGroupIds: ['sg-endpoint'],
  AssociatedSubnetIds: ['subnet-private1'],
  Routes: [{ DestinationCidrBlock: '0.0.0.0/0', TargetSubnetId: 'subnet-private1', Description: 'Internet' }],
  NatGateways: [{ SubnetId: 'subnet-public1', AllocationId: 'eipalloc-0123', RouteTableIds: ['rtb-private1'] }],
  Owner: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/S/1/c8abc',
};

/** A Lambda context with plenty of time (the switch would loop) or none (one pass, then report). */
function context(remainingMs: number): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
}

/** The AWS side when everything is on. */
function onState(): void {
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-server', State: { Name: 'running' } }] }] });
  ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [{ NatGatewayId: 'nat-1', SubnetId: 'subnet-public1', State: 'available' }] });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-private1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] }] });
  ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({
    ClientVpnTargetNetworks: [{ AssociationId: 'cvpn-assoc-1', TargetNetworkId: 'subnet-private1', Status: { Code: 'associated' }, SecurityGroups: ['sg-endpoint'] }],
  });
  ec2.on(DescribeClientVpnRoutesCommand).resolves({ Routes: [{ DestinationCidr: '0.0.0.0/0', TargetSubnet: 'subnet-private1', Status: { Code: 'active' } }] });
}

/** The AWS side when everything is off. */
function offState(): void {
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-server', State: { Name: 'stopped' } }] }] });
  ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-private1', Routes: [{ DestinationCidrBlock: '172.25.0.0/16', GatewayId: 'local' }] }] });
  ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({ ClientVpnTargetNetworks: [] });
  ec2.on(DescribeClientVpnRoutesCommand).resolves({ Routes: [] });
}

const CHANGES = [
  StartInstancesCommand, StopInstancesCommand, CreateNatGatewayCommand, DeleteNatGatewayCommand, CreateRouteCommand, ReplaceRouteCommand,
  DeleteRouteCommand, AssociateClientVpnTargetNetworkCommand, DisassociateClientVpnTargetNetworkCommand, CreateClientVpnRouteCommand,
  ApplySecurityGroupsToClientVpnTargetNetworkCommand, AuthorizeClientVpnIngressCommand, RevokeClientVpnIngressCommand,
];

function changesMade(): string[] {
  return ec2.calls().map((c) => c.args[0].constructor.name).filter((name) => CHANGES.some((command) => command.name === name));
}

beforeEach(() => {
  ec2.reset();
  process.env[CONFIGURATION_VARIABLE] = JSON.stringify(CONFIG);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('switching on from off', () => {
  test('starts the server, creates the NAT gateway on the configured Elastic IP with the owner tag, and associates the subnet', async () => {
    offState();
    ec2.on(CreateNatGatewayCommand).resolves({ NatGateway: { NatGatewayId: 'nat-new' } });
    ec2.on(AssociateClientVpnTargetNetworkCommand).resolves({ AssociationId: 'cvpn-assoc-new' });

    // No time left for a second pass: the run reports what it waits for, so that Lambda retries it.
    await expect(handler({ mode: 'on' }, context(0))).rejects.toThrow(/not done yet, waiting for .*NAT gateway nat-new.*association of subnet-private1/);

    expect(ec2).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: ['i-server'] });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: expect.arrayContaining([{ Name: `tag:${OWNER_TAG_KEY}`, Values: [CONFIG.Owner] }]),
    });
    expect(ec2).toHaveReceivedCommandWith(CreateNatGatewayCommand, {
      SubnetId: 'subnet-public1',
      AllocationId: 'eipalloc-0123',
      TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: OWNER_TAG_KEY, Value: CONFIG.Owner }] }],
    });
    expect(ec2).toHaveReceivedCommandWith(AssociateClientVpnTargetNetworkCommand, { ClientVpnEndpointId: CONFIG.EndpointId, SubnetId: 'subnet-private1' });
    // Routes need an associated subnet and an available gateway: not in this pass.
    expect(ec2).not.toHaveReceivedCommand(CreateClientVpnRouteCommand);
    expect(ec2).not.toHaveReceivedCommand(CreateRouteCommand);
  });

  test('once the association and the NAT gateway are ready, restores exactly the configured routes and the endpoint\'s security groups', async () => {
    onState();
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-private1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-deleted-yesterday', State: 'blackhole' }] }] });
    ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({
      ClientVpnTargetNetworks: [{ AssociationId: 'cvpn-assoc-1', TargetNetworkId: 'subnet-private1', Status: { Code: 'associated' }, SecurityGroups: ['sg-vpc-default'] }],
    });
    ec2.on(DescribeClientVpnRoutesCommand).resolves({ Routes: [] });

    const response = await handler({ mode: 'on' }, context(0));

    expect(response).toEqual(expect.objectContaining({ mode: 'on', complete: true }));
    expect(ec2).toHaveReceivedCommandWith(ReplaceRouteCommand, { RouteTableId: 'rtb-private1', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' });
    expect(ec2).toHaveReceivedCommandTimes(CreateClientVpnRouteCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(CreateClientVpnRouteCommand, {
      ClientVpnEndpointId: CONFIG.EndpointId, DestinationCidrBlock: '0.0.0.0/0', TargetVpcSubnetId: 'subnet-private1', Description: 'Internet',
    });
    expect(ec2).toHaveReceivedCommandWith(ApplySecurityGroupsToClientVpnTargetNetworkCommand, { ClientVpnEndpointId: CONFIG.EndpointId, VpcId: 'vpc-0123', SecurityGroupIds: ['sg-endpoint'] });
    // The authorization rules are CloudFormation's, and disassociation leaves them alone.
    expect(ec2).not.toHaveReceivedCommand(AuthorizeClientVpnIngressCommand);
  });
});

describe('already on', () => {
  test('switching on changes nothing', async () => {
    onState();
    await expect(handler({ mode: 'on' }, context(0))).resolves.toEqual({ mode: 'on', complete: true, actions: [] });
    expect(changesMade()).toEqual([]);
  });
});

describe('switching off from on', () => {
  test('disassociates the subnet, removes the default route to its own NAT gateway, deletes the gateway and stops the server; rules are untouched', async () => {
    onState();
    ec2.on(DescribeNatGatewaysCommand).resolvesOnce({ NatGateways: [{ NatGatewayId: 'nat-1', SubnetId: 'subnet-public1', State: 'available' }] })
      .resolves({ NatGateways: [] });
    ec2.on(DescribeClientVpnTargetNetworksCommand).resolvesOnce({
      ClientVpnTargetNetworks: [{ AssociationId: 'cvpn-assoc-1', TargetNetworkId: 'subnet-private1', Status: { Code: 'associated' } }],
    }).resolves({ ClientVpnTargetNetworks: [] });

    await expect(handler({ mode: 'off' }, context(0))).rejects.toThrow(/not done yet/);

    expect(ec2).toHaveReceivedCommandWith(DisassociateClientVpnTargetNetworkCommand, { ClientVpnEndpointId: CONFIG.EndpointId, AssociationId: 'cvpn-assoc-1' });
    expect(ec2).toHaveReceivedCommandWith(DeleteRouteCommand, { RouteTableId: 'rtb-private1', DestinationCidrBlock: '0.0.0.0/0' });
    expect(ec2).toHaveReceivedCommandWith(DeleteNatGatewayCommand, { NatGatewayId: 'nat-1' });
    expect(ec2).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: ['i-server'] });
    expect(ec2).not.toHaveReceivedCommand(RevokeClientVpnIngressCommand);
    // Disassociation deletes the Client VPN routes itself.
    expect(changesMade()).toEqual(['DisassociateClientVpnTargetNetworkCommand', 'DeleteRouteCommand', 'DeleteNatGatewayCommand', 'StopInstancesCommand']);
  });

  test('leaves a default route that does not point to its own NAT gateway', async () => {
    onState();
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-private1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'tgw-someone-else' }] }] });
    await expect(handler({ mode: 'off' }, context(0))).rejects.toThrow(/not done yet/);
    expect(ec2).not.toHaveReceivedCommand(DeleteRouteCommand);
  });
});

describe('already off', () => {
  test('switching off changes nothing', async () => {
    offState();
    await expect(handler({ mode: 'off' }, context(0))).resolves.toEqual({ mode: 'off', complete: true, actions: [] });
    expect(changesMade()).toEqual([]);
  });
});

describe('an API error', () => {
  test('fails with the step, the AWS error and what to do', async () => {
    offState();
    ec2.on(CreateNatGatewayCommand).rejects(Object.assign(new Error('The allocation ID eipalloc-0123 is already associated'), { name: 'Resource.AlreadyAssociated' }));
    await expect(handler({ mode: 'on' }, context(0))).rejects.toThrow(
      'Off-hours switch: CreateNatGateway in subnet-public1 on eipalloc-0123 failed: Resource.AlreadyAssociated: The allocation ID eipalloc-0123 is already associated. The switch is idempotent: fix the cause and switch again.',
    );
  });

  test('an unknown mode is refused, naming the value and the allowed ones', async () => {
    await expect(handler({ mode: 'sometimes' }, context(0))).rejects.toThrow('mode "sometimes" is not supported; send {"mode": "on"} or {"mode": "off"}');
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('the custom resource', () => {
  function cfnEvent(requestType: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}): CloudFormationCustomResourceEvent {
    return {
      RequestType: requestType,
      ServiceToken: 'token',
      ResponseURL: 'https://example.invalid',
      StackId: 'stack',
      RequestId: 'request',
      LogicalResourceId: 'Switch',
      ResourceType: 'Custom::SsoClientVpnBastionSwitch',
      ResourceProperties: { ServiceToken: 'token', Configuration: CONFIG },
      ...extra,
    } as unknown as CloudFormationCustomResourceEvent;
  }

  test('Create switches on, and isComplete waits for the association', async () => {
    offState();
    ec2.on(CreateNatGatewayCommand).resolves({ NatGateway: { NatGatewayId: 'nat-new' } });
    const response = await handler(cfnEvent('Create'), context(0));
    expect(response).toEqual({ PhysicalResourceId: `${CONFIG.EndpointId}-switch`, Data: { Mode: 'on' } });
    expect(ec2).toHaveReceivedCommand(AssociateClientVpnTargetNetworkCommand);

    ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({ ClientVpnTargetNetworks: [{ AssociationId: 'a', TargetNetworkId: 'subnet-private1', Status: { Code: 'associating' } }] });
    await expect(isComplete({ ...cfnEvent('Create'), PhysicalResourceId: 'x', Data: { Mode: 'on' } } as never)).resolves.toEqual({ IsComplete: false });
  });

  test('Update keeps the current state: a deploy during off-hours does not switch on', async () => {
    offState();
    const response = await handler(cfnEvent('Update', { PhysicalResourceId: 'x', OldResourceProperties: { Configuration: CONFIG } }), context(0));
    expect(response).toEqual(expect.objectContaining({ Data: { Mode: 'off' } }));
    expect(changesMade()).toEqual([]);
  });

  test('Update during on-hours applies a changed configuration, removing what it no longer lists', async () => {
    onState();
    const old = { ...CONFIG, AssociatedSubnetIds: ['subnet-private1', 'subnet-private2'] };
    ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({
      ClientVpnTargetNetworks: [
        { AssociationId: 'cvpn-assoc-1', TargetNetworkId: 'subnet-private1', Status: { Code: 'associated' }, SecurityGroups: ['sg-endpoint'] },
        { AssociationId: 'cvpn-assoc-2', TargetNetworkId: 'subnet-private2', Status: { Code: 'associated' }, SecurityGroups: ['sg-endpoint'] },
      ],
    });
    const response = await handler(cfnEvent('Update', { PhysicalResourceId: 'x', OldResourceProperties: { Configuration: old } }), context(0));
    expect(response).toEqual(expect.objectContaining({ Data: { Mode: 'on' } }));
    expect(changesMade()).toEqual(['DisassociateClientVpnTargetNetworkCommand']);
    expect(ec2).toHaveReceivedCommandWith(DisassociateClientVpnTargetNetworkCommand, { AssociationId: 'cvpn-assoc-2' });
  });

  test('Delete switches off but leaves the server to CloudFormation', async () => {
    onState();
    await handler(cfnEvent('Delete', { PhysicalResourceId: 'x' }), context(0));
    expect(ec2).toHaveReceivedCommand(DisassociateClientVpnTargetNetworkCommand);
    expect(ec2).toHaveReceivedCommand(DeleteNatGatewayCommand);
    expect(ec2).not.toHaveReceivedCommand(StopInstancesCommand);
  });
});
