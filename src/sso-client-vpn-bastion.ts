import { CfnResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sso from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { ServerCertificate } from './certificate/server-certificate';
import { checkAccess, checkConnectionPolicy, checkTrustProviders } from './connection-policy/checks';
import type { CheckedConnectionPolicy } from './connection-policy/checks';
import { applyConnectionPolicy } from './connection-policy/endpoint-options';
import { contextOf, evaluate } from './connection-policy/evaluation';
import type { ConnectionDecision, ConnectionDescription } from './connection-policy/evaluation';
import { ConnectionPolicyMode } from './connection-policy/policy';
import type { ConnectionPolicy } from './connection-policy/policy';
import type { DeviceTrustProvider } from './connection-policy/trust-provider';
import { bastionError, withConstructPath } from './core/errors';
import type { HandlerLogging } from './core/handler-logs';
import { createLogGroup, DEFAULT_HANDLER_LOGGING, logVpcDefaultSecurityGroupHandler, registerHandlerLogging } from './core/handler-logs';
import { checkEndpoint } from './endpoint/checks';
import { createEndpoint } from './endpoint/client-vpn';
import type { BastionEndpoint } from './endpoint/client-vpn';
import { IpAddressType } from './endpoint/ip-address-type';
import { checkRuleQuota } from './endpoint/quotas';
import { checkGroups, checkIdentityCenter } from './identity-center/checks';
import { addPermissionSet, assignGroupsToApplication, authorizedGroups } from './identity-center/groups';
import type { AuthorizedGroup } from './identity-center/groups';
import type { PermissionSetOptions } from './identity-center/permission-set-options';
import { checkSamlMetadata } from './identity-center/saml-metadata';
import type { ConnectionAlarmOptions } from './monitoring/alarm-options';
import { ConnectionInsights } from './monitoring/connection-insights';
import { cidrOfGivenVpc, checkNetwork, knownVpcCidr } from './network/checks';
import type { NetworkSettings } from './network/checks';
import { NatGateways } from './network/nat-gateways';
import { createBastionVpc } from './network/vpc';
import { addBastionOutputs, addSshOutputs } from './outputs';
import { OffHoursSwitch } from './schedule/off-hours-switch';
import type { Schedule } from './schedule/on-hours';
import { SwitchState } from './schedule/switch-state';
import { checkServer } from './server/checks';
import { ServerImage } from './server/image';
import type { SshServer } from './server/instance';
import { createSshServer } from './server/instance';
import { addToPermissionSetInlinePolicy, createInstanceConnectPolicy, instanceConnectStatements, serverKeyPairOf } from './server/instance-connect';
import type { ServerKeyPair } from './server/key-pair';
import { attachBastionVpc } from './transit-gateway/attachment';
import { checkTransitGateway } from './transit-gateway/checks';
import type { TransitGatewayOptions } from './transit-gateway/options';

/**
 * Properties of an `SsoClientVpnBastion`.
 */
export interface SsoClientVpnBastionProps {
  /**
   * The SAML 2.0 metadata of the IAM Identity Center application for Client VPN.
   *
   * Create the application by hand (AWS has no API for it) with the ACS URL
   * `http://127.0.0.1:35001` and the audience `urn:amazon:webservices:clientvpn`,
   * then download its metadata file and pass it with
   * `iam.SamlMetadataDocument.fromFile(path)`.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
   */
  readonly samlMetadataDocument: iam.SamlMetadataDocument;

  /**
   * The IAM Identity Center groups whose members may connect, by group ID.
   *
   * Each group gets its own authorization rule: to `0.0.0.0/0` with a full
   * tunnel, to the VPC CIDR with a split tunnel. The group ID is the GUID-like
   * string shown under IAM Identity Center > Groups, not the group's name; it
   * reaches Client VPN through the application's `memberOf` attribute mapping.
   * The endpoint never authorizes all users: give at least one group here or
   * in `authorizedGroupNames`.
   *
   * @default - none; `authorizedGroupNames` must then name at least one group
   */
  readonly authorizedGroupIds?: string[];

  /**
   * The IAM Identity Center groups whose members may connect, by display name
   * (for example `SampleQiitaGroup`).
   *
   * The names are resolved to group IDs at deploy time by a read-only lookup
   * (`sso:ListInstances`, `identitystore:GetGroupId`), which fails the
   * deployment, saying which name, when a group does not exist. This needs the
   * stack to be deployed in the IAM Identity Center region, from the management
   * account or a delegated administrator. Each group gets an authorization rule
   * as with `authorizedGroupIds`.
   *
   * @default - none; `authorizedGroupIds` must then list at least one group
   */
  readonly authorizedGroupNames?: string[];

  /**
   * The IAM Identity Center instance to read groups from and create the permission set in.
   *
   * @default - the one instance that `sso:ListInstances` finds at deploy time
   */
  readonly identityCenterInstanceArn?: string;

  /**
   * The ARN of the Client VPN SAML application in IAM Identity Center
   * (Applications > your application > Application ARN). When given, each
   * authorized group is assigned to the application, so that step of the
   * manual setup is automated.
   *
   * @default - the groups are assigned to the application by hand
   */
  readonly samlApplicationArn?: string;

  /**
   * A permission set to create and assign to the authorized groups on an
   * account, for console and CLI access (for example `PowerUserAccess` for 12 hours).
   * It is about the AWS console and CLI, not the VPN.
   *
   * @default - no permission set
   */
  readonly permissionSet?: PermissionSetOptions;

  /**
   * The SAML metadata of a second IAM Identity Center application for the
   * Client VPN self-service portal (ACS URL
   * `https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml`, audience
   * `urn:amazon:webservices:clientvpn`). Giving it turns the portal on, where
   * people download the client configuration themselves; its URL is a stack output.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-self-service-portal.html
   * @default - no self-service portal
   */
  readonly selfServiceSamlMetadataDocument?: iam.SamlMetadataDocument;

  /**
   * The server certificate of the endpoint, which Client VPN needs even with SAML.
   *
   * Clients never connect to the certificate's name, so a self-signed one
   * works as well as a public one and needs no domain. Pick
   * `ServerCertificate.fromDnsValidatedDomain` for a certificate that ACM
   * renews, or `ServerCertificate.fromCertificateArn` for one you have.
   *
   * @default ServerCertificate.selfSigned(): a private CA and server certificate imported into ACM at deploy time
   */
  readonly serverCertificate?: ServerCertificate;

  /**
   * An existing VPC to use instead of creating one.
   *
   * The endpoint is associated with, and the server placed in, its private
   * subnets with egress (see `vpcSubnets`). Nothing in it is changed except the
   * security groups and the endpoint this construct adds.
   *
   * Its CIDR keeps `clientCidr` apart from it and gives VPN clients its DNS
   * resolver (base + 2). Both need the CIDR at synth time: a `new ec2.Vpc(...)`
   * in the same app, `ec2.Vpc.fromLookup` or `ec2.Vpc.fromVpcAttributes` with a
   * literal `vpcCidrBlock` carry it. A VPC whose CIDR is a token (another
   * stack's export) gets a warning, and clients keep their own DNS servers
   * unless you set `dnsServers`.
   *
   * @default - a new VPC: per AZ a public subnet with a NAT
   * gateway on a fixed Elastic IP, a private subnet with NAT egress and an isolated subnet
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` to associate with the endpoint, one per AZ.
   *
   * @default - the private subnets with egress, one per AZ, in at most `maxAzs` AZs
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The IPv4 CIDR block of the VPC this construct creates. Each AZ takes three /24 subnets.
   *
   * Cannot be used with `vpc`.
   *
   * @default '172.25.0.0/16'
   */
  readonly vpcCidr?: string;

  /**
   * The number of AZs to use. Each AZ adds a target network association
   * (billed hourly), a route set and, in a new VPC, a NAT gateway.
   *
   * @default 1
   */
  readonly maxAzs?: number;

  /**
   * The NAT gateways of the VPC this construct creates.
   *
   * `NatGateways.perAz()` gives each AZ its own. `NatGateways.single()`
   * shares one NAT gateway (and one egress IP) between the AZs.
   * `NatGateways.none()` has no NAT gateway and no Elastic IP, for a split
   * tunnel with no need for the fixed egress IP. Cannot be used with `vpc`.
   *
   * @default NatGateways.perAz()
   */
  readonly natGateways?: NatGateways;

  /**
   * Keep everything billed by the hour on only when needed: the target
   * network associations (with the Client VPN routes through them), the NAT
   * gateways (deleted when off and created again on the same Elastic IP, so
   * the egress address stays) and the server (stopped when off).
   *
   * `Schedule.businessHours` and `Schedule.cron` switch at fixed times
   * (EventBridge Scheduler, in their time zone), optionally also off after
   * `idleMinutes` with nobody connected; `Schedule.onDemand` is off until
   * woken (the `SwitchOnCommand` output, the GitHub Action's `switch-on`, or
   * anyone given the `SwitchOnPolicyArn` policy) and off again when idle.
   * Switching off ends every VPN connection.
   *
   * Everything stays CloudFormation's: the switched resources carry a
   * condition on a stack parameter, which the switch function flips with an
   * `UpdateStack` of the previous template under a service role that may
   * change only those resources. Adding or removing a schedule replaces
   * nothing, and `cdk deploy` keeps the current on/off state (see
   * `switchState` for CDK Pipelines).
   *
   * @default - no schedule: everything is on while the stack exists
   */
  readonly schedule?: Schedule;

  /**
   * Where the off-hours switch keeps the on/off state, which every deploy of
   * the stack must keep. Only with `schedule`.
   *
   * `SwitchState.stackParameter()` deploys the first time as it is, and the
   * CDK CLI, toolkit-lib (the GitHub Action), the console and
   * `aws cloudformation deploy` keep it; CodePipeline (CDK Pipelines) resets
   * it on every run. `SwitchState.ssmParameter(name)` is kept by every deploy
   * path, CodePipeline included, and needs the SSM parameter created once
   * before the first deploy.
   *
   * @default SwitchState.stackParameter()
   */
  readonly switchState?: SwitchState;

  /**
   * Existing Elastic IP allocation IDs for the NAT gateways, one per AZ.
   *
   * Use this to keep the same egress address when the stack is replaced, for
   * example when it is allow-listed elsewhere. Cannot be used with `vpc`.
   *
   * @default - new Elastic IPs, deleted with the stack
   */
  readonly egressIpAllocationIds?: string[];

  /**
   * The IPv4 address range from which client IP addresses are assigned.
   *
   * Between /12 and /22, and must not overlap the VPC. Changing it later
   * replaces the endpoint: new endpoint ID and DNS name, so every client
   * configuration (.ovpn) handed out stops working and must be downloaded again.
   *
   * @default '172.26.0.0/22'
   */
  readonly clientCidr?: string;

  /**
   * Whether split tunnel is enabled on the endpoint.
   *
   * With `false` all client traffic goes through the VPN and reaches the
   * internet through the NAT gateway's fixed IP: a `0.0.0.0/0` route is added
   * through every associated subnet. With `true` only traffic to the VPC goes
   * through the tunnel.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/split-tunnel-vpn.html
   * @default false
   */
  readonly splitTunnel?: boolean;

  /**
   * The instance type of the SSH server.
   *
   * @default t3.micro
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The image of the SSH server.
   *
   * A change of image replaces the server (new private IP, new host key, root
   * volume lost). The default is looked up once and kept, so a deploy never
   * replaces the server because AWS published a new image; move to a newer one
   * deliberately with `ServerImage.amazonLinux2023({ revision })`. Avoid
   * `ec2.MachineImage.latestAmazonLinux2023()`, which is resolved again at every deploy.
   *
   * @default - `ServerImage.amazonLinux2023()`: the newest Amazon Linux 2023 at the first deployment (login user `ec2-user`), for the instance type's architecture
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * The name of the image's root device, so that the root volume is encrypted.
   *
   * @default '/dev/xvda' (Amazon Linux); Ubuntu images use '/dev/sda1'
   */
  readonly rootDeviceName?: string;

  /**
   * The size of the server's encrypted root volume in GiB.
   *
   * @default 8
   */
  readonly rootVolumeSize?: number;

  /**
   * A key pair shared by everyone who may SSH to the server, besides EC2 Instance Connect.
   *
   * Without one, each person signs in with their own key, pushed for 60
   * seconds with EC2 Instance Connect and allowed by IAM to the authorized
   * groups (the `SshCommand` output). `ServerKeyPair.generate()` is what
   * earlier releases did by default: a stack deployed with it keeps its server
   * only by saying so (a change of key pair replaces the server).
   *
   * @default ServerKeyPair.none(): SSH with EC2 Instance Connect only
   */
  readonly serverKeyPair?: ServerKeyPair;

  /**
   * An existing key pair for SSH to the server.
   *
   * @deprecated use `serverKeyPair: ServerKeyPair.fromKeyPair(keyPair)`
   * @default - see `serverKeyPair`
   */
  readonly keyPair?: ec2.IKeyPair;

  /**
   * CloudWatch alarms on failed sign-ins and on the number of connections, sent to an SNS topic of yours.
   *
   * @default - no alarms; the dashboard (`DashboardUrl` output) still shows both
   */
  readonly alarms?: ConnectionAlarmOptions;

  /**
   * Whether a VPN session ends when `sessionTimeout` is reached, so that the
   * person must sign in again through IAM Identity Center (`false` lets the
   * client reconnect on its own).
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-max-duration.html
   * @default true: a session never outlives its timeout, so a removed group member is out at the latest then
   */
  readonly disconnectOnSessionTimeout?: boolean;

  /**
   * Whether the AWS-provided client (5.2.0 or later) enforces the endpoint's
   * routes on the device: it removes local routes that conflict with the
   * VPN's, so traffic meant for the tunnel cannot be steered around it. With
   * a full tunnel this includes the local network: devices cannot reach their
   * LAN while connected.
   *
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-cre.html
   * @default true
   */
  readonly clientRouteEnforcement?: boolean;

  /**
   * Whether the traffic of the VPC this construct creates is logged (VPC
   * flow logs, accepted and rejected, to a CloudWatch Logs group kept like
   * the connection logs: `logRetention`, `logRemovalPolicy`,
   * `logEncryptionKey`). Flow logs are billed by the volume ingested, which is
   * small for a bastion. A given `vpc` is left as it is: its flow logs are yours.
   *
   * @default true
   */
  readonly vpcFlowLogs?: boolean;

  /**
   * How long the connection logs (and the VPC flow logs) are kept.
   *
   * The logs of the construct's Lambda handlers (the self-signed certificate,
   * the group-name lookup, the new VPC's default security group) are kept
   * alike. Those handlers are shared by the bastions of a stack: the first
   * bastion's `logRetention`, `logRemovalPolicy` and `logEncryptionKey` apply
   * to their logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the connection log group (and the VPC flow log group
   * and the Lambda handlers' log groups) when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN: the log history outlives the stack
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * A KMS key to encrypt the connection logs, the VPC flow logs and the Lambda handlers' logs with.
   *
   * Its key policy must allow the CloudWatch Logs service principal of the
   * stack's region (`logs.<region>.amazonaws.com`) to use it. Keep the key as
   * long as the logs: a retained log group is unreadable once its key is deleted.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default - CloudWatch Logs' own encryption at rest, with keys AWS owns
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * The maximum VPN session duration time.
   *
   * @default ec2.ClientVpnSessionTimeout.TWENTY_FOUR_HOURS
   */
  readonly sessionTimeout?: ec2.ClientVpnSessionTimeout;

  /**
   * Customizable text that will be displayed in a banner on AWS provided clients
   * when a VPN session is established. UTF-8 encoded characters only. Maximum of 1400 characters.
   *
   * @default - no banner is presented to the client
   */
  readonly clientLoginBanner?: string;

  /**
   * The transport protocol to be used by the VPN session.
   *
   * @default ec2.TransportProtocol.UDP
   */
  readonly transportProtocol?: ec2.TransportProtocol;

  /**
   * The port number to assign to the Client VPN endpoint for TCP and UDP traffic.
   *
   * @default ec2.VpnPort.HTTPS
   */
  readonly port?: ec2.VpnPort;

  /**
   * Information about the DNS servers to be used for DNS resolution. At most two.
   *
   * @default - the VPC's own resolver (the VPC CIDR base + 2, `172.25.0.2` for the
   * default VPC CIDR), also for a given `vpc` whose CIDR is known at synth time
   * (a `new ec2.Vpc(...)` in the same app, `ec2.Vpc.fromLookup`, or
   * `fromVpcAttributes` with a literal `vpcCidrBlock`); only when it is not, none
   * (clients keep their own DNS servers) and a warning asks you to set this.
   * With `transitGateway`, none and a warning: a VPC's resolver answers only
   * queries from inside its VPC, and clients' queries keep their own
   * addresses in that mode (give a Route 53 Resolver inbound endpoint's addresses)
   */
  readonly dnsServers?: string[];

  /**
   * The IP families of the endpoint and of the traffic through it. With
   * `IpAddressType.DUAL_STACK`, the VPC gets IPv6 (an Amazon-provided block,
   * a /64 per subnet, an egress-only internet gateway), each group an IPv6
   * authorization rule beside its IPv4 one, a full tunnel an IPv6 route to
   * the internet per associated subnet, and the server an IPv6 address.
   * Changing it replaces the endpoint (Client VPN cannot change an
   * endpoint's address type: every `.ovpn` must be downloaded again) and the
   * server (docs/what-a-change-replaces.md).
   *
   * @default IpAddressType.IPV4
   */
  readonly ipAddressType?: IpAddressType;

  /**
   * Attach the endpoint to a Transit Gateway instead of the VPC's subnets, so
   * that VPN clients reach the VPCs (and accounts) behind it as well as the
   * bastion's own. The construct attaches its VPC to the Transit Gateway,
   * routes the client CIDR back through it, and admits SSH from the client
   * CIDR: Client VPN applies no source NAT in this mode, so every other
   * server clients reach must admit the client CIDR too (the `ClientCidr`
   * output). Entering or leaving this mode replaces the endpoint
   * (docs/what-a-change-replaces.md); docs/transit-gateway.md has the
   * Transit Gateway's side, sharing across accounts and what a schedule
   * still saves.
   *
   * @default - no Transit Gateway: the endpoint is associated with the VPC's subnets
   */
  readonly transitGateway?: TransitGatewayOptions;

  /**
   * Who may connect, decided by a Cedar policy over the user's groups, the
   * connection and the device's posture, on top of the groups' authorization
   * rules. Checked at synth time with the Cedar engine: syntax (with line and
   * column), what Client VPN's context has (a misspelled attribute, or the
   * posture of a provider that `devicePosture` lacks, is an error), and a
   * policy that permits nobody or forbids everyone. Test it with
   * `evaluateConnection`.
   *
   * @default - no policy: every member of the authorized groups may connect
   *   from any device and network
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-policies.html
   */
  readonly connectionPolicy?: ConnectionPolicy;

  /**
   * Whether the connection policy is enforced or only logged. Start in shadow
   * mode, read the decisions (the `Authorization policy decisions` query),
   * then enforce: enforcing, or changing an enforced policy, disconnects every
   * active session.
   *
   * @default ConnectionPolicyMode.SHADOW
   */
  readonly connectionPolicyMode?: ConnectionPolicyMode;

  /**
   * The device trust providers whose posture tokens the AWS provided client
   * (6.2.0 or later) sends, at most one of each type: their signals become
   * `context.crowdstrike`, `context.jamf` and `context.jumpcloud` in the
   * connection policy.
   *
   * @default - no device posture
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture.html
   */
  readonly devicePosture?: DeviceTrustProvider[];

  /**
   * A Lambda function that Client VPN calls on each new connection, after
   * authentication and before the authorization rules, for checks a Cedar
   * policy cannot express (a lookup in your inventory...). Its name must start
   * with `AWSClientVPN-`; Client VPN waits at most 30 seconds and denies the
   * connection when the function fails, is throttled or answers in another
   * shape, so give it provisioned concurrency.
   *
   * @default - no client connect handler
   * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html
   */
  readonly clientConnectHandler?: lambda.IFunction;
}

const DEFAULT_VPC_CIDR = '172.25.0.0/16';

const DEFAULT_CLIENT_CIDR = '172.26.0.0/22';

/**
 * SSH access to a private server through AWS Client VPN with IAM Identity
 * Center single sign-on: a VPC with public, NAT and isolated subnets, a NAT
 * gateway on a fixed Elastic IP, a private SSH server, the server certificate,
 * the IAM SAML provider and a Client VPN endpoint with SAML authentication,
 * connection logging, target network associations, per-group authorization
 * rules and routes.
 *
 * @example
 * declare const hostedZone: route53.IHostedZone;
 *
 * new SsoClientVpnBastion(this, 'Bastion', {
 *   samlMetadataDocument: iam.SamlMetadataDocument.fromFile('identity-center-metadata.xml'),
 *   authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'],
 *   serverCertificate: ServerCertificate.fromDnsValidatedDomain({ domainName: 'vpn.example.com', hostedZone }),
 * });
 */
export class SsoClientVpnBastion extends Construct implements ec2.IConnectable {
  /** The VPC the endpoint and the server are in. */
  public readonly vpc: ec2.IVpc;

  /** The private SSH server. */
  public readonly server: ec2.Instance;

  /** The security group of the SSH server. */
  public readonly serverSecurityGroup: ec2.SecurityGroup;

  /** The shared key pair of the SSH server, when `serverKeyPair` gives one. */
  public readonly keyPair?: ec2.IKeyPair;

  /**
   * A managed policy that allows SSH to the server with EC2 Instance Connect
   * (as `ec2-user`) and nothing else. With `permissionSet`, its statements are
   * also in the permission set; attach it to anyone else who may log in.
   */
  public readonly instanceConnectPolicy: iam.IManagedPolicy;

  /** The CloudWatch dashboard of the endpoint's connections (its URL is the `DashboardUrl` output). */
  public readonly dashboard: cloudwatch.Dashboard;

  /** The server certificate of the endpoint. */
  public readonly serverCertificate: acm.ICertificate;

  /** The IAM SAML identity provider made from the IAM Identity Center metadata. */
  public readonly samlProvider: iam.SamlProvider;

  /** The IAM SAML identity provider of the self-service portal, when it is on. */
  public readonly selfServiceSamlProvider?: iam.SamlProvider;

  /** The permission set, when `permissionSet` is given. */
  public readonly permissionSet?: sso.CfnPermissionSet;

  /** The CloudWatch Logs group of the endpoint's connection logs. */
  public readonly logGroup: logs.LogGroup;

  /** The CloudWatch Logs group of the VPC flow logs, when the construct created the VPC with `vpcFlowLogs` on. */
  public readonly flowLogGroup?: logs.LogGroup;

  /** The Client VPN endpoint. */
  public readonly endpoint: ec2.ClientVpnEndpoint;

  /**
   * The network connections of the VPN clients: allow them into other
   * resources with `resource.connections.allowFrom(bastion, port)`. With
   * `transitGateway` that admits the client CIDR (no source NAT in that
   * mode), which also works for resources in the VPCs behind the Transit Gateway.
   */
  public readonly connections: ec2.Connections;

  /**
   * The fixed public IPs that VPN clients reach the internet from (the NAT
   * gateways' Elastic IPs), one per AZ. Empty when the VPC or the Elastic IPs
   * are the user's own.
   */
  public readonly egressIps: string[];

  /**
   * The function that switches the bastion on and off, when `schedule` is set.
   * Invoke it asynchronously with `{"mode": "on"}` or `{"mode": "off"}`.
   */
  public readonly switchFunction?: lambda.IFunction;

  /**
   * A managed policy that allows switching the bastion on and nothing else,
   * when `schedule` is set: attach it to the people who may wake the bastion.
   * With `permissionSet`, its statement is also in the permission set.
   */
  public readonly switchOnPolicy?: iam.IManagedPolicy;

  /**
   * The Cedar policy the endpoint carries, as checked at synth time (group
   * IDs looked up by name are tokens in it).
   */
  public readonly connectionPolicyText?: string;

  private readonly offHoursSwitch?: OffHoursSwitch;
  private readonly checkedPolicy?: CheckedConnectionPolicy;

  /**
   * @param scope the construct to create the bastion in, usually a stack
   * @param id the bastion's construct ID, unique within `scope`
   * @param props the IAM Identity Center metadata and groups, and the options
   */
  constructor(scope: Construct, id: string, props: SsoClientVpnBastionProps) {
    super(scope, id);
    const settings = this.validate(props);
    // The connection, flow and handler logs are kept alike; the history outlives the stack by default.
    const logging: HandlerLogging = {
      retention: props.logRetention ?? DEFAULT_HANDLER_LOGGING.retention,
      removalPolicy: props.logRemovalPolicy ?? DEFAULT_HANDLER_LOGGING.removalPolicy,
      encryptionKey: props.logEncryptionKey,
    };
    registerHandlerLogging(this, logging);
    this.logGroup = createLogGroup(this, 'ConnectionLogs', logging);
    this.flowLogGroup = !props.vpc && (props.vpcFlowLogs ?? true) ? createLogGroup(this, 'FlowLogs', logging) : undefined;

    const network = this.createNetwork(props, settings);
    this.vpc = network.vpc;
    this.egressIps = network.egressIps;

    const keyPair = settings.serverKeyPair.bind(this);
    this.keyPair = keyPair.keyPair;
    const server = this.createServer(props, settings, network.associationSubnets[0], keyPair.keyPair);
    this.server = server.instance;
    this.serverSecurityGroup = server.securityGroup;

    // aws-cdk-lib's own handler behind the new VPC's restrictDefaultSecurityGroup gets its log group too.
    logVpcDefaultSecurityGroupHandler(this, logging);
    const identity = this.createIdentity(props, settings, logging);
    this.serverCertificate = identity.serverCertificate;
    this.samlProvider = identity.samlProvider;
    this.selfServiceSamlProvider = identity.selfServiceSamlProvider;
    this.permissionSet = identity.permissionSet;

    this.checkedPolicy = this.checkConnectionPolicy(props, identity.groups);
    this.connectionPolicyText = this.checkedPolicy?.text;
    const endpoint = createEndpoint(this, {
      ...props,
      vpc: this.vpc,
      vpcCidr: network.vpcCidr,
      knownVpcCidr: network.knownVpcCidr,
      vpcIpv6Cidr: network.vpcIpv6Cidr,
      associationSubnets: network.associationSubnets,
      clientCidr: settings.clientCidr,
      serverCertificate: this.serverCertificate,
      samlProvider: this.samlProvider,
      selfServiceSamlProvider: this.selfServiceSamlProvider,
      logGroup: this.logGroup,
      groups: identity.groups,
      splitTunnel: settings.splitTunnel,
      ipAddressType: props.ipAddressType ?? IpAddressType.IPV4,
      disconnectOnSessionTimeout: props.disconnectOnSessionTimeout ?? true,
      clientRouteEnforcement: props.clientRouteEnforcement ?? true,
    });
    this.endpoint = endpoint.endpoint;
    // Through a Transit Gateway clients keep their client-CIDR addresses, and the endpoint has no security group to reference.
    this.connections = props.transitGateway ? new ec2.Connections({ peer: ec2.Peer.ipv4(settings.clientCidr) }) : this.endpoint.connections;
    applyConnectionPolicy(this.endpoint, {
      policy: this.checkedPolicy,
      mode: props.connectionPolicyMode ?? ConnectionPolicyMode.SHADOW,
      devicePosture: props.devicePosture ?? [],
    });
    if (endpoint.securityGroup) {
      server.securityGroup.connections.allowFrom(endpoint.securityGroup, ec2.Port.tcp(22), 'SSH from Client VPN clients');
    }
    if (props.transitGateway) {
      // No source NAT through a Transit Gateway: clients arrive with their own addresses, which come back through it.
      server.securityGroup.addIngressRule(ec2.Peer.ipv4(settings.clientCidr), ec2.Port.tcp(22),
        'SSH from Client VPN clients through the Transit Gateway (no source NAT: their client-CIDR addresses)');
      attachBastionVpc(this, {
        transitGateway: props.transitGateway,
        vpc: this.vpc,
        subnets: network.associationSubnets,
        clientCidr: settings.clientCidr,
        splitTunnel: settings.splitTunnel,
      });
    }
    if (network.vpcIpv6Cidr) {
      // Client VPN translates clients' IPv4 addresses to the endpoint's (so the endpoint's group admits them above),
      // but not their IPv6 addresses, which keep the address Client VPN assigns them and which a group reference
      // does not match. AWS does not say from which range it assigns them; the server admits SSH over IPv6 from the
      // VPC's own IPv6 block only (the egress-only gateway lets nothing in from the internet). Should the range lie
      // outside it, SSH over IPv6 is refused and IPv4 still works: docs/options.md says how to check.
      server.securityGroup.addIngressRule(ec2.Peer.ipv6(network.vpcIpv6Cidr), ec2.Port.tcp(22),
        'SSH from Client VPN clients over IPv6 (not translated: their addresses, in the VPC\'s IPv6 block)');
    }

    this.offHoursSwitch = this.createSchedule(props, network, endpoint, logging);
    this.switchFunction = this.offHoursSwitch?.function;
    this.switchOnPolicy = this.offHoursSwitch?.switchOnPolicy;

    // SSH with EC2 Instance Connect: the authorized groups may push their own key, for this server's login user only.
    this.instanceConnectPolicy = createInstanceConnectPolicy(this, this.server);
    this.grantThroughPermissionSet();
    this.dashboard = new ConnectionInsights(this, 'ConnectionInsights', {
      endpoint: this.endpoint,
      logGroup: this.logGroup,
      server: this.server,
      scheduled: this.offHoursSwitch !== undefined,
      switchFailures: this.offHoursSwitch,
      alarms: props.alarms,
      connectionPolicy: this.checkedPolicy !== undefined,
    }).dashboard;

    addBastionOutputs(this, {
      endpointId: this.endpoint.endpointId,
      serverPrivateIp: this.server.instancePrivateIp,
      egressIps: this.egressIps,
      selfServicePortal: this.selfServiceSamlProvider !== undefined,
    });
    addSshOutputs(this, {
      instanceId: this.server.instanceId,
      serverPrivateIp: this.server.instancePrivateIp,
      instanceConnectPolicyArn: this.instanceConnectPolicy.managedPolicyArn,
      keyPair: keyPair.keyPair,
      generatedKeyPairId: keyPair.generatedKeyPairId,
    });
  }

  /**
   * Applies the defaults (once, here) and has each part check its slice of
   * the props, in this order (each error names the prop).
   */
  private validate(props: SsoClientVpnBastionProps): BastionSettings {
    try {
      const settings: BastionSettings = {
        maxAzs: props.maxAzs ?? 1,
        clientCidr: props.clientCidr ?? DEFAULT_CLIENT_CIDR,
        splitTunnel: props.splitTunnel ?? false,
        dualStack: (props.ipAddressType ?? IpAddressType.IPV4)._dualStack,
        groupIds: props.authorizedGroupIds ?? [],
        groupNames: props.authorizedGroupNames ?? [],
        natGateways: props.natGateways ?? NatGateways.perAz(),
        serverKeyPair: serverKeyPairOf(props),
        vpcCidr: props.vpc ? knownVpcCidr(props.vpc, cidrOfGivenVpc(props.vpc)) : props.vpcCidr ?? DEFAULT_VPC_CIDR,
      };
      checkGroups(settings.groupIds, settings.groupNames);
      checkRuleQuota(settings.groupIds, settings.groupNames, settings.dualStack, this);
      checkIdentityCenter(props);
      const knownCidr = checkNetwork(this, props, settings);
      checkEndpoint(props, settings.clientCidr, props.vpc ? settings.vpcCidr : undefined, knownCidr);
      checkServer(props);
      if (props.transitGateway) {
        checkTransitGateway(this, props.transitGateway, {
          vpcGiven: props.vpc !== undefined,
          dualStack: settings.dualStack,
          maxAzs: settings.maxAzs,
          clientCidr: settings.clientCidr,
          vpcCidr: settings.vpcCidr,
        });
      }
      checkAccess(props);
      checkSamlMetadata(this, 'samlMetadataDocument', props.samlMetadataDocument.xml);
      if (props.selfServiceSamlMetadataDocument) {
        checkSamlMetadata(this, 'selfServiceSamlMetadataDocument', props.selfServiceSamlMetadataDocument.xml);
      }
      return settings;
    } catch (error) {
      throw withConstructPath(error, this);
    }
  }

  /**
   * What Client VPN decides for this connection under the bastion's
   * connection policy, evaluated by the Cedar engine as Client VPN evaluates
   * it (a statement that reads an attribute the connection lacks makes the
   * result `error`, a deny once enforced). Use it in tests to show who gets
   * in before deploying: the result does not depend on the mode.
   *
   * @param connection who connects, from where, with what
   */
  public evaluateConnection(connection: ConnectionDescription): ConnectionDecision {
    const policy = this.checkedPolicy;
    if (!policy) {
      throw withConstructPath(bastionError('evaluateConnection needs connectionPolicy: without one, every member of the authorized groups may connect.'), this);
    }
    if (Token.isUnresolved(policy.text)) {
      throw withConstructPath(bastionError('evaluateConnection: the policy holds group IDs that are looked up by name at deploy time; give authorizedGroupIds to evaluate it at synth time.'), this);
    }
    return evaluate(policy.statements, policy.schema, contextOf(connection, policy.providers));
  }

  /** The connection policy written out with the groups' IDs, and checked against this endpoint's context. */
  private checkConnectionPolicy(
    props: SsoClientVpnBastionProps, groups: AuthorizedGroup[],
  ): CheckedConnectionPolicy | undefined {
    if (!props.connectionPolicy) {
      return undefined;
    }
    try {
      return checkConnectionPolicy(props.connectionPolicy, { authorizedGroupIds: groups.map((group) => group.groupId) },
        checkTrustProviders(props.devicePosture ?? []));
    } catch (error) {
      throw withConstructPath(error, this);
    }
  }

  /** The bastion's VPC (or the given one) and the subnets to associate, one per AZ. */
  private createNetwork(props: SsoClientVpnBastionProps, settings: BastionSettings): BastionNetwork {
    const network = props.vpc
      ? { vpc: props.vpc, egressIps: [], natResources: [] }
      : createBastionVpc(this, {
        cidr: settings.vpcCidr,
        maxAzs: settings.maxAzs,
        egressIpAllocationIds: props.egressIpAllocationIds,
        natGateways: settings.natGateways,
        flowLogGroup: this.flowLogGroup,
        dualStack: settings.dualStack,
      });
    const associationSubnets = network.vpc.selectSubnets(props.vpcSubnets ?? {
      ...settings.natGateways._protectedSubnets(props.vpc !== undefined),
      availabilityZones: network.vpc.availabilityZones.slice(0, settings.maxAzs),
      onePerAz: true,
    }).subnets;
    if (associationSubnets.length === 0) {
      throw bastionError(`vpcSubnets selects no subnet in the VPC ${network.vpc.node.path}; the endpoint needs at least one private subnet with egress to associate with.`, this);
    }
    // In the template: the literal of the VPC the construct makes (its vpcCidrBlock is a token), a given VPC's own attribute.
    const vpcCidr = props.vpc ? props.vpc.vpcCidrBlock : settings.vpcCidr;
    // At synth time: the literal whenever it is known (a given VPC's too), as the overlap checks see it.
    return { ...network, associationSubnets, vpcCidr, knownVpcCidr: settings.vpcCidr };
  }

  private createServer(
    props: SsoClientVpnBastionProps, settings: BastionSettings, subnet: ec2.ISubnet, keyPair: ec2.IKeyPair | undefined,
  ): SshServer {
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO);
    return createSshServer(this, {
      vpc: this.vpc,
      subnet,
      instanceType,
      machineImage: props.machineImage ?? ServerImage.amazonLinux2023({ cpuType: cpuTypeOf(instanceType) }),
      keyPair,
      rootDeviceName: props.rootDeviceName ?? '/dev/xvda',
      rootVolumeSize: props.rootVolumeSize ?? 8,
      dualStack: settings.dualStack,
    });
  }

  /** The server certificate, the SAML providers, the groups, and their application assignment and permission set. */
  private createIdentity(props: SsoClientVpnBastionProps, settings: BastionSettings, logging: HandlerLogging): BastionIdentity {
    const serverCertificate = (props.serverCertificate ?? ServerCertificate.selfSigned()).bind(this);
    const samlProvider = new iam.SamlProvider(this, 'SamlProvider', { metadataDocument: props.samlMetadataDocument });
    const selfServiceSamlProvider = props.selfServiceSamlMetadataDocument
      ? new iam.SamlProvider(this, 'SelfServiceSamlProvider', { metadataDocument: props.selfServiceSamlMetadataDocument })
      : undefined;
    const { groups, instanceArn } = authorizedGroups(this, {
      groupIds: settings.groupIds,
      groupNames: settings.groupNames,
      instanceArn: props.identityCenterInstanceArn,
      needInstanceArn: props.permissionSet !== undefined,
      handlerLogging: logging,
    });
    if (props.samlApplicationArn !== undefined) {
      assignGroupsToApplication(this, props.samlApplicationArn, groups);
    }
    const permissionSet = props.permissionSet && addPermissionSet(this, props.permissionSet, instanceArn!, groups);
    return { serverCertificate, samlProvider, selfServiceSamlProvider, groups, permissionSet };
  }

  /**
   * The off-hours switch. The switched resources stay CloudFormation's, with the
   * same logical IDs as without a schedule: the switch only sets the condition they carry.
   */
  private createSchedule(
    props: SsoClientVpnBastionProps, network: BastionNetwork, endpoint: BastionEndpoint, logging: HandlerLogging,
  ): OffHoursSwitch | undefined {
    if (!props.schedule) {
      if (props.switchState) {
        throw withConstructPath(bastionError('switchState is set without schedule: there is no switch to keep a state for; set schedule, or leave switchState out.'), this);
      }
      return undefined;
    }
    return new OffHoursSwitch(this, 'OffHoursSwitch', {
      schedule: props.schedule,
      state: props.switchState ?? SwitchState.stackParameter(),
      vpc: this.vpc,
      endpoint: endpoint.endpoint,
      // With a Transit Gateway the switch associates no subnet: its Client VPN routes name none.
      associationSubnets: props.transitGateway ? [] : network.associationSubnets,
      switched: {
        clientVpn: [...endpoint.associations, ...endpoint.routes],
        natGateways: network.natResources,
      },
      server: this.server,
      logging,
    });
  }

  /** The authorized groups get, in their permission set, what they may do as themselves: wake the bastion, push their SSH key. */
  private grantThroughPermissionSet(): void {
    if (!this.permissionSet) {
      return;
    }
    if (this.offHoursSwitch) {
      addToPermissionSetInlinePolicy(this.permissionSet, [new iam.PolicyStatement({
        sid: 'SwitchBastionOn', actions: ['lambda:InvokeFunction'], resources: [this.offHoursSwitch.wakeFunction.functionArn],
      })]);
    }
    addToPermissionSetInlinePolicy(this.permissionSet, instanceConnectStatements(this.server));
  }
}

