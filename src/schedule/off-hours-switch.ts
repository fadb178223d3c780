import { Arn, Aws, CfnOutput, CfnResource, CustomResource, Duration, Stack, Tags } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SwitchedNatGateway } from '../network';
import { acknowledgeProviderFindings, acknowledgeStarResource } from '../rule-acknowledgements';
import type { Schedule } from './schedule';
import { SwitchCompleteFunction } from './switch-complete-function';
import { CONFIGURATION_VARIABLE, OWNER_TAG_KEY } from './switch-configuration';
import type { SwitchConfiguration } from './switch-configuration';
import { SwitchFunction } from './switch-function';

/** The custom resource type; `CostEstimate` reads it from templates. */
export const SWITCH_RESOURCE_TYPE = 'Custom::SsoClientVpnBastionSwitch';
/** The metadata key under which the switch resource records its on-hours for the cost estimate. */
export const SWITCH_METADATA_KEY = 'sso-client-vpn-bastion:onHoursPerWeek';

export interface OffHoursSwitchProps {
  readonly schedule: Schedule;
  readonly vpc: ec2.IVpc;
  readonly endpoint: ec2.ClientVpnEndpoint;
  readonly securityGroups: ec2.ISecurityGroup[];
  readonly associationSubnets: ec2.ISubnet[];
  readonly routes: { readonly cidr: string; readonly subnet: ec2.ISubnet; readonly description: string }[];
  readonly natGateways: SwitchedNatGateway[];
  readonly server: ec2.Instance;
}

/**
 * Switches the hourly-billed parts of the bastion on and off on a schedule.
 *
 * Ownership is split so that CloudFormation and the switch never own the same
 * resource: CloudFormation owns the endpoint, its authorization rules (which
 * disassociation leaves alone), the Elastic IPs, the server and this
 * configuration; the switch function owns the target network associations,
 * the Client VPN routes, the NAT gateways and the private subnets' default
 * routes, and the server's running state. A `cdk deploy` updates the
 * configuration through the custom resource, which keeps the current state.
 */
export class OffHoursSwitch extends Construct {
  /** The function that switches; invoke it with `{"mode": "on"}` or `{"mode": "off"}`. */
  public readonly function: SwitchFunction;

