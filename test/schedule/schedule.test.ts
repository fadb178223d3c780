import { App, CliCredentialsStackSynthesizer, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createArticleStack } from '../../examples/article';
import { Schedule, SsoClientVpnBastion, SwitchState } from '../../src';
import { CONFIGURATION_VARIABLE } from '../../src/schedule/switch-contract';
import { logicalIdOf, newStack, requiredProps, synthBastion } from '../fixtures';

const BUSINESS_HOURS = Schedule.businessHours({ timeZone: 'Asia/Tokyo' });

/** The switch's parameter and condition, found by their shape. */
function switchParameter(template: Template): { parameter: string; condition: string } {
  const parameters = Object.entries(template.toJSON().Parameters ?? {}).filter(([, p]: [string, any]) => JSON.stringify(p.AllowedValues) === '["on","off"]');
  expect(parameters).toHaveLength(1);
  const parameter = parameters[0][0];
  const conditions = Object.entries(template.toJSON().Conditions ?? {}).filter(([, c]) => JSON.stringify(c) === JSON.stringify({ 'Fn::Equals': [{ Ref: parameter }, 'on'] }));
  expect(conditions).toHaveLength(1);
  return { parameter, condition: conditions[0][0] };
}

function switchFunctionId(template: Template): string {
  return logicalIdOf(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [CONFIGURATION_VARIABLE]: Match.anyValue() }) } });
}

/** The statements of the IAM policies attached to a role. */
function statementsOf(template: Template, roleId: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** The role of the switch function. */
function switchRoleOf(template: Template): string {
  return template.toJSON().Resources[switchFunctionId(template)].Properties.Role['Fn::GetAtt'][0];
}

function roleOf(template: Template, service: string): string {
  return logicalIdOf(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: service } })] } });
}