/**
 * The props' values with their defaults, which the steps share; `props` holds
 * them as given (undefined when left out).
 */
interface BastionSettings extends NetworkSettings {
  readonly clientCidr: string;
  readonly groupIds: string[];
  readonly groupNames: string[];
  readonly serverKeyPair: ServerKeyPair;
}

interface BastionNetwork {
  readonly vpc: ec2.IVpc;
  readonly egressIps: string[];
  /** The NAT gateways and their default routes, which an off-hours switch takes away. */
  readonly natResources: CfnResource[];
  readonly associationSubnets: ec2.ISubnet[];
  readonly vpcCidr: string;
  /** The VPC's CIDR as a literal when it is known at synth time (a token otherwise). */
  readonly knownVpcCidr: string;
  /** With dual-stack, the VPC's IPv6 block (only the construct's own VPC is dual-stack). */
  readonly vpcIpv6Cidr?: string;
}

interface BastionIdentity {
  readonly serverCertificate: acm.ICertificate;
  readonly samlProvider: iam.SamlProvider;
  readonly selfServiceSamlProvider?: iam.SamlProvider;
  readonly groups: AuthorizedGroup[];
  readonly permissionSet?: sso.CfnPermissionSet;
}

/** The Amazon Linux architecture of an instance type (Graviton types are arm64). */
function cpuTypeOf(instanceType: ec2.InstanceType): ec2.AmazonLinuxCpuType {
  return instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
}
