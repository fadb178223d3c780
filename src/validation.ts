import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cidrsOverlap, isIpv4Address, parseIpv4Cidr } from './cidr';
import type { Ipv4Cidr } from './cidr';
import type { PermissionSetOptions } from './identity-center/permission-set-options';
import { SUBNET_MASK, TIERS_PER_AZ } from './network';

/**
 * The IAM Identity Center (Identity Store) group ID format.
 * @see https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_Group.html
 */
const GROUP_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

const MAX_BANNER_LENGTH = 1400;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DNS_SERVERS = 2;
/** The largest gp3 volume. */
const MAX_VOLUME_GIB = 16384;
const CLIENT_CIDR_PREFIX = { widest: 12, narrowest: 22 };
const VPC_CIDR_PREFIX = { widest: 16, narrowest: 28 };
/** IAM Identity Center's limit on a group's display name. */
const MAX_GROUP_NAME_LENGTH = 1024;
const APPLICATION_ARN = /^arn:aws[a-z-]*:sso::\d{12}:application\/[A-Za-z0-9.-]+\/apl-[A-Za-z0-9]+$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/[A-Za-z0-9.-]+$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const PERMISSION_SET_HOURS = { min: 1, max: 12 };

/** An error in the construct's props, caught before anything is deployed. */
function invalid(prop: string, value: unknown, problem: string): Error {
  return new Error(`SsoClientVpnBastion: ${prop} ${JSON.stringify(value)} ${problem}.`);
}

function requireCidr(prop: string, value: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(value);
  if (typeof parsed === 'string') {
    throw invalid(prop, value, `is invalid: ${parsed}`);
  }
  return parsed;
}

/** What the checks need to see; the construct's props narrowed to the checked values. */
export interface CheckedInputs {
  readonly authorizedGroupIds: string[];
  readonly authorizedGroupNames: string[];
  readonly identityCenterInstanceArn?: string;
  readonly samlApplicationArn?: string;
  readonly permissionSet?: PermissionSetOptions;
  readonly vpcGiven: boolean;
  /** The vpcCidr prop as given, for the conflict check with vpc. */
  readonly vpcCidr?: string;
  /** The vpcFlowLogs prop as given, for the conflict check with vpc. */
  readonly vpcFlowLogs?: boolean;
  /** The CIDR of the VPC the construct creates (vpcCidr or its default); absent with vpc. */
  readonly newVpcCidr?: string;
  readonly existingVpcCidr?: string;
  readonly clientCidr: string;
  readonly maxAzs: number;
  readonly egressIpAllocationIds?: string[];
  /** The kind of the natGateways prop as given ('perAz', 'single', 'none'). */
  readonly natGateways?: string;
  readonly splitTunnel: boolean;
  readonly dnsServers?: string[];
  readonly clientLoginBanner?: string;
  readonly sessionTimeout?: number;
  readonly port?: number;
  readonly rootVolumeSize?: number;
}

/**
 * Guard clauses for the construct's props. Each error names the prop, the
 * value given and what is allowed. Unresolved tokens are skipped: they are
 * checked by CloudFormation at deploy time.
 */
function validateNatGateways(inputs: CheckedInputs): void {
  if (inputs.natGateways === undefined) {
    return;
  }
  if (inputs.vpcGiven) {
    throw invalid('natGateways', inputs.natGateways, 'cannot be used together with vpc: the NAT gateways of an existing VPC are not managed by this construct');
  }
  if (inputs.natGateways === 'none' && inputs.egressIpAllocationIds !== undefined) {
    throw invalid('egressIpAllocationIds', inputs.egressIpAllocationIds, 'cannot be used with NatGateways.none(): without a NAT gateway there is no egress address to keep');
  }
  if (inputs.natGateways === 'none' && !inputs.splitTunnel) {
    throw invalid('natGateways', inputs.natGateways, 'needs splitTunnel: true: a full tunnel sends the clients\' internet traffic into the VPC, which has no way out without a NAT gateway; use NatGateways.single() for one shared NAT gateway instead');
  }
}

