import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { cidrsOverlap, isIpv4Address, parseIpv4Cidr } from './core/cidr';
import type { Ipv4Cidr } from './core/cidr';
import { bastionError, propError } from './core/errors';
import type { PermissionSetOptions } from './identity-center/permission-set-options';
import { NatGateways } from './network/nat-gateways';
import { SUBNET_MASK, TIERS_PER_AZ } from './network/vpc';

/**
 * The IAM Identity Center (Identity Store) group ID format.
 * @see https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_Group.html
 */
const GROUP_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/**
 * Client VPN's limit on the login banner: "UTF-8 encoded characters only.
 * Maximum of 1400 characters." Characters, not bytes and not UTF-16 code
 * units: the banner is counted in Unicode code points, so an emoji is one.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientLoginBannerOptions.html
 */
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

/**
 * Address ranges that are no unicast network, in which EC2 refuses a VPC
 * (CreateVpc answers InvalidVpc.Range) and Client VPN a client CIDR. The VPC
 * user guide allows RFC 1918 blocks, 100.64.0.0/10 and publicly routable
 * blocks (198.19.0.0/16 only as a primary block); these are neither. A block
 * is refused when it overlaps one, so `0.0.0.0/12` is refused like `0.0.0.0/8`.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is-best-practices.html
 */
const REFUSED_RANGES: ReadonlyArray<{ readonly name: string; readonly cidr: string; readonly why: string }> = [
  { name: '"this network"', cidr: '0.0.0.0/8', why: 'addresses that mean "this host" (RFC 1122), never a network' },
  { name: 'loopback', cidr: '127.0.0.0/8', why: 'every host\'s own loopback addresses (RFC 1122)' },
  { name: 'link-local', cidr: '169.254.0.0/16', why: 'link-local addresses (RFC 3927), which AWS uses for the instance metadata service and the Amazon DNS server' },
  { name: 'multicast', cidr: '224.0.0.0/4', why: 'multicast group addresses (RFC 5771), never assigned to a host' },
  { name: 'reserved (class E)', cidr: '240.0.0.0/4', why: 'reserved addresses (RFC 1112) and the broadcast address 255.255.255.255' },
];

/**
 * Client VPN quotas that the construct's own resources can reach.
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 */
export const CLIENT_VPN_QUOTAS = {
  /** Authorization rules per Client VPN endpoint (adjustable, L-9A1BC94B). */
  authorizationRulesPerEndpoint: 200,
  /** Routes per Client VPN target network association (adjustable). */
  routesPerAssociation: 100,
  /** Client VPN endpoints per Region (adjustable, L-8EA77D34). */
  endpointsPerRegion: 5,
};

/**
 * Context keys that raise the checked quotas for an account whose quota was
 * raised in Service Quotas; the defaults are AWS's.
 */
export const QUOTA_CONTEXT = {
  authorizationRulesPerEndpoint: 'sso-client-vpn-bastion:authorizationRulesPerEndpoint',
  routesPerAssociation: 'sso-client-vpn-bastion:routesPerAssociation',
};

function quota(scope: Construct, key: keyof typeof QUOTA_CONTEXT): number {
  const raised = Number(scope.node.tryGetContext(QUOTA_CONTEXT[key]));
  return Number.isInteger(raised) && raised > CLIENT_VPN_QUOTAS[key] ? raised : CLIENT_VPN_QUOTAS[key];
}


function requireCidr(prop: string, value: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(value);
  if (typeof parsed === 'string') {
    throw propError(prop, value, `is invalid: ${parsed}`);
  }
  for (const range of REFUSED_RANGES) {
    const refused = parseIpv4Cidr(range.cidr) as Ipv4Cidr;
    if (cidrsOverlap(parsed, refused)) {
      throw propError(prop, value, `is in the ${range.name} range ${range.cidr}, ${range.why}; AWS refuses it. ` +
        'Use a private block (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), 100.64.0.0/10, or a public block you own');
    }
  }
  return parsed;
}

