/**
 * What a change of props replaces or destroys in a deployed bastion: the one
 * source of the "What a change replaces" table of docs/what-a-change-replaces.md (rendered by
 * scripts/what-a-change-replaces.ts) and of the transition matrix
 * (transitions.test.ts), which synthesizes each row's "from" and "to", diffs
 * them with @aws-cdk/cloudformation-diff and requires exactly the effects
 * declared here.
 *
 * A live resource is named by its CloudFormation type and `what`: its
 * construct path under the bastion, without a trailing `/Resource`
 * (`Endpoint`, `Vpc/PublicSubnet1/NATGateway`, `EgressIp0`). Construct IDs
 * are part of the public contract, so these names are stable, unlike the
 * hashed logical IDs.
 */
import { Duration } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CONSEQUENCES, INTERRUPTIONS, LIVE_TYPES } from '../../action/src/destructive-changes';
import type { Impact, LiveType } from '../../action/src/destructive-changes';
import {
  ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, IpAddressType, NatGateways, PolicyStatement,
  Schedule, ServerCertificate, ServerImage, ServerKeyPair,
} from '../../src';
import type { SsoClientVpnBastionProps } from '../../src';
import { GROUP_ID, METADATA_XML, OTHER_GROUP_ID } from '../fixtures';

// The kinds of live resource, the impacts and what each loss means are shared
// with the action's diff (mode: diff and the guard on deploy).
export { CONSEQUENCES, LIVE_TYPES } from '../../action/src/destructive-changes';
export type { Impact, LiveType } from '../../action/src/destructive-changes';

export interface Effect {
  readonly impact: Impact;
  readonly type: LiveType;
  /** The construct path under the bastion, without a trailing `/Resource`. */
  readonly what: string;
}

/** Props that may need a scope (imported resources): the same stack as the bastion. */
export type PropsOverrides = Partial<SsoClientVpnBastionProps> | ((scope: Stack) => Partial<SsoClientVpnBastionProps>);

export interface Transition {
  /** The change, in Markdown, as docs/what-a-change-replaces.md shows it. */
  readonly change: string;
  /** Overrides of the fixtures' required props before the change. */
  readonly from: PropsOverrides;
  /** Overrides of the fixtures' required props after the change. */
  readonly to: PropsOverrides;
  /** Every live resource the change replaces, destroys or orphans; empty when it must replace nothing. */
  readonly effects: Effect[];
  /** Kinds of live resource that exist before and after and that the change must leave alone. */
  readonly stays: LiveType[];
  /** What the page adds to the consequences derived from the effects. */
  readonly note?: string;
}

const GROUPS_POLICY = ConnectionPolicy.fromStatements([PolicyStatement.permit({ id: 'groups', when: [ConnectionCondition.memberOfAuthorizedGroups()] })]);
const JAMF = DeviceTrustProvider.jamf({ tenantId: 'example-jamf-tenant' });

const replaced = (type: LiveType, what: string): Effect => ({ impact: 'replaced', type, what });
const mayBeReplaced = (type: LiveType, what: string): Effect => ({ impact: 'may be replaced', type, what });
const destroyed = (type: LiveType, what: string): Effect => ({ impact: 'destroyed', type, what });
const orphaned = (type: LiveType, what: string): Effect => ({ impact: 'orphaned', type, what });
const restarted = (type: LiveType, what: string): Effect => ({ impact: 'restarted', type, what });

/** EC2 API Reference, ModifyClientVpnEndpoint. */
const DNS_RESET = 'modifying the DNS servers resets every client connection';

const ENDPOINT = replaced('AWS::EC2::ClientVpnEndpoint', 'Endpoint');
const GROUP_RULE = 'Endpoint/Authorize-9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21';

/** What replacing the endpoint takes with it in the default (one AZ, full tunnel) layout. */
const ENDPOINT_AND_ITS_PARTS: Effect[] = [
  ENDPOINT,
  replaced('AWS::EC2::ClientVpnTargetNetworkAssociation', 'Endpoint/Association0'),
  replaced('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute0'),
  replaced('AWS::EC2::ClientVpnAuthorizationRule', GROUP_RULE),
];