export function validateInputs(inputs: CheckedInputs): void {
  validateGroups(inputs.authorizedGroupIds, inputs.authorizedGroupNames);
  validateIdentityCenter(inputs);

  if (inputs.vpcGiven && inputs.vpcCidr !== undefined) {
    throw invalid('vpcCidr', inputs.vpcCidr, 'cannot be used together with vpc: vpcCidr only sizes the VPC this construct creates; remove one of the two');
  }
  if (inputs.vpcGiven && inputs.vpcFlowLogs !== undefined) {
    throw invalid('vpcFlowLogs', inputs.vpcFlowLogs, 'cannot be used together with vpc: flow logs are made only for the VPC this construct creates; a given VPC\'s flow logs are yours to manage');
  }
  if (inputs.vpcGiven && inputs.egressIpAllocationIds !== undefined) {
    throw invalid('egressIpAllocationIds', inputs.egressIpAllocationIds, 'cannot be used together with vpc: the NAT gateways of an existing VPC are not managed by this construct');
  }

  if (!Number.isInteger(inputs.maxAzs) || inputs.maxAzs < 1) {
    throw invalid('maxAzs', inputs.maxAzs, 'is invalid: use a whole number of 1 or more (each AZ adds an association, a route set and a NAT gateway)');
  }
  validateNatGateways(inputs);
  if (inputs.natGateways === 'single' && inputs.egressIpAllocationIds !== undefined && inputs.egressIpAllocationIds.length !== 1) {
    throw invalid('egressIpAllocationIds', inputs.egressIpAllocationIds, `has ${inputs.egressIpAllocationIds.length} entries; NatGateways.single() has one NAT gateway, so give one Elastic IP allocation`);
  }
  if (inputs.natGateways !== 'single' && inputs.egressIpAllocationIds !== undefined && inputs.egressIpAllocationIds.length !== inputs.maxAzs) {
    throw invalid('egressIpAllocationIds', inputs.egressIpAllocationIds, `has ${inputs.egressIpAllocationIds.length} entries; give one Elastic IP allocation per AZ, ${inputs.maxAzs} for maxAzs ${inputs.maxAzs}`);
  }

  let vpcCidr: Ipv4Cidr | undefined;
  if (inputs.newVpcCidr !== undefined && !Token.isUnresolved(inputs.newVpcCidr)) {
    vpcCidr = requireCidr('vpcCidr', inputs.newVpcCidr);
    if (vpcCidr.prefixLength < VPC_CIDR_PREFIX.widest || vpcCidr.prefixLength > VPC_CIDR_PREFIX.narrowest) {
      throw invalid('vpcCidr', inputs.newVpcCidr, `is invalid: a VPC's prefix length is between /${VPC_CIDR_PREFIX.widest} and /${VPC_CIDR_PREFIX.narrowest}`);
    }
    const subnetsNeeded = TIERS_PER_AZ * inputs.maxAzs;
    if (2 ** (SUBNET_MASK - vpcCidr.prefixLength) < subnetsNeeded) {
      throw invalid('vpcCidr', inputs.newVpcCidr, `is too small: ${subnetsNeeded} /${SUBNET_MASK} subnets are needed (${TIERS_PER_AZ} tiers x ${inputs.maxAzs} AZs); use a larger block such as /16`);
    }
  } else if (inputs.existingVpcCidr !== undefined && !Token.isUnresolved(inputs.existingVpcCidr)) {
    const parsed = parseIpv4Cidr(inputs.existingVpcCidr);
    vpcCidr = typeof parsed === 'string' ? undefined : parsed;
  }

  if (!Token.isUnresolved(inputs.clientCidr)) {
    const clientCidr = requireCidr('clientCidr', inputs.clientCidr);
    if (clientCidr.prefixLength < CLIENT_CIDR_PREFIX.widest || clientCidr.prefixLength > CLIENT_CIDR_PREFIX.narrowest) {
      throw invalid('clientCidr', inputs.clientCidr, `is invalid: Client VPN needs a prefix length between /${CLIENT_CIDR_PREFIX.widest} and /${CLIENT_CIDR_PREFIX.narrowest}`);
    }
    if (vpcCidr && cidrsOverlap(clientCidr, vpcCidr)) {
      throw invalid('clientCidr', inputs.clientCidr, `overlaps the VPC CIDR ${vpcCidr.network.toString()}/${vpcCidr.prefixLength}; pick a block outside the VPC (it cannot be changed after the endpoint is created)`);
    }
  }

  if (inputs.dnsServers !== undefined) {
    if (inputs.dnsServers.length > MAX_DNS_SERVERS) {
      throw invalid('dnsServers', inputs.dnsServers, `has ${inputs.dnsServers.length} entries; Client VPN accepts at most ${MAX_DNS_SERVERS}`);
    }
    for (const server of inputs.dnsServers) {
      if (!Token.isUnresolved(server) && !isIpv4Address(server)) {
        throw invalid('dnsServers', inputs.dnsServers, `contains ${JSON.stringify(server)}, which is not an IPv4 address such as 172.25.0.2`);
      }
    }
  }

  const banner = inputs.clientLoginBanner;
  if (banner !== undefined && !Token.isUnresolved(banner) && banner.length > MAX_BANNER_LENGTH) {
    throw new Error(`SsoClientVpnBastion: clientLoginBanner is ${banner.length} characters long; Client VPN accepts at most ${MAX_BANNER_LENGTH}.`);
  }
  // A lone UTF-16 surrogate has no UTF-8 encoding, which Client VPN requires.
  if (banner !== undefined && !Token.isUnresolved(banner) && LONE_SURROGATE.test(banner)) {
    throw invalid('clientLoginBanner', banner, 'is not valid Unicode text (it holds a lone UTF-16 surrogate); Client VPN accepts UTF-8 text only');
  }

  const timeouts = Object.values(ec2.ClientVpnSessionTimeout).filter((v): v is number => typeof v === 'number');
  if (inputs.sessionTimeout !== undefined && !timeouts.includes(inputs.sessionTimeout)) {
    throw invalid('sessionTimeout', inputs.sessionTimeout, `is invalid: Client VPN sessions last ${timeouts.join(', ')} hours (ClientVpnSessionTimeout)`);
  }

  const ports = Object.values(ec2.VpnPort).filter((v): v is number => typeof v === 'number');
  if (inputs.port !== undefined && !ports.includes(inputs.port)) {
    throw invalid('port', inputs.port, `is invalid: Client VPN listens on ${ports.join(' or ')} (VpnPort)`);
  }

  const size = inputs.rootVolumeSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_GIB)) {
    throw invalid('rootVolumeSize', inputs.rootVolumeSize,
      `is invalid: use a whole number of GiB from 1 to ${MAX_VOLUME_GIB}, at least the size of the image's root snapshot`);
  }
}