  constructor(scope: Construct, id: string, props: OffHoursSwitchProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Marks the NAT gateways and the server as this switch's; the IAM conditions require it.
    const owner = `${Aws.STACK_ID}/${this.node.addr}`;
    Tags.of(props.server).add(OWNER_TAG_KEY, owner);

    const configuration: SwitchConfiguration = {
      EndpointId: props.endpoint.endpointId,
      VpcId: props.vpc.vpcId,
      SecurityGroupIds: props.securityGroups.map((group) => group.securityGroupId),
      AssociatedSubnetIds: props.associationSubnets.map((subnet) => subnet.subnetId),
      Routes: props.routes.map((route) => ({
        DestinationCidrBlock: route.cidr,
        TargetSubnetId: route.subnet.subnetId,
        Description: route.description,
      })),
      NatGateways: props.natGateways.map((nat) => ({
        SubnetId: nat.publicSubnet.subnetId,
        AllocationId: nat.allocationId,
        RouteTableIds: nat.privateRouteTableIds,
      })),
      Owner: owner,
    };

    this.function = new SwitchFunction(this, 'Function', {
      description: 'Switches the Client VPN associations, routes, NAT gateways and server on or off',
      // Association takes 5 to 15 minutes; a run that outlasts this fails and the asynchronous retry continues.
      timeout: Duration.minutes(15),
      environment: { [CONFIGURATION_VARIABLE]: stack.toJsonString(configuration) },
    });
    const isComplete = new SwitchCompleteFunction(this, 'IsComplete', {
      description: 'Reports when the off-hours switch has reached the state a deployment asked for',
      timeout: Duration.minutes(1),
    });
    for (const statement of switchPolicy(stack, props, owner)) {
      this.function.addToRolePolicy(statement);
      isComplete.addToRolePolicy(statement);
    }

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(30),
      // Association (5 to 15 minutes) plus NAT gateway creation, with room to spare.
      totalTimeout: Duration.hours(1),
    });
    const describe = 'EC2 Describe actions have no resource-level permissions: * is the only resource they accept, and they only read.';
    acknowledgeStarResource(this.function, describe);
    acknowledgeStarResource(isComplete, describe);
    acknowledgeProviderFindings(this, provider);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: SWITCH_RESOURCE_TYPE,
      properties: { Configuration: configuration },
    });
    // NAT gateways need the internet gateway attached; and on deletion the
    // switch must let go of everything before the VPC's parts are deleted.
    resource.node.addDependency(props.vpc.internetConnectivityEstablished);
    (resource.node.defaultChild as CfnResource).addMetadata(SWITCH_METADATA_KEY, props.schedule.onHoursPerWeek);

    // EventBridge Scheduler invokes asynchronously; Lambda's own retries of a
    // failed (unfinished) run carry the switch on.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules of this account may use the role (confused deputy).
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge Scheduler: invokes the off-hours switch of an SSO Client VPN bastion',
    });
    // Invoke this one function, nothing else.
    schedulerRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }));

    for (const [mode, expression] of [['on', props.schedule.switchOnExpression], ['off', props.schedule.switchOffExpression]]) {
      new scheduler.CfnSchedule(this, mode === 'on' ? 'SwitchOn' : 'SwitchOff', {
        description: `Switches the SSO Client VPN bastion ${mode}`,
        scheduleExpression: expression,
        scheduleExpressionTimezone: props.schedule.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.function.functionArn,
          roleArn: schedulerRole.roleArn,
          input: JSON.stringify({ mode }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
    }

    const invoke = (mode: string) =>
      `aws lambda invoke --region ${stack.region} --function-name ${this.function.functionName} --invocation-type Event ` +
      `--cli-binary-format raw-in-base64-out --payload '{"mode":"${mode}"}' /dev/null`;
    new CfnOutput(scope, 'SwitchFunctionName', {
      description: 'The off-hours switch: invoke it asynchronously with {"mode":"on"} or {"mode":"off"}',
      value: this.function.functionName,
    });
    new CfnOutput(scope, 'SwitchOnCommand', {
      description: 'Run this to switch the bastion on outside its hours (the VPN is usable 5 to 15 minutes later, until the next scheduled switch-off)',
      value: invoke('on'),
    });
    new CfnOutput(scope, 'SwitchOffCommand', {
      description: 'Run this to switch the bastion off now (ends every VPN connection)',
      value: invoke('off'),
    });
  }
}

/** The switch's permissions, as narrow as EC2 allows; the reason is given per statement. */
function switchPolicy(stack: Stack, props: OffHoursSwitchProps, owner: string): iam.PolicyStatement[] {
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
  const endpoint = arn('client-vpn-endpoint', props.endpoint.endpointId);
  const ownerTag = (kind: 'RequestTag' | 'ResourceTag') => ({ StringEquals: { [`aws:${kind}/${OWNER_TAG_KEY}`]: owner } });
  const statements = [
    // EC2 Describe actions support no resource-level permissions: '*' is the only resource they accept.
    new iam.PolicyStatement({
      actions: ['ec2:DescribeClientVpnTargetNetworks', 'ec2:DescribeClientVpnRoutes', 'ec2:DescribeNatGateways', 'ec2:DescribeRouteTables', 'ec2:DescribeInstances'],
      resources: ['*'],
    }),
    // Associate, and route through, only this endpoint and the configured subnets.
    new iam.PolicyStatement({
      actions: ['ec2:AssociateClientVpnTargetNetwork', 'ec2:CreateClientVpnRoute'],
      resources: [endpoint, ...props.associationSubnets.map((subnet) => arn('subnet', subnet.subnetId))],
    }),
    // Disassociate only from this endpoint.
    new iam.PolicyStatement({
      actions: ['ec2:DisassociateClientVpnTargetNetwork'],
      resources: [endpoint],
    }),
    // Re-apply the endpoint's own security groups (the ones CloudFormation gave it) after associating.
    new iam.PolicyStatement({
      actions: ['ec2:ApplySecurityGroupsToClientVpnTargetNetwork'],
      resources: [endpoint, Arn.format({ service: 'ec2', resource: 'vpc', resourceName: props.vpc.vpcId }, stack),
        ...props.securityGroups.map((group) => arn('security-group', group.securityGroupId))],
    }),
    // Start and stop only the server tagged as this switch's.
    new iam.PolicyStatement({
      actions: ['ec2:StartInstances', 'ec2:StopInstances'],
      resources: [arn('instance', '*')],
      conditions: ownerTag('ResourceTag'),
    }),
  ];
  if (props.natGateways.length > 0) {
    statements.push(
      // A NAT gateway only in the configured public subnets, on the configured Elastic IPs...
      new iam.PolicyStatement({
        actions: ['ec2:CreateNatGateway'],
        resources: [
          ...props.natGateways.map((nat) => arn('subnet', nat.publicSubnet.subnetId)),
          ...props.natGateways.map((nat) => arn('elastic-ip', nat.allocationId)),
        ],
      }),
      // ...and only when it is created with this switch's owner tag,
      new iam.PolicyStatement({
        actions: ['ec2:CreateNatGateway'],
        resources: [arn('natgateway', '*')],
        conditions: ownerTag('RequestTag'),
      }),
      // which may be written only as part of creating the gateway,
      new iam.PolicyStatement({
        actions: ['ec2:CreateTags'],
        resources: [arn('natgateway', '*')],
        conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNatGateway' } },
      }),
      // so that deleting is limited to the gateways this switch created.
      new iam.PolicyStatement({
        actions: ['ec2:DeleteNatGateway'],
        resources: [arn('natgateway', '*')],
        conditions: ownerTag('ResourceTag'),
      }),
      // The default route to the NAT gateway, in the route tables of this VPC only
      // (a configuration change may leave a route in a table no longer listed).
      new iam.PolicyStatement({
        actions: ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
        resources: [arn('route-table', '*')],
        conditions: { StringEquals: { 'ec2:Vpc': Arn.format({ service: 'ec2', resource: 'vpc', resourceName: props.vpc.vpcId }, stack) } },
      }),
    );
  }
  return statements;
}
