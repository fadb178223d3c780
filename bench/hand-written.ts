import * as path from 'path';
import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * The article's architecture composed by hand from the same L2s the construct
 * uses, without its checks, outputs and defaults logic: the baseline of the
 * synth-time benchmark.
 */
export function createHandWrittenStack(app: App): Stack {
  const stack = new Stack(app, 'HandWritten', { env: { region: 'ap-northeast-1' } });
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
  const subnet = vpc.privateSubnets[0];
  const keyPair = new ec2.KeyPair(stack, 'KeyPair');
  const serverSg = new ec2.SecurityGroup(stack, 'ServerSecurityGroup', { vpc, allowAllOutbound: false });
  for (const port of [22, 80, 443]) {
    serverSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port));
  }
  const server = new ec2.Instance(stack, 'Server', {
    vpc,
    vpcSubnets: { subnets: [subnet] },
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    keyPair,
    securityGroup: serverSg,
    httpTokens: ec2.HttpTokens.REQUIRED,
    blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
  });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
  const certificate = new acm.Certificate(stack, 'Certificate', { domainName: 'vpn.example.com', validation: acm.CertificateValidation.fromDns(hostedZone) });
  const samlProvider = new iam.SamlProvider(stack, 'SamlProvider', {
    metadataDocument: iam.SamlMetadataDocument.fromFile(path.join(__dirname, '..', 'examples', 'identity-center-metadata.xml')),
  });
  const logGroup = new logs.LogGroup(stack, 'ConnectionLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
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
    logGroup,
    dnsServers: ['172.25.0.2'],
    splitTunnel: false,
  });
  serverSg.connections.allowFrom(endpointSg, ec2.Port.tcp(22));
  endpoint.addAuthorizationRule('Authorize', { cidr: '0.0.0.0/0', groupId: '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21' });
  endpoint.addRoute('InternetRoute0', { cidr: '0.0.0.0/0', target: ec2.ClientVpnRouteTarget.subnet(subnet) });
  new CfnOutput(stack, 'EndpointId', { value: endpoint.endpointId });
  new CfnOutput(stack, 'ServerPrivateIp', { value: server.instancePrivateIp });
  return stack;
}
