import { Annotations, CfnOutput, CfnResource, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sso from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { parseIpv4Cidr, vpcResolverAddress } from './cidr';
import type { ConnectionAlarmOptions } from './connection-alarm-options';
import { ConnectionInsights } from './connection-insights';
import { applyEndpointOptions } from './endpoint-options';
import { logVpcDefaultSecurityGroupHandler, registerHandlerLogging } from './handler-logs';
import type { HandlerLogging } from './handler-logs';
import { addPermissionSet, assignGroupsToApplication, authorizedGroups } from './identity-center/identity-center';
import type { PermissionSetOptions } from './identity-center/permission-set-options';
import { checkSamlMetadata } from './identity-center/saml-metadata';
import { addSshOutputs, addToPermissionSetInlinePolicy, createInstanceConnectPolicy, instanceConnectStatements, serverKeyPairOf } from './instance-connect';
import { NatGateways } from './nat-gateways';
import { createArticleVpc } from './network';
import { addBastionOutputs } from './outputs';
import { acknowledgeAwsOwnedLogEncryption } from './rule-acknowledgements';
import { OffHoursSwitch } from './schedule/off-hours-switch';
import type { Schedule } from './schedule/schedule';
import { createSshServer } from './server';
import { ServerCertificate } from './server-certificate';
import { ServerImage } from './server-image';
import type { ServerKeyPair } from './server-key-pair';
import { checkEndpointQuotas, knownVpcCidr, validateInputs } from './validation';

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
   * account, as the article does for console access (`PowerUserAccess`, 12 hours).
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
   * @default - a new VPC as in the article: per AZ a public subnet with a NAT
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
   * `NatGateways.perAz()` is the article's layout. `NatGateways.single()`
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
   * nothing, and `cdk deploy` keeps the current on/off state.
   *
   * @default - no schedule: everything is on while the stack exists
   */
  readonly schedule?: Schedule;

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
   * default VPC CIDR); if the CIDR of a given VPC is unknown at synth time, none
   * (clients keep their own DNS servers) and a warning asks you to set this
   */
  readonly dnsServers?: string[];
}

const DEFAULT_VPC_CIDR = '172.25.0.0/16';

