import {
  ApplySecurityGroupsToClientVpnTargetNetworkCommand,
  AssociateClientVpnTargetNetworkCommand,
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
  ReplaceRouteCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { OWNER_TAG_KEY } from './switch-configuration';
import type { SwitchConfiguration } from './switch-configuration';

/**
 * One idempotent pass of the off-hours switch: it looks at what exists, does
 * what can be done now, and says whether the wanted state is reached. Every
 * call converges, so a retry, a second schedule firing or a `cdk deploy` in
 * the middle never creates anything twice. Association takes 5 to 15 minutes,
 * so callers repeat passes (the custom resource through isComplete, the
 * scheduled run in a loop).
 */

export type Mode = 'on' | 'off';

export interface StepOptions {
  /** Leave the instances alone (the stack is being deleted, CloudFormation deletes them). */
  readonly skipInstances?: boolean;
}

export interface StepResult {
  readonly complete: boolean;
  /** What this pass changed, for the log and the caller's summary. */
  readonly actions: string[];
  /** What is still in progress. */
  readonly waitingFor: string[];
}

const INTERNET = '0.0.0.0/0';
const LIVE_ASSOCIATION = ['associating', 'associated'];
const LIVE_NAT = ['pending', 'available'];

/** Runs an EC2 call; a failure names the step and what to check. */
async function call<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(`Off-hours switch: ${what} failed: ${name}: ${message}. The switch is idempotent: fix the cause and switch again.`);
  }
}

export async function step(ec2: EC2Client, config: SwitchConfiguration, mode: Mode, options: StepOptions = {}): Promise<StepResult> {
  const result: StepResult = { complete: true, actions: [], waitingFor: [] };
  const wait = (what: string) => {
    result.waitingFor.push(what);
    (result as { complete: boolean }).complete = false;
  };
  if (mode === 'on') {
    await instancesOn(ec2, config, result, wait, options);
    await natGatewaysOn(ec2, config, result, wait);
    await associationsOn(ec2, config, result, wait);
  } else {
    await associationsOff(ec2, config, result, wait);
    await natGatewaysOff(ec2, config, result, wait);
    await instancesOff(ec2, config, result, wait, options);
  }
  return result;
}

/** Whether the configuration is on now: any of its subnets is associated or associating. */
export async function currentMode(ec2: EC2Client, config: SwitchConfiguration): Promise<Mode> {
  const associations = await describeAssociations(ec2, config);
  const on = associations.some((a) => config.AssociatedSubnetIds.includes(a.subnetId) && LIVE_ASSOCIATION.includes(a.status));
  return on ? 'on' : 'off';
}

type Wait = (what: string) => void;

async function instanceStates(ec2: EC2Client, config: SwitchConfiguration): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  // The server carries the owner tag (CloudFormation puts it there); no ID in the configuration
  // means no dependency of the switch on the server, so neither waits for the other at deploy time.
  const response = await call('DescribeInstances', () => ec2.send(new DescribeInstancesCommand({
    Filters: [
      { Name: `tag:${OWNER_TAG_KEY}`, Values: [config.Owner] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ],
  })));
  for (const reservation of response.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      states.set(instance.InstanceId!, instance.State?.Name ?? 'unknown');
    }
  }
  return states;
}

async function instancesOn(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, wait: Wait, options: StepOptions): Promise<void> {
  if (options.skipInstances) {
    return;
  }
  const states = await instanceStates(ec2, config);
  const stopped = [...states].filter(([, state]) => state === 'stopped').map(([id]) => id);
  if (stopped.length > 0) {
    await call(`StartInstances ${stopped.join(', ')}`, () => ec2.send(new StartInstancesCommand({ InstanceIds: stopped })));
    result.actions.push(`started ${stopped.join(', ')}`);
  }
  // A stopping instance cannot be started until it has stopped.
  for (const [id, state] of states) {
    if (state === 'stopping') {
      wait(`instance ${id} to finish stopping before it can start`);
    }
  }
}

async function instancesOff(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, _wait: Wait, options: StepOptions): Promise<void> {
  if (options.skipInstances) {
    return;
  }
  const states = await instanceStates(ec2, config);
  const running = [...states].filter(([, state]) => state === 'running' || state === 'pending').map(([id]) => id);
  if (running.length > 0) {
    await call(`StopInstances ${running.join(', ')}`, () => ec2.send(new StopInstancesCommand({ InstanceIds: running })));
    result.actions.push(`stopped ${running.join(', ')}`);
  }
}

interface OwnedNat {
  readonly id: string;
  readonly subnetId: string;
  readonly state: string;
}

