import { CfnResource, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import type { NatGateways } from './nat-gateways';
import { offsetAddress } from '../core/cidr';

/** The subnet tiers of the bastion's VPC, one of each per AZ. */
export const SUBNET_MASK = 24;
export const TIERS_PER_AZ = 3;

export interface BastionVpcOptions {
  readonly cidr: string;
  readonly maxAzs: number;
  /** Elastic IP allocations to reuse for the NAT gateways, one per AZ. */
  readonly egressIpAllocationIds?: string[];
  readonly natGateways: NatGateways;
  /** Where the VPC's flow logs go; none when undefined. */
  readonly flowLogGroup?: logs.ILogGroup;
  /** IPv6 too: an Amazon-provided block, a /64 per subnet, an egress-only internet gateway for the private subnets. */
  readonly dualStack: boolean;
}

export interface BastionVpc {
  readonly vpc: ec2.Vpc;
  /** The NAT gateways' public addresses, in AZ order. */
  readonly egressIps: string[];
  /**
   * The NAT gateways and the private subnets' default routes to them: what an
   * off-hours switch takes away when off (the Elastic IPs stay).
   */
  readonly natResources: CfnResource[];
  /** With dual-stack, the VPC's Amazon-provided IPv6 block (a token): what the split tunnel and the server's IPv6 SSH rule admit. */
  readonly vpcIpv6Cidr?: string;
}

/**
 * The bastion's VPC: per AZ a public subnet (internet gateway, NAT gateway),
 * a private subnet that reaches the internet through the NAT gateway (the
 * "protect" tier of the reference architecture in README, where the server and the VPN association live) and
 * an isolated subnet. Each NAT gateway gets an Elastic IP allocated here, so
 * the fixed egress address is known and exported.
 */
export function createBastionVpc(scope: Construct, options: BastionVpcOptions): BastionVpc {
  // The VPC uses at most as many AZs as the stack knows: two placeholders for
  // an environment-agnostic stack, the real list for one with account and region.
  const azCount = Math.min(options.maxAzs, Stack.of(scope).availabilityZones.length);

  const natCount = options.natGateways._gatewayCount(azCount);

  let allocationIds = options.egressIpAllocationIds;
  let egressIps: string[];
  if (allocationIds) {
    // Addresses allocated by the user: their IPs are not known to the template.
    egressIps = [];
  } else {
    const eips = Array.from({ length: natCount }, (_, i) => new ec2.CfnEIP(scope, `EgressIp${i}`, { domain: 'vpc' }));
    allocationIds = eips.map((eip) => eip.attrAllocationId);
    // Ref of an Elastic IP is its public address.
    egressIps = eips.map((eip) => eip.ref);
  }

  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: Token.isUnresolved(options.cidr) ? ec2.IpAddresses.cidr(options.cidr) : new AzByAzIpAddresses(options.cidr),
    maxAzs: azCount,
    natGateways: natCount,
    natGatewayProvider: natCount === 0 ? undefined : ec2.NatProvider.gateway({ eipAllocationIds: allocationIds }),
    // Nothing should use the default group; lock it down (a dedicated group per role is used instead).
    restrictDefaultSecurityGroup: true,
    ...(options.dualStack ? {
      // aws-cdk-lib's dual-stack VPC: the block from Amazon's pool, a /64 per subnet (new instances get an address),
      // and an egress-only internet gateway with a ::/0 route in each private subnet; public subnets route ::/0 to the internet gateway.
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
    } : {}),
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_MASK, mapPublicIpOnLaunch: false },
      { name: 'Protected', subnetType: options.natGateways._protectedSubnetType(), cidrMask: SUBNET_MASK },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: SUBNET_MASK },
    ],
  });

  if (options.flowLogGroup) {
    // Accepted and rejected traffic alike: a rejected SSH attempt is as telling as an accepted one.
    const flowLog = vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(options.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    Validations.of(flowLog).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'aws-cdk-lib gives the flow log\'s role an inline policy that may write only to the flow log group; it is deleted with the role.',
    });
  }
  for (const subnet of vpc.publicSubnets) {
    Validations.of(subnet).acknowledge({
      id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      reason: 'The public subnets hold only the NAT gateways (no instance gets a public IP: mapPublicIpOnLaunch is off), ' +
        'and a NAT gateway needs the default route to the internet gateway to give VPN clients their fixed egress IP.',
    });
  }

  // What aws-cdk-lib's NAT provider made: a NATGateway in each public subnet
  // with one, and a DefaultRoute to it in each private subnet.
  const natResources = [
    ...vpc.publicSubnets.map((subnet) => subnet.node.tryFindChild('NATGateway')),
    ...vpc.privateSubnets.map((subnet) => subnet.node.tryFindChild('DefaultRoute')),
  ].filter((child): child is CfnResource => child instanceof CfnResource);

  const vpcIpv6Cidr = options.dualStack ? Fn.select(0, vpc.vpcIpv6CidrBlocks) : undefined;
  return { vpc, egressIps, natResources, vpcIpv6Cidr };
}

/**
 * The VPC's CIDR with its subnets laid out AZ by AZ (the first AZ's public,
 * protected and isolated subnets, then the second AZ's...), where
 * `ec2.IpAddresses.cidr` lays them out tier by tier. Adding an AZ then only
 * appends subnets: no existing subnet's CIDR moves, and a moved CIDR would
 * replace the subnet and everything in it (the server, the association).
 * With one AZ both layouts give the same CIDRs.
 */
class AzByAzIpAddresses implements ec2.IIpAddresses {
  constructor(private readonly cidr: string) {}

  public allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.cidr };
  }

  public allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    const base = ipaddr.IPv4.parse(this.cidr.split('/')[0]);
    // Requested subnets come tier by tier, each tier in AZ order.
    const tiers: string[] = [];
    const perTier = new Map<string, number>();
    const allocatedSubnets = input.requestedSubnets.map((subnet) => {
      const name = subnet.configuration.name;
      if (!tiers.includes(name)) {
        tiers.push(name);
      }
      const az = perTier.get(name) ?? 0;
      perTier.set(name, az + 1);
      const size = 2 ** (32 - (subnet.configuration.cidrMask ?? SUBNET_MASK));
      const network = offsetAddress(base, (TIERS_PER_AZ * az + tiers.indexOf(name)) * size);
      return { cidr: `${network.toString()}/${subnet.configuration.cidrMask ?? SUBNET_MASK}` };
    });
    return { allocatedSubnets };
  }
}
