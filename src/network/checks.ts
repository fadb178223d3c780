import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { NatGateways } from './nat-gateways';
import { SUBNET_MASK, TIERS_PER_AZ } from './vpc';
import { parseIpv4Cidr, requireCidr } from '../core/cidr';
import type { Ipv4Cidr } from '../core/cidr';
import { bastionError, propError, tokenRefused } from '../core/errors';
import type { IpAddressType } from '../endpoint/ip-address-type';

const VPC_CIDR_PREFIX = { widest: 16, narrowest: 28 };

/** The network props as given (undefined when left out). */
export interface NetworkInputs {
  readonly vpc?: ec2.IVpc;
  readonly vpcCidr?: string;
  readonly vpcFlowLogs?: boolean;
  readonly egressIpAllocationIds?: string[];
  readonly natGateways?: NatGateways;
  readonly ipAddressType?: IpAddressType;
}

/** The network props with their defaults. */
export interface NetworkSettings {
  readonly maxAzs: number;
  readonly natGateways: NatGateways;
  readonly splitTunnel: boolean;
  /** Whether the VPC, the endpoint and the server carry IPv6 too (ipAddressType DUAL_STACK). */
  readonly dualStack: boolean;
  /** The VPC's CIDR as the checks see it: vpcCidr (or its default), or a given VPC's literal when known (a token otherwise). */
  readonly vpcCidr: string;
}

/** The CIDR of a given VPC; Client VPN checks need it, and an imported VPC may lack it. */
export function cidrOfGivenVpc(vpc: ec2.IVpc): string {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    throw bastionError(
      `vpc ${vpc.node.path} has no CIDR block; the endpoint needs it to keep clientCidr apart from the VPC. ` +
      'Import the VPC with ec2.Vpc.fromLookup, or pass vpcCidrBlock to ec2.Vpc.fromVpcAttributes.',
    );
  }
}

/**
 * The literal CIDR of a VPC when its `vpcCidrBlock` is a token but the
 * literal is known: a `new ec2.Vpc(...)` in the same app carries it on its `CfnVPC`.
 */
export function knownVpcCidr(vpc: ec2.IVpc, cidr: string): string {
  if (!Token.isUnresolved(cidr)) {
    return cidr;
  }
  const cfnVpc = vpc.node.defaultChild;
  if (cfnVpc instanceof ec2.CfnVPC && typeof cfnVpc.cidrBlock === 'string' && !Token.isUnresolved(cfnVpc.cidrBlock)) {
    return cfnVpc.cidrBlock;
  }
  return cidr;
}

/**
 * Checks the network props: vpc against the props that only size a VPC the
 * construct makes, maxAzs against the AZs there are, the egress allocations
 * and the NAT choice, and vpcCidr. Returns the VPC's CIDR when it is known at
 * synth time, for the endpoint's overlap check.
 */
