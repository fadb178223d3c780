/**
 * How the VPC the construct creates reaches the internet: a NAT gateway per
 * AZ (the article), one shared NAT gateway, or none.
 */
export abstract class NatGateways {
  /**
   * A NAT gateway in every AZ, each on its own Elastic IP: the article's
   * layout, and the one that survives the loss of an AZ.
   */
  public static perAz(): NatGateways {
    return new FixedNatGateways('perAz');
  }

  /**
   * One NAT gateway, in the first AZ, shared by the private subnets of all
   * AZs: one hourly NAT charge and one egress IP instead of one per AZ, at the
   * price of cross-AZ data transfer and a single point of failure for egress.
   * The same as `perAz()` with one AZ.
   */
  public static single(): NatGateways {
    return new FixedNatGateways('single');
  }

  /**
   * No NAT gateway and no Elastic IP: the protected subnets are isolated.
   * For a split tunnel (`splitTunnel: true`) when nobody needs the fixed
   * egress IP and the server needs no outbound internet (no package updates
   * from the internet). A full tunnel is refused, since it would send the
   * clients' internet traffic into a VPC with no way out.
   */
  public static none(): NatGateways {
    return new FixedNatGateways('none');
  }

  /** 'perAz', 'single' or 'none'. */
  public abstract readonly kind: string;
}

class FixedNatGateways extends NatGateways {
  constructor(public readonly kind: string) {
    super();
  }
}