/** An error for a token where the value must be known at synth time. */
function tokenRefused(prop: string, why: string): Error {
  return bastionError(`${prop} is a token (Lazy, a parameter or an import); ${why}, so give a literal value.`);
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

/** Client VPN counts banner characters as Unicode code points (see MAX_BANNER_LENGTH). */
export function bannerLength(banner: string): number {
  return [...banner].length;
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
  /**
   * How many AZs the construct can use: the stack's (two for an
   * environment-agnostic stack) for a new VPC, the given VPC's otherwise.
   */
  readonly availableAzs: number;
  /** Whether the stack has no account or no region, so its AZs are two placeholders. */
  readonly environmentAgnostic: boolean;
  readonly egressIpAllocationIds?: string[];
  /** The natGateways prop as given. */
  readonly natGateways?: NatGateways;
  readonly splitTunnel: boolean;
  readonly dnsServers?: string[];
  readonly clientLoginBanner?: string;
  readonly sessionTimeout?: number;
  readonly port?: number;
  readonly rootVolumeSize?: number;
}

/**
 * Guard clauses for the construct's props. Each error names the prop, the
 * value given and what is allowed. Unresolved tokens are skipped where the
 * value passes straight into a property (CloudFormation checks it at deploy
 * time), and refused where the template's shape depends on it.
 */
export function validateInputs(inputs: CheckedInputs, scope?: Construct): void {
  validateGroups(inputs.authorizedGroupIds, inputs.authorizedGroupNames);
  validateRuleQuota(inputs, scope);
  validateIdentityCenter(inputs);

  if (inputs.vpcGiven && inputs.vpcCidr !== undefined) {
    throw propError('vpcCidr', inputs.vpcCidr, 'cannot be used together with vpc: vpcCidr only sizes the VPC this construct creates; remove one of the two');
  }
  if (inputs.vpcGiven && inputs.vpcFlowLogs !== undefined) {
    throw propError('vpcFlowLogs', inputs.vpcFlowLogs, 'cannot be used together with vpc: flow logs are made only for the VPC this construct creates; a given VPC\'s flow logs are yours to manage');
  }
  if (inputs.vpcGiven && inputs.egressIpAllocationIds !== undefined) {
    throw propError('egressIpAllocationIds', inputs.egressIpAllocationIds, 'cannot be used together with vpc: the NAT gateways of an existing VPC are not managed by this construct');
  }

  if (Token.isUnresolved(inputs.maxAzs)) {
    throw tokenRefused('maxAzs', 'it decides how many subnets, NAT gateways, associations and routes the template has');
  }
  if (!Number.isInteger(inputs.maxAzs) || inputs.maxAzs < 1) {
    throw propError('maxAzs', inputs.maxAzs, 'is invalid: use a whole number of 1 or more (each AZ adds an association, a route set and a NAT gateway)');
  }
  validateAvailableAzs(inputs);
  if (inputs.egressIpAllocationIds !== undefined && Token.isUnresolved(inputs.egressIpAllocationIds)) {
    throw bastionError('egressIpAllocationIds is a list token (a parameter or an import of a list), whose length is unknown at synth time; ' +
      'give an array with one allocation ID per NAT gateway (each entry may be a token, such as Fn.importValue).');
  }
  // The NAT choice checks itself (the default, perAz, only when allocations are given).
  const natGateways = inputs.natGateways ?? (inputs.egressIpAllocationIds !== undefined && !inputs.vpcGiven ? NatGateways.perAz() : undefined);
  natGateways?._validate(inputs);

  let vpcCidr: Ipv4Cidr | undefined;
  if (inputs.newVpcCidr !== undefined && Token.isUnresolved(inputs.newVpcCidr)) {
    throw tokenRefused('vpcCidr', 'the subnets are computed from it at synth time (three /24 subnets per AZ, laid out AZ by AZ)');
  }
  if (inputs.newVpcCidr !== undefined) {
    vpcCidr = requireCidr('vpcCidr', inputs.newVpcCidr);
    if (vpcCidr.prefixLength < VPC_CIDR_PREFIX.widest || vpcCidr.prefixLength > VPC_CIDR_PREFIX.narrowest) {
      throw propError('vpcCidr', inputs.newVpcCidr, `is invalid: a VPC's prefix length is between /${VPC_CIDR_PREFIX.widest} and /${VPC_CIDR_PREFIX.narrowest}`);
    }
    const subnetsNeeded = TIERS_PER_AZ * inputs.maxAzs;
    if (2 ** (SUBNET_MASK - vpcCidr.prefixLength) < subnetsNeeded) {
      throw propError('vpcCidr', inputs.newVpcCidr, `is too small: ${subnetsNeeded} /${SUBNET_MASK} subnets are needed (${TIERS_PER_AZ} tiers x ${inputs.maxAzs} AZs); use a larger block such as /16`);
    }
  } else if (inputs.existingVpcCidr !== undefined && !Token.isUnresolved(inputs.existingVpcCidr)) {
    const parsed = parseIpv4Cidr(inputs.existingVpcCidr);
    vpcCidr = typeof parsed === 'string' ? undefined : parsed;
  }

  if (Token.isUnresolved(inputs.clientCidr) && inputs.existingVpcCidr !== undefined && !Token.isUnresolved(inputs.existingVpcCidr)) {
    // aws-cdk-lib's ClientVpnEndpoint parses the client CIDR when the VPC's is literal, and cannot parse a token.
    throw tokenRefused('clientCidr', 'the given vpc\'s CIDR is known at synth time, and the endpoint checks the client CIDR against it then');
  }
  if (!Token.isUnresolved(inputs.clientCidr)) {
    const clientCidr = requireCidr('clientCidr', inputs.clientCidr);
    if (clientCidr.prefixLength < CLIENT_CIDR_PREFIX.widest || clientCidr.prefixLength > CLIENT_CIDR_PREFIX.narrowest) {
      throw propError('clientCidr', inputs.clientCidr, `is invalid: Client VPN needs a prefix length between /${CLIENT_CIDR_PREFIX.widest} and /${CLIENT_CIDR_PREFIX.narrowest}`);
    }
    if (vpcCidr && cidrsOverlap(clientCidr, vpcCidr)) {
      throw propError('clientCidr', inputs.clientCidr, `overlaps the VPC CIDR ${vpcCidr.network.toString()}/${vpcCidr.prefixLength}; pick a block outside the VPC (it cannot be changed after the endpoint is created)`);
    }
  }

  // A list token (a CommaDelimitedList parameter) passes straight into the endpoint.
  if (inputs.dnsServers !== undefined && !Token.isUnresolved(inputs.dnsServers)) {
    if (inputs.dnsServers.length > MAX_DNS_SERVERS) {
      throw propError('dnsServers', inputs.dnsServers, `has ${inputs.dnsServers.length} entries; Client VPN accepts at most ${MAX_DNS_SERVERS}`);
    }
    for (const server of inputs.dnsServers) {
      if (!Token.isUnresolved(server) && !isIpv4Address(server)) {
        throw propError('dnsServers', inputs.dnsServers, `contains ${JSON.stringify(server)}, which is not an IPv4 address such as 172.25.0.2`);
      }
    }
  }

  const banner = inputs.clientLoginBanner;
  if (banner !== undefined && !Token.isUnresolved(banner) && bannerLength(banner) > MAX_BANNER_LENGTH) {
    throw bastionError(`clientLoginBanner is ${bannerLength(banner)} characters long; Client VPN accepts at most ${MAX_BANNER_LENGTH} ` +
      '(Unicode characters, each emoji one).');
  }
  // A lone UTF-16 surrogate has no UTF-8 encoding, which Client VPN requires.
  if (banner !== undefined && !Token.isUnresolved(banner) && LONE_SURROGATE.test(banner)) {
    throw propError('clientLoginBanner', banner, 'is not valid Unicode text (it holds a lone UTF-16 surrogate); Client VPN accepts UTF-8 text only');
  }

  const timeouts = Object.values(ec2.ClientVpnSessionTimeout).filter((v): v is number => typeof v === 'number');
  // Numbers that pass straight into a property may be tokens, checked at deploy time.
  if (inputs.sessionTimeout !== undefined && !Token.isUnresolved(inputs.sessionTimeout) && !timeouts.includes(inputs.sessionTimeout)) {
    throw propError('sessionTimeout', inputs.sessionTimeout, `is invalid: Client VPN sessions last ${timeouts.join(', ')} hours (ClientVpnSessionTimeout)`);
  }

  const ports = Object.values(ec2.VpnPort).filter((v): v is number => typeof v === 'number');
  if (inputs.port !== undefined && !Token.isUnresolved(inputs.port) && !ports.includes(inputs.port)) {
    throw propError('port', inputs.port, `is invalid: Client VPN listens on ${ports.join(' or ')} (VpnPort)`);
  }

  const size = inputs.rootVolumeSize;
  if (size !== undefined && !Token.isUnresolved(size) && (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_GIB)) {
    throw propError('rootVolumeSize', inputs.rootVolumeSize,
      `is invalid: use a whole number of GiB from 1 to ${MAX_VOLUME_GIB}, at least the size of the image's root snapshot`);
  }
}

/** Each group gets one rule per destination (the VPC with a split tunnel, the internet otherwise). */
function validateRuleQuota(inputs: CheckedInputs, scope?: Construct): void {
  const groups = inputs.authorizedGroupIds.length + inputs.authorizedGroupNames.length;
  const destinations = 1;
  const rules = groups * destinations;
  const limit = scope ? quota(scope, 'authorizationRulesPerEndpoint') : CLIENT_VPN_QUOTAS.authorizationRulesPerEndpoint;
  if (rules > limit) {
    const prop = inputs.authorizedGroupIds.length > 0 ? 'authorizedGroupIds' : 'authorizedGroupNames';
    throw bastionError(`${prop} gives too many groups (${inputs.authorizedGroupIds.length} by ID, ${inputs.authorizedGroupNames.length} by name): ` +
      `${groups} groups x ${destinations} destination = ${rules} authorization rules; Client VPN allows ${limit} per endpoint ` +
      '(Authorization rules per Client VPN endpoint, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html). ' +
      'Authorize fewer, larger groups; or, once Service Quotas has raised the quota (L-9A1BC94B), ' +
      `set the context value ${QUOTA_CONTEXT.authorizationRulesPerEndpoint} to the new quota.`);
  }
}

/** maxAzs can use only the AZs the stack (new VPC) or the given VPC has; more would be silently cut. */
function validateAvailableAzs(inputs: CheckedInputs): void {
  if (inputs.maxAzs <= inputs.availableAzs) {
    return;
  }
  if (inputs.vpcGiven) {
    throw propError('maxAzs', inputs.maxAzs, `is more than the ${inputs.availableAzs} AZs the vpc has; ` +
      `use maxAzs ${inputs.availableAzs} or less, or give a VPC with subnets in more AZs`);
  }
  const fix = inputs.environmentAgnostic
    ? 'the stack is environment-agnostic (its env lacks an account or a region), and such a stack knows only 2 AZs. ' +
      'Give the stack env: { account, region } so that the region\'s AZs are looked up, or use maxAzs 2 or less'
    : `use maxAzs ${inputs.availableAzs} or less`;
  throw propError('maxAzs', inputs.maxAzs, `is more than the ${inputs.availableAzs} AZs this stack knows: ${fix} ` +
    '(otherwise the VPC would quietly get fewer AZs, and NAT gateways and egressIpAllocationIds with them)');
}

/**
 * Synth-time checks of the Client VPN quotas that depend on the finished
 * endpoint, including rules and routes added to `bastion.endpoint` after the
 * constructor: routes per association (an error) and endpoints per Region (a
 * warning, see below).
 */
export function checkEndpointQuotas(scope: Construct, endpoint: ec2.ClientVpnEndpoint): void {
  endpoint.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      const routes = endpoint.node.findAll().filter((c): c is ec2.CfnClientVpnRoute => c instanceof ec2.CfnClientVpnRoute);
      const perSubnet = new Map<string, number>();
      for (const route of routes) {
        const subnet = Stack.of(route).resolve(route.targetVpcSubnetId);
        const key = typeof subnet === 'string' ? subnet : subnet?.Ref ?? JSON.stringify(subnet);
        perSubnet.set(key, (perSubnet.get(key) ?? 0) + 1);
      }
      // The association adds one more route of its own: the VPC's CIDR.
      const routeLimit = quota(scope, 'routesPerAssociation');
      for (const [subnet, count] of perSubnet) {
        if (count + 1 > routeLimit) {
          errors.push(`SsoClientVpnBastion: the endpoint has ${count + 1} routes through the association with subnet ${subnet} ` +
            `(${count} added, 1 for the VPC); Client VPN allows ${routeLimit} per association ` +
            '(Routes per Client VPN target network association, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html). ' +
            `Once Service Quotas has raised the quota, set the context value ${QUOTA_CONTEXT.routesPerAssociation}.`);
        }
      }
      const rules = endpoint.node.findAll().filter((c) => c instanceof ec2.CfnClientVpnAuthorizationRule).length;
      const ruleLimit = quota(scope, 'authorizationRulesPerEndpoint');
      if (rules > ruleLimit) {
        errors.push(`SsoClientVpnBastion: the endpoint has ${rules} authorization rules; Client VPN allows ${ruleLimit} per endpoint ` +
          `(adjustable; once raised, set the context value ${QUOTA_CONTEXT.authorizationRulesPerEndpoint}).`);
      }
      return errors;
    },
  });
  warnEndpointsPerRegion(scope);
}

