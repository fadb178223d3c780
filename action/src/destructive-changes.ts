/**
 * What a template change does to the resources people rely on: the one source
 * of the action's diff (mode: diff, the guard on deploy) and of the
 * "What a change replaces" table (docs/what-a-change-replaces.md, rendered
 * from test/day-two/what-a-change-replaces.ts, whose transition matrix checks
 * these texts against `cdk diff`).
 *
 * Templates are compared as `cdk diff` compares them, with
 * @aws-cdk/cloudformation-diff, plus what a schema cannot know: the
 * self-signed certificate's custom resource returns a new physical ID when a
 * defining property changes, which CloudFormation treats as a replacement.
 */
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import type { ResourceDifference, TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { BastionOutputIds, BastionTooling } from '../../src';

/** The resource types whose loss a user notices. */
export const LIVE_TYPES = {
  'AWS::EC2::ClientVpnEndpoint': { one: 'the endpoint', many: 'endpoints', all: 'the endpoint' },
  'AWS::EC2::ClientVpnTargetNetworkAssociation': { one: 'the target network association', many: 'target network associations', all: 'the associations' },
  'AWS::EC2::ClientVpnRoute': { one: 'the Client VPN route', many: 'Client VPN routes', all: 'the Client VPN routes' },
  'AWS::EC2::ClientVpnAuthorizationRule': { one: 'the authorization rule', many: 'authorization rules', all: 'the authorization rules' },
  'AWS::EC2::NatGateway': { one: 'a NAT gateway', many: 'NAT gateways', all: 'the NAT gateways' },
  'AWS::EC2::EIP': { one: 'an Elastic IP', many: 'Elastic IPs', all: 'the Elastic IPs' },
  'AWS::EC2::Instance': { one: 'the server', many: 'servers', all: 'the server' },
  'AWS::EC2::VPC': { one: 'the VPC', many: 'VPCs', all: 'the VPC' },
  'AWS::EC2::Subnet': { one: 'a subnet', many: 'subnets', all: 'the subnets' },
  'AWS::EC2::KeyPair': { one: 'the key pair', many: 'key pairs', all: 'the key pair' },
  'AWS::EC2::Route': { one: 'a VPC route', many: 'VPC routes', all: 'the VPC routes' },
  // The Transit Gateway mode (transitGateway): the bastion VPC's attachment and the internet route to it.
  'AWS::EC2::TransitGatewayAttachment': { one: 'the bastion VPC\'s Transit Gateway attachment', many: 'Transit Gateway attachments', all: 'the Transit Gateway attachment' },
  'AWS::EC2::TransitGatewayRoute': { one: 'a Transit Gateway route', many: 'Transit Gateway routes', all: 'the Transit Gateway routes' },
  'AWS::Logs::LogGroup': { one: 'a log group', many: 'log groups', all: 'the log groups' },
  'AWS::IAM::SAMLProvider': { one: 'the SAML provider', many: 'SAML providers', all: 'the SAML provider' },
  // What locks people out: the groups' way in to the VPN application, the permission set and its
  // assignments, and the Instance Connect and switch-on policies that people reference by name.
  'AWS::SSO::ApplicationAssignment': { one: 'a group\'s assignment to the Client VPN application', many: 'application assignments', all: 'the application assignments' },
  'AWS::SSO::PermissionSet': { one: 'the permission set', many: 'permission sets', all: 'the permission set' },
  'AWS::SSO::Assignment': { one: 'a permission set assignment', many: 'permission set assignments', all: 'the permission set assignments' },
  'AWS::IAM::ManagedPolicy': { one: 'a managed policy (Instance Connect or switch-on)', many: 'managed policies', all: 'the managed policies' },
  // The self-signed certificate's custom resource (src/self-signed-certificate).
  'Custom::SelfSignedServerCertificate': { one: 'the self-signed CA and server certificate', many: 'self-signed certificates', all: 'the server certificate' },
} as const;

export type LiveType = keyof typeof LIVE_TYPES;

export function isLiveType(type: string | undefined): type is LiveType {
  return type !== undefined && Object.prototype.hasOwnProperty.call(LIVE_TYPES, type);
}

/** What the loss of each kind of live resource means for the people using the bastion. */
export const CONSEQUENCES: Record<LiveType, string> = {
  'AWS::EC2::ClientVpnEndpoint': `new endpoint ID and DNS name: every \`.ovpn\` must be downloaded again (\`${BastionOutputIds.EXPORT_CLIENT_CONFIGURATION_COMMAND}\` output)`,
  'AWS::EC2::ClientVpnTargetNetworkAssociation': 'VPN connections drop; the VPN is back once the new association is ready (5 to 15 minutes)',
  'AWS::EC2::ClientVpnRoute': 'clients lose that route until it is recreated',
  'AWS::EC2::ClientVpnAuthorizationRule': 'the groups are authorized again by new rules',
  'AWS::EC2::NatGateway': 'egress through that NAT gateway stops until traffic takes its replacement or another gateway',
  'AWS::EC2::EIP': 'the egress IP changes: allow-lists elsewhere that name the old one break',
  'AWS::EC2::Instance': 'new private IP (outputs and `~/.ssh/config` go stale), new host key, root volume lost',
  'AWS::EC2::VPC': 'everything in it is rebuilt',
  'AWS::EC2::Subnet': 'everything in those subnets is rebuilt',
  'AWS::EC2::KeyPair': 'the old private key stops working',
  'AWS::EC2::Route': 'egress pauses while the route moves',
  'AWS::EC2::TransitGatewayAttachment': 'clients lose the way to the bastion\'s VPC and, with a full tunnel, the internet, until the new attachment is available',
  'AWS::EC2::TransitGatewayRoute': 'clients of a full tunnel lose the internet until the route is recreated',
  'AWS::Logs::LogGroup': 'the log history stays in the old group',
  'AWS::IAM::SAMLProvider': 'new provider ARN',
  'AWS::SSO::ApplicationAssignment': 'the group\'s members cannot sign in to the VPN until the group is assigned again',
  'AWS::SSO::PermissionSet': 'people who sign in with it lose its permissions (SSH through Instance Connect, switch-on) until the new one is provisioned and assigned',
  'AWS::SSO::Assignment': 'the group loses the permission set (SSH through Instance Connect, switch-on) until it is assigned again',
  'AWS::IAM::ManagedPolicy': 'permission sets and roles that reference it by name lose what it allows (SSH through Instance Connect, switch-on); a permission set that references a missing policy fails to provision',
  'Custom::SelfSignedServerCertificate': `a NEW private CA: every \`.ovpn\` handed out stops working and must be downloaded again (\`${BastionOutputIds.EXPORT_CLIENT_CONFIGURATION_COMMAND}\` output)`,
};

/**
 * - `replaced`: a new physical resource takes its place (CloudFormation
 *   creates the new one, then deletes the old one).
 * - `may be replaced`: `cdk diff` says so because the property's update
 *   behaviour is conditional.
 * - `destroyed`: it leaves the stack and is deleted.
 * - `orphaned`: it leaves the stack and is kept (a retained log group).
 * - `restarted`: `cdk diff` says it may be replaced, and CloudFormation
 *   updates it in place with an interruption (INTERRUPTIONS): the deploy
 *   goes ahead.
 */
export type Impact = 'replaced' | 'may be replaced' | 'destroyed' | 'orphaned' | 'restarted';

/** An update that `cdk diff` calls a possible replacement and CloudFormation applies to this construct's resource in place, with an interruption. */
export interface Interruption {
  readonly type: LiveType;
  /** The properties whose change is only an interruption; any other replacing property keeps "may be replaced". */
  readonly properties: readonly string[];
  /** What the interruption means for the people using the bastion. */
  readonly consequence: string;
}

/**
 * The one list of such updates: the guard lets them through, and the diff,
 * the pull request comment and docs/what-a-change-replaces.md say what they do.
 */
export const INTERRUPTIONS: readonly Interruption[] = [
  {
    // CloudFormation's AWS::EC2::Instance reference: InstanceType "Update requires: Some interruptions"
    // for an EBS-backed instance (stopped, changed, started); `cdk diff` says "may be replaced" because an
    // instance-store-backed one would be. The server's root volume is EBS (gp3).
    type: 'AWS::EC2::Instance',
    properties: ['InstanceType'],
    consequence: 'SSH down for a minute or two; IP, host key and volume kept',
  },
];

/** The interruption that a possible replacement of this type, caused by these properties, is. */
export function interruptionOf(type: string, properties: readonly string[]): Interruption | undefined {
  return INTERRUPTIONS.find((interruption) => interruption.type === type
    && properties.length > 0 && properties.every((property) => interruption.properties.includes(property)));
}

/** What happens to one resource of the template. */
export type ResourceAction = 'add' | 'update' | Impact;

/** A resource of a CloudFormation template, as JSON. */
export interface TemplateResource {
  Type: string;
  Properties?: any;
  Metadata?: Record<string, unknown>;
  [key: string]: any;
}

/** A CloudFormation template as JSON. */
export interface CfnTemplateJson {
  Resources?: Record<string, TemplateResource>;
  [key: string]: any;
}

/** One resource that a deploy of the new template adds, changes or removes. */
export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly action: ResourceAction;
  /** The properties whose change is the reason (empty for an addition or a removal). */
  readonly properties: string[];
}