const BUSINESS_HOURS = (): Schedule => Schedule.businessHours({ timeZone: 'Asia/Tokyo' });
const ON_DEMAND = (): Schedule => Schedule.onDemand();
const IMAGE = (id: string) => ec2.MachineImage.genericLinux({ 'ap-northeast-1': id });
const selfServicePortal = () => iam.SamlMetadataDocument.fromXml(METADATA_XML);
const APPLICATION_ARN = 'arn:aws:sso::123456789012:application/ssoins-0123456789abcdef/apl-0123456789abcdef';
const PERMISSION_SET = (name: string) => ({ name, managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')], accountId: '123456789012' });

export const TRANSITIONS: Transition[] = [
  {
    change: '`clientCidr` `172.26.0.0/22` → `172.27.0.0/22`',
    from: { clientCidr: '172.26.0.0/22' },
    to: { clientCidr: '172.27.0.0/22' },
    effects: ENDPOINT_AND_ITS_PARTS,
    stays: ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::NatGateway', 'AWS::EC2::VPC'],
  },
  {
    change: '`clientCidr` changed with a `schedule`',
    from: { clientCidr: '172.26.0.0/22', schedule: BUSINESS_HOURS() },
    to: { clientCidr: '172.27.0.0/22', schedule: BUSINESS_HOURS() },
    effects: ENDPOINT_AND_ITS_PARTS,
    stays: ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::NatGateway', 'AWS::EC2::VPC'],
  },
  {
    change: '`transportProtocol` UDP → TCP',
    from: {},
    to: { transportProtocol: ec2.TransportProtocol.TCP },
    effects: ENDPOINT_AND_ITS_PARTS,
    stays: ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::NatGateway', 'AWS::EC2::VPC'],
  },
  {
    change: 'self-service portal turned on (`selfServiceSamlMetadataDocument`)',
    from: {},
    to: { selfServiceSamlMetadataDocument: selfServicePortal() },
    effects: ENDPOINT_AND_ITS_PARTS,
    stays: ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::NatGateway', 'AWS::IAM::SAMLProvider'],
  },
  {
    change: '`vpcCidr` `172.25.0.0/16` → `10.20.0.0/16`',
    from: { vpcCidr: '172.25.0.0/16' },
    to: { vpcCidr: '10.20.0.0/16' },
    effects: [
      replaced('AWS::EC2::VPC', 'Vpc'),
      replaced('AWS::EC2::Subnet', 'Vpc/PublicSubnet1/Subnet'),
      replaced('AWS::EC2::Subnet', 'Vpc/ProtectedSubnet1/Subnet'),
      replaced('AWS::EC2::Subnet', 'Vpc/IsolatedSubnet1/Subnet'),
      replaced('AWS::EC2::Route', 'Vpc/PublicSubnet1/DefaultRoute'),
      replaced('AWS::EC2::Route', 'Vpc/ProtectedSubnet1/DefaultRoute'),
      replaced('AWS::EC2::NatGateway', 'Vpc/PublicSubnet1/NATGateway'),
      replaced('AWS::EC2::Instance', 'Server'),
      replaced('AWS::EC2::ClientVpnTargetNetworkAssociation', 'Endpoint/Association0'),
      replaced('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute0'),
    ],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnAuthorizationRule', 'AWS::EC2::EIP'],
    note: `The endpoint moves to the new VPC and its DNS server to the new resolver (${DNS_RESET}); the \`.ovpn\` stays valid.`,
  },
  {
    change: '`machineImage`: another image ID',
    from: { machineImage: IMAGE('ami-0123456789abcdef0') },
    to: { machineImage: IMAGE('ami-0fedcba9876543210') },
    effects: [replaced('AWS::EC2::Instance', 'Server')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
  },
  {
    change: '`ServerImage.amazonLinux2023({ revision })` set or changed',
    from: {},
    to: { machineImage: ServerImage.amazonLinux2023({ revision: '2027-01' }) },
    effects: [replaced('AWS::EC2::Instance', 'Server')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::EIP', 'AWS::EC2::NatGateway'],
    note: 'The server moves to the newest Amazon Linux 2023: the image pin takes the lookup\'s answer only on a new revision, and keeps its image through every other update.',
  },
  {
    change: 'upgrade with the generated key pair (the default before EC2 Instance Connect), `serverKeyPair` left out',
    from: { serverKeyPair: ServerKeyPair.generate() },
    to: {},
    effects: [replaced('AWS::EC2::Instance', 'Server'), destroyed('AWS::EC2::KeyPair', 'KeyPair')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
    note: 'The new default is no shared key (`ServerKeyPair.none()`), and an instance\'s `KeyName` cannot change in place. ' +
      'To keep the server and its key, say `serverKeyPair: ServerKeyPair.generate()`: the same construct ID, so nothing is replaced (next row).',
  },
  {
    change: 'upgrade with the generated key pair, `serverKeyPair: ServerKeyPair.generate()` said',
    from: { serverKeyPair: ServerKeyPair.generate() },
    to: { serverKeyPair: ServerKeyPair.generate() },
    effects: [],
    stays: ['AWS::EC2::Instance', 'AWS::EC2::KeyPair', 'AWS::EC2::ClientVpnEndpoint'],
    note: 'The endpoint gets the new defaults `disconnectOnSessionTimeout` and `clientRouteEnforcement` in place.',
  },
  {
    change: '`serverKeyPair`: `generate()` → one of yours (`fromKeyPair`)',
    from: { serverKeyPair: ServerKeyPair.generate() },
    to: (scope) => ({ serverKeyPair: ServerKeyPair.fromKeyPair(ec2.KeyPair.fromKeyPairName(scope, 'MyKeyPair', 'my-key')) }),
    effects: [replaced('AWS::EC2::Instance', 'Server'), destroyed('AWS::EC2::KeyPair', 'KeyPair')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
  },
  {
    change: '`serverKeyPair`: none → `generate()`',
    from: {},
    to: { serverKeyPair: ServerKeyPair.generate() },
    effects: [replaced('AWS::EC2::Instance', 'Server')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
    note: 'A shared key is a way in that group membership does not revoke; prefer EC2 Instance Connect.',
  },
  {
    change: '`rootVolumeSize` 8 → 16',
    from: { rootVolumeSize: 8 },
    to: { rootVolumeSize: 16 },
    effects: [mayBeReplaced('AWS::EC2::Instance', 'Server')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
    note: '`cdk diff` says "may be replaced"; CloudFormation\'s reference says a block device change other than `DeleteOnTermination` replaces the instance. ' +
      `Count on it: ${CONSEQUENCES['AWS::EC2::Instance']}.`,
  },
  {
    change: '`instanceType` `t3.micro` → `t3.small`',
    from: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO) },
    to: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL) },
    effects: [restarted('AWS::EC2::Instance', 'Server')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::EIP'],
    note: '`cdk diff` says "may be replaced" because an instance-store-backed instance would be; the server\'s root volume is EBS, ' +
      'so it is only stopped and started, and the action\'s guard lets it through.',
  },
  {
    change: 'an authorized group removed (with `samlApplicationArn` and a `permissionSet`)',
    from: { authorizedGroupIds: [GROUP_ID, OTHER_GROUP_ID], samlApplicationArn: APPLICATION_ARN, permissionSet: PERMISSION_SET('Bastion') },
    to: { authorizedGroupIds: [GROUP_ID], samlApplicationArn: APPLICATION_ARN, permissionSet: PERMISSION_SET('Bastion') },
    effects: [
      destroyed('AWS::EC2::ClientVpnAuthorizationRule', `Endpoint/Authorize-${OTHER_GROUP_ID}`),
      destroyed('AWS::SSO::ApplicationAssignment', `ApplicationAssignment-${OTHER_GROUP_ID}`),
      destroyed('AWS::SSO::Assignment', `PermissionSetAssignment-${OTHER_GROUP_ID}`),
    ],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::SSO::PermissionSet'],
    note: 'By design when that group is to lose access; the guard asks for it to be said (`allow-replacing-live-resources` naming these paths).',
  },
  {
    change: '`permissionSet.name` changed',
    from: { samlApplicationArn: APPLICATION_ARN, permissionSet: PERMISSION_SET('Bastion') },
    to: { samlApplicationArn: APPLICATION_ARN, permissionSet: PERMISSION_SET('BastionUsers') },
    effects: [
      replaced('AWS::SSO::PermissionSet', 'PermissionSet'),
      replaced('AWS::SSO::Assignment', `PermissionSetAssignment-${GROUP_ID}`),
    ],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::SSO::ApplicationAssignment'],
  },
  {
    change: '`natGateways` `perAz()` → `single()` (`maxAzs: 2`)',
    from: { maxAzs: 2, natGateways: NatGateways.perAz() },
    to: { maxAzs: 2, natGateways: NatGateways.single() },
    effects: [destroyed('AWS::EC2::NatGateway', 'Vpc/PublicSubnet2/NATGateway'), destroyed('AWS::EC2::EIP', 'EgressIp1')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::Instance', 'AWS::EC2::Subnet'],
    note: 'The second AZ\'s private subnet leaves through the first AZ\'s gateway and its Elastic IP (its default route is updated, not replaced).',
  },
  {
    change: '`egressIpAllocationIds`: new Elastic IPs → yours',
    from: {},
    to: { egressIpAllocationIds: ['eipalloc-0123456789abcdef0'] },
    effects: [destroyed('AWS::EC2::EIP', 'EgressIp0'), replaced('AWS::EC2::NatGateway', 'Vpc/PublicSubnet1/NATGateway')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::Instance'],
    note: 'Egress now leaves from your address; the old one is released.',
  },
  {
    change: '`ServerCertificate.selfSigned()`: any option changed (here `serverValidity`)',
    from: { serverCertificate: ServerCertificate.selfSigned() },
    to: { serverCertificate: ServerCertificate.selfSigned({ serverValidity: Duration.days(730) }) },
    effects: [replaced('Custom::SelfSignedServerCertificate', 'ServerCertificate')],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::Instance', 'AWS::EC2::EIP'],
    note: 'The endpoint stays, but its clients no longer trust it.',
  },
  // The changes that must replace nothing.
  {
    change: 'a second AZ (`maxAzs` 1 → 2)',
    from: { maxAzs: 1 },
    to: { maxAzs: 2 },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::Instance', 'AWS::EC2::EIP', 'AWS::EC2::NatGateway', 'AWS::EC2::Subnet'],
  },
  {
    change: 'a second authorized group',
    from: {},
    to: { authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21', OTHER_GROUP_ID] },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnAuthorizationRule'],
  },
  {
    change: 'longer `logRetention` (one year → two)',
    from: { logRetention: logs.RetentionDays.ONE_YEAR },
    to: { logRetention: logs.RetentionDays.TWO_YEARS },
    effects: [],
    stays: ['AWS::Logs::LogGroup', 'AWS::EC2::ClientVpnEndpoint'],
  },
  {
    change: '`splitTunnel` `false` → `true`',
    from: { splitTunnel: false },
    to: { splitTunnel: true },
    effects: [
      replaced('AWS::EC2::ClientVpnAuthorizationRule', GROUP_RULE),
      destroyed('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute0'),
    ],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
    note: 'By design: a split tunnel authorizes the VPC instead of `0.0.0.0/0` (a rule\'s destination cannot change in place) and has no internet route. ' +
      'Clients leave from their own address instead of the egress IP.',
  },
  {
    change: '`dnsServers`: the VPC resolver → two of yours',
    from: {},
    to: { dnsServers: ['172.25.0.2', '1.1.1.1'] },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
    note: `${DNS_RESET}; the \`.ovpn\` stays valid.`,
  },
  {
    change: '`sessionTimeout` 24 → 8 hours',
    from: {},
    to: { sessionTimeout: ec2.ClientVpnSessionTimeout.EIGHT_HOURS },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
  },
  {
    change: '`disconnectOnSessionTimeout` and `clientRouteEnforcement` `true` → `false`',
    from: {},
    to: { disconnectOnSessionTimeout: false, clientRouteEnforcement: false },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
  },
  {
    change: '`clientLoginBanner` added',
    from: {},
    to: { clientLoginBanner: 'Authorized use only.' },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
  },
  {
    change: '`connectionPolicy` added, in shadow mode (the default), with `devicePosture`',
    from: {},
    to: { connectionPolicy: GROUPS_POLICY, devicePosture: [JAMF] },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
    note: 'Nobody is blocked: Client VPN logs each decision ([connection-policy.md](connection-policy.md)).',
  },
  {
    change: '`connectionPolicyMode` `SHADOW` → `ENFORCE`',
    from: { connectionPolicy: GROUPS_POLICY },
    to: { connectionPolicy: GROUPS_POLICY, connectionPolicyMode: ConnectionPolicyMode.ENFORCE },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
    note: 'Nothing is replaced, but Client VPN disconnects every active session and then refuses what the policy does not permit: the action\'s guard stops until the endpoint is allowed by name (the same holds for a change of an enforced policy).',
  },
  {
    change: '`ipAddressType` `IPV4` → `DUAL_STACK`',
    from: {},
    to: { ipAddressType: IpAddressType.DUAL_STACK },
    effects: [
      replaced('AWS::EC2::ClientVpnEndpoint', 'Endpoint'),
      replaced('AWS::EC2::ClientVpnTargetNetworkAssociation', 'Endpoint/Association0'),
      replaced('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute0'),
      replaced('AWS::EC2::ClientVpnAuthorizationRule', `Endpoint/Authorize-${GROUP_ID}`),
      replaced('AWS::EC2::Instance', 'Server'),
      mayBeReplaced('AWS::EC2::Subnet', 'Vpc/PublicSubnet1/Subnet'),
      mayBeReplaced('AWS::EC2::Subnet', 'Vpc/ProtectedSubnet1/Subnet'),
      mayBeReplaced('AWS::EC2::Subnet', 'Vpc/IsolatedSubnet1/Subnet'),
    ],
    stays: ['AWS::EC2::VPC', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP'],
    note: 'Client VPN cannot change an endpoint\'s address type, so the endpoint is replaced with everything on it, and the server, to get an IPv6 address. ' +
      '`cdk diff` says the subnets may be replaced: each gets an IPv6 block. Choose the address type when you create the bastion.',
  },
  {
    change: '`transitGateway` added',
    from: {},
    to: { transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' } },
    effects: [
      replaced('AWS::EC2::ClientVpnEndpoint', 'Endpoint'),
      destroyed('AWS::EC2::ClientVpnTargetNetworkAssociation', 'Endpoint/Association0'),
      destroyed('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute0'),
      replaced('AWS::EC2::ClientVpnAuthorizationRule', `Endpoint/Authorize-${GROUP_ID}`),
    ],
    stays: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
    note: 'Client VPN cannot move an endpoint between subnets and a Transit Gateway, so the endpoint is replaced with its rules; its AZs replace the association, ' +
      'and a Transit Gateway attachment of the VPC, routes of the client CIDR back to it and a new route (`InternetRoute`, or one per network with a split tunnel) are added. ' +
      'The server keeps its address and gains SSH from the client CIDR (no source NAT in this mode).',
  },
  {
    change: '`transitGateway` removed',
    from: { transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' } },
    to: {},
    effects: [
      replaced('AWS::EC2::ClientVpnEndpoint', 'Endpoint'),
      destroyed('AWS::EC2::ClientVpnRoute', 'Endpoint/InternetRoute'),
      replaced('AWS::EC2::ClientVpnAuthorizationRule', `Endpoint/Authorize-${GROUP_ID}`),
      destroyed('AWS::EC2::TransitGatewayAttachment', 'TransitGatewayAttachment'),
      destroyed('AWS::EC2::Route', 'Vpc/PublicSubnet1/ClientsThroughTransitGateway'),
      destroyed('AWS::EC2::Route', 'Vpc/ProtectedSubnet1/ClientsThroughTransitGateway'),
      destroyed('AWS::EC2::Route', 'Vpc/IsolatedSubnet1/ClientsThroughTransitGateway'),
    ],
    stays: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
    note: 'The endpoint is replaced and associated with the subnets again; the VPC leaves the Transit Gateway, and the VPCs behind it are out of reach.',
  },
  {
    change: '`port` 443 → 1194',
    from: {},
    to: { port: ec2.VpnPort.OPENVPN },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint'],
    note: 'The port is in the `.ovpn` (`remote ... 443`): download it again.',
  },
  {
    change: '`vpcFlowLogs` `true` → `false`',
    from: { vpcFlowLogs: true },
    to: { vpcFlowLogs: false },
    effects: [orphaned('AWS::Logs::LogGroup', 'FlowLogs')],
    stays: ['AWS::EC2::VPC', 'AWS::EC2::ClientVpnEndpoint'],
    note: 'The flow log group leaves the stack and is kept with its history (`logRemovalPolicy` defaults to `RETAIN`).',
  },
  {
    change: '`schedule` added (`Schedule.businessHours`)',
    from: {},
    to: { schedule: BUSINESS_HOURS() },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
  },
  {
    change: '`schedule` added with `transitGateway`',
    from: { transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' } },
    to: { transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' }, schedule: BUSINESS_HOURS() },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnRoute', 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
    note: 'The Client VPN routes and the NAT gateways get the switch\'s condition, and the switch is added; the endpoint\'s Transit Gateway AZs and the VPC\'s attachment are not switched (docs/transit-gateway.md).',
  },
  {
    change: '`schedule` removed',
    from: { schedule: BUSINESS_HOURS() },
    to: {},
    effects: [
      orphaned('AWS::Logs::LogGroup', 'OffHoursSwitch/FunctionLogs'),
      orphaned('AWS::Logs::LogGroup', 'OffHoursSwitch/WakeLogs'),
      destroyed('AWS::IAM::ManagedPolicy', 'OffHoursSwitch/SwitchOnPolicy'),
    ],
    note: 'The switch\'s log groups leave the stack and are kept with their history (`logRemovalPolicy` defaults to `RETAIN`). ' +
      'Take the switch-on policy out of the permission sets that reference it by name first.',
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
  },
  {
    change: '`schedule` `businessHours` → `onDemand`',
    from: { schedule: BUSINESS_HOURS() },
    to: () => ({ schedule: ON_DEMAND() }),
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
  },
  {
    change: '`schedule` `onDemand` → `businessHours`',
    from: () => ({ schedule: ON_DEMAND() }),
    to: { schedule: BUSINESS_HOURS() },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance'],
  },
  {
    change: '`natGateways` `single()` → `perAz()` (`maxAzs: 2`)',
    from: { maxAzs: 2, natGateways: NatGateways.single() },
    to: { maxAzs: 2, natGateways: NatGateways.perAz() },
    effects: [],
    stays: ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::Instance', 'AWS::EC2::EIP', 'AWS::EC2::NatGateway'],
  },
];

/** The props of one side of a transition, in a scope. */
export function overridesIn(scope: Stack, overrides: PropsOverrides): Partial<SsoClientVpnBastionProps> {
  return typeof overrides === 'function' ? overrides(scope) : overrides;
}

function nouns(type: LiveType, count: number): string {
  return count === 1 ? LIVE_TYPES[type].one : `${count} ${LIVE_TYPES[type].many}`;
}

/** "the endpoint, the server and 3 subnets", from effects of one impact. */
function listOf(effects: Effect[]): string {
  const counts = new Map<LiveType, number>();
  for (const effect of effects) {
    counts.set(effect.type, (counts.get(effect.type) ?? 0) + 1);
  }
  const parts = [...counts].map(([type, count]) => nouns(type, count));
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const VERBS: Record<Impact, string> = {
  'replaced': 'replaces',
  'may be replaced': '`cdk diff`: may replace',
  'destroyed': 'destroys',
  'orphaned': 'leaves behind (kept)',
  'restarted': 'restarts',
};

/** The "replaces or destroys" cell of a row. */
export function effectsCell(transition: Transition): string {
  if (transition.effects.length === 0) {
    return 'nothing';
  }
  return (Object.keys(VERBS) as Impact[])
    .map((impact) => transition.effects.filter((effect) => effect.impact === impact))
    .filter((effects) => effects.length > 0)
    .map((effects) => `${VERBS[effects[0].impact]} ${listOf(effects)}`)
    .join('; ');
}

/** The "what that means" cell of a row: the consequence of each kind of loss, then the row's note. */
export function consequencesCell(transition: Transition): string {
  // A possible replacement and a retained resource are explained by the row's note.
  const losses = transition.effects.filter((effect) => effect.impact === 'replaced' || effect.impact === 'destroyed');
  const types = [...new Set(losses.map((effect) => effect.type))];
  const lines = types.map((type) => `${LIVE_TYPES[type].one.replace(/^(the|a|an) /, '')}: ${CONSEQUENCES[type]}`);
  // An interruption's consequence comes from the list the guard reads (INTERRUPTIONS).
  for (const effect of transition.effects.filter((e) => e.impact === 'restarted')) {
    lines.push(`${LIVE_TYPES[effect.type].one.replace(/^(the|a|an) /, '')}: ${INTERRUPTIONS.find((interruption) => interruption.type === effect.type)?.consequence}`);
  }
  if (transition.note) {
    lines.push(transition.note);
  }
  return lines.length === 0 ? '-' : lines.join('<br>');
}

/** The "stays" cell of a row. */
export function staysCell(transition: Transition): string {
  const all = transition.stays.map((type) => LIVE_TYPES[type].all);
  const list = all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  return list.replace(/^(.)/, (first) => first.toUpperCase());
}

/** The table of docs/what-a-change-replaces.md, one row per transition. */
export function renderTable(transitions: Transition[] = TRANSITIONS): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    '| change | replaces or destroys | what that means | stays |',
    '|---|---|---|---|',
    ...transitions.map((t) => `| ${[t.change, effectsCell(t), consequencesCell(t), staysCell(t)].map(escape).join(' | ')} |`),
  ].join('\n');
}