describe('Schedule', () => {
  test('business hours default to 9 to 19 on weekdays, 50 hours a week', () => {
    expect(BUSINESS_HOURS.switchOnExpression).toBe('cron(0 9 ? * MON-FRI *)');
    expect(BUSINESS_HOURS.switchOffExpression).toBe('cron(0 19 ? * MON-FRI *)');
    expect(BUSINESS_HOURS.onHoursPerWeek).toBe(50);
    expect(Schedule.businessHours({ timeZone: 'UTC', startHour: 8, endHour: 24, days: 'SAT-SUN' }).onHoursPerWeek).toBe(32);
    expect(Schedule.businessHours({ timeZone: 'UTC', days: 'MON,WED,FRI' }).onHoursPerWeek).toBe(30);
    expect(BUSINESS_HOURS.onAtFirstDeploy).toBe(true);
    expect(BUSINESS_HOURS.idleMinutes).toBeUndefined();
  });

  test('on demand has no hours, starts off, and switches off after an hour idle by default', () => {
    const onDemand = Schedule.onDemand();
    expect(onDemand.switchOnExpression).toBeUndefined();
    expect(onDemand.onAtFirstDeploy).toBe(false);
    expect(onDemand.idleMinutes).toBe(60);
    // 40 used hours a month, in the week the cost estimate counts.
    expect(onDemand.onHoursPerWeek * 730 / 168).toBeCloseTo(40);
  });

  test.each([
    [() => Schedule.businessHours({ timeZone: 'Mars/Olympus' }), /schedule timeZone "Mars\/Olympus" is not an IANA time zone/],
    [() => Schedule.businessHours({ timeZone: 'UTC', startHour: 19, endHour: 9 }), /schedule endHour 9 must be after startHour \(19\)/],
    [() => Schedule.businessHours({ timeZone: 'UTC', startHour: 8.5 }), /schedule startHour 8.5 must be a whole hour from 0 to 24/],
    [() => Schedule.businessHours({ timeZone: 'UTC', days: 'WEEKDAYS' }), /schedule days "WEEKDAYS" is not a list of days/],
    [() => Schedule.cron({ timeZone: 'UTC', switchOn: '0 9 * * 1-5', switchOff: 'cron(0 19 ? * MON-FRI *)' }), /schedule switchOn "0 9 \* \* 1-5" is not an EventBridge Scheduler cron expression/],
    [() => Schedule.cron({ timeZone: 'UTC', switchOn: 'cron(0 9 ? * MON-FRI *)', switchOff: 'cron(0 19 ? * MON-FRI *)', onHoursPerWeek: 200 }), /schedule onHoursPerWeek 200 must be from 0 to 168/],
    [() => Schedule.onDemand({ idleMinutes: 10 }), /schedule idleMinutes 10 must be a whole number of minutes from 15 to 1440 .* in steps of 5/],
    [() => Schedule.onDemand({ idleMinutes: 62 }), /schedule idleMinutes 62 must be/],
    [() => Schedule.onDemand({ idleMinutes: 1445 }), /schedule idleMinutes 1445 must be/],
    [() => Schedule.businessHours({ timeZone: 'UTC', idleMinutes: 0 }), /schedule idleMinutes 0 must be/],
    [() => Schedule.cron({ timeZone: 'UTC', switchOn: 'cron(0 9 ? * MON-FRI *)', switchOff: 'cron(0 19 ? * MON-FRI *)', idleMinutes: 7.5 }), /schedule idleMinutes 7.5 must be/],
    [() => Schedule.onDemand({ usedHoursPerMonth: 800 }), /schedule usedHoursPerMonth 800 must be from 0 to 730/],
  ])('a bad schedule is refused at synth time, naming the prop and the value (%#)', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('without a schedule', () => {
  test('the template has no switch parameter, no condition, no scheduler and no switch function', () => {
    const { template } = synthBastion();
    expect(template.toJSON().Conditions).toBeUndefined();
    expect(Object.keys(template.toJSON().Parameters ?? {})).toEqual(['BootstrapVersion']);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });
});

describe('with a business-hours schedule', () => {
  const plain = synthBastion().template;
  const { template, bastion } = synthBastion({ schedule: BUSINESS_HOURS });
  const { parameter, condition } = switchParameter(template);

  test('the switched resources keep the logical IDs and properties they have without a schedule, and carry the condition', () => {
    for (const type of ['AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::ClientVpnRoute', 'AWS::EC2::NatGateway']) {
      const withSchedule = template.findResources(type);
      const without = plain.findResources(type);
      expect(Object.keys(withSchedule)).toEqual(Object.keys(without));
      for (const [id, resource] of Object.entries(withSchedule)) {
        expect(resource.Condition).toBe(condition);
        expect(resource.Properties).toEqual(without[id].Properties);
      }
    }
    const natRoutes = template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    expect(Object.keys(natRoutes)).toEqual(Object.keys(plain.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } })));
    expect(Object.values(natRoutes).every((r) => r.Condition === condition)).toBe(true);
  });

  test('the endpoint, authorization rules, Elastic IP, server, VPC and subnets are unconditioned', () => {
    for (const type of ['AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnAuthorizationRule', 'AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::VPCGatewayAttachment']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.every((r) => r.Condition === undefined)).toBe(true);
    }
    const conditioned = Object.values(template.toJSON().Resources).filter((r: any) => r.Condition).map((r: any) => r.Type).sort();
    expect(conditioned).toEqual(['AWS::EC2::ClientVpnRoute', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::Route']);
  });

  test('the parameter starts on, and its description says cdk deploy keeps it', () => {
    expect(template.toJSON().Parameters[parameter]).toEqual(expect.objectContaining({ Type: 'String', Default: 'on', AllowedValues: ['on', 'off'] }));
    expect(template.toJSON().Parameters[parameter].Description).toMatch(/cdk deploy keeps its previous value/);
  });

  test('the NAT gateway is still created after the internet gateway attachment (through the public route), as without a schedule', () => {
    const nat = Object.values(template.findResources('AWS::EC2::NatGateway'))[0];
    const publicRoute = template.toJSON().Resources[nat.DependsOn.find((d: string) => d.includes('PublicSubnet1DefaultRoute'))];
    expect(publicRoute.DependsOn).toEqual([logicalIdOf(template, 'AWS::EC2::VPCGatewayAttachment')]);
  });

  test('EventBridge Scheduler switches on at 9 and off at 19 on weekdays, in the time zone, invoking the switch function', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    const functionId = switchFunctionId(template);
    for (const [mode, expression] of [['on', 'cron(0 9 ? * MON-FRI *)'], ['off', 'cron(0 19 ? * MON-FRI *)']]) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Asia/Tokyo',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, Input: JSON.stringify({ mode }) }),
      });
    }
  });

  test('the scheduler\'s role may be assumed only by EventBridge Scheduler of this account, and may only invoke the switch function', () => {
    const roleId = roleOf(template, 'scheduler.amazonaws.com');
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })] },
    });
    expect(statementsOf(template, roleId)).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [switchFunctionId(template), 'Arn'] } },
    ]);
  });

  test('the switch function knows its stack, parameter, service role, server and endpoint, by ID', () => {
    const fn = template.toJSON().Resources[switchFunctionId(template)];
    const config = JSON.stringify(fn.Properties.Environment.Variables[CONFIGURATION_VARIABLE]);
    for (const part of ['AWS::StackId', parameter, roleOf(template, 'cloudformation.amazonaws.com'), logicalIdOf(template, 'AWS::EC2::Instance'), logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint')]) {
      expect(config).toContain(part);
    }
  });

  test('the switch may update only its own stack, and only passing its own service role', () => {
    const statements = statementsOf(template, switchRoleOf(template));
    const serviceRole = roleOf(template, 'cloudformation.amazonaws.com');
    const update = statements.filter((s) => [s.Action].flat().includes('cloudformation:UpdateStack'));
    expect(update).toEqual([expect.objectContaining({
      Resource: { Ref: 'AWS::StackId' },
      Condition: { StringEquals: { 'cloudformation:RoleArn': { 'Fn::GetAtt': [serviceRole, 'Arn'] } } },
    })]);
    const passRole = statements.filter((s) => [s.Action].flat().includes('iam:PassRole'));
    expect(passRole).toEqual([expect.objectContaining({
      Resource: { 'Fn::GetAtt': [serviceRole, 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    })]);
    // The server by its instance ID, never by tag.
    const power = statements.filter((s) => [s.Action].flat().includes('ec2:StartInstances'));
    expect(JSON.stringify(power)).toContain(logicalIdOf(template, 'AWS::EC2::Instance'));
    expect(power.every((s) => s.Condition === undefined)).toBe(true);
    expect(statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).every((a: string) => a.startsWith('ec2:Describe'))).toBe(true);
  });

  // What each of these grants allows on a real account, request by request, is evaluated in test/iam/grants.test.ts.
  test('the service role may change only the switched resource types, each scoped', () => {
    const statements = statementsOf(template, roleOf(template, 'cloudformation.amazonaws.com'));
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      'ec2:AssociateClientVpnTargetNetwork', 'ec2:CreateClientVpnRoute', 'ec2:CreateNatGateway', 'ec2:CreateNatGateway', 'ec2:CreateNatGateway', 'ec2:CreateRoute',
      'ec2:CreateTags', 'ec2:DeleteClientVpnRoute', 'ec2:DeleteNatGateway', 'ec2:DeleteRoute', 'ec2:DescribeClientVpnRoutes', 'ec2:DescribeClientVpnTargetNetworks',
      'ec2:DescribeNatGateways', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DisassociateClientVpnTargetNetwork', 'ec2:ReplaceRoute',
      // Resolving the CDK's BootstrapVersion (an SSM parameter type) during the switch's own update.
      'ssm:GetParameters',
    ]);
    const by = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(by('ec2:DeleteNatGateway')[0].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-id': { Ref: 'AWS::StackId' } } });
    // CreateNatGateway: ec2:Vpc on the subnet only (the Elastic IP does not carry it); the Elastic IP by its allocation ID.
    const createNat = by('ec2:CreateNatGateway');
    expect(createNat.filter((s) => s.Condition !== undefined)).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/:subnet\/\*$/)])] },
      Condition: { StringEquals: { 'ec2:Vpc': expect.anything() } },
    })]);
    expect(JSON.stringify(createNat)).toContain(`{"Fn::GetAtt":["${logicalIdOf(template, 'AWS::EC2::EIP')}","AllocationId"]}`);
    expect(JSON.stringify(createNat)).not.toMatch(/elastic-ip\/\*|aws:RequestTag/);
    // Routes: in the switched routes' own route tables, by ID.
    const routeTables = Object.values(template.findResources('AWS::EC2::Route')).filter((r) => r.Condition === condition).map((r) => r.Properties.RouteTableId);
    expect(JSON.stringify(by('ec2:CreateRoute'))).not.toContain('route-table/*');
    routeTables.forEach((table) => expect(JSON.stringify(by('ec2:CreateRoute'))).toContain(JSON.stringify(table)));
    // DeleteClientVpnRoute is authorized on the endpoint and on its target subnet; DisassociateClientVpnTargetNetwork on the endpoint.
    expect(JSON.stringify(by('ec2:DeleteClientVpnRoute'))).toMatch(/client-vpn-endpoint\/.*:subnet\//);
    expect(JSON.stringify(by('ec2:DisassociateClientVpnTargetNetwork'))).toContain('client-vpn-endpoint/');
    expect(JSON.stringify(by('ec2:DisassociateClientVpnTargetNetwork'))).not.toContain(':subnet/');
    expect(statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).every((a: string) => a.startsWith('ec2:Describe'))).toBe(true);
  });

  test('the switch commands and the switch-on policy are stack outputs, and the function and policy are exposed', () => {
    template.hasOutput('*', {
      Description: Match.stringLikeRegexp('switch the bastion on'),
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^aws lambda invoke --region ap-northeast-1 --function-name $')])] },
    });
    template.hasOutput('*', { Description: Match.stringLikeRegexp('switch the bastion off now') });
    template.hasOutput('*', { Value: { Ref: logicalIdOf(template, 'AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 'lambda:InvokeFunction' })] } }) } });
    expect(bastion.switchFunction).toBeDefined();
    expect(bastion.switchOnPolicy).toBeDefined();
  });

  test('the switch-on policy allows invoking the wake function and nothing else; the wake function may only invoke the switch', () => {
    const wakeId = logicalIdOf(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WAKE_TARGET: Match.anyValue() }) } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [wakeId, 'Arn'] } }] },
    });
    const wakeRole = template.toJSON().Resources[wakeId].Properties.Role['Fn::GetAtt'][0];
    expect(statementsOf(template, wakeRole).flatMap((s) => [s.Action].flat())).toEqual(['lambda:InvokeFunction']);
  });

  test('the on-hours, the condition and the server are recorded for the cost estimate', () => {
    const fn = template.toJSON().Resources[switchFunctionId(template)];
    expect(fn.Metadata['sso-client-vpn-bastion:switch']).toEqual({ onHoursPerWeek: 50, condition, instance: logicalIdOf(template, 'AWS::EC2::Instance') });
  });

  test('without idleMinutes there is no idle alarm (the only alarm is the switch\'s errors alarm)', () => {
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.MetricName)).toEqual(['Errors']);
  });
});