const IMPACTS: Partial<Record<ResourceImpact, Impact>> = {
  [ResourceImpact.WILL_REPLACE]: 'replaced',
  [ResourceImpact.MAY_REPLACE]: 'may be replaced',
  [ResourceImpact.WILL_DESTROY]: 'destroyed',
  [ResourceImpact.WILL_ORPHAN]: 'orphaned',
};

/**
 * Custom resources whose handler returns a new physical ID for this update:
 * CloudFormation treats that as a replacement (it sends Delete for the old ID
 * later), which the diff cannot know from a schema.
 */
function customReplacements(from: CfnTemplateJson, to: CfnTemplateJson): string[] {
  const toResources = to.Resources ?? {};
  return Object.entries(from.Resources ?? {})
    .filter(([id, resource]) => toResources[id]?.Type === resource.Type)
    .filter(([id, resource]) => BastionTooling.replacingProperties(resource.Type).some((key) =>
      JSON.stringify(resource.Properties?.[key]) !== JSON.stringify(toResources[id].Properties?.[key])))
    .map(([id]) => id);
}

/**
 * A new image pin (an upgrade from a version without one) takes the image
 * that its lookup holds: when the lookup itself is unchanged, CloudFormation
 * sends it no update, so the pin's physical ID (its Ref) is the image the
 * server already has. A copy of the template whose Refs to such pins are
 * their candidate, so that the diff sees the server's image unchanged, as
 * CloudFormation will (it compares resolved values).
 */
