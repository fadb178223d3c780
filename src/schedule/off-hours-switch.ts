import { ArnFormat, Aws, CfnCondition, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { handlerLogGroup } from '../handler-logs';
import type { HandlerLogging } from '../handler-logs';
import { addSwitchOutputs } from '../outputs';
import { acknowledgeHandlerFindings, acknowledgeStarResource } from '../rule-acknowledgements';
import { IDLE_PERIOD_MINUTES } from './schedule';
import type { Schedule } from './schedule';
import { CONFIGURATION_VARIABLE, SWITCHED_OFF, SWITCHED_ON, WAKE_TARGET_VARIABLE } from './switch-configuration';
import type { SwitchConfiguration } from './switch-configuration';
import { SwitchFunction } from './switch-function';

/** The metadata key on the switch function under which the cost estimate finds what the switch switches. */
export const SWITCH_METADATA_KEY = 'sso-client-vpn-bastion:switch';

/** What `CostEstimate` reads from the switch function's metadata. */
export interface SwitchMetadata {
  /** Hours a week the bastion is on. */
  readonly onHoursPerWeek: number;
  /** The logical ID of the condition that the switched resources carry. */
  readonly condition: string;
  /** The logical ID of the server the switch starts and stops. */
  readonly instance: string;
}

/** The switched resources: CloudFormation resources that exist only while the bastion is on. */
export interface SwitchedResources {
  /** The target network associations and the Client VPN routes through them. */
  readonly clientVpn: CfnResource[];
  /** The NAT gateways of the VPC the construct made, and the private subnets' default routes to them. */
  readonly natGateways: CfnResource[];
}

export interface OffHoursSwitchProps {
  readonly schedule: Schedule;
  readonly vpc: ec2.IVpc;
  readonly endpoint: ec2.ClientVpnEndpoint;
  readonly associationSubnets: ec2.ISubnet[];
  readonly switched: SwitchedResources;
  readonly server: ec2.Instance;
  readonly logging: HandlerLogging;
}

/**
 * Switches the hourly-billed parts of the bastion on and off.
 *
 * One owner for every resource: CloudFormation. The switched resources carry
 * a condition on a stack parameter (`on` or `off`), and the switch function
 * flips that parameter with an `UpdateStack` of the previous template; it
 * also starts and stops the server by its instance ID. So CloudFormation
 * orders creation and deletion itself (NAT gateways after the internet
 * gateway's attachment, routes after associations), adding or removing the
 * schedule changes no logical ID of a live resource, and `cdk deploy` keeps the
 * current state (the CDK passes the parameter's previous value).
 *
 * The function passes a CloudFormation service role of its own, which may
 * change only the switched resource types: without one, CloudFormation would
 * use the stack's previous role (the CDK's execution role).
 */
export class OffHoursSwitch extends Construct {
  /** The function that switches; invoke it with `{"mode": "on"}` or `{"mode": "off"}`. */
  public readonly function: SwitchFunction;

  /** The function that only switches on, for people the `SwitchOnPolicy` allows. */
  public readonly wakeFunction: SwitchFunction;

  /** Allows invoking the wake function, and nothing else. */
  public readonly switchOnPolicy: iam.ManagedPolicy;

  /** The stack parameter that switches. */
  public readonly parameter: CfnParameter;

  /** True while the bastion is on; the switched resources carry it. */
  public readonly condition: CfnCondition;

  constructor(scope: Construct, id: string, props: OffHoursSwitchProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.parameter = new CfnParameter(this, 'State', {
      type: 'String',
      allowedValues: [SWITCHED_ON, SWITCHED_OFF],
      default: props.schedule.onAtFirstDeploy ? SWITCHED_ON : SWITCHED_OFF,
      description: `Set by the off-hours switch of ${this.node.path}: ${SWITCHED_ON} or ${SWITCHED_OFF}. Leave it as it is; cdk deploy keeps its previous value.`,
    });
    this.condition = new CfnCondition(this, 'IsOn', { expression: Fn.conditionEquals(this.parameter.valueAsString, SWITCHED_ON) });
    for (const resource of [...props.switched.clientVpn, ...props.switched.natGateways]) {
      resource.cfnOptions.condition = this.condition;
    }

    const stackRole = this.createStackRole(props);

    const idleMinutes = props.schedule.idleMinutes;
    // A fixed name breaks the cycle function → alarm name → alarm action → function.
    const alarmName = idleMinutes === undefined ? undefined : `${stack.stackName}-${this.node.addr.slice(0, 8)}-idle`.slice(0, 255);
    const configuration: SwitchConfiguration = {
      StackId: Aws.STACK_ID,
      ParameterKey: this.parameter.logicalId,
      RoleArn: stackRole.roleArn,
      InstanceId: props.server.instanceId,
      EndpointId: props.endpoint.endpointId,
      IdleMinutes: idleMinutes,
      AlarmName: alarmName,
    };

    this.function = new SwitchFunction(this, 'Function', {
      description: 'Switches the Client VPN associations, routes, NAT gateways (through the stack) and the server on or off',
      // Association takes 5 to 15 minutes; a run that outlasts this fails and the asynchronous retry continues.
      timeout: Duration.minutes(15),
      environment: { [CONFIGURATION_VARIABLE]: stack.toJsonString(configuration) },
      logGroup: handlerLogGroup(this, 'FunctionLogs', props.logging),
    });
    for (const statement of switchPolicy(stack, props, stackRole, alarmName)) {
      this.function.addToRolePolicy(statement);
    }
    const metadata: SwitchMetadata = {
      onHoursPerWeek: props.schedule.onHoursPerWeek,
      condition: this.condition.logicalId,
      instance: stack.getLogicalId(props.server.instance),
    };
    (this.function.node.defaultChild as CfnResource).addMetadata(SWITCH_METADATA_KEY, metadata);

    // Switch-on for people: a function that may do nothing but invoke the switch with {"mode": "on"}.
    // Its id is that of the earlier version's isComplete handler: a stack moving from that version
    // updates this function in place, and the old custom resource's last Delete reaches this code (a no-op).
    this.wakeFunction = new SwitchFunction(this, 'IsComplete', {
      description: 'Switches the SSO Client VPN bastion on (and nothing else): invokes the off-hours switch with {"mode":"on"}',
      timeout: Duration.seconds(30),
      environment: { [WAKE_TARGET_VARIABLE]: this.function.functionName },
      logGroup: handlerLogGroup(this, 'WakeLogs', props.logging),
    });
    this.function.grantInvoke(this.wakeFunction);
    this.switchOnPolicy = new iam.ManagedPolicy(this, 'SwitchOnPolicy', {
      description: `Switches the SSO Client VPN bastion ${this.node.path} on, and nothing else`,
      statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.wakeFunction.functionArn] })],
    });

    if (props.schedule.switchOnExpression && props.schedule.switchOffExpression) {
      this.createSchedules(props.schedule);
    }
    if (idleMinutes !== undefined) {
      this.createIdleAlarm(props.endpoint, idleMinutes, alarmName!);
    }

    const describe = 'EC2 Describe actions and DescribeClientVpnConnections have no resource-level permissions: * is the only resource they accept, and they only read.';
    acknowledgeStarResource(this.function.role!, describe);
    acknowledgeHandlerFindings(this);
    this.addOutputs(scope);
  }

  /**
   * The CloudFormation service role the switch passes to UpdateStack: it may
   * change the switched resource types only, each statement for one of them.
   * Actions are those of the types' CloudFormation handlers (the registry
   * schemas' `handlers` for AWS::EC2::NatGateway and AWS::EC2::Route; the API
   * calls of the Client VPN types, which are not in the registry).
   */
  private createStackRole(props: OffHoursSwitchProps): iam.Role {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
    const endpoint = arn('client-vpn-endpoint', props.endpoint.endpointId);
    const vpcArn = arn('vpc', props.vpc.vpcId);
    const role = new iam.Role(this, 'StackRole', {
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      description: 'CloudFormation service role of the SSO Client VPN bastion\'s off-hours switch: creates and deletes only the switched resources',
    });
    const statements = [
      // Read handlers of every switched type; EC2 Describe calls accept only *.
      new iam.PolicyStatement({
        actions: ['ec2:DescribeClientVpnTargetNetworks', 'ec2:DescribeClientVpnRoutes', 'ec2:DescribeNatGateways', 'ec2:DescribeRouteTables'],
        resources: ['*'],
      }),
      // AWS::EC2::ClientVpnTargetNetworkAssociation and AWS::EC2::ClientVpnRoute: this endpoint and its subnets only.
      new iam.PolicyStatement({
        actions: ['ec2:AssociateClientVpnTargetNetwork', 'ec2:CreateClientVpnRoute'],
        resources: [endpoint, ...props.associationSubnets.map((subnet) => arn('subnet', subnet.subnetId))],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:DisassociateClientVpnTargetNetwork', 'ec2:DeleteClientVpnRoute'],
        resources: [endpoint],
      }),
    ];
    if (props.switched.natGateways.length > 0) {
      const stackTag = (kind: 'RequestTag' | 'ResourceTag') => ({ StringEquals: { [`aws:${kind}/aws:cloudformation:stack-id`]: Aws.STACK_ID } });
      statements.push(
        // AWS::EC2::NatGateway (create): in this VPC's subnets, on any of the stack's Elastic IPs...
        new iam.PolicyStatement({
          actions: ['ec2:CreateNatGateway'],
          resources: [arn('subnet', '*'), arn('elastic-ip', '*')],
          conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
        }),
        // ...as a gateway CloudFormation tags as this stack's (it adds aws:cloudformation:* tags to what it creates),
        new iam.PolicyStatement({
          actions: ['ec2:CreateNatGateway'],
          resources: [arn('natgateway', '*')],
          conditions: stackTag('RequestTag'),
        }),
        // with tags written only while creating it;
        new iam.PolicyStatement({
          actions: ['ec2:CreateTags'],
          resources: [arn('natgateway', '*')],
          conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNatGateway' } },
        }),
        // AWS::EC2::NatGateway (delete): only gateways of this stack.
        new iam.PolicyStatement({
          actions: ['ec2:DeleteNatGateway'],
          resources: [arn('natgateway', '*')],
          conditions: stackTag('ResourceTag'),
        }),
        // AWS::EC2::Route: the private subnets' default routes, in this VPC's route tables only.
        new iam.PolicyStatement({
          actions: ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
          resources: [arn('route-table', '*')],
          conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
        }),
      );
    }
    statements.forEach((statement) => role.addToPolicy(statement));
    acknowledgeStarResource(role, 'EC2 Describe actions have no resource-level permissions: * is the only resource they accept, and they only read.');
    return role;
  }

  private createSchedules(schedule: Schedule): void {
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

    for (const [mode, expression] of [[SWITCHED_ON, schedule.switchOnExpression], [SWITCHED_OFF, schedule.switchOffExpression]]) {
      new scheduler.CfnSchedule(this, mode === SWITCHED_ON ? 'SwitchOn' : 'SwitchOff', {
        description: `Switches the SSO Client VPN bastion ${mode}`,
        scheduleExpression: expression!,
        scheduleExpressionTimezone: schedule.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.function.functionArn,
          roleArn: schedulerRole.roleArn,
          input: JSON.stringify({ mode }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
    }
  }

  /**
   * Goes to ALARM after `idleMinutes` in which the endpoint's connection count
   * stayed below one, and then invokes the switch, which switches off unless
   * Client VPN lists a connection that is active or ended within that time.
   * Missing data counts as idle: whether Client VPN publishes a zero with
   * nobody connected is not documented, and the switch checks the
   * connections itself before switching off. While off, a firing alarm finds
   * the switch already off and does nothing.
   */
  private createIdleAlarm(endpoint: ec2.ClientVpnEndpoint, idleMinutes: number, alarmName: string): void {
    const periods = idleMinutes / IDLE_PERIOD_MINUTES;
    const alarm = new cloudwatch.Alarm(this, 'IdleAlarm', {
      alarmName,
      alarmDescription: `No VPN client connected to ${endpoint.endpointId} for ${idleMinutes} minutes: switches the SSO Client VPN bastion off`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ClientVPN',
        metricName: 'ActiveConnectionsCount',
        dimensionsMap: { Endpoint: endpoint.endpointId },
        statistic: cloudwatch.Stats.MAXIMUM,
        // Client VPN publishes every 5 minutes (Client VPN Administrator Guide: Monitoring with Amazon CloudWatch).
        period: Duration.minutes(IDLE_PERIOD_MINUTES),
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    // CloudWatch invokes the function directly (principal lambda.alarms.cloudwatch.amazonaws.com, scoped to this alarm).
    alarm.addAlarmAction(new cloudwatchActions.LambdaAction(this.function));
  }

  private addOutputs(scope: Construct): void {
    addSwitchOutputs(scope, {
      switchFunctionName: this.function.functionName,
      wakeFunctionName: this.wakeFunction.functionName,
      switchOnPolicyArn: this.switchOnPolicy.managedPolicyArn,
    });
  }

}

/** The switch function's own permissions; the reason is given per statement. */
function switchPolicy(stack: Stack, props: OffHoursSwitchProps, stackRole: iam.Role, alarmName: string | undefined): iam.PolicyStatement[] {
  const statements = [
    // Read the stack's status, parameters and (for a failure's reason) events.
    new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
      resources: [Aws.STACK_ID],
    }),
    // Update this stack only, and only with the switch's own service role: without the condition the
    // function could omit RoleARN and CloudFormation would use the stack's previous (the CDK's) role.
    new iam.PolicyStatement({
      actions: ['cloudformation:UpdateStack'],
      resources: [Aws.STACK_ID],
      conditions: { StringEquals: { 'cloudformation:RoleArn': stackRole.roleArn } },
    }),
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [stackRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    }),
    // UpdateStack resolves the CDK's BootstrapVersion parameter (an SSM parameter type) with the caller's permissions.
    new iam.PolicyStatement({
      actions: ['ssm:GetParameters'],
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'cdk-bootstrap/*' })],
    }),
    // Start and stop the server, by its ID.
    new iam.PolicyStatement({
      actions: ['ec2:StartInstances', 'ec2:StopInstances'],
      resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: props.server.instanceId })],
    }),
    // The server's state, and the endpoint's connections for the idle check: Describe calls accept only *.
    new iam.PolicyStatement({
      actions: ['ec2:DescribeInstances', 'ec2:DescribeClientVpnConnections'],
      resources: ['*'],
    }),
  ];
  if (alarmName !== undefined) {
    // Re-arm the idle alarm after switching on, and after an idle check that keeps the bastion on.
    statements.push(new iam.PolicyStatement({
      actions: ['cloudwatch:SetAlarmState'],
      resources: [stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarmName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
  }
  return statements;
}