describe('the switch survives its own failures, and the server follows the switch', () => {
  const { template } = synthBastion({ schedule: Schedule.onDemand() });
  const fnId = switchFunctionId(template);

  test('a failed asynchronous invocation is retried twice, then kept with its error in an encrypted queue (the on-failure destination)', () => {
    const queueId = logicalIdOf(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect(statementsOf(template, switchRoleOf(template)).filter((s) => [s.Action].flat().includes('sqs:SendMessage')).map((s) => s.Resource))
      .toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
  });

  test('an alarm on the switch\'s Errors goes off at the first failure', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('EventBridge invokes the switch when this stack ends an operation and when this server starts running', () => {
    const target = [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudformation'],
        'detail-type': ['CloudFormation Stack Status Change'],
        'detail': { 'stack-id': [{ Ref: 'AWS::StackId' }], 'status-details': { status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'] } },
      },
      Targets: target,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        'detail': { 'instance-id': [{ Ref: logicalIdOf(template, 'AWS::EC2::Instance') }], 'state': ['running'] },
      },
      Targets: target,
    });
    template.resourcePropertiesCountIs('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'events.amazonaws.com' }, 2);
  });

  test('a custom resource served by the switch starts the server when the schedule is removed (it goes before the function it references)', () => {
    const starters = template.findResources('Custom::SsoClientVpnBastionServerStarter');
    expect(Object.values(starters)).toEqual([expect.objectContaining({ Properties: { ServiceToken: { 'Fn::GetAtt': [fnId, 'Arn'] } } })]);
    // Without the schedule, nothing of the kind.
    expect(synthBastion().template.findResources('Custom::SsoClientVpnBastionServerStarter')).toEqual({});
  });

  test('the switch knows the VPC and the NAT Elastic IPs, to find a NAT gateway a failed switch-off left holding one', () => {
    const config = JSON.stringify(template.toJSON().Resources[fnId].Properties.Environment.Variables[CONFIGURATION_VARIABLE]);
    expect(config).toContain(`"VpcId\\":\\"",{"Ref":"${logicalIdOf(template, 'AWS::EC2::VPC')}"}`);
    expect(config).toContain(`{"Fn::GetAtt":["${logicalIdOf(template, 'AWS::EC2::EIP')}","AllocationId"]}`);
  });

  test('the wake function waits for the switch (15 minutes), and the SwitchOnCommand waits for it too', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WAKE_TARGET: Match.anyValue() }) }, Timeout: 900 });
    template.hasOutput('*', {
      Description: Match.stringLikeRegexp('waits until the VPN is usable'),
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(' --cli-read-timeout 900 .*/dev/stdout$')])] },
    });
  });

  test('the dashboard shows the switch\'s failures', () => {
    const body = JSON.stringify(template.toJSON().Resources[logicalIdOf(template, 'AWS::CloudWatch::Dashboard')].Properties.DashboardBody);
    expect(body).toContain('Switch failures');
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
  });
});