/**
 * Client VPN endpoints per Region: 5, adjustable. A warning, not an error:
 * many accounts have it raised, and the app sees only its own endpoints (not
 * those of other apps, or the account's actual quota), so an error would
 * block raised accounts while still missing real breaches.
 */
function warnEndpointsPerRegion(scope: Construct): void {
  const regionOf = (c: Construct) => {
    const region = Stack.of(c).region;
    return Token.isUnresolved(region) ? 'an environment-agnostic region' : region;
  };
  const region = regionOf(scope);
  const endpoints = scope.node.root.node.findAll()
    .filter((c) => c instanceof ec2.CfnClientVpnEndpoint && regionOf(c) === region).length;
  if (endpoints > CLIENT_VPN_QUOTAS.endpointsPerRegion) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:endpointsPerRegion',
      `This app has ${endpoints} Client VPN endpoints in ${region}; Client VPN allows ${CLIENT_VPN_QUOTAS.endpointsPerRegion} per Region by default ` +
      '(adjustable, L-8EA77D34; endpoints of other apps count too). A warning, not an error: check the account\'s quota in Service Quotas, ' +
      'and request an increase before deploying if it is still 5.');
  }
}

function validateGroups(groupIds: string[], groupNames: string[]): void {
  for (const [prop, list] of [['authorizedGroupIds', groupIds], ['authorizedGroupNames', groupNames]] as const) {
    if (Token.isUnresolved(list)) {
      throw bastionError(`${prop} is a list token (a parameter or an import of a list), whose length is unknown at synth time; ` +
        'each group needs its own authorization rule, so give an array (each entry may be a token).');
    }
  }
  if (groupIds.length === 0 && groupNames.length === 0) {
    throw bastionError(
      'authorizedGroupIds and authorizedGroupNames are both empty: give at least one IAM Identity Center group ' +
      '(its ID from IAM Identity Center > Groups > your group > Group ID, or its name); the endpoint never authorizes all users.',
    );
  }
  const seen = new Set<string>();
  for (const groupId of groupIds) {
    if (Token.isUnresolved(groupId)) {
      continue;
    }
    if (!GROUP_ID.test(groupId)) {
      throw propError('authorizedGroupIds', groupIds,
        `contains ${JSON.stringify(groupId)}, which is not an IAM Identity Center group ID; ` +
        'expected the ID (such as 9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21, shown under IAM Identity Center > Groups); put group names in authorizedGroupNames');
    }
    if (seen.has(groupId)) {
      throw propError('authorizedGroupIds', groupIds, `lists ${groupId} twice; list each group once`);
    }
    seen.add(groupId);
  }
  const seenNames = new Set<string>();
  for (const name of groupNames) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH || name.trim() !== name) {
      throw propError('authorizedGroupNames', groupNames,
        `contains ${JSON.stringify(name)}; a group name is 1 to ${MAX_GROUP_NAME_LENGTH} characters without leading or trailing spaces`);
    }
    if (seenNames.has(name)) {
      throw propError('authorizedGroupNames', groupNames, `lists ${JSON.stringify(name)} twice; list each group once`);
    }
    seenNames.add(name);
  }
}

