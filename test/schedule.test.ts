import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createArticleStack } from '../examples/article';
import { Schedule, SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';
import { OWNER_TAG_KEY } from '../src/schedule/switch-configuration';

const BUSINESS_HOURS = Schedule.businessHours({ timeZone: 'Asia/Tokyo' });

function switchResource(template: Template): { Configuration: Record<string, any> } {
  const resources = Object.values(template.findResources('Custom::SsoClientVpnBastionSwitch'));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

describe('Schedule', () => {
  test('business hours default to 9 to 19 on weekdays, 50 hours a week', () => {
    expect(BUSINESS_HOURS.switchOnExpression).toBe('cron(0 9 ? * MON-FRI *)');
    expect(BUSINESS_HOURS.switchOffExpression).toBe('cron(0 19 ? * MON-FRI *)');
    expect(BUSINESS_HOURS.onHoursPerWeek).toBe(50);
    expect(Schedule.businessHours({ timeZone: 'UTC', startHour: 8, endHour: 24, days: 'SAT-SUN' }).onHoursPerWeek).toBe(32);
    expect(Schedule.businessHours({ timeZone: 'UTC', days: 'MON,WED,FRI' }).onHoursPerWeek).toBe(30);
  });

  test.each([
    [() => Schedule.businessHours({ timeZone: 'Mars/Olympus' }), /schedule timeZone "Mars\/Olympus" is not an IANA time zone/],
    [() => Schedule.businessHours({ timeZone: 'UTC', startHour: 19, endHour: 9 }), /schedule endHour 9 must be after startHour \(19\)/],
    [() => Schedule.businessHours({ timeZone: 'UTC', startHour: 8.5 }), /schedule startHour 8.5 must be a whole hour from 0 to 24/],
    [() => Schedule.businessHours({ timeZone: 'UTC', days: 'WEEKDAYS' }), /schedule days "WEEKDAYS" is not a list of days/],
    [() => Schedule.cron({ timeZone: 'UTC', switchOn: '0 9 * * 1-5', switchOff: 'cron(0 19 ? * MON-FRI *)' }), /schedule switchOn "0 9 \* \* 1-5" is not an EventBridge Scheduler cron expression/],
    [() => Schedule.cron({ timeZone: 'UTC', switchOn: 'cron(0 9 ? * MON-FRI *)', switchOff: 'cron(0 19 ? * MON-FRI *)', onHoursPerWeek: 200 }), /schedule onHoursPerWeek 200 must be from 0 to 168/],
  ])('a bad schedule is refused at synth time, naming the prop and the value (%#)', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('without a schedule', () => {
  test('the template has no switch, no scheduler and no owner tag', () => {
    const { template } = synthBastion();
    expect(JSON.stringify(template.toJSON())).not.toContain(OWNER_TAG_KEY);
    template.resourceCountIs('Custom::SsoClientVpnBastionSwitch', 0);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });
});

describe('with a business-hours schedule', () => {
  const plain = synthBastion().template;
  const { template, bastion } = synthBastion({ schedule: BUSINESS_HOURS });

  test('EventBridge Scheduler switches on at 9 and off at 19 on weekdays, in the time zone, invoking the switch function', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', { Timeout: 900, Environment: { Variables: Match.objectLike({ SWITCH_CONFIGURATION: Match.anyValue() }) } });
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
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SWITCH_CONFIGURATION: Match.anyValue() }) } });
    const roleId = logicalIdOf(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })] },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    expect(Object.values(policies).map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [functionId, 'Arn'] } },
    ]]);
  });

  test('CloudFormation owns no association, no Client VPN route, no NAT gateway and no default route to a NAT', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 0);
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(Object.keys(template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } }))).toEqual([]);
  });

  test('the switch restores exactly the associations, routes and NAT gateways that the unscheduled stack defines', () => {
    const { Configuration: config } = switchResource(template);
    const assoc = Object.values(plain.findResources('AWS::EC2::ClientVpnTargetNetworkAssociation')).map((r) => r.Properties.SubnetId);
    expect(config.AssociatedSubnetIds).toEqual(assoc);
    const routes = Object.values(plain.findResources('AWS::EC2::ClientVpnRoute')).map((r) => ({
      DestinationCidrBlock: r.Properties.DestinationCidrBlock, TargetSubnetId: r.Properties.TargetVpcSubnetId, Description: r.Properties.Description,
    }));
    expect(config.Routes).toEqual(routes);
    const nats = Object.values(plain.findResources('AWS::EC2::NatGateway')).map((r) => ({ SubnetId: r.Properties.SubnetId, AllocationId: r.Properties.AllocationId }));
    expect(config.NatGateways.map((n: any) => ({ SubnetId: n.SubnetId, AllocationId: n.AllocationId }))).toEqual(nats);
    const natRouteTables = Object.values(plain.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } })).map((r) => r.Properties.RouteTableId);
    expect(config.NatGateways.flatMap((n: any) => n.RouteTableIds)).toEqual(natRouteTables);
  });

  test('the authorization rules, the Elastic IP and the server stay CloudFormation\'s, as without a schedule', () => {
    for (const type of ['AWS::EC2::ClientVpnAuthorizationRule', 'AWS::EC2::EIP', 'AWS::EC2::Instance']) {
      const key = (r: any) => r.Properties.TargetNetworkCidr ?? r.Properties.Domain ?? r.Properties.InstanceType;
      expect(Object.values(template.findResources(type)).map(key)).toEqual(Object.values(plain.findResources(type)).map(key));
    }
    template.hasResourceProperties('AWS::EC2::Instance', { Tags: Match.arrayWith([{ Key: OWNER_TAG_KEY, Value: Match.anyValue() }]) });
  });

  test('neither the server nor the endpoint waits for the other: the switch refers to no instance', () => {
    const serverId = logicalIdOf(template, 'AWS::EC2::Instance');
    const switchJson = JSON.stringify(Object.values(template.findResources('Custom::SsoClientVpnBastionSwitch'))[0]);
    expect(switchJson).not.toContain(serverId);
    expect(JSON.stringify(template.findResources('AWS::EC2::Instance'))).not.toContain(logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint'));
  });

  test('the switch handler\'s permissions are scoped to the endpoint, the subnets, the Elastic IP and its own tag', () => {
    const roleIds = Object.keys(template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } },
    }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => roleIds.includes(p.Properties.Roles[0].Ref))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('ec2:')));
    const unconditionalStar = statements.filter((s: any) => s.Resource === '*' && !s.Condition);
    // Describe actions accept no resource-level permissions; nothing else may be unscoped.
    expect(unconditionalStar.flatMap((s: any) => [s.Action].flat()).every((a: string) => a.startsWith('ec2:Describe'))).toBe(true);
    const byAction = (action: string) => statements.filter((s: any) => [s.Action].flat().includes(action));
    for (const action of ['ec2:DeleteNatGateway', 'ec2:StartInstances', 'ec2:StopInstances']) {
      for (const statement of byAction(action)) {
        expect(statement.Condition.StringEquals).toHaveProperty([`aws:ResourceTag/${OWNER_TAG_KEY}`]);
      }
    }
    expect(byAction('ec2:CreateNatGateway').some((s: any) => s.Condition?.StringEquals?.[`aws:RequestTag/${OWNER_TAG_KEY}`])).toBe(true);
    expect(JSON.stringify(byAction('ec2:DisassociateClientVpnTargetNetwork'))).toContain('client-vpn-endpoint/');
    expect(JSON.stringify(byAction('ec2:CreateRoute'))).toContain('ec2:Vpc');
    expect(statements.flatMap((s: any) => [s.Action].flat())).not.toEqual(expect.arrayContaining(['ec2:RevokeClientVpnIngress']));
  });

  test('the switch-on command is a stack output, and the function is exposed', () => {
    template.hasOutput('*', {
      Description: Match.stringLikeRegexp('switch the bastion on outside its hours'),
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^aws lambda invoke --region ap-northeast-1 --function-name $')])] },
    });
    expect(bastion.switchFunction).toBeDefined();
  });

  test('the on-hours are recorded for the cost estimate', () => {
    const resource = Object.values(template.findResources('Custom::SsoClientVpnBastionSwitch'))[0];
    expect(resource.Metadata).toEqual({ 'sso-client-vpn-bastion:onHoursPerWeek': 50 });
  });
});

describe('with a schedule and a split tunnel in two AZs', () => {
  test('associates both subnets and adds no internet route', () => {
    const stack = newStack({ env: { region: 'ap-northeast-1', account: '123456789012' } });
    stack.node.setContext('availability-zones:account=123456789012:region=ap-northeast-1', ['ap-northeast-1a', 'ap-northeast-1c']);
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ schedule: BUSINESS_HOURS, splitTunnel: true, maxAzs: 2 }));
    const { Configuration: config } = switchResource(Template.fromStack(stack));
    expect(config.AssociatedSubnetIds).toHaveLength(2);
    expect(config.Routes).toEqual([]);
    expect(config.NatGateways).toHaveLength(2);
  });
});

test('the example app with a schedule synthesizes', () => {
  const stack = createArticleStack(new App(), 'Scheduled', { schedule: BUSINESS_HOURS });
  Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 2);
});
