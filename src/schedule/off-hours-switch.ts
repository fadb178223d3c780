import { Annotations, App, ArnFormat, Aws, CfnCondition, CfnCustomResource, CfnParameter, DefaultStackSynthesizer, Duration, Fn, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IDLE_PERIOD_MINUTES } from './on-hours';
import type { Schedule } from './on-hours';
import { CONFIGURATION_VARIABLE, SERVER_STARTER_TYPE, SWITCH_METADATA_KEY, SWITCHED_OFF, SWITCHED_ON, WAKE_TARGET_VARIABLE } from './switch-contract';
import type { SwitchConfiguration, SwitchMetadata } from './switch-contract';
import { SwitchFunction } from './switch-function';
import type { SwitchState } from './switch-state';
import { bastionError } from '../core/errors';
import type { HandlerLogging } from '../core/handler-logs';
import { createLogGroup } from '../core/handler-logs';
import { acknowledgeHandlerFindings, acknowledgeStarResource } from '../core/rule-acknowledgements';
import { addSwitchOutputs } from '../outputs';

/** The switched resources: CloudFormation resources that exist only while the bastion is on. */
export interface SwitchedResources {
  /** The target network associations and the Client VPN routes through them. */
  readonly clientVpn: CfnResource[];
  /** The NAT gateways of the VPC the construct made, and the private subnets' default routes to them. */
  readonly natGateways: CfnResource[];
}

export interface OffHoursSwitchProps {
  readonly schedule: Schedule;
  readonly state: SwitchState;
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

  /**
   * In ALARM when the switch failed within the last 5 minutes (its Errors
   * metric): a switch that did not happen, a flip that rolled back, a leftover
   * that blocks switching on.
   */
  public readonly errorAlarm: cloudwatch.Alarm;

  /**
   * Keeps, for 14 days, each asynchronous invocation of the switch that failed
   * after Lambda's retries (the schedule's, the idle alarm's, EventBridge's),
   * with the error: the request is not lost, and can be sent again.
   */
  public readonly failedInvocations: sqs.Queue;

  constructor(scope: Construct, id: string, props: OffHoursSwitchProps) {
    super(scope, id);
    const stack = Stack.of(this);

    checkDeployPath(this, props.state);
    const stateParameterName = props.state.parameterName;
    this.parameter = stateParameterName
      // Its own logical ID: the CDK CLI would otherwise pass the plain parameter's previous value (on or off) as the SSM name.
      ? new CfnParameter(this, 'SsmState', {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: stateParameterName,
        // [cdk:skip]: the CDK CLI does not deploy only because an SSM value may have changed (the switch has applied it).
        description: `[cdk:skip] The on/off state of the off-hours switch of ${this.node.path}: the SSM parameter ${stateParameterName}, ` +
          'resolved at every stack operation. The switch writes it; create it before the first deploy.',
      })
      : new CfnParameter(this, 'State', {
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
    // Which principal resolves SSM-typed parameters (the CDK's BootstrapVersion) when a service role is passed, the caller
    // or the role, is not documented; reports show the role. Both may read them (a read of the bootstrap's version only).
    stackRole.addToPolicy(new iam.PolicyStatement({
      actions: ['ssm:GetParameters'],
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'cdk-bootstrap/*' })],
    }));

    const idleMinutes = props.schedule.idleMinutes;
    // A fixed name breaks the cycle function → alarm name → alarm action → function.
    const alarmName = idleMinutes === undefined ? undefined : `${stack.stackName}-${this.node.addr.slice(0, 8)}-idle`.slice(0, 255);
    const natAllocationIds = props.switched.natGateways
      .filter((resource): resource is ec2.CfnNatGateway => resource instanceof ec2.CfnNatGateway)
      .map((gateway) => gateway.allocationId)
      .filter((allocationId): allocationId is string => allocationId !== undefined);
    const configuration: SwitchConfiguration = {
      StackId: Aws.STACK_ID,
      ParameterKey: this.parameter.logicalId,
      StateParameterName: stateParameterName,
      RoleArn: stackRole.roleArn,
      InstanceId: props.server.instanceId,
      EndpointId: props.endpoint.endpointId,
      IdleMinutes: idleMinutes,
      AlarmName: alarmName,
      // What a failed switch-off can leave behind, for the switch to find before it collides with it.
      VpcId: natAllocationIds.length > 0 ? props.vpc.vpcId : undefined,
      NatAllocationIds: natAllocationIds.length > 0 ? natAllocationIds : undefined,
    };