function validateIdentityCenter(inputs: CheckedInputs): void {
  const applicationArn = inputs.samlApplicationArn;
  if (applicationArn !== undefined && !Token.isUnresolved(applicationArn) && !APPLICATION_ARN.test(applicationArn)) {
    throw propError('samlApplicationArn', applicationArn,
      'is not an IAM Identity Center application ARN; expected arn:aws:sso::<account-id>:application/ssoins-<id>/apl-<id> ' +
      '(IAM Identity Center > Applications > your Client VPN application > Application ARN)');
  }
  const instanceArn = inputs.identityCenterInstanceArn;
  if (instanceArn !== undefined && !Token.isUnresolved(instanceArn) && !INSTANCE_ARN.test(instanceArn)) {
    throw propError('identityCenterInstanceArn', instanceArn,
      'is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<id> (IAM Identity Center > Settings > Instance ARN)');
  }
  const permissionSet = inputs.permissionSet;
  if (permissionSet === undefined) {
    return;
  }
  if (!Token.isUnresolved(permissionSet.name) && !PERMISSION_SET_NAME.test(permissionSet.name)) {
    throw propError('permissionSet.name', permissionSet.name, 'is invalid: use 1 to 32 letters, digits and +=,.@-_');
  }
  if (permissionSet.sessionDuration !== undefined) {
    const hours = permissionSet.sessionDuration.toMinutes() / 60;
    if (hours < PERMISSION_SET_HOURS.min || hours > PERMISSION_SET_HOURS.max) {
      throw propError('permissionSet.sessionDuration', permissionSet.sessionDuration.toHumanString(),
        `is invalid: a permission set session lasts ${PERMISSION_SET_HOURS.min} to ${PERMISSION_SET_HOURS.max} hours`);
    }
  }
  if (permissionSet.accountId !== undefined && !Token.isUnresolved(permissionSet.accountId) && !/^\d{12}$/.test(permissionSet.accountId)) {
    throw propError('permissionSet.accountId', permissionSet.accountId, 'is not an AWS account ID (12 digits)');
  }
  if (permissionSet.managedPolicies.length === 0) {
    throw propError('permissionSet.managedPolicies', [], 'is empty: attach at least one AWS managed policy, such as PowerUserAccess');
  }
  for (const policy of permissionSet.managedPolicies) {
    // The ARN's partition is a token, but the rest is literal for AWS managed policies.
    if (!policy.managedPolicyArn.includes(':iam::aws:policy/')) {
      throw propError('permissionSet.managedPolicies', policy.managedPolicyArn,
        'is not an AWS managed policy; permission sets take AWS managed policies here (iam.ManagedPolicy.fromAwsManagedPolicyName)');
    }
  }
}