/** The CIDR of a given VPC; Client VPN checks need it, and an imported VPC may lack it. */
function cidrOfGivenVpc(vpc: ec2.IVpc): string {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    throw new Error(
      `SsoClientVpnBastion: vpc ${vpc.node.path} has no CIDR block; the endpoint needs it to keep clientCidr apart from the VPC. ` +
      'Import the VPC with ec2.Vpc.fromLookup, or pass vpcCidrBlock to ec2.Vpc.fromVpcAttributes.',
    );
  }
}
const DEFAULT_CLIENT_CIDR = '172.26.0.0/22';
const INTERNET = '0.0.0.0/0';

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
   * resources with `resource.connections.allowFrom(bastion, port)`.
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

  private readonly offHoursSwitch?: OffHoursSwitch;

  /**
   * @param scope the construct to create the bastion in, usually a stack
   * @param id the bastion's construct ID, unique within `scope`
   * @param props the IAM Identity Center metadata and groups, and the options
   */
  constructor(scope: Construct, id: string, props: SsoClientVpnBastionProps) {
    super(scope, id);

    const maxAzs = props.maxAzs ?? 1;
    const clientCidr = props.clientCidr ?? DEFAULT_CLIENT_CIDR;
    const splitTunnel = props.splitTunnel ?? false;
    const groupIds = props.authorizedGroupIds ?? [];
    const groupNames = props.authorizedGroupNames ?? [];
    validateInputs({
      authorizedGroupIds: groupIds,
      authorizedGroupNames: groupNames,
      identityCenterInstanceArn: props.identityCenterInstanceArn,
      samlApplicationArn: props.samlApplicationArn,
      permissionSet: props.permissionSet,
      vpcGiven: props.vpc !== undefined,
      vpcCidr: props.vpcCidr,
      vpcFlowLogs: props.vpcFlowLogs,
      newVpcCidr: props.vpc ? undefined : props.vpcCidr ?? DEFAULT_VPC_CIDR,
      existingVpcCidr: props.vpc ? knownVpcCidr(props.vpc, cidrOfGivenVpc(props.vpc)) : undefined,
      clientCidr,
      maxAzs,
      availableAzs: props.vpc
        ? (Token.isUnresolved(props.vpc.availabilityZones) ? Infinity : props.vpc.availabilityZones.length)
        : Stack.of(this).availabilityZones.length,
      environmentAgnostic: Token.isUnresolved(Stack.of(this).account) || Token.isUnresolved(Stack.of(this).region),
      egressIpAllocationIds: props.egressIpAllocationIds,
      natGateways: props.natGateways?.kind,
      splitTunnel,
      dnsServers: props.dnsServers,
      clientLoginBanner: props.clientLoginBanner,
      sessionTimeout: props.sessionTimeout,
      port: props.port,
      rootVolumeSize: props.rootVolumeSize,
    }, this);
    checkSamlMetadata(this, 'samlMetadataDocument', props.samlMetadataDocument.xml);
    if (props.selfServiceSamlMetadataDocument) {
      checkSamlMetadata(this, 'selfServiceSamlMetadataDocument', props.selfServiceSamlMetadataDocument.xml);
    }

    // Logs: both groups are kept alike; the user's own history outlives the stack by default.
    // So are the log groups of the Lambda handlers the construct makes (handler-logs.ts).
    const handlerLogging: HandlerLogging = {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      encryptionKey: props.logEncryptionKey,
    };
    registerHandlerLogging(this, handlerLogging);
    const logGroupProps: logs.LogGroupProps = handlerLogging;
    this.logGroup = new logs.LogGroup(this, 'ConnectionLogs', logGroupProps);
    if (!props.vpc && (props.vpcFlowLogs ?? true)) {
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', logGroupProps);
    }
    if (!props.logEncryptionKey) {
      for (const group of [this.logGroup, this.flowLogGroup]) {
        if (group) {
          acknowledgeAwsOwnedLogEncryption(group);
        }
      }
    }

    // Network
    const natGateways = props.natGateways ?? NatGateways.perAz();
    let natResources: CfnResource[] = [];
    if (props.vpc) {
      this.vpc = props.vpc;
      this.egressIps = [];
    } else {
      const network = createArticleVpc(this, {
        cidr: props.vpcCidr ?? DEFAULT_VPC_CIDR,
        maxAzs,
        egressIpAllocationIds: props.egressIpAllocationIds,
        natGateways: natGateways.kind,
        flowLogGroup: this.flowLogGroup,
      });
      this.vpc = network.vpc;
      this.egressIps = network.egressIps;
      natResources = network.natResources;
    }
    const associationSubnets = this.vpc.selectSubnets(props.vpcSubnets ?? {
      // Without NAT the protected tier is isolated, so it is chosen by name.
      ...(natGateways.kind === 'none' && !props.vpc ? { subnetGroupName: 'Protected' } : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }),
      availabilityZones: this.vpc.availabilityZones.slice(0, maxAzs),
      onePerAz: true,
    }).subnets;
    if (associationSubnets.length === 0) {
      throw new Error(`SsoClientVpnBastion: vpcSubnets selects no subnet in the VPC ${this.vpc.node.path}; the endpoint needs at least one private subnet with egress to associate with.`);
    }

    // The new VPC's CIDR is a token in the template, but its literal is known here.
    const vpcCidr = props.vpc ? this.vpc.vpcCidrBlock : props.vpcCidr ?? DEFAULT_VPC_CIDR;

    // Server
    const keyPair = serverKeyPairOf(props).bind(this);
    this.keyPair = keyPair.keyPair;
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO);
    const server = createSshServer(this, {
      vpc: this.vpc,
      subnet: associationSubnets[0],
      instanceType,
      machineImage: props.machineImage ?? ServerImage.amazonLinux2023({ cpuType: cpuTypeOf(instanceType) }),
      keyPair: this.keyPair,
      rootDeviceName: props.rootDeviceName ?? '/dev/xvda',
      rootVolumeSize: props.rootVolumeSize ?? 8,
    });
    this.server = server.instance;
    this.serverSecurityGroup = server.securityGroup;

    // Identity and certificate
    // (First, aws-cdk-lib's own handler behind the new VPC's restrictDefaultSecurityGroup gets its log group too.)
    logVpcDefaultSecurityGroupHandler(this, handlerLogging);
    this.serverCertificate = (props.serverCertificate ?? ServerCertificate.selfSigned()).bind(this);
    this.samlProvider = new iam.SamlProvider(this, 'SamlProvider', {
      metadataDocument: props.samlMetadataDocument,
    });
    if (props.selfServiceSamlMetadataDocument) {
      this.selfServiceSamlProvider = new iam.SamlProvider(this, 'SelfServiceSamlProvider', {
        metadataDocument: props.selfServiceSamlMetadataDocument,
      });
    }
    const groups = authorizedGroups(this, {
      groupIds,
      groupNames,
      instanceArn: props.identityCenterInstanceArn,
      needInstanceArn: props.permissionSet !== undefined,
      handlerLogging,
    });
    if (props.samlApplicationArn !== undefined) {
      assignGroupsToApplication(this, props.samlApplicationArn, groups.groups);
    }
    if (props.permissionSet !== undefined) {
      this.permissionSet = addPermissionSet(this, props.permissionSet, groups.instanceArn!, groups.groups);
    }

    // Endpoint
    // A dedicated group (the article uses the VPC's default one): traffic from
    // VPN clients leaves the endpoint's network interfaces through it. Outbound
    // stays open because a full tunnel sends clients' internet traffic through the NAT.
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Client VPN endpoint: traffic from VPN clients into the VPC',
      allowAllOutbound: true,
    });
    this.endpoint = new ec2.ClientVpnEndpoint(this, 'Endpoint', {
      vpc: this.vpc,
      vpcSubnets: { subnets: associationSubnets },
      cidr: clientCidr,
      serverCertificateArn: this.serverCertificate.certificateArn,
      userBasedAuthentication: ec2.ClientVpnUserBasedAuthentication.federated(this.samlProvider, this.selfServiceSamlProvider),
      // The portal needs a second SAML application; it is off until one is given.
      selfServicePortal: this.selfServiceSamlProvider !== undefined,
      // Only the listed groups: the L2 otherwise authorizes every user to the VPC.
      authorizeAllUsersToVpcCidr: false,
      securityGroups: [endpointSecurityGroup],
      logging: true,
      logGroup: this.logGroup,
      dnsServers: props.dnsServers ?? this.defaultDnsServers(vpcCidr),
      splitTunnel,
      sessionTimeout: props.sessionTimeout,
      transportProtocol: props.transportProtocol,
      port: props.port,
      description: `SSO Client VPN bastion ${this.node.path}`.slice(0, 255),
    });
    this.connections = this.endpoint.connections;
    if (props.clientLoginBanner) {
      // Set on the L1: the L2 counts UTF-16 code units, Client VPN counts characters (validation.ts).
      (this.endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint).clientLoginBannerOptions = { enabled: true, bannerText: props.clientLoginBanner };
    }
    checkEndpointQuotas(this, this.endpoint);
    const portalUrl = this.endpoint.node.tryFindChild('SelfServicePortalUrl') as CfnOutput | undefined;
    if (portalUrl) {
      portalUrl.description = 'The Client VPN self-service portal, where people sign in and download the client configuration';
    }
    server.securityGroup.connections.allowFrom(endpointSecurityGroup, ec2.Port.tcp(22), 'SSH from Client VPN clients');

    // A full tunnel authorizes the whole internet (VPC included) and routes it
    // through each associated subnet, so clients leave through the NAT's fixed
    // IP; a split tunnel only authorizes the VPC, whose route the association adds.
    const destination = splitTunnel ? vpcCidr : INTERNET;
    for (const group of groups.groups) {
      // Ids carry the group ID or name, not a position: a rule is unique per
      // (destination, group), so renumbering would create a duplicate before deleting the old one.
      this.endpoint.addAuthorizationRule(`Authorize-${group.label}`, {
        cidr: destination,
        groupId: group.groupId,
        description: `IAM Identity Center group ${group.label}`.slice(0, 255),
      });
    }
    const internetRoutes = splitTunnel ? [] : associationSubnets.map((subnet, index) =>
      this.endpoint.addRoute(`InternetRoute${index}`, {
        cidr: INTERNET,
        target: ec2.ClientVpnRouteTarget.subnet(subnet),
        description: 'Internet through the NAT gateway of the associated subnet',
      }));
    if (props.schedule) {
      // The switched resources stay CloudFormation's, with the same logical IDs as
      // without a schedule: the switch only sets the condition they carry.
      const associations = this.endpoint.node.children.filter((child): child is ec2.CfnClientVpnTargetNetworkAssociation =>
        child instanceof ec2.CfnClientVpnTargetNetworkAssociation);
      this.offHoursSwitch = new OffHoursSwitch(this, 'OffHoursSwitch', {
        schedule: props.schedule,
        vpc: this.vpc,
        endpoint: this.endpoint,
        associationSubnets,
        switched: {
          clientVpn: [...associations, ...internetRoutes.map((route) => route.node.defaultChild as CfnResource)],
          natGateways: natResources,
        },
        server: this.server,
        logging: handlerLogging,
      });
    }

    this.switchFunction = this.offHoursSwitch?.function;
    this.switchOnPolicy = this.offHoursSwitch?.switchOnPolicy;
    if (this.offHoursSwitch && this.permissionSet) {
      // The authorized groups may wake the bastion from the console or CLI session the permission set gives them.
      addToPermissionSetInlinePolicy(this.permissionSet, [new iam.PolicyStatement({
        sid: 'SwitchBastionOn', actions: ['lambda:InvokeFunction'], resources: [this.offHoursSwitch.wakeFunction.functionArn],
      })]);
    }

    // SSH with EC2 Instance Connect: the authorized groups may push their own key, for this server's login user only.
    this.instanceConnectPolicy = createInstanceConnectPolicy(this, this.server);
    if (this.permissionSet) {
      addToPermissionSetInlinePolicy(this.permissionSet, instanceConnectStatements(this.server));
    }
    applyEndpointOptions(this.endpoint, {
      disconnectOnSessionTimeout: props.disconnectOnSessionTimeout ?? true,
      clientRouteEnforcement: props.clientRouteEnforcement ?? true,
    });
    this.dashboard = new ConnectionInsights(this, 'ConnectionInsights', {
      endpoint: this.endpoint,
      logGroup: this.logGroup,
      server: this.server,
      scheduled: this.offHoursSwitch !== undefined,
      alarms: props.alarms,
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

  /** The VPC resolver (base + 2), when the VPC's CIDR is known at synth time. */
  private defaultDnsServers(vpcCidr: string): string[] | undefined {
    const parsed = Token.isUnresolved(vpcCidr) ? undefined : parseIpv4Cidr(vpcCidr);
    if (parsed !== undefined && typeof parsed !== 'string') {
      return [vpcResolverAddress(parsed)];
    }
    Annotations.of(this).addWarningV2('sso-client-vpn-bastion:dnsServers',
      'The CIDR of the VPC is not known at synth time, so the VPC resolver address cannot be derived: ' +
      'set dnsServers (the VPC CIDR base + 2), or VPN clients keep their own DNS servers.');
    return undefined;
  }
}

/** The Amazon Linux architecture of an instance type (Graviton types are arm64). */
function cpuTypeOf(instanceType: ec2.InstanceType): ec2.AmazonLinuxCpuType {
  return instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
}
