import * as fs from 'fs';
import * as path from 'path';
import { App, CfnOutput, CfnResource, CustomResource, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

const REPO = path.join(__dirname, '..');

/**
 * A directory under assets/ whose path mentions the server image pin
 * (assets/server-image-pin/pin.lambda, assets/server/image-pin.lambda, ...):
 * the hand-written pin function stages the same handler the construct does,
 * wherever the source layout puts it. Undefined when none is found (the
 * function then gets inline code, and the bench says so).
 */
export function findPinHandlerDirectory(root = path.join(REPO, 'assets')): string | undefined {
  const visit = (dir: string): string | undefined => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.name.endsWith('.lambda') && /pin/i.test(path.relative(root, full))) {
        return full;
      }
      const found = visit(full);
      if (found) {
        return found;
      }
    }
    return undefined;
  };
  return visit(root);
}

const PIN_HANDLER_DIRECTORY = findPinHandlerDirectory();

/** Where the hand-written pin function's code comes from, for the bench's report. */
export const PIN_HANDLER_SOURCE = PIN_HANDLER_DIRECTORY
  ? path.relative(REPO, PIN_HANDLER_DIRECTORY)
  : 'inline code (no assets/**/*pin*.lambda directory found)';

const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
const IMAGE_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64';

/** A log group kept like the construct keeps its own: a year, retained with the stack gone. */
function logGroup(scope: Construct, id: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
}

/**
 * The image of the server, as the construct finds it: an SSM parameter read
 * at deploy time by aws-cdk-lib's AwsCustomResource, kept by a pin (a custom
 * resource backed by a Lambda function of its own).
 */
class PinnedImage implements ec2.IMachineImage {
  public getImage(scope: Construct): ec2.MachineImageConfig {
    const stack = Stack.of(scope);
    const call: cr.AwsSdkCall = {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: IMAGE_PARAMETER },
      physicalResourceId: cr.PhysicalResourceId.of(`${IMAGE_PARAMETER}@first-deploy`),
      outputPaths: ['Parameter.Value'],
    };
    const lookup = new cr.AwsCustomResource(scope, 'ImageLookup', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: [stack.formatArn({ service: 'ssm', account: '', resource: 'parameter', resourceName: IMAGE_PARAMETER.slice(1) })],
      }),
      logGroup: logGroup(stack, 'AwsSdkCallLogs'),
      installLatestAwsSdk: false,
    });
    const pinFunction = new lambda.Function(stack, 'ImagePin', {
      runtime: new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS),
      handler: 'index.handler',
      code: PIN_HANDLER_DIRECTORY
        ? lambda.Code.fromAsset(PIN_HANDLER_DIRECTORY)
        : lambda.Code.fromInline('exports.handler = async () => undefined;'),
      description: 'Pins the server image',
      logGroup: logGroup(stack, 'ImagePinLogs'),
      environment: { AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1' },
    });
    const pin = new CustomResource(scope, 'ImagePin', {
      serviceToken: pinFunction.functionArn,
      resourceType: 'Custom::SsoClientVpnBastionImagePin',
      properties: { Candidate: lookup.getResponseField('Parameter.Value'), Revision: 'first-deploy' },
    });
    return { imageId: pin.ref, osType: ec2.OperatingSystemType.LINUX, userData: ec2.UserData.forLinux() };
  }
}

/** The saved Logs Insights queries on the connection log (the construct saves four). */
const QUERIES: { id: string; query: logs.QueryStringProps }[] = [
  {
    id: 'SessionsQuery',
    query: {
      filterStatements: ['ispresent(`connection-id`) and `connection-attempt-status` != "failed"'],
      statsStatements: ['earliest(`username`) as user, earliest(`device-ip`) as fromAddress, latest(`connection-end-time`) as ended by `connection-id`'],
      sort: 'ended desc',
      limit: 1000,
    },
  },
  {
    id: 'SignInsPerPersonQuery',
    query: {
      filterStatements: ['`connection-log-type` = "connection-attempt" and `connection-attempt-status` = "successful"'],
      statsStatements: ['count(*) as signIns, max(@timestamp) as lastSignIn by `username`'],
      sort: 'signIns desc',
      limit: 1000,
    },
  },
  {
    id: 'FailedSignInsQuery',
    query: {
      fields: ['@timestamp', '`username`', '`device-ip`', '`connection-attempt-failure-reason`'],
      filterStatements: ['`connection-attempt-status` = "failed"'],
      sort: '@timestamp desc',
      limit: 1000,
    },
  },
  {
    id: 'FailedSignInsByAddressQuery',
    query: {
      filterStatements: ['`connection-attempt-status` = "failed"'],
      statsStatements: ['count(*) as failures, min(@timestamp) as first, max(@timestamp) as last by `device-ip`, `username`'],
      sort: 'failures desc',
      limit: 1000,
    },
  },
];