async function ownedNatGateways(ec2: EC2Client, config: SwitchConfiguration): Promise<OwnedNat[]> {
  const response = await call('DescribeNatGateways', () => ec2.send(new DescribeNatGatewaysCommand({
    Filter: [
      { Name: `tag:${OWNER_TAG_KEY}`, Values: [config.Owner] },
      { Name: 'state', Values: ['pending', 'available', 'deleting'] },
    ],
  })));
  return (response.NatGateways ?? []).map((nat) => ({ id: nat.NatGatewayId!, subnetId: nat.SubnetId!, state: nat.State! }));
}

async function defaultRoutes(ec2: EC2Client, routeTableIds: string[]): Promise<Map<string, string | undefined>> {
  const targets = new Map<string, string | undefined>();
  if (routeTableIds.length === 0) {
    return targets;
  }
  const response = await call('DescribeRouteTables', () => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: routeTableIds })));
  for (const table of response.RouteTables ?? []) {
    const route = (table.Routes ?? []).find((r) => r.DestinationCidrBlock === INTERNET);
    if (route) {
      targets.set(table.RouteTableId!, route.NatGatewayId ?? route.GatewayId ?? 'other');
    }
  }
  return targets;
}

async function natGatewaysOn(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, wait: Wait): Promise<void> {
  if (config.NatGateways.length === 0) {
    return;
  }
  const owned = await ownedNatGateways(ec2, config);
  const routes = await defaultRoutes(ec2, config.NatGateways.flatMap((nat) => nat.RouteTableIds));
  for (const wanted of config.NatGateways) {
    const live = owned.find((nat) => nat.subnetId === wanted.SubnetId && LIVE_NAT.includes(nat.state));
    if (!live) {
      // The Elastic IP stays associated with a deleting gateway until it is gone.
      if (owned.some((nat) => nat.subnetId === wanted.SubnetId && nat.state === 'deleting')) {
        wait(`the previous NAT gateway in ${wanted.SubnetId} to be deleted, which frees the Elastic IP`);
        continue;
      }
      const created = await call(`CreateNatGateway in ${wanted.SubnetId} on ${wanted.AllocationId}`, () => ec2.send(new CreateNatGatewayCommand({
        SubnetId: wanted.SubnetId,
        AllocationId: wanted.AllocationId,
        TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: OWNER_TAG_KEY, Value: config.Owner }] }],
      })));
      result.actions.push(`created NAT gateway ${created.NatGateway?.NatGatewayId} in ${wanted.SubnetId} on ${wanted.AllocationId}`);
      wait(`NAT gateway ${created.NatGateway?.NatGatewayId} to become available`);
      continue;
    }
    if (live.state !== 'available') {
      wait(`NAT gateway ${live.id} to become available`);
      continue;
    }
    for (const routeTableId of wanted.RouteTableIds) {
      const target = routes.get(routeTableId);
      if (target === live.id) {
        continue;
      }
      if (target === undefined) {
        await call(`CreateRoute ${INTERNET} in ${routeTableId}`, () => ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET, NatGatewayId: live.id })));
      } else {
        // A route left pointing at a deleted gateway (a blackhole) is replaced.
        await call(`ReplaceRoute ${INTERNET} in ${routeTableId}`, () => ec2.send(new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET, NatGatewayId: live.id })));
      }
      result.actions.push(`routed ${routeTableId} to ${live.id}`);
    }
  }
}

async function natGatewaysOff(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, wait: Wait): Promise<void> {
  if (config.NatGateways.length === 0) {
    return;
  }
  // Only the gateways of the configured subnets: a cleanup pass passes a part of the configuration.
  const subnets = config.NatGateways.map((nat) => nat.SubnetId);
  const owned = (await ownedNatGateways(ec2, config)).filter((nat) => subnets.includes(nat.subnetId));
  const ownedIds = new Set(owned.map((nat) => nat.id));
  const routeTableIds = config.NatGateways.flatMap((nat) => nat.RouteTableIds);
  const routes = await defaultRoutes(ec2, routeTableIds);
  for (const routeTableId of routeTableIds) {
    const target = routes.get(routeTableId);
    // Only the route to our own gateway; a route someone else owns stays.
    if (target !== undefined && ownedIds.has(target)) {
      await call(`DeleteRoute ${INTERNET} in ${routeTableId}`, () => ec2.send(new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET })));
      result.actions.push(`removed the default route of ${routeTableId}`);
    }
  }
  for (const nat of owned) {
    if (LIVE_NAT.includes(nat.state)) {
      await call(`DeleteNatGateway ${nat.id}`, () => ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat.id })));
      result.actions.push(`deleted NAT gateway ${nat.id}`);
    }
    wait(`NAT gateway ${nat.id} to be deleted`);
  }
}

interface Association {
  readonly id: string;
  readonly subnetId: string;
  readonly status: string;
  readonly securityGroupIds: string[];
}