    this.function = new SwitchFunction(this, 'Function', {
      description: 'Switches the Client VPN associations, routes, NAT gateways (through the stack) and the server on or off',
      // Association takes 5 to 15 minutes; a run that outlasts this fails and the asynchronous retry continues.
      timeout: Duration.minutes(15),
      environment: { [CONFIGURATION_VARIABLE]: stack.toJsonString(configuration) },
      logGroup: createLogGroup(this, 'FunctionLogs', props.logging),
    });
    for (const statement of switchPolicy(stack, props, stackRole, alarmName)) {
      this.function.addToRolePolicy(statement);
    }
    if (stateParameterName) {
      grantStateParameter(stack, stateParameterName, this.function.role!, stackRole);
    }
    this.failedInvocations = new sqs.Queue(this, 'FailedInvocations', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.function.configureAsyncInvoke({
      onFailure: new lambdaDestinations.SqsDestination(this.failedInvocations),
      retryAttempts: 2,
    });
    this.errorAlarm = this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }).createAlarm(this, 'ErrorAlarm', {
      alarmDescription: `The off-hours switch of ${this.node.path} failed: see its log group for the reason. ` +
        'Failed scheduled, idle and EventBridge invocations are kept in its FailedInvocations queue; the idle alarm tries again at its next period.',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    Validations.of(this.failedInvocations).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead end: the switch\'s on-failure destination, kept for a person to read; a queue behind it would hold nothing more.',
    });
    Validations.of(this.errorAlarm).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchAlarmAction',
      reason: 'The alarm shows on the bastion\'s dashboard; with the alarms option, its topic receives it too.',
    });
    this.createServerKeepers(props);

    const metadata: SwitchMetadata = {
      onHoursPerWeek: props.schedule.onHoursPerWeek,
      condition: this.condition.logicalId,
      instance: stack.getLogicalId(props.server.instance),
    };
    (this.function.node.defaultChild as CfnResource).addMetadata(SWITCH_METADATA_KEY, metadata);

    // Switch-on for people: a function that may do nothing but invoke the switch with {"mode": "on"}.
    // Its id is that of the earlier version's isComplete handler: a stack moving from that version
    // updates this function in place, and the old custom resource's last Delete reaches this code (a no-op).
    // Kept on 2026-12-05 (issue 20): a new id would be a new logical ID, which replaces the function (and
    // changes its ARN in every policy) on each deployed stack. It goes with the migration branch of
    // switch.lambda.ts, in 1.0.0 (UPGRADING.md, "Which versions migrate what").
    this.wakeFunction = new SwitchFunction(this, 'IsComplete', {
      description: 'Switches the SSO Client VPN bastion on (and nothing else): invokes the off-hours switch with {"mode":"on"} and waits for its outcome',
      // As long as the switch may take: the caller learns whether the bastion is on, or why not.
      timeout: Duration.minutes(15),
      environment: { [WAKE_TARGET_VARIABLE]: this.function.functionName },
      logGroup: createLogGroup(this, 'WakeLogs', props.logging),
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
   *
   * A request is authorized on each resource it names, and carries only the
   * condition keys the Service Authorization Reference lists for that action
   * and resource type; a condition on another key is false and grants nothing.
   * test/iam/ evaluates these statements against the requests the handlers make.
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
    const associated = props.associationSubnets.length > 0;
    const statements = [
      // Read handlers of every switched type (AWS::EC2::Route's create and update also read network interfaces);
      // EC2 Describe calls accept only *.
      new iam.PolicyStatement({
        actions: ['ec2:DescribeClientVpnTargetNetworks', 'ec2:DescribeClientVpnRoutes', 'ec2:DescribeNatGateways', 'ec2:DescribeRouteTables', 'ec2:DescribeNetworkInterfaces'],
        resources: ['*'],
      }),
      // AWS::EC2::ClientVpnTargetNetworkAssociation and AWS::EC2::ClientVpnRoute: this endpoint and its subnets only.
      // Each of these is authorized on the endpoint and on the subnet it names (DeleteClientVpnRoute: its TargetVpcSubnetId).
      // With a Transit Gateway there is no association to switch, and the routes name no subnet: the endpoint only.
      new iam.PolicyStatement({
        actions: [...(associated ? ['ec2:AssociateClientVpnTargetNetwork'] : []), 'ec2:CreateClientVpnRoute', 'ec2:DeleteClientVpnRoute'],
        resources: [endpoint, ...props.associationSubnets.map((subnet) => arn('subnet', subnet.subnetId))],
      }),
      // Authorized on the endpoint only.
      ...(associated ? [new iam.PolicyStatement({
        actions: ['ec2:DisassociateClientVpnTargetNetwork'],
        resources: [endpoint],
      })] : []),
    ];
    const natGateways = props.switched.natGateways.filter((r): r is ec2.CfnNatGateway => r.cfnResourceType === 'AWS::EC2::NatGateway');
    const natRoutes = props.switched.natGateways.filter((r): r is ec2.CfnRoute => r.cfnResourceType === 'AWS::EC2::Route');
    if (natGateways.length > 0) {
      statements.push(
        // AWS::EC2::NatGateway (create), authorized on the subnet, the Elastic IP and the new gateway, each with its
        // own condition keys. The subnet carries ec2:Vpc: this VPC's subnets...
        new iam.PolicyStatement({
          actions: ['ec2:CreateNatGateway'],
          resources: [arn('subnet', '*')],
          conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
        }),
        // ...the Elastic IP carries no ec2:Vpc (ec2:AllocationId, ec2:Domain, ec2:PublicIpAddress and tags): the
        // stack's own NAT Elastic IPs by their allocation IDs...
        new iam.PolicyStatement({
          actions: ['ec2:CreateNatGateway'],
          resources: natGateways.map((nat) => arn('elastic-ip', nat.allocationId!)),
        }),
        // ...and the gateway itself, which carries only request tags (aws:RequestTag, aws:TagKeys). Not a condition on
        // aws:RequestTag/aws:cloudformation:stack-id: CloudFormation adds its aws:-prefixed tags itself, and no
        // document says they are request tags of the create call. A gateway needs both the subnet and the
        // Elastic IP above, which scope it.
        new iam.PolicyStatement({
          actions: ['ec2:CreateNatGateway'],
          resources: [arn('natgateway', '*')],
        }),
        // with tags written only while creating it;
        new iam.PolicyStatement({
          actions: ['ec2:CreateTags'],
          resources: [arn('natgateway', '*')],
          conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNatGateway' } },
        }),
        // AWS::EC2::NatGateway (delete): only gateways of this stack (the tag CloudFormation put on the gateway it made).
        new iam.PolicyStatement({
          actions: ['ec2:DeleteNatGateway'],
          resources: [arn('natgateway', '*')],
          conditions: { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-id': Aws.STACK_ID } },
        }),
      );
    }
    if (natRoutes.length > 0) {
      // AWS::EC2::Route: the private subnets' default routes, in their own route tables only (not the public
      // subnets' route to the internet gateway, in the same VPC).
      statements.push(new iam.PolicyStatement({
        actions: ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
        resources: natRoutes.map((route) => arn('route-table', route.routeTableId)),
      }));
    }
    statements.forEach((statement) => role.addToPolicy(statement));
    acknowledgeStarResource(role, 'EC2 Describe actions have no resource-level permissions: * is the only resource they accept, and they only read.');
    return role;
  }

  /**
   * What keeps the server in step with the switch outside a switch's own run.
   *
   * While off, the server must end stopped whatever started it: the first
   * deploy launches it running (on demand starts off), an update may restart
   * it, a person may start it. EventBridge invokes the switch when the stack
   * ends an operation and when the server starts running; the switch stops
   * the server if the parameter is off and the stack is settled.
   *
   * When the schedule is removed while off, the update creates the switched
   * resources again but CloudFormation never starts a stopped server: the
   * Delete of a custom resource served by the switch starts it (the resource
   * goes before the function, which it references).
   */
  private createServerKeepers(props: OffHoursSwitchProps): void {
    const target = new eventsTargets.LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) });
    new events.Rule(this, 'StackCompletedRule', {
      description: `Stops the bastion's server if the stack ended an operation while switched off (${this.node.path})`,
      eventPattern: {
        source: ['aws.cloudformation'],
        detailType: ['CloudFormation Stack Status Change'],
        // CloudFormation User Guide: "Stack Status Change event detail".
        detail: { 'stack-id': [Aws.STACK_ID], 'status-details': { status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'] } },
      },
      targets: [target],
    });
    new events.Rule(this, 'ServerRunningRule', {
      description: `Stops the bastion's server if it starts running while switched off (${this.node.path})`,
      eventPattern: {
        source: ['aws.ec2'],
        detailType: ['EC2 Instance State-change Notification'],
        detail: { 'instance-id': [props.server.instanceId], 'state': ['running'] },
      },
      targets: [target],
    });
    new CfnCustomResource(this, 'ServerStarter', { serviceToken: this.function.functionArn }).addOverride('Type', SERVER_STARTER_TYPE);
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

/**
 * The SSM state parameter: the switch writes and reads it; whoever updates the
 * stack resolves it (the caller, or the stack's service role when one is
 * passed: the switch's own), so both may read it.
 */
function grantStateParameter(stack: Stack, name: string, switchRole: iam.IRole, stackRole: iam.Role): void {
  const arn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') });
  switchRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:GetParameters'], resources: [arn] }));
  stackRole.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameters'], resources: [arn] }));
}

/**
 * Refuses what cannot work and warns of what loses the state, at synth time.
 *
 * - A nested stack is updated only through its parent: the switch's
 *   UpdateStack of it is refused.
 * - A synthesizer without a CloudFormation execution role (the CLI's
 *   credentials, the legacy one) deploys without a RoleARN, so CloudFormation
 *   goes on using the role last passed: after the first switch, the switch's
 *   own service role, which can change only the switched resources. The next
 *   deploy of anything else fails.
 * - A stack inside a Stage is how CDK Pipelines deploys: CodePipeline's
 *   CloudFormation action resets a plain parameter to its default every run.
 */
function checkDeployPath(scope: Construct, state: SwitchState): void {
  const stack = Stack.of(scope);
  if (stack.nested) {
    throw bastionError('schedule cannot be used in a nested stack: the switch updates its own stack, and CloudFormation updates a nested stack only ' +
      'through its parent. Put the bastion in a top-level stack.', scope);
  }
  if (!(stack.synthesizer instanceof DefaultStackSynthesizer)) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:switchSynthesizer',
      `The stack's synthesizer (${stack.synthesizer.constructor.name}) deploys without a CloudFormation execution role. After the first switch, ` +
      'CloudFormation keeps using the switch\'s own service role for your deploys, and it may change only the switched resources: your next deploy fails. ' +
      'Use DefaultStackSynthesizer (the default), which passes its execution role on every deploy.');
  }
  const stage = Stage.of(stack);
  if (!state.parameterName && stage && !App.isApp(stage)) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:switchStateInStage',
      `The stack is inside the Stage ${stage.node.path}, as CDK Pipelines deploys: CodePipeline's CloudFormation action resets the switch's ` +
      'stack parameter to its default on every run (switching the bastion on or off). Use switchState: SwitchState.ssmParameter(...), which every deploy keeps.');
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
    // The server's state, the endpoint's connections for the idle check, and the leftovers of a failed
    // switch-off (NAT gateways, associations): Describe calls accept only *.
    new iam.PolicyStatement({
      actions: ['ec2:DescribeInstances', 'ec2:DescribeClientVpnConnections', 'ec2:DescribeNatGateways', 'ec2:DescribeClientVpnTargetNetworks'],
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
