import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

export interface SshServerOptions {
  readonly vpc: ec2.IVpc;
  readonly subnet: ec2.ISubnet;
  readonly instanceType: ec2.InstanceType;
  readonly machineImage: ec2.IMachineImage;
  /** A shared key pair; none for EC2 Instance Connect only. */
  readonly keyPair?: ec2.IKeyPair;
  readonly rootDeviceName: string;
  readonly rootVolumeSize: number;
  /** An IPv6 address too, and the same outbound ports over IPv6. */
  readonly dualStack: boolean;
}

export interface SshServer {
  readonly instance: ec2.Instance;
  readonly securityGroup: ec2.SecurityGroup;
}

/** Ports the server may open outward: SSH, and HTTP(S) for package updates and GitHub (as the article). */
const SERVER_EGRESS_PORTS = [22, 80, 443];

/**
 * The private SSH server: no public address, IMDSv2 only, an encrypted root
 * volume, and a security group that allows out only SSH, HTTP and HTTPS.
 * Inbound SSH is opened by the caller, from the VPN endpoint's group only.
 */
export function createSshServer(scope: Construct, options: SshServerOptions): SshServer {
  const securityGroup = new ec2.SecurityGroup(scope, 'ServerSecurityGroup', {
    vpc: options.vpc,
    description: 'SSH server reachable only from Client VPN clients',
    allowAllOutbound: false,
  });
  for (const port of SERVER_EGRESS_PORTS) {
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `Outbound TCP ${port}`);
    if (options.dualStack) {
      securityGroup.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(port), `Outbound TCP ${port} over IPv6`);
    }
  }

  const instance = new ec2.Instance(scope, 'Server', {
    vpc: options.vpc,
    vpcSubnets: { subnets: [options.subnet] },
    instanceType: options.instanceType,
    machineImage: options.machineImage,
    keyPair: options.keyPair,
    securityGroup,
    // No public IPv4 address. With dual-stack, one IPv6 address instead (global by nature, and unreachable from
    // outside: the egress-only gateway lets nothing in). aws-cdk-lib refuses both settings at once; the private
    // subnet maps no public IPv4 address anyway.
    ...(options.dualStack ? { ipv6AddressCount: 1 } : { associatePublicIpAddress: false }),
    // On the instance itself: requireImdsv2 would add a launch template with a fixed name,
    // which collides when the construct is used twice in a region.
    httpTokens: ec2.HttpTokens.REQUIRED,
    blockDevices: [{
      deviceName: options.rootDeviceName,
      volume: ec2.BlockDeviceVolume.ebs(options.rootVolumeSize, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
    }],
  });

  const acknowledge = (id: string, reason: string) => Validations.of(instance).acknowledge({ id, reason });
  acknowledge('AwsSolutions-EC28', 'Basic (5-minute) monitoring is enough for one SSH host; detailed monitoring would add about 2 USD a month to a bastion meant to cost little.');
  acknowledge('AwsSolutions-EC29', 'The server is owned by the stack: termination protection would make cdk destroy and any replacement of the instance fail. ' +
    'Protect the stack instead (Stack terminationProtection) when the server holds data.');
  acknowledge('NIST.800.53.R5-EC2InstancesInVPC', 'A false positive: the instance is in the VPC through its network interface (NetworkInterfaces[0].SubnetId), ' +
    'which CDK uses instead of the top-level SubnetId because associatePublicIpAddress is set to false.');

  return { instance, securityGroup };
}
