import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

/** The subnet tiers of the article's VPC, one of each per AZ. */
export const SUBNET_MASK = 24;
export const TIERS_PER_AZ = 3;

export interface ArticleVpcOptions {
  readonly cidr: string;
  readonly maxAzs: number;
  /** Elastic IP allocations to reuse for the NAT gateways, one per AZ. */
  readonly egressIpAllocationIds?: string[];
}

export interface ArticleVpc {
  readonly vpc: ec2.Vpc;
  /** The NAT gateways' public addresses, in AZ order. */
  readonly egressIps: string[];
}

/**
 * The article's VPC: per AZ a public subnet (internet gateway, NAT gateway),
 * a private subnet that reaches the internet through the NAT gateway (the
 * article's "protect" tier, where the server and the VPN association live) and
 * an isolated subnet. Each NAT gateway gets an Elastic IP allocated here, so
 * the fixed egress address is known and exported.
 */
export function createArticleVpc(scope: Construct, options: ArticleVpcOptions): ArticleVpc {
  // The VPC uses at most as many AZs as the stack knows: two placeholders for
  // an environment-agnostic stack, the real list for one with account and region.
  const azCount = Math.min(options.maxAzs, Stack.of(scope).availabilityZones.length);

  let allocationIds = options.egressIpAllocationIds;
  let egressIps: string[];
  if (allocationIds) {
    // Addresses allocated by the user: their IPs are not known to the template.
    egressIps = [];
  } else {
    const eips = Array.from({ length: azCount }, (_, i) => new ec2.CfnEIP(scope, `EgressIp${i}`, { domain: 'vpc' }));
    allocationIds = eips.map((eip) => eip.attrAllocationId);
    // Ref of an Elastic IP is its public address.
    egressIps = eips.map((eip) => eip.ref);
  }

  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(options.cidr),
    maxAzs: azCount,
    natGateways: azCount,
    natGatewayProvider: ec2.NatProvider.gateway({ eipAllocationIds: allocationIds }),
    // Nothing should use the default group; lock it down (a dedicated group per role is used instead).
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_MASK, mapPublicIpOnLaunch: false },
      { name: 'Protected', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: SUBNET_MASK },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: SUBNET_MASK },
    ],
  });

  return { vpc, egressIps };
}