/**
 * The example app's architecture (examples/article.ts with the construct's
 * defaults) composed by hand from aws-cdk-lib's L1s and L2s, without the
 * construct's checks, rule acknowledgements and defaults logic: the baseline
 * of the synth-time benchmark. It makes the same resources, type by type and
 * count by count, and as many outputs, as the construct's template (the bench
 * prints both counts); it need not configure them identically.
 */
export function createHandWrittenStack(app: App): Stack {
  const stack = new Stack(app, 'HandWritten', { env: { region: 'ap-northeast-1' } });

  // Logs: the connection log, the VPC flow log.
  const connectionLogs = logGroup(stack, 'ConnectionLogs');
  const flowLogs = logGroup(stack, 'FlowLogs');

  // Network: one AZ, three tiers, a NAT gateway with its own Elastic IP, flow logs.
  const eip = new ec2.CfnEIP(stack, 'EgressIp0', { domain: 'vpc' });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('172.25.0.0/16'),
    maxAzs: 1,
    natGateways: 1,
    natGatewayProvider: ec2.NatProvider.gateway({ eipAllocationIds: [eip.attrAllocationId] }),
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Protected', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });
  // aws-cdk-lib's handler behind restrictDefaultSecurityGroup logs to a log group of its own.
  const restrictDefaultSgLogs = logGroup(stack, 'VpcRestrictDefaultSgLogs');
  const restrictDefaultSgHandler = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider')?.node.tryFindChild('Handler');
  if (restrictDefaultSgHandler instanceof CfnResource) {
    restrictDefaultSgHandler.addPropertyOverride('LoggingConfig.LogGroup', restrictDefaultSgLogs.logGroupName);
  }
  const subnet = vpc.privateSubnets[0];

  // The SSH server: its own security group, an image looked up at deploy time and pinned.
  const serverSg = new ec2.SecurityGroup(stack, 'ServerSecurityGroup', { vpc, allowAllOutbound: false });
  for (const port of [22, 80, 443]) {
    serverSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `Outbound TCP ${port}`);
  }
  const server = new ec2.Instance(stack, 'Server', {
    vpc,
    vpcSubnets: { subnets: [subnet] },
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: new PinnedImage(),
    securityGroup: serverSg,
    associatePublicIpAddress: false,
    httpTokens: ec2.HttpTokens.REQUIRED,
    blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
  });

  // Identity: a DNS-validated certificate, the SAML provider.
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
  const certificate = new acm.Certificate(stack, 'Certificate', {
    domainName: 'vpn.example.com',
    validation: acm.CertificateValidation.fromDns(hostedZone),
    keyAlgorithm: acm.KeyAlgorithm.RSA_2048,
  });
  const samlProvider = new iam.SamlProvider(stack, 'SamlProvider', {
    metadataDocument: iam.SamlMetadataDocument.fromFile(path.join(REPO, 'examples', 'identity-center-metadata.xml')),
  });

  // The Client VPN endpoint: a full tunnel for one group, through the NAT gateway.
  const endpointSg = new ec2.SecurityGroup(stack, 'EndpointSecurityGroup', { vpc });
  const endpoint = new ec2.ClientVpnEndpoint(stack, 'Endpoint', {
    vpc,
    vpcSubnets: { subnets: [subnet] },
    cidr: '172.26.0.0/22',
    serverCertificateArn: certificate.certificateArn,
    userBasedAuthentication: ec2.ClientVpnUserBasedAuthentication.federated(samlProvider),
    selfServicePortal: false,
    authorizeAllUsersToVpcCidr: false,
    securityGroups: [endpointSg],
    logging: true,
    logGroup: connectionLogs,
    dnsServers: ['172.25.0.2'],
    splitTunnel: false,
    description: 'Hand-written Client VPN bastion',
  });
  const cfnEndpoint = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
  cfnEndpoint.disconnectOnSessionTimeout = true;
  cfnEndpoint.clientRouteEnforcementOptions = { enforced: true };
  serverSg.connections.allowFrom(endpointSg, ec2.Port.tcp(22), 'SSH from Client VPN clients');
  endpoint.addAuthorizationRule('Authorize', { cidr: '0.0.0.0/0', groupId: '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21' });
  endpoint.addRoute('InternetRoute0', { cidr: '0.0.0.0/0', target: ec2.ClientVpnRouteTarget.subnet(subnet) });

  // SSH with EC2 Instance Connect: a managed policy for the people who may log in.
  const instanceConnectPolicy = new iam.ManagedPolicy(stack, 'InstanceConnectPolicy', {
    description: 'SSH to the server as ec2-user with EC2 Instance Connect',
    statements: [
      new iam.PolicyStatement({
        actions: ['ec2-instance-connect:SendSSHPublicKey'],
        resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: server.instanceId })],
        conditions: { StringEquals: { 'ec2:osuser': 'ec2-user' } },
      }),
      new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }),
    ],
  });

  // Monitoring: saved queries on the connection log, a dashboard.
  for (const { id, query } of QUERIES) {
    new logs.QueryDefinition(stack, id, { queryDefinitionName: `HandWritten/${id}`, queryString: new logs.QueryString(query), logGroups: [connectionLogs] });
  }
  const metric = (metricName: string, statistic: string, label: string) => new cloudwatch.Metric({
    namespace: 'AWS/ClientVPN', metricName, dimensionsMap: { Endpoint: endpoint.endpointId }, statistic, period: Duration.minutes(5), label,
  });
  const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard', { defaultInterval: Duration.days(7) });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({ title: 'Active connections', left: [metric('ActiveConnectionsCount', cloudwatch.Stats.MAXIMUM, 'Active connections')], width: 8, leftYAxis: { min: 0 } }),
    new cloudwatch.GraphWidget({ title: 'Authentication failures', left: [metric('AuthenticationFailures', cloudwatch.Stats.SUM, 'Authentication failures')], width: 8, leftYAxis: { min: 0 } }),
    new cloudwatch.GraphWidget({
      title: 'Bytes in and out',
      left: [metric('IngressBytes', cloudwatch.Stats.SUM, 'Into the endpoint'), metric('EgressBytes', cloudwatch.Stats.SUM, 'Out of the endpoint')],
      width: 8,
      leftYAxis: { min: 0 },
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.LogQueryWidget({ title: 'Sessions', logGroupNames: [connectionLogs.logGroupName], queryString: new logs.QueryString(QUERIES[0].query).toString(), width: 16, height: 8 }),
    new cloudwatch.LogQueryWidget({ title: 'Failed sign-ins', logGroupNames: [connectionLogs.logGroupName], queryString: new logs.QueryString(QUERIES[2].query).toString(), width: 8, height: 8 }),
  );

  // The outputs (as many as the construct's).
  const region = stack.region;
  const outputs: Record<string, string> = {
    EndpointId: endpoint.endpointId,
    ServerPrivateIp: server.instancePrivateIp,
    ServerInstanceId: server.instanceId,
    EgressIps: Fn.join(',', [eip.ref]),
    ExportClientConfigurationCommand: `aws ec2 export-client-vpn-client-configuration --region ${region} --client-vpn-endpoint-id ${endpoint.endpointId} --output text > client-config.ovpn`,
    SamlApplicationAcsUrl: 'http://127.0.0.1:35001',
    SamlApplicationAudience: 'urn:amazon:webservices:clientvpn',
    SshCommand: `aws ec2-instance-connect ssh --region ${region} --instance-id ${server.instanceId} --os-user ec2-user --connection-type direct`,
    SendSshPublicKeyCommand: `aws ec2-instance-connect send-ssh-public-key --region ${region} --instance-id ${server.instanceId} --instance-os-user ec2-user ` +
      `--ssh-public-key file://$HOME/.ssh/id_ed25519.pub && ssh -i $HOME/.ssh/id_ed25519 ec2-user@${server.instancePrivateIp}`,
    InstanceConnectPolicyArn: instanceConnectPolicy.managedPolicyArn,
    DashboardUrl: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboard.dashboardName}`,
  };
  for (const [id, value] of Object.entries(outputs)) {
    new CfnOutput(stack, id, { value });
  }
  return stack;
}
