/**
 * The IP families of the Client VPN endpoint: how clients reach it (the
 * endpoint's address type, outside the tunnel) and what they reach through
 * it (the traffic's, inside). Both are the same here.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-endpoints.html
 */
export class IpAddressType {
  /** IPv4 only, as the article builds it. */
  public static readonly IPV4 = new IpAddressType('ipv4');

  /**
   * IPv4 and IPv6: clients connect over either, and reach the VPC and the
   * internet over both. The construct's VPC gets an Amazon-provided IPv6
   * block with a /64 per subnet, and an egress-only internet gateway for the
   * private subnets' IPv6 traffic (no NAT: IPv6 addresses are public, and
   * the gateway lets nothing in). The server gets an IPv6 address.
   */
  public static readonly DUAL_STACK = new IpAddressType('dual-stack');

  private constructor(
    /** The value of the endpoint's `EndpointIpAddressType` and `TrafficIpAddressType`. */
    public readonly value: string,
  ) {}

  /** @internal whether IPv6 is on */
  public get _dualStack(): boolean {
    return this.value === 'dual-stack';
  }
}