function withNewPinsResolved(from: CfnTemplateJson, to: CfnTemplateJson): CfnTemplateJson {
  const fromResources = from.Resources ?? {};
  const candidates = new Map<string, unknown>();
  for (const [id, resource] of Object.entries(to.Resources ?? {})) {
    const lookup = resource.Properties?.Candidate?.['Fn::GetAtt']?.[0];
    if (resource.Type === BastionTooling.IMAGE_PIN_TYPE && fromResources[id] === undefined && typeof lookup === 'string'
      && JSON.stringify(fromResources[lookup]) === JSON.stringify(to.Resources![lookup])) {
      candidates.set(id, resource.Properties.Candidate);
    }
  }
  if (candidates.size === 0) {
    return to;
  }
  return withReferencesMapped(to, (reference) => ('Ref' in reference && candidates.has(reference.Ref) ? candidates.get(reference.Ref) : reference),
    (logicalId) => candidates.has(logicalId));
}

/** A copy of the template whose Ref and GetAtt to these logical IDs point at new ones, as a replacement's new physical ID would. */
function withReplacedReferences(template: CfnTemplateJson, logicalIds: string[]): CfnTemplateJson {
  const rename = (id: unknown) => (typeof id === 'string' && logicalIds.includes(id) ? `${id}Replaced` : id);
  return withReferencesMapped(template, (reference) => {
    if ('Ref' in reference) return { Ref: rename(reference.Ref) };
    const target = reference['Fn::GetAtt'];
    return { 'Fn::GetAtt': Array.isArray(target) ? [rename(target[0]), ...target.slice(1)] : target };
  });
}

