/**
 * What the off-hours switch creates when on and removes when off. CloudFormation
 * owns this configuration (the custom resource's properties and the switch
 * function's environment, rendered from the same object); the switch owns the
 * resources it describes. Shared by the construct and the Lambda handler, so
 * it imports nothing from aws-cdk-lib.
 */
export interface SwitchConfiguration {
  /** The Client VPN endpoint (a CloudFormation resource). */
  readonly EndpointId: string;
  /** The endpoint's VPC and security groups, applied again after associating. */
  readonly VpcId: string;
  readonly SecurityGroupIds: string[];
  /** The subnets to associate with the endpoint when on. */
  readonly AssociatedSubnetIds: string[];
  /** The Client VPN routes to create when on (disassociating deletes them). */
  readonly Routes: SwitchRoute[];
  /** The NAT gateways to create when on and delete when off. */
  readonly NatGateways: SwitchNatGateway[];
  /**
   * The value of the owner tag on the NAT gateways this switch creates and
   * on the server it starts and stops.
   */
  readonly Owner: string;
}

export interface SwitchRoute {
  readonly DestinationCidrBlock: string;
  readonly TargetSubnetId: string;
  readonly Description: string;
}

export interface SwitchNatGateway {
  /** The public subnet of the gateway. */
  readonly SubnetId: string;
  /** The Elastic IP allocation (a CloudFormation resource): the fixed egress address. */
  readonly AllocationId: string;
  /** The private route tables whose default route goes to this gateway. */
  readonly RouteTableIds: string[];
}

/** The tag that marks NAT gateways as this switch's; the IAM policy requires it. */
export const OWNER_TAG_KEY = 'sso-client-vpn-bastion:switch';

/** The environment variable of the switch function that carries the configuration. */
export const CONFIGURATION_VARIABLE = 'SWITCH_CONFIGURATION';

/** The direct invocation of the switch function (scheduler, CLI, GitHub Action). */
export interface SwitchRequest {
  /** 'on' or 'off'. */
  readonly mode: string;
}
