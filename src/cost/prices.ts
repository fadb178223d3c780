/**
 * On-demand list prices (USD) of what the bastion is billed for by the hour
 * or month, before data transfer and per-connection charges.
 *
 * Recorded on 2026-11-29. The association, NAT gateway and public IPv4 prices
 * are the 2026 prices of the project's architecture reference (section 7);
 * the instance and gp3 prices are the AWS pricing pages' on-demand Linux
 * prices. Check the sources before relying on a figure:
 * - Client VPN: https://aws.amazon.com/vpn/pricing/
 * - NAT gateway and public IPv4: https://aws.amazon.com/vpc/pricing/
 * - EC2 instances: https://aws.amazon.com/ec2/pricing/on-demand/
 * - EBS gp3: https://aws.amazon.com/ebs/pricing/
 * - Transit Gateway: https://aws.amazon.com/transit-gateway/pricing/ (recorded
 *   on 2026-12-06 from secondary sources, the official page not being at hand:
 *   us-east-1 from infracost's price tests, ap-northeast-1 from the AWS Price
 *   List API as quoted in third-party notes; docs/transit-gateway.md)
 */
export const PRICES_RECORDED_ON = '2026-11-29';

/** On-demand list prices (USD) of a region, as `CostEstimate` uses them. */
export interface RegionPrices {
  /** Client VPN, per associated subnet per hour. */
  readonly clientVpnAssociationHour: number;
  /** Client VPN, per client connection per hour (not part of the fixed cost). */
  readonly clientVpnConnectionHour: number;
  /** A NAT gateway, per hour. */
  readonly natGatewayHour: number;
  /** A NAT gateway, per GB processed (not part of the fixed cost). */
  readonly natGatewayGb: number;
  /** A public IPv4 address (an Elastic IP), per hour. */
  readonly publicIpv4Hour: number;
  /** An EBS gp3 volume, per GB-month. */
  readonly gp3GbMonth: number;
  /** A Transit Gateway attachment (a VPC's), per hour. */
  readonly transitGatewayAttachmentHour: number;
  /** A Transit Gateway, per GB processed (not part of the fixed cost). */
  readonly transitGatewayGb: number;
  /** EC2 Linux on-demand, per hour, by instance type (such as 't3.micro'). */
  readonly instanceHour: Record<string, number>;
}

export const PRICES: Record<string, RegionPrices> = {
  'ap-northeast-1': {
    clientVpnAssociationHour: 0.15,
    clientVpnConnectionHour: 0.05,
    natGatewayHour: 0.062,
    natGatewayGb: 0.062,
    publicIpv4Hour: 0.005,
    gp3GbMonth: 0.096,
    transitGatewayAttachmentHour: 0.07,
    transitGatewayGb: 0.02,
    instanceHour: {
      't3.nano': 0.0068,
      't3.micro': 0.0136,
      't3.small': 0.0272,
      't3.medium': 0.0544,
      't4g.nano': 0.0054,
      't4g.micro': 0.0108,
      't4g.small': 0.0216,
    },
  },
  'us-east-1': {
    clientVpnAssociationHour: 0.10,
    clientVpnConnectionHour: 0.05,
    natGatewayHour: 0.045,
    natGatewayGb: 0.045,
    publicIpv4Hour: 0.005,
    gp3GbMonth: 0.08,
    transitGatewayAttachmentHour: 0.05,
    transitGatewayGb: 0.02,
    instanceHour: {
      't3.nano': 0.0052,
      't3.micro': 0.0104,
      't3.small': 0.0208,
      't3.medium': 0.0416,
      't4g.nano': 0.0042,
      't4g.micro': 0.0084,
      't4g.small': 0.0168,
    },
  },
};