/**
 * A copy of the template whose resources have each `{ Ref }` and
 * `{ Fn::GetAtt }` replaced by what `map` returns for it; the resources
 * `keep` names are copied as they are.
 */
function withReferencesMapped(template: CfnTemplateJson, map: (reference: Record<string, any>) => unknown,
  keep: (logicalId: string) => boolean = () => false): CfnTemplateJson {
  const recurse = (value: any): any => {
    if (Array.isArray(value)) return value.map(recurse);
    if (value === null || typeof value !== 'object') return value;
    if (('Ref' in value || 'Fn::GetAtt' in value) && Object.keys(value).length === 1) return map(value);
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, recurse(inner)]));
  };
  const resources = Object.fromEntries(Object.entries(template.Resources ?? {})
    .map(([id, resource]) => [id, keep(id) ? resource : recurse(resource)]));
  return { ...template, Resources: resources };
}

/**
 * What deploying `to` over `from` does to each resource, as `cdk diff`
 * reports it (plus custom resource replacements), in logical ID order; from
 * `changeSetDiff` when given (`cdk diff --method=change-set`).
 */
export function resourceChanges(from: CfnTemplateJson, to: CfnTemplateJson, changeSetDiff?: TemplateDiff): ResourceChange[] {
  const replacedCustom = customReplacements(from, to);
  // A change set's diff (toolkit-lib's, with CloudFormation's own replacement answers and resolved
  // parameters) when there is one; else the templates, as `cdk diff` compares them by default.
  const diff = changeSetDiff ?? fullDiff(from, withReplacedReferences(withNewPinsResolved(from, to), replacedCustom));
  const changes: ResourceChange[] = replacedCustom.map((logicalId) => ({
    logicalId,
    type: from.Resources![logicalId].Type,
    action: 'replaced',
    properties: BastionTooling.replacingProperties(from.Resources![logicalId].Type).filter((key) =>
      JSON.stringify(from.Resources![logicalId].Properties?.[key]) !== JSON.stringify(to.Resources![logicalId].Properties?.[key])),
  }));
  diff.resources.forEachDifference((logicalId, change) => {
    // cloudformation-diff rates a change of a property its spec does not know yet (AuthorizationPolicy
    // before the spec has it) NO_CHANGE; CloudFormation still updates it, so it counts as a change.
    const unratedUpdate = Object.values(change.propertyUpdates).some((update) => update.isDifferent);
    if (replacedCustom.includes(logicalId) || (change.changeImpact === ResourceImpact.NO_CHANGE && !unratedUpdate)) {
      return;
    }
    const type = change.oldResourceType ?? change.newResourceType ?? 'unknown';
    const action: ResourceAction = change.isAddition ? 'add' : IMPACTS[change.changeImpact] ?? 'update';
    const properties = causes(change, action);
    changes.push({ logicalId, type, action: action === 'may be replaced' && interruptionOf(type, properties) ? 'restarted' : action, properties });
  });
  return changes.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

/** The changed properties; for a replacement, those that cause it when the diff knows. */
function causes(change: ResourceDifference, action: ResourceAction): string[] {
  if (change.isAddition || change.isRemoval) {
    return [];
  }
  const updates = Object.entries(change.propertyUpdates);
  const replacing = updates.filter(([, update]) =>
    update.changeImpact === ResourceImpact.WILL_REPLACE || update.changeImpact === ResourceImpact.MAY_REPLACE);
  return (action === 'replaced' || action === 'may be replaced') && replacing.length > 0
    ? replacing.map(([name]) => name).sort()
    : updates.map(([name]) => name).sort();
}
