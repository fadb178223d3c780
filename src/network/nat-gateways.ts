import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { propError } from '../core/errors';

/** What the NAT choice checks against the other props. */
interface NatGatewaysContext {
  readonly vpcGiven: boolean;
  readonly splitTunnel: boolean;
  readonly maxAzs: number;
  readonly egressIpAllocationIds?: string[];
}

/**
 * How the VPC the construct creates reaches the internet: a NAT gateway per
 * AZ (the default), one shared NAT gateway, or none.
 */
export abstract class NatGateways {
  /**
   * A NAT gateway in every AZ, each on its own Elastic IP: the default
   * layout, and the one that survives the loss of an AZ.
   */
  public static perAz(): NatGateways {
    return new PerAzNatGateways();
  }

  /**
   * One NAT gateway, in the first AZ, shared by the private subnets of all
   * AZs: one hourly NAT charge and one egress IP instead of one per AZ, at the
   * price of cross-AZ data transfer and a single point of failure for egress.
   * The same as `perAz()` with one AZ.
   */
  public static single(): NatGateways {
    return new SingleNatGateway();
  }

  /**
   * No NAT gateway and no Elastic IP: the protected subnets are isolated.
   * For a split tunnel (`splitTunnel: true`) when nobody needs the fixed
   * egress IP and the server needs no outbound internet (no package updates
   * from the internet). A full tunnel is refused, since it would send the
   * clients' internet traffic into a VPC with no way out.
   */
  public static none(): NatGateways {
    return new NoNatGateway();
  }

  /** 'perAz', 'single' or 'none'. */
  public abstract readonly kind: string;

  /**
   * How many NAT gateways (and Elastic IPs) a VPC of `azCount` AZs gets.
   * @internal
   */
  public abstract _gatewayCount(azCount: number): number;

  /**
   * The subnet type of the protected tier (where the server and the associations are).
   * @internal
   */
  public _protectedSubnetType(): ec2.SubnetType {
    return ec2.SubnetType.PRIVATE_WITH_EGRESS;
  }

  /**
   * The default selection of the subnets to associate, in a VPC the construct made or a given one.
   * @internal
   */
  public _protectedSubnets(_vpcGiven: boolean): ec2.SubnetSelection {
    return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  }

  /**
   * Throws when the choice does not fit the other props.
   * @internal
   */
  public _validate(context: NatGatewaysContext): void {
    if (context.vpcGiven) {
      throw propError('natGateways', this.kind, 'cannot be used together with vpc: the NAT gateways of an existing VPC are not managed by this construct');
    }
    const allocations = context.egressIpAllocationIds;
    if (allocations !== undefined && allocations.length !== this._gatewayCount(context.maxAzs)) {
      throw propError('egressIpAllocationIds', allocations, this._allocationProblem(allocations.length, context.maxAzs));
    }
  }

  /**
   * What is wrong with `count` Elastic IP allocations.
   * @internal
   */
  public _allocationProblem(count: number, maxAzs: number): string {
    return `has ${count} entries; give one Elastic IP allocation per AZ, ${maxAzs} for maxAzs ${maxAzs}`;
  }
}

class PerAzNatGateways extends NatGateways {
  public readonly kind = 'perAz';

  public _gatewayCount(azCount: number): number {
    return azCount;
  }
}

class SingleNatGateway extends NatGateways {
  public readonly kind = 'single';

  public _gatewayCount(): number {
    return 1;
  }

  public _allocationProblem(count: number): string {
    return `has ${count} entries; NatGateways.single() has one NAT gateway, so give one Elastic IP allocation`;
  }
}

class NoNatGateway extends NatGateways {
  public readonly kind = 'none';

  public _gatewayCount(): number {
    return 0;
  }

  public _protectedSubnetType(): ec2.SubnetType {
    // Without NAT the protected tier has no way out, and says so.
    return ec2.SubnetType.PRIVATE_ISOLATED;
  }

  public _protectedSubnets(vpcGiven: boolean): ec2.SubnetSelection {
    // The construct's protected tier is isolated without NAT, so it is chosen by name.
    return vpcGiven ? super._protectedSubnets(vpcGiven) : { subnetGroupName: 'Protected' };
  }

  public _validate(context: NatGatewaysContext): void {
    if (!context.vpcGiven && context.egressIpAllocationIds !== undefined) {
      throw propError('egressIpAllocationIds', context.egressIpAllocationIds, 'cannot be used with NatGateways.none(): without a NAT gateway there is no egress address to keep');
    }
    if (!context.vpcGiven && !context.splitTunnel) {
      throw propError('natGateways', this.kind, 'needs splitTunnel: true: a full tunnel sends the clients\' internet traffic into the VPC, which has no way out without a NAT gateway; ' +
        'use NatGateways.single() for one shared NAT gateway instead');
    }
    super._validate(context);
  }
}