function validateGroups(groupIds: string[], groupNames: string[]): void {
  if (groupIds.length === 0 && groupNames.length === 0) {
    throw new Error(
      'SsoClientVpnBastion: authorizedGroupIds and authorizedGroupNames are both empty: give at least one IAM Identity Center group ' +
      '(its ID from IAM Identity Center > Groups > your group > Group ID, or its name); the endpoint never authorizes all users.',
    );
  }
  const seen = new Set<string>();
  for (const groupId of groupIds) {
    if (Token.isUnresolved(groupId)) {
      continue;
    }
    if (!GROUP_ID.test(groupId)) {
      throw invalid('authorizedGroupIds', groupIds,
        `contains ${JSON.stringify(groupId)}, which is not an IAM Identity Center group ID; ` +
        'expected the ID (such as 9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21, shown under IAM Identity Center > Groups); put group names in authorizedGroupNames');
    }
    if (seen.has(groupId)) {
      throw invalid('authorizedGroupIds', groupIds, `lists ${groupId} twice; list each group once`);
    }
    seen.add(groupId);
  }
  const seenNames = new Set<string>();
  for (const name of groupNames) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH || name.trim() !== name) {
      throw invalid('authorizedGroupNames', groupNames,
        `contains ${JSON.stringify(name)}; a group name is 1 to ${MAX_GROUP_NAME_LENGTH} characters without leading or trailing spaces`);
    }
    if (seenNames.has(name)) {
      throw invalid('authorizedGroupNames', groupNames, `lists ${JSON.stringify(name)} twice; list each group once`);
    }
    seenNames.add(name);
  }
}

function validateIdentityCenter(inputs: CheckedInputs): void {
  const applicationArn = inputs.samlApplicationArn;
  if (applicationArn !== undefined && !Token.isUnresolved(applicationArn) && !APPLICATION_ARN.test(applicationArn)) {
    throw invalid('samlApplicationArn', applicationArn,
      'is not an IAM Identity Center application ARN; expected arn:aws:sso::<account-id>:application/ssoins-<id>/apl-<id> ' +
      '(IAM Identity Center > Applications > your Client VPN application > Application ARN)');
  }
  const instanceArn = inputs.identityCenterInstanceArn;
  if (instanceArn !== undefined && !Token.isUnresolved(instanceArn) && !INSTANCE_ARN.test(instanceArn)) {
    throw invalid('identityCenterInstanceArn', instanceArn,
      'is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<id> (IAM Identity Center > Settings > Instance ARN)');
  }
  const permissionSet = inputs.permissionSet;
  if (permissionSet === undefined) {
    return;
  }
  if (!Token.isUnresolved(permissionSet.name) && !PERMISSION_SET_NAME.test(permissionSet.name)) {
    throw invalid('permissionSet.name', permissionSet.name, 'is invalid: use 1 to 32 letters, digits and +=,.@-_');
  }
  if (permissionSet.sessionDuration !== undefined) {
    const hours = permissionSet.sessionDuration.toMinutes() / 60;
    if (hours < PERMISSION_SET_HOURS.min || hours > PERMISSION_SET_HOURS.max) {
      throw invalid('permissionSet.sessionDuration', permissionSet.sessionDuration.toHumanString(),
        `is invalid: a permission set session lasts ${PERMISSION_SET_HOURS.min} to ${PERMISSION_SET_HOURS.max} hours`);
    }
  }
  if (permissionSet.accountId !== undefined && !Token.isUnresolved(permissionSet.accountId) && !/^\d{12}$/.test(permissionSet.accountId)) {
    throw invalid('permissionSet.accountId', permissionSet.accountId, 'is not an AWS account ID (12 digits)');
  }
  if (permissionSet.managedPolicies.length === 0) {
    throw invalid('permissionSet.managedPolicies', [], 'is empty: attach at least one AWS managed policy, such as PowerUserAccess');
  }
  for (const policy of permissionSet.managedPolicies) {
    // The ARN's partition is a token, but the rest is literal for AWS managed policies.
    if (!policy.managedPolicyArn.includes(':iam::aws:policy/')) {
      throw invalid('permissionSet.managedPolicies', policy.managedPolicyArn,
        'is not an AWS managed policy; permission sets take AWS managed policies here (iam.ManagedPolicy.fromAwsManagedPolicyName)');
    }
  }
}