describe('where the state is kept, and the deploy paths that lose it', () => {
  const NAME = '/bastion/prod/switch-state';

  test('SwitchState.ssmParameter: an SSM-typed parameter (its own logical ID) that the condition reads; the switch writes it, both roles may read it', () => {
    const { template } = synthBastion({ schedule: Schedule.onDemand(), switchState: SwitchState.ssmParameter(NAME) });
    const parameters = Object.entries(template.toJSON().Parameters).filter(([, p]: [string, any]) => p.Default === NAME);
    expect(parameters).toEqual([[expect.stringMatching(/SsmState/), expect.objectContaining({
      Type: 'AWS::SSM::Parameter::Value<String>',
      Description: expect.stringMatching(/^\[cdk:skip\] /),
    })]]);
    const [parameter] = parameters[0];
    expect(Object.values(template.toJSON().Conditions)).toContainEqual({ 'Fn::Equals': [{ Ref: parameter }, 'on'] });
    const fnId = switchFunctionId(template);
    const config = JSON.stringify(template.toJSON().Resources[fnId].Properties.Environment.Variables[CONFIGURATION_VARIABLE]);
    expect(config).toContain(`\\"StateParameterName\\":\\"${NAME}\\"`);
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:ap-northeast-1:', { Ref: 'AWS::AccountId' }, ':parameter/bastion/prod/switch-state']] };
    expect(statementsOf(template, switchRoleOf(template))).toContainEqual(expect.objectContaining({ Action: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:GetParameters'], Resource: arn }));
    expect(statementsOf(template, roleOf(template, 'cloudformation.amazonaws.com'))).toContainEqual(expect.objectContaining({ Action: 'ssm:GetParameters', Resource: arn }));
  });

  test.each([
    ['bastion/state', /is not an SSM parameter name/],
    ['/aws/reserved', /not starting with "aws" or "ssm"/],
    ['/a b', /is not an SSM parameter name/],
  ])('a bad SSM parameter name %j is refused, naming it', (name, message) => {
    expect(() => SwitchState.ssmParameter(name)).toThrow(message);
    expect(() => SwitchState.ssmParameter(name)).toThrow(`SsoClientVpnBastion: switchState parameterName ${JSON.stringify(name)}`);
  });

  test('switchState without a schedule is refused', () => {
    expect(() => synthBastion({ switchState: SwitchState.ssmParameter(NAME) })).toThrow(/switchState is set without schedule/);
  });

  test('a stack inside a Stage (as CDK Pipelines deploys) with the plain parameter gets a warning naming the fix; with the SSM state, none', () => {
    const warnings = (switchState?: SwitchState) => {
      const stack = new Stack(new Stage(new App(), 'Prod'), 'Bastion', { env: { region: 'ap-northeast-1' } });
      new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ schedule: Schedule.onDemand(), switchState }));
      return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CodePipeline'));
    };
    expect(warnings()).toEqual([expect.objectContaining({ entry: expect.objectContaining({ data: expect.stringMatching(/Prod.*resets the switch's stack parameter.*SwitchState.ssmParameter/) }) })]);
    expect(warnings(SwitchState.ssmParameter(NAME))).toEqual([]);
    // The article's app (stacks at the root of the App) gets no such warning.
    const { stack } = synthBastion({ schedule: Schedule.onDemand() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CodePipeline'))).toEqual([]);
  });

  test('a synthesizer without a CloudFormation execution role gets a warning naming it', () => {
    const stack = new Stack(new App(), 'Bastion', { env: { region: 'ap-northeast-1' }, synthesizer: new CliCredentialsStackSynthesizer() });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ schedule: Schedule.onDemand() }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('synthesizer \\(CliCredentialsStackSynthesizer\\) deploys without a CloudFormation execution role'));
    expect(Annotations.fromStack(synthBastion({ schedule: Schedule.onDemand() }).stack).findWarning('*', Match.stringLikeRegexp('execution role'))).toEqual([]);
  });

  test('a schedule in a nested stack is refused: CloudFormation updates a nested stack only through its parent', () => {
    const nested = new NestedStack(new Stack(new App(), 'Parent', { env: { region: 'ap-northeast-1' } }), 'Nested');
    expect(() => new SsoClientVpnBastion(nested, 'Bastion', requiredProps({ schedule: Schedule.onDemand() }))).toThrow(/schedule cannot be used in a nested stack/);
  });
});

describe('idle switch-off', () => {
  const { template } = synthBastion({ schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo', idleMinutes: 45 }) });

  test('an alarm on the endpoint\'s connection count, in 5-minute periods over the idle time, invokes the switch function', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ClientVPN',
      MetricName: 'ActiveConnectionsCount',
      Dimensions: [{ Name: 'Endpoint', Value: { Ref: logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint') } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 9,
      DatapointsToAlarm: 9,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ 'Fn::GetAtt': [switchFunctionId(template), 'Arn'] }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [switchFunctionId(template), 'Arn'] },
    });
  });

  test('the switch may re-arm that alarm only', () => {
    const statements = statementsOf(template, switchRoleOf(template));
    const setState = statements.filter((s) => [s.Action].flat().includes('cloudwatch:SetAlarmState'));
    expect(setState).toHaveLength(1);
    expect(JSON.stringify(setState[0].Resource)).toMatch(/:alarm:TestStack-[0-9a-f]{8}-idle/);
  });
});

describe('on demand', () => {
  const { template } = synthBastion({ schedule: Schedule.onDemand() });

  test('starts off, has no scheduler, and switches off after 60 idle minutes', () => {
    const { parameter } = switchParameter(template);
    expect(template.toJSON().Parameters[parameter].Default).toBe('off');
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { EvaluationPeriods: 12 });
  });
});

describe('with a permission set', () => {
  test('the authorized groups may wake the bastion from their session', () => {
    const { template } = synthBastion({
      schedule: Schedule.onDemand(),
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      permissionSet: { name: 'Bastion', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] },
    });
    const wakeId = logicalIdOf(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WAKE_TARGET: Match.anyValue() }) } });
    template.hasResourceProperties('AWS::SSO::PermissionSet', {
      // Next to the EC2 Instance Connect statements (instance-connect.test.ts).
      InlinePolicy: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [wakeId, 'Arn'] } })]) }),
    });
  });
});

describe('with a schedule and a split tunnel in two AZs', () => {
  test('both associations and both NAT gateways are switched, and no internet route exists', () => {
    const stack = newStack({ env: { region: 'ap-northeast-1', account: '123456789012' } });
    stack.node.setContext('availability-zones:account=123456789012:region=ap-northeast-1', ['ap-northeast-1a', 'ap-northeast-1c']);
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ schedule: BUSINESS_HOURS, splitTunnel: true, maxAzs: 2 }));
    const template = Template.fromStack(stack);
    const { condition } = switchParameter(template);
    const conditioned = (type: string) => Object.values(template.findResources(type)).filter((r) => r.Condition === condition).length;
    expect(conditioned('AWS::EC2::ClientVpnTargetNetworkAssociation')).toBe(2);
    expect(conditioned('AWS::EC2::NatGateway')).toBe(2);
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 0);
  });
});

test('the example app with a schedule synthesizes', () => {
  const stack = createArticleStack(new App(), 'Scheduled', { schedule: BUSINESS_HOURS });
  Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 2);
});