async function describeAssociations(ec2: EC2Client, config: SwitchConfiguration): Promise<Association[]> {
  const response = await call('DescribeClientVpnTargetNetworks', () => ec2.send(new DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: config.EndpointId })));
  return (response.ClientVpnTargetNetworks ?? []).map((target) => ({
    id: target.AssociationId!,
    subnetId: target.TargetNetworkId!,
    status: target.Status?.Code ?? 'unknown',
    securityGroupIds: target.SecurityGroups ?? [],
  }));
}

async function associationsOn(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, wait: Wait): Promise<void> {
  const associations = await describeAssociations(ec2, config);
  const associated = new Set<string>();
  for (const subnetId of config.AssociatedSubnetIds) {
    const live = associations.find((a) => a.subnetId === subnetId && LIVE_ASSOCIATION.includes(a.status));
    if (!live) {
      if (associations.some((a) => a.subnetId === subnetId && a.status === 'disassociating')) {
        wait(`the association of ${subnetId} to finish disassociating`);
        continue;
      }
      await call(`AssociateClientVpnTargetNetwork ${subnetId}`, () => ec2.send(new AssociateClientVpnTargetNetworkCommand({ ClientVpnEndpointId: config.EndpointId, SubnetId: subnetId })));
      result.actions.push(`associated ${subnetId}`);
      wait(`the association of ${subnetId} (5 to 15 minutes)`);
      continue;
    }
    if (live.status !== 'associated') {
      wait(`the association of ${subnetId} (5 to 15 minutes)`);
      continue;
    }
    associated.add(subnetId);
    // Associating can apply the VPC's default group; the endpoint's own groups are what the server admits.
    const groups = [...live.securityGroupIds].sort().join(',');
    if (groups !== [...config.SecurityGroupIds].sort().join(',')) {
      await call('ApplySecurityGroupsToClientVpnTargetNetwork', () => ec2.send(new ApplySecurityGroupsToClientVpnTargetNetworkCommand({
        ClientVpnEndpointId: config.EndpointId,
        VpcId: config.VpcId,
        SecurityGroupIds: config.SecurityGroupIds,
      })));
      result.actions.push(`applied security groups ${config.SecurityGroupIds.join(', ')}`);
    }
  }
  if (config.Routes.length === 0) {
    return;
  }
  const response = await call('DescribeClientVpnRoutes', () => ec2.send(new DescribeClientVpnRoutesCommand({ ClientVpnEndpointId: config.EndpointId })));
  const existing = (response.Routes ?? []).filter((r) => r.Status?.Code !== 'deleting');
  for (const route of config.Routes) {
    // A route needs its target subnet associated first.
    if (!associated.has(route.TargetSubnetId)) {
      continue;
    }
    if (existing.some((r) => r.DestinationCidr === route.DestinationCidrBlock && r.TargetSubnet === route.TargetSubnetId)) {
      continue;
    }
    await call(`CreateClientVpnRoute ${route.DestinationCidrBlock} via ${route.TargetSubnetId}`, () => ec2.send(new CreateClientVpnRouteCommand({
      ClientVpnEndpointId: config.EndpointId,
      DestinationCidrBlock: route.DestinationCidrBlock,
      TargetVpcSubnetId: route.TargetSubnetId,
      Description: route.Description,
    })));
    result.actions.push(`routed ${route.DestinationCidrBlock} via ${route.TargetSubnetId}`);
  }
}

async function associationsOff(ec2: EC2Client, config: SwitchConfiguration, result: StepResult, wait: Wait): Promise<void> {
  const associations = await describeAssociations(ec2, config);
  for (const association of associations) {
    if (!config.AssociatedSubnetIds.includes(association.subnetId)) {
      continue;
    }
    if (LIVE_ASSOCIATION.includes(association.status)) {
      // Ends every VPN connection through this subnet, and deletes the routes that target it.
      await call(`DisassociateClientVpnTargetNetwork ${association.id}`, () => ec2.send(new DisassociateClientVpnTargetNetworkCommand({
        ClientVpnEndpointId: config.EndpointId,
        AssociationId: association.id,
      })));
      result.actions.push(`disassociated ${association.subnetId}`);
      wait(`the association of ${association.subnetId} to disassociate`);
    } else if (association.status === 'disassociating') {
      wait(`the association of ${association.subnetId} to disassociate`);
    }
  }
}

/** The part of `old` that `current` no longer has, for the cleanup when a deploy changes the configuration. */
export function removedParts(old: SwitchConfiguration, current: SwitchConfiguration): SwitchConfiguration {
  return {
    ...old,
    AssociatedSubnetIds: old.EndpointId === current.EndpointId
      ? old.AssociatedSubnetIds.filter((id) => !current.AssociatedSubnetIds.includes(id))
      : [],
    Routes: [],
    NatGateways: old.Owner === current.Owner
      ? old.NatGateways.filter((nat) => !current.NatGateways.some((n) => n.SubnetId === nat.SubnetId && n.AllocationId === nat.AllocationId))
      : [],
  };
}
