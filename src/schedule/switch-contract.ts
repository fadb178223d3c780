/**
 * What the off-hours switch needs to know, rendered by the construct into the
 * switch function's environment. Shared by the construct and the Lambda
 * handler, so it imports nothing from aws-cdk-lib.
 *
 * The switch owns no AWS resource. CloudFormation owns the switched ones (the
 * target network associations, their Client VPN routes, the NAT gateways and
 * the private subnets' default routes), which carry a condition on one stack
 * parameter; the switch flips that parameter through the stack, with a
 * service role that may change only those resource types, and starts or stops
 * the server by its instance ID.
 */
export interface SwitchConfiguration {
  /** The ID (ARN) of the stack that holds the bastion. */
  readonly StackId: string;
  /** The stack parameter that switches: `on` or `off` (or, with `StateParameterName`, that SSM parameter's name). */
  readonly ParameterKey: string;
  /**
   * The SSM parameter that holds the state (`SwitchState.ssmParameter`): the
   * switch writes it, then updates the stack, which resolves it again.
   * Absent when the state is a plain stack parameter.
   */
  readonly StateParameterName?: string;
  /** The CloudFormation service role the switch passes to UpdateStack. */
  readonly RoleArn: string;
  /** The SSH server, started when on and stopped when off. */
  readonly InstanceId: string;
  /** The Client VPN endpoint, whose connections say whether the bastion is idle. */
  readonly EndpointId: string;
  /** Minutes with nobody connected after which the idle alarm switches off; absent without idle switch-off. */
  readonly IdleMinutes?: number;
  /** The idle alarm, re-armed after each switch-on and after any failed switch; absent without idle switch-off. */
  readonly AlarmName?: string;
  /**
   * The VPC whose NAT gateways the stack switches; absent when the switch
   * switches no NAT gateway (an existing VPC, or no NAT gateways).
   */
  readonly VpcId?: string;
  /**
   * The allocation IDs of the stack's NAT Elastic IPs: a NAT gateway outside
   * the stack that holds one of them is a leftover of a failed switch-off.
   */
  readonly NatAllocationIds?: string[];
}

/**
 * The type of the custom resource whose Delete starts the server: when the
 * schedule is removed while switched off, nothing else would start it
 * (CloudFormation never starts a stopped instance).
 */
export const SERVER_STARTER_TYPE = 'Custom::SsoClientVpnBastionServerStarter';

/** The values of the switch parameter. */
export const SWITCHED_ON = 'on';
export const SWITCHED_OFF = 'off';
export type Mode = typeof SWITCHED_ON | typeof SWITCHED_OFF;

/** The environment variable of the switch function that carries the configuration. */
export const CONFIGURATION_VARIABLE = 'SWITCH_CONFIGURATION';

/** The environment variable of the wake function: the switch function it invokes with {"mode": "on"}. */
export const WAKE_TARGET_VARIABLE = 'WAKE_TARGET';

/** The direct invocation of the switch function (scheduler, CLI, GitHub Action). */
export interface SwitchRequest {
  /** 'on' or 'off'. */
  readonly mode: string;
}

/** The metadata key on the switch function under which the cost estimate finds what the switch switches. */
export const SWITCH_METADATA_KEY = 'sso-client-vpn-bastion:switch';

/**
 * What the off-hours switch's function carries in its template metadata (under
 * `BastionTooling.SWITCH_METADATA_KEY`): what `CostEstimate` and other tools
 * read to know which hours the switched resources exist.
 */
export interface SwitchMetadata {
  /** Hours a week the bastion is on. */
  readonly onHoursPerWeek: number;
  /** The logical ID of the condition that the switched resources carry. */
  readonly condition: string;
  /** The logical ID of the server the switch starts and stops. */
  readonly instance: string;
}
