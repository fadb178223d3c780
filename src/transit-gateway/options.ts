/**
 * How the endpoint attaches to a Transit Gateway instead of the bastion's VPC
 * subnets (Client VPN's Transit Gateway attachment, April 2026).
 *
 * In this mode Client VPN applies no source NAT: every server VPN clients
 * reach (the bastion's own included) sees their client-CIDR addresses, so its
 * security group must admit the client CIDR and its VPC must route that CIDR
 * back to the Transit Gateway. The construct does both for its own VPC and
 * server, and says so in the `ClientCidr` output for the other VPCs. The
 * Transit Gateway's route tables stay its owner's: the two attachments (the
 * endpoint's and the bastion VPC's) are associated and propagated by its
 * default route table settings, or by its owner.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-tgw.html
 */
export interface TransitGatewayOptions {
  /**
   * The ID of the Transit Gateway (`tgw-...`), in the bastion's account and
   * Region or shared with the account through AWS RAM. It must have an IPv4
   * CIDR block (`TransitGatewayCidrBlocks`, /24 or larger) before the
   * endpoint is created, and its route tables decide where clients' traffic
   * goes: the Client VPN attachment must propagate to the route tables of the
   * VPCs clients reach, and be associated with a route table that reaches
   * them. A Transit Gateway shared from another account holds the Client VPN
   * attachment in `pendingAcceptance` until its owner accepts it
   * (docs/transit-gateway.md).
   */
  readonly transitGatewayId: string;

  /**
   * The networks behind the Transit Gateway that VPN clients may reach: the
   * IPv4 CIDRs of the other VPCs (or on-premises networks). With a split
   * tunnel each gets a Client VPN route and, per authorized group, an
   * authorization rule. A full tunnel's `0.0.0.0/0` route and rules cover
   * every network the Transit Gateway routes to, so there they restrict
   * nothing (a warning says so). Their security groups must admit the client
   * CIDR (no source NAT in this mode).
   *
   * @default [] - the bastion's own VPC only (and the internet with a full tunnel)
   */
  readonly destinations?: string[];

  /**
   * The Transit Gateway route table that the Client VPN attachment is
   * associated with, in the bastion's account. With a full tunnel the
   * construct adds to it the default route (`0.0.0.0/0`) to the bastion VPC's
   * attachment, so clients reach the internet through the bastion's NAT
   * gateways and keep their fixed egress IPs. Not used with a split tunnel
   * (a warning says so).
   *
   * @default - no route is added: with a full tunnel, the route table associated
   * with the Client VPN attachment needs a default route to the bastion VPC's
   * attachment (the `TransitGatewayVpcAttachmentId` output), added by whoever
   * owns the Transit Gateway; a warning says so at synth
   */
  readonly routeTableId?: string;
}