export function checkNetwork(scope: Construct, inputs: NetworkInputs, settings: NetworkSettings): Ipv4Cidr | undefined {
  const stack = Stack.of(scope);
  const vpcGiven = inputs.vpc !== undefined;
  const availableAzs = inputs.vpc
    ? (Token.isUnresolved(inputs.vpc.availabilityZones) ? Infinity : inputs.vpc.availabilityZones.length)
    : stack.availabilityZones.length;
  const environmentAgnostic = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region);
  const newVpcCidr = vpcGiven ? undefined : settings.vpcCidr;
  const existingVpcCidr = vpcGiven ? settings.vpcCidr : undefined;

  if (vpcGiven && inputs.vpcCidr !== undefined) {
    throw propError('vpcCidr', inputs.vpcCidr, 'cannot be used together with vpc: vpcCidr only sizes the VPC this construct creates; remove one of the two');
  }
  if (vpcGiven && inputs.vpcFlowLogs !== undefined) {
    throw propError('vpcFlowLogs', inputs.vpcFlowLogs, 'cannot be used together with vpc: flow logs are made only for the VPC this construct creates; a given VPC\'s flow logs are yours to manage');
  }
  if (vpcGiven && inputs.ipAddressType?._dualStack) {
    throw propError('ipAddressType', inputs.ipAddressType.value, 'cannot be used together with vpc yet: a given VPC\'s IPv6 blocks and its subnets\' are not known to the construct, ' +
      'which needs them for the IPv6 rules and routes; use the VPC the construct makes, or IpAddressType.IPV4');
  }
  if (vpcGiven && inputs.egressIpAllocationIds !== undefined) {
    throw propError('egressIpAllocationIds', inputs.egressIpAllocationIds, 'cannot be used together with vpc: the NAT gateways of an existing VPC are not managed by this construct');
  }

  if (Token.isUnresolved(settings.maxAzs)) {
    throw tokenRefused('maxAzs', 'it decides how many subnets, NAT gateways, associations and routes the template has');
  }
  if (!Number.isInteger(settings.maxAzs) || settings.maxAzs < 1) {
    throw propError('maxAzs', settings.maxAzs, 'is invalid: use a whole number of 1 or more (each AZ adds an association, a route set and a NAT gateway)');
  }
  checkAvailableAzs(vpcGiven, settings, availableAzs, environmentAgnostic);
  if (inputs.egressIpAllocationIds !== undefined && Token.isUnresolved(inputs.egressIpAllocationIds)) {
    throw bastionError('egressIpAllocationIds is a list token (a parameter or an import of a list), whose length is unknown at synth time; ' +
      'give an array with one allocation ID per NAT gateway (each entry may be a token, such as Fn.importValue).');
  }
  // The NAT choice checks itself: the one given, or the default in a VPC the construct makes.
  if (inputs.natGateways !== undefined || !vpcGiven) {
    const { splitTunnel, maxAzs } = settings;
    settings.natGateways._validate({ vpcGiven, splitTunnel, maxAzs, egressIpAllocationIds: inputs.egressIpAllocationIds });
  }

  let vpcCidr: Ipv4Cidr | undefined;
  if (newVpcCidr !== undefined && Token.isUnresolved(newVpcCidr)) {
    throw tokenRefused('vpcCidr', 'the subnets are computed from it at synth time (three /24 subnets per AZ, laid out AZ by AZ)');
  }
  if (newVpcCidr !== undefined) {
    vpcCidr = requireCidr('vpcCidr', newVpcCidr);
    if (vpcCidr.prefixLength < VPC_CIDR_PREFIX.widest || vpcCidr.prefixLength > VPC_CIDR_PREFIX.narrowest) {
      throw propError('vpcCidr', newVpcCidr, `is invalid: a VPC's prefix length is between /${VPC_CIDR_PREFIX.widest} and /${VPC_CIDR_PREFIX.narrowest}`);
    }
    const subnetsNeeded = TIERS_PER_AZ * settings.maxAzs;
    if (2 ** (SUBNET_MASK - vpcCidr.prefixLength) < subnetsNeeded) {
      throw propError('vpcCidr', newVpcCidr, `is too small: ${subnetsNeeded} /${SUBNET_MASK} subnets are needed (${TIERS_PER_AZ} tiers x ${settings.maxAzs} AZs); use a larger block such as /16`);
    }
  } else if (existingVpcCidr !== undefined && !Token.isUnresolved(existingVpcCidr)) {
    const parsed = parseIpv4Cidr(existingVpcCidr);
    vpcCidr = typeof parsed === 'string' ? undefined : parsed;
  }

  return vpcCidr;
}

/** maxAzs can use only the AZs the stack (new VPC) or the given VPC has; more would be silently cut. */
function checkAvailableAzs(vpcGiven: boolean, settings: NetworkSettings, availableAzs: number, environmentAgnostic: boolean): void {
  if (settings.maxAzs <= availableAzs) {
    return;
  }
  if (vpcGiven) {
    throw propError('maxAzs', settings.maxAzs, `is more than the ${availableAzs} AZs the vpc has; ` +
      `use maxAzs ${availableAzs} or less, or give a VPC with subnets in more AZs`);
  }
  const fix = environmentAgnostic
    ? 'the stack is environment-agnostic (its env lacks an account or a region), and such a stack knows only 2 AZs. ' +
      'Give the stack env: { account, region } so that the region\'s AZs are looked up, or use maxAzs 2 or less'
    : `use maxAzs ${availableAzs} or less`;
  throw propError('maxAzs', settings.maxAzs, `is more than the ${availableAzs} AZs this stack knows: ${fix} ` +
    '(otherwise the VPC would quietly get fewer AZs, and NAT gateways and egressIpAllocationIds with them)');
}
