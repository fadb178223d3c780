import { Readable } from 'stream';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeClientVpnConnectionsCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { ClientVpnConnection, Instance } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CONFIGURATION_VARIABLE, WAKE_TARGET_VARIABLE } from '../../src/schedule/switch-contract';
import type { SwitchConfiguration } from '../../src/schedule/switch-contract';
import { DEFAULT_WAIT_TIMING } from '../../src/schedule/switch-runtime/poll';
import { handle } from '../../src/schedule/switch.lambda';
import type { AlarmEvent, SwitchDependencies } from '../../src/schedule/switch.lambda';

/**
 * The off-hours switch handler against AWS's documented answers. Each double
 * below cites the page that documents the answer it models.
 */

const REGION = 'ap-northeast-1';
const STACK_ID = 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/Bastion/8f2c1a90-ae11-11f0-9e7b-0a1b2c3d4e5f';
const CONFIG: SwitchConfiguration = {
  StackId: STACK_ID,
  ParameterKey: 'OffHoursSwitchState1A2B3C4D',
  RoleArn: 'arn:aws:iam::123456789012:role/Bastion-OffHoursSwitchStackRole-1ABC',
  InstanceId: 'i-0123456789abcdef0',
  EndpointId: 'cvpn-endpoint-0123456789abcdef0',
  IdleMinutes: 60,
  AlarmName: 'Bastion-Idle',
};
/** Fast waits: the SDK waiter's backoff between 10 and 20 ms. */
const FAST = { minDelaySeconds: 0.01, maxDelaySeconds: 0.02 };
const NOW = Date.parse('2026-11-30T09:00:00Z');
const LONG_AGO = new Date(NOW - 3 * 60 * 60_000);

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
// Instance-level stubs (not prototype-level), so that the throttling test can use a real CloudFormationClient.
const cloudFormation = new CloudFormationClient({ region: REGION, credentials });
const ec2 = new EC2Client({ region: REGION, credentials });
const cloudWatch = new CloudWatchClient({ region: REGION, credentials });
const lambda = new LambdaClient({ region: REGION, credentials });
const ssm = new SSMClient({ region: REGION, credentials });
const cfnMock = mockClient(cloudFormation);
const ec2Mock = mockClient(ec2);
const cloudWatchMock = mockClient(cloudWatch);
const lambdaMock = mockClient(lambda);
const ssmMock = mockClient(ssm);

/** The answers CloudFormation's response URL received (an S3 presigned PUT answers 200). */
const responses: { url: string; body: Record<string, unknown> }[] = [];
function dependencies(overrides: Partial<SwitchDependencies> = {}): SwitchDependencies {
  const put = async (url: string, body: string) => {
    responses.push({ url, body: JSON.parse(body) });
    return { status: 200 };
  };
  return { cloudFormation, ec2, cloudWatch, lambda, ssm, timing: FAST, now: () => NOW, put, ...overrides };
}

/** A Lambda context; the switch keeps 30 s back, so 31 s leaves a deadline of 1 s. */
function context(remainingMs = 15 * 60_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
}

/**
 * A stack as DescribeStacks describes it: the switch parameter, the CDK's
 * BootstrapVersion and one more parameter, the capabilities of the last deploy.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html
 */
function stack(state: string, status = 'UPDATE_COMPLETE', extra: Partial<Stack> = {}): { Stacks: Stack[] } {
  return {
    Stacks: [{
      StackId: STACK_ID,
      StackName: 'Bastion',
      StackStatus: status as Stack['StackStatus'],
      CreationTime: new Date('2026-01-01T00:00:00Z'),
      LastUpdatedTime: LONG_AGO,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      Parameters: [
        { ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '27' },
        { ParameterKey: CONFIG.ParameterKey, ParameterValue: state },
        { ParameterKey: 'ServerImageId', ParameterValue: 'ami-0123456789abcdef0' },
      ],
      ...extra,
    }],
  };
}

/**
 * An error as the SDK raises it for a query-protocol error response: name = the error code.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 */
function cloudFormationError(code: string, message: string): CloudFormationServiceException {
  return new CloudFormationServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

/**
 * UpdateStack's answer when the parameters equal the previous ones (a ValidationError, HTTP 400).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html
 */
const NO_UPDATES = cloudFormationError('ValidationError', 'No updates are to be performed.');
/** UpdateStack's answer while another operation runs on the stack (User Guide: stack status codes; UpdateStack). */
const BUSY = cloudFormationError('ValidationError', `Stack:${STACK_ID} is in UPDATE_IN_PROGRESS state and can not be updated.`);

/**
 * DescribeInstances with one instance.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StateReason.html
 */
function server(state: string, reason?: Instance['StateReason']) {
  return { Reservations: [{ Instances: [{ InstanceId: CONFIG.InstanceId, State: { Name: state as 'running' }, StateReason: reason }] }] };
}
/** The reason EC2 records for an instance stopped through the API (StopInstances). */
const STOPPED_BY_API = { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
/** A start that fails after StartInstances answered (for example an EBS KMS key the instance may not use). */
const LAUNCH_ERROR = { Code: 'Client.InternalError', Message: 'Client.InternalError: Client error on launch' };

/**
 * Client VPN's connection list; times are "yyyy-mm-dd hh:mm:ss" in UTC, an active connection's end time is "-".
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnConnections.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientVpnConnection.html
 */
function connection(status: 'active' | 'terminated', endedMinutesAgo?: number): ClientVpnConnection {
  const clock = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  return {
    ClientVpnEndpointId: CONFIG.EndpointId,
    ConnectionId: `cvpn-connection-${status}`,
    Username: 'alice@example.com',
    ConnectionEstablishedTime: clock(NOW - 120 * 60_000),
    ConnectionEndTime: endedMinutesAgo === undefined ? '-' : clock(NOW - endedMinutesAgo * 60_000),
    Status: { Code: status },
  };
}

/**
 * What CloudWatch sends a Lambda function that is an alarm's action.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions-Lambda
 */
function alarm(state: 'ALARM' | 'OK'): AlarmEvent {
  return {
    source: 'aws.cloudwatch',
    alarmArn: `arn:aws:cloudwatch:${REGION}:123456789012:alarm:${CONFIG.AlarmName}`,
    alarmData: { alarmName: CONFIG.AlarmName!, state: { value: state } },
  };
}

/**
 * One stack event, `minutesAgo` before NOW; the stack-level ones (the stack's own status) unless overridden.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html
 */
function stackEvent(status: string, minutesAgo: number, token: string): StackEvent {
  return {
    StackId: STACK_ID,
    StackName: 'Bastion',
    EventId: `${status}-${minutesAgo}`,
    LogicalResourceId: 'Bastion',
    PhysicalResourceId: STACK_ID,
    ResourceType: 'AWS::CloudFormation::Stack',
    ResourceStatus: status as StackEvent['ResourceStatus'],
    Timestamp: new Date(NOW - minutesAgo * 60_000),
    ClientRequestToken: token,
  };
}

function allCalls(): number {
  return cfnMock.calls().length + ec2Mock.calls().length + cloudWatchMock.calls().length + lambdaMock.calls().length + ssmMock.calls().length;
}

beforeEach(() => {
  cfnMock.reset();
  ec2Mock.reset();
  cloudWatchMock.reset();
  lambdaMock.reset();
  ssmMock.reset();
  // UpdateStack answers with the stack ID; the update runs afterwards (API Reference: UpdateStack).
  cfnMock.on(UpdateStackCommand).resolves({ StackId: STACK_ID });
  // StartInstances, StopInstances and SetAlarmState answer at once.
  ec2Mock.on(StartInstancesCommand).resolves({ StartingInstances: [{ InstanceId: CONFIG.InstanceId, CurrentState: { Name: 'pending' } }] });
  ec2Mock.on(StopInstancesCommand).resolves({ StoppingInstances: [{ InstanceId: CONFIG.InstanceId, CurrentState: { Name: 'stopping' } }] });
  cloudWatchMock.on(SetAlarmStateCommand).resolves({});
  // No leftovers unless a test says so (API Reference: DescribeNatGateways, DescribeClientVpnTargetNetworks).
  ec2Mock.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
  ec2Mock.on(DescribeClientVpnTargetNetworksCommand).resolves({ ClientVpnTargetNetworks: [] });
  cfnMock.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  responses.length = 0;
  process.env[CONFIGURATION_VARIABLE] = JSON.stringify(CONFIG);
  delete process.env[WAKE_TARGET_VARIABLE];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterAll(() => {
  delete process.env[CONFIGURATION_VARIABLE];
  delete process.env[WAKE_TARGET_VARIABLE];
});

describe('switching through the stack parameter', () => {
  test('off: UpdateStack with the previous template, every other parameter\'s previous value, the capabilities and the switch\'s own role; then the server stops', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('on')).resolves(stack('off'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle({ mode: 'off' }, context(), dependencies());

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} switched to off`, `server ${CONFIG.InstanceId} stopping`] });
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
    expect(cfnMock).toHaveReceivedCommandWith(UpdateStackCommand, {
      StackName: STACK_ID,
      UsePreviousTemplate: true,
      Parameters: [
        { ParameterKey: 'BootstrapVersion', UsePreviousValue: true },
        { ParameterKey: CONFIG.ParameterKey, ParameterValue: 'off' },
        { ParameterKey: 'ServerImageId', UsePreviousValue: true },
      ],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      RoleARN: CONFIG.RoleArn,
      ClientRequestToken: expect.stringMatching(/^switch-off-[0-9]+$/),
    });
    // No template of any kind is sent: only the parameter changes.
    const input = cfnMock.commandCalls(UpdateStackCommand)[0].args[0].input;
    expect(input.TemplateBody).toBeUndefined();
    expect(input.TemplateURL).toBeUndefined();
    expect(ec2Mock).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
    // The VPN goes first, the server after the update completed.
    expect(cfnMock.commandCalls(DescribeStacksCommand)[1].calledBefore(ec2Mock.commandCalls(StopInstancesCommand)[0])).toBe(true);
    expect(cloudWatchMock).not.toHaveReceivedCommand(SetAlarmStateCommand);
  });

  test('on: flips the parameter, then starts a server stopped through the API, waits for running, re-arms the idle alarm', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('off')).resolves(stack('on'));
    ec2Mock.on(DescribeInstancesCommand)
      .resolvesOnce(server('stopped', STOPPED_BY_API))
      .resolvesOnce(server('pending'))
      .resolves(server('running'));

    const response = await handle({ mode: 'on' }, context(), dependencies());

    expect(response).toEqual({
      mode: 'on',
      actions: expect.arrayContaining([
        `server ${CONFIG.InstanceId} started`,
        `stack parameter ${CONFIG.ParameterKey} switched to on`,
        `idle alarm ${CONFIG.AlarmName} re-armed`,
      ]),
    });
    expect(ec2Mock).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
    expect(cfnMock).toHaveReceivedCommandWith(UpdateStackCommand, {
      Parameters: expect.arrayContaining([{ ParameterKey: CONFIG.ParameterKey, ParameterValue: 'on' }]),
      RoleARN: CONFIG.RoleArn,
      UsePreviousTemplate: true,
    });
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK' });
    // The server starts only once the parameter is on: while off, a running server is stopped again.
    expect(cfnMock.commandCalls(UpdateStackCommand)[0].calledBefore(ec2Mock.commandCalls(StartInstancesCommand)[0])).toBe(true);
  });

  test('already in the wanted state: no UpdateStack, no StartInstances', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('on'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle({ mode: 'on' }, context(), dependencies());

    expect(response).toEqual({ mode: 'on', actions: expect.arrayContaining([`stack parameter ${CONFIG.ParameterKey} already on`, `server ${CONFIG.InstanceId} already running`]) });
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(StartInstancesCommand);
  });

  test('"No updates are to be performed." (ValidationError) counts as done', async () => {
    // DescribeStacks still shows "on" (another invocation flipped it between our look and our update).
    cfnMock.on(DescribeStacksCommand).resolves(stack('on'));
    cfnMock.on(UpdateStackCommand).rejects(NO_UPDATES);
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle({ mode: 'off' }, context(), dependencies());

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} already off`, `server ${CONFIG.InstanceId} stopping`] });
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
    expect(ec2Mock).toHaveReceivedCommandTimes(StopInstancesCommand, 1);
  });

  test('a stack busy with another update (UpdateStack refused, then UPDATE_IN_PROGRESS, UPDATE_COMPLETE) is waited for and then flipped', async () => {
    cfnMock.on(DescribeStacksCommand)
      .resolvesOnce(stack('on', 'UPDATE_COMPLETE'))
      // The deployment that started between our look and our UpdateStack (User Guide: stack status codes).
      .resolvesOnce(stack('on', 'UPDATE_IN_PROGRESS', { StackStatusReason: 'User Initiated' }))
      .resolvesOnce(stack('on', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'))
      .resolvesOnce(stack('on', 'UPDATE_COMPLETE'))
      .resolves(stack('off', 'UPDATE_COMPLETE'));
    cfnMock.on(UpdateStackCommand).rejectsOnce(BUSY).resolves({ StackId: STACK_ID });
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    const response = await handle({ mode: 'off' }, context(), dependencies());

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} switched to off`, `server ${CONFIG.InstanceId} already stopped`] });
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 2);
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(5);
    // The second UpdateStack came after the stack settled.
    expect(cfnMock.commandCalls(DescribeStacksCommand)[3].calledBefore(cfnMock.commandCalls(UpdateStackCommand)[1])).toBe(true);
  });

  test('a deployment running when the switch looks is waited for before UpdateStack', async () => {
    cfnMock.on(DescribeStacksCommand)
      .resolvesOnce(stack('on', 'UPDATE_IN_PROGRESS', { StackStatusReason: 'User Initiated' }))
      .resolvesOnce(stack('on', 'UPDATE_COMPLETE'))
      .resolves(stack('off', 'UPDATE_COMPLETE'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    await handle({ mode: 'off' }, context(), dependencies());

    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
    expect(cfnMock.commandCalls(DescribeStacksCommand)[1].calledBefore(cfnMock.commandCalls(UpdateStackCommand)[0])).toBe(true);
  });

  test('a stack that stays busy past the deadline is reported with its status and reason, and never updated', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('on', 'UPDATE_IN_PROGRESS', { StackStatusReason: 'User Initiated' }));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    // 31 s left: the switch keeps 30 s back to report, so it waits 1 s.
    await expect(handle({ mode: 'off' }, context(31_000), dependencies()))
      .rejects.toThrow(`Off-hours switch: stack ${STACK_ID} is still busy after 1 s: UPDATE_IN_PROGRESS (User Initiated).`);
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(cfnMock.commandCalls(DescribeStacksCommand).length).toBeGreaterThan(1);
  });

  test('with the production pacing and little time left, a settled stack is still looked at (the waiter\'s minimum delay does not outlast the deadline)', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    // 31 s left: a deadline of 1 s, shorter than the production waiter's 5 s minimum delay.
    const response = await handle({ mode: 'off' }, context(31_000), dependencies({ timing: DEFAULT_WAIT_TIMING }));

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} already off`, `server ${CONFIG.InstanceId} already stopped`] });
    expect(cfnMock).toHaveReceivedCommandTimes(DescribeStacksCommand, 1);
  });

  test.each([
    ['UPDATE_ROLLBACK_FAILED', 'The following resource(s) failed to update: [NatGateway1A2B3C4D].'],
    ['ROLLBACK_COMPLETE', 'The following resource(s) failed to create: [Endpoint5E6F7A8B]. Rollback requested by user.'],
  ])('a stack in %s is reported with its status reason and not updated', async (status, reason) => {
    // Neither state accepts UpdateStack (User Guide: stack status codes; "Continue rolling back an update").
    cfnMock.on(DescribeStacksCommand).resolves(stack('off', status, { StackStatusReason: reason }));
    ec2Mock.on(DescribeInstancesCommand).resolvesOnce(server('stopped', STOPPED_BY_API)).resolvesOnce(server('pending')).resolves(server('running'));

    await expect(handle({ mode: 'on' }, context(), dependencies()))
      .rejects.toThrow(`Off-hours switch: stack Bastion is ${status} (${reason}), from which CloudFormation accepts no update.`);
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    // A failed switch re-arms the idle alarm, which then tries again at its next period.
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK', StateReason: expect.stringContaining('The switch failed') });
  });

  test('an update that rolls back is reported with the first *_FAILED event of its own ClientRequestToken', async () => {
    cfnMock.on(DescribeStacksCommand)
      .resolvesOnce(stack('off'))
      .resolves(stack('off', 'UPDATE_ROLLBACK_COMPLETE'));
    /**
     * Stack events come newest first; every event of one operation carries its ClientRequestToken.
     * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
     * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html
     */
    cfnMock.on(DescribeStackEventsCommand).callsFake((input: { NextToken?: string }) => {
      const token = cfnMock.commandCalls(UpdateStackCommand)[0].args[0].input.ClientRequestToken!;
      const event = (logicalId: string, type: string, status: string, reason: string | undefined, requestToken = token): StackEvent => ({
        StackId: STACK_ID,
        StackName: 'Bastion',
        EventId: `${logicalId}-${status}`,
        LogicalResourceId: logicalId,
        ResourceType: type,
        ResourceStatus: status as StackEvent['ResourceStatus'],
        ResourceStatusReason: reason,
        ClientRequestToken: requestToken,
        Timestamp: new Date(NOW),
      });
      if (input.NextToken === undefined) {
        return {
          NextToken: 'page-2',
          StackEvents: [
            event('Bastion', 'AWS::CloudFormation::Stack', 'UPDATE_ROLLBACK_COMPLETE', undefined),
            event('Bastion', 'AWS::CloudFormation::Stack', 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [NatGatewayA, NatGatewayB].'),
            event('NatGatewayB', 'AWS::EC2::NatGateway', 'CREATE_FAILED', 'Resource creation cancelled'),
            event('NatGatewayA', 'AWS::EC2::NatGateway', 'CREATE_FAILED',
              'Resource handler returned message: "Elastic IP address [eipalloc-0123] is already associated (Service: Ec2, Status Code: 400)"'),
            event('Bastion', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', 'User Initiated'),
          ],
        };
      }
      // An older operation's failure: not ours, not reported.
      return { StackEvents: [event('Endpoint', 'AWS::EC2::ClientVpnEndpoint', 'UPDATE_FAILED', 'an older failure', 'exec-older-deploy')] };
    });
    ec2Mock.on(DescribeInstancesCommand).resolvesOnce(server('stopped', STOPPED_BY_API)).resolvesOnce(server('pending')).resolves(server('running'));

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow(
      'Off-hours switch: switching on failed and CloudFormation rolled back: stack Bastion is UPDATE_ROLLBACK_COMPLETE. ' +
      'First failure: NatGatewayA (AWS::EC2::NatGateway): Resource handler returned message: "Elastic IP address [eipalloc-0123] is already associated (Service: Ec2, Status Code: 400)"');
    expect(cfnMock).toHaveReceivedCommandTimes(DescribeStackEventsCommand, 2);
    expect(cfnMock).toHaveReceivedNthSpecificCommandWith(2, DescribeStackEventsCommand, { StackName: STACK_ID, NextToken: 'page-2' });
    // The failed switch re-arms the idle alarm, so that the bastion does not stay as it is for good.
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK', StateReason: expect.stringContaining('rolled back') });
  });

  test('a mode other than on or off is refused before any AWS call', async () => {
    await expect(handle({ mode: 'maybe' }, context(), dependencies())).rejects.toThrow('mode "maybe" is not supported');
    expect(allCalls()).toBe(0);
  });
});

describe('throttling (a real CloudFormationClient: aws-sdk-client-mock bypasses the retry middleware)', () => {
  test('the SDK\'s own retry absorbs two Throttling answers to each call', async () => {
    const requests: { action: string; body: string }[] = [];
    let state = 'on';
    /**
     * A fake HTTP handler speaking CloudFormation's query protocol. Throttling is HTTP 400 with code Throttling.
     * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
     * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
     */
    const requestHandler = {
      handle: async (request: { body?: string }) => {
        const body = String(request.body ?? '');
        const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? 'unknown';
        requests.push({ action, body });
        const attempts = requests.filter((r) => r.action === action).length;
        let status = 200;
        let xml: string;
        if (attempts <= 2) {
          status = 400;
          xml = '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>';
        } else if (action === 'UpdateStack') {
          state = /ParameterValue=off/.test(body) ? 'off' : state;
          xml = `<UpdateStackResponse><UpdateStackResult><StackId>${STACK_ID}</StackId></UpdateStackResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></UpdateStackResponse>`;
        } else if (action === 'DescribeStackEvents') {
          // The update's own events: its stack-level UPDATE_COMPLETE, nothing left DELETE_FAILED.
          const token = /ClientRequestToken=(switch-[a-z]+-\d+)/.exec(requests.find((r) => r.action === 'UpdateStack')?.body ?? '')?.[1] ?? '';
          xml = '<DescribeStackEventsResponse><DescribeStackEventsResult><StackEvents><member>' +
            `<StackId>${STACK_ID}</StackId><EventId>e1</EventId><StackName>Bastion</StackName><LogicalResourceId>Bastion</LogicalResourceId>` +
            `<PhysicalResourceId>${STACK_ID}</PhysicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType>` +
            `<Timestamp>2026-11-30T09:00:00Z</Timestamp><ResourceStatus>UPDATE_COMPLETE</ResourceStatus><ClientRequestToken>${token}</ClientRequestToken>` +
            '</member></StackEvents></DescribeStackEventsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStackEventsResponse>';
        } else if (action === 'DescribeStacks') {
          xml = '<DescribeStacksResponse><DescribeStacksResult><Stacks><member>' +
            `<StackId>${STACK_ID}</StackId><StackName>Bastion</StackName><StackStatus>UPDATE_COMPLETE</StackStatus>` +
            '<CreationTime>2026-01-01T00:00:00Z</CreationTime><Capabilities><member>CAPABILITY_IAM</member></Capabilities>' +
            `<Parameters><member><ParameterKey>${CONFIG.ParameterKey}</ParameterKey><ParameterValue>${state}</ParameterValue></member></Parameters>` +
            '</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>';
        } else {
          throw new Error(`unexpected CloudFormation call ${action}`);
        }
        return { response: { statusCode: status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) } };
      },
    };
    // The SDK's default of 3 attempts; the handler itself gives 8.
    const real = new CloudFormationClient({ region: REGION, credentials, requestHandler, maxAttempts: 3 });
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    const response = await handle({ mode: 'off' }, context(), dependencies({ cloudFormation: real }));

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} switched to off`, `server ${CONFIG.InstanceId} already stopped`] });
    // DescribeStacks: 2 throttled + 1; UpdateStack: 2 throttled + 1; the DescribeStacks after the update;
    // DescribeStackEvents (what the update left DELETE_FAILED): 2 throttled + 1.
    expect(requests.map((r) => r.action)).toEqual([
      'DescribeStacks', 'DescribeStacks', 'DescribeStacks', 'UpdateStack', 'UpdateStack', 'UpdateStack', 'DescribeStacks',
      'DescribeStackEvents', 'DescribeStackEvents', 'DescribeStackEvents',
    ]);
    // The retried UpdateStack is the same request (same ClientRequestToken), with the role and the previous template.
    const updates = requests.filter((r) => r.action === 'UpdateStack').map((r) => r.body);
    expect(new Set(updates).size).toBe(1);
    expect(updates[0]).toContain(`RoleARN=${encodeURIComponent(CONFIG.RoleArn)}`);
    expect(updates[0]).toContain('UsePreviousTemplate=true');
    expect(updates[0]).toMatch(/ClientRequestToken=switch-off-\d+/);
    expect(updates[0]).toContain('Capabilities.member.1=CAPABILITY_IAM');
  }, 20_000);
});

describe('the server', () => {
  test('a start that falls back from pending to stopped is reported with its state reason; the VPN part still flips', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('off')).resolves(stack('on'));
    ec2Mock.on(DescribeInstancesCommand)
      .resolvesOnce(server('stopped', STOPPED_BY_API))
      .resolvesOnce(server('pending'))
      .resolves(server('stopped', LAUNCH_ERROR));

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow(
      `Off-hours switch: server ${CONFIG.InstanceId} did not reach running: it is stopped (Client.InternalError: Client.InternalError: Client error on launch). ` +
      'It is not started again until the cause is fixed');
    expect(ec2Mock).toHaveReceivedCommandTimes(StartInstancesCommand, 1);
    expect(cfnMock).toHaveReceivedCommandWith(UpdateStackCommand, { Parameters: expect.arrayContaining([{ ParameterKey: CONFIG.ParameterKey, ParameterValue: 'on' }]) });
    // Not switched on cleanly: the idle alarm is re-armed with the failure, so that it checks again at its next period.
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK', StateReason: expect.stringContaining('The switch failed') });
  });

  test('a server stopped with a reason other than Client.UserInitiatedShutdown is not started; the VPN part still flips', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('off')).resolves(stack('on'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', LAUNCH_ERROR));

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow(
      `Off-hours switch: server ${CONFIG.InstanceId} is stopped (Client.InternalError: Client.InternalError: Client error on launch), ` +
      'not stopped by a person or the switch, so it is not started again blindly.');
    expect(ec2Mock).not.toHaveReceivedCommand(StartInstancesCommand);
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
  });
});

describe('the idle alarm', () => {
  function idleStack(state = 'on', lastUpdated: Date = LONG_AGO): void {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack(state, 'UPDATE_COMPLETE', { LastUpdatedTime: lastUpdated }))
      .resolvesOnce(stack(state, 'UPDATE_COMPLETE', { LastUpdatedTime: lastUpdated }))
      .resolves(stack('off', 'UPDATE_COMPLETE', { LastUpdatedTime: new Date(NOW) }));
  }

  test('ALARM with an active connection: kept on, no UpdateStack, the alarm re-armed (SetAlarmState OK)', async () => {
    idleStack();
    ec2Mock.on(DescribeClientVpnConnectionsCommand).resolves({ Connections: [connection('active')] });

    const response = await handle(alarm('ALARM'), context(), dependencies());

    expect(response).toEqual({ mode: 'idle check', actions: ['kept on: 1 connection(s) active or ended within the idle time', 'idle alarm re-armed'] });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeClientVpnConnectionsCommand, { ClientVpnEndpointId: CONFIG.EndpointId });
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(StopInstancesCommand);
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK', StateReason: expect.stringContaining('Not idle') });
  });

  test('ALARM with a connection that ended 10 minutes ago (idle time 60 minutes): kept on', async () => {
    idleStack();
    ec2Mock.on(DescribeClientVpnConnectionsCommand).resolves({ Connections: [connection('terminated', 10)] });

    const response = await handle(alarm('ALARM'), context(), dependencies());

    expect(response).toEqual({ mode: 'idle check', actions: ['kept on: 1 connection(s) active or ended within the idle time', 'idle alarm re-armed'] });
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK' });
  });

  test('ALARM with no connection in the idle time and a stack updated long ago: switched off', async () => {
    idleStack();
    ec2Mock.on(DescribeClientVpnConnectionsCommand).resolves({ Connections: [connection('terminated', 90)] });
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle(alarm('ALARM'), context(), dependencies());

    expect(response).toEqual({ mode: 'off', actions: [`stack parameter ${CONFIG.ParameterKey} switched to off`, `server ${CONFIG.InstanceId} stopping`] });
    expect(cfnMock).toHaveReceivedCommandWith(UpdateStackCommand, {
      Parameters: expect.arrayContaining([{ ParameterKey: CONFIG.ParameterKey, ParameterValue: 'off' }]),
      RoleARN: CONFIG.RoleArn,
    });
    expect(ec2Mock).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
  });

  test('ALARM within the idle time of the end of the last flip (a switch-on that took 15 minutes to associate): kept on without asking for connections', async () => {
    // The update started 70 minutes ago (LastUpdatedTime, outside the 60-minute idle time) and ended 50 minutes later.
    idleStack('on', new Date(NOW - 70 * 60_000));
    cfnMock.on(DescribeStackEventsCommand).resolves({ StackEvents: [stackEvent('UPDATE_COMPLETE', 10, 'switch-on-1')] });

    const response = await handle(alarm('ALARM'), context(), dependencies());

    expect(response).toEqual({ mode: 'idle check', actions: ['kept on: stack\'s last operation ended at 2026-11-30T08:50:00.000Z, within the idle time', 'idle alarm re-armed'] });
    expect(ec2Mock).not.toHaveReceivedCommand(DescribeClientVpnConnectionsCommand);
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
  });

  test('OK state: nothing to do, no AWS call', async () => {
    const response = await handle(alarm('OK'), context(), dependencies());

    expect(response).toEqual({ mode: 'idle check', actions: ['alarm state OK: nothing to do'] });
    expect(allCalls()).toBe(0);
  });

  test('already off, with the server running (launched by the first deploy, restarted by an update or by a person): the server is stopped, the alarm left in ALARM', async () => {
    idleStack('off');
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle(alarm('ALARM'), context(), dependencies());

    expect(response).toEqual({ mode: 'idle check', actions: ['already off', `server ${CONFIG.InstanceId} stopping`] });
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(ec2Mock).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
    expect(cloudWatchMock).not.toHaveReceivedCommand(SetAlarmStateCommand);
  });

  test('a failed idle switch-off re-arms the alarm, so that CloudWatch invokes the switch again at its next period', async () => {
    idleStack();
    ec2Mock.on(DescribeClientVpnConnectionsCommand).resolves({ Connections: [] });
    cfnMock.on(UpdateStackCommand).rejects(cloudFormationError('AccessDenied', 'User is not authorized to perform: cloudformation:UpdateStack'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    await expect(handle(alarm('ALARM'), context(), dependencies())).rejects.toThrow('AccessDenied');
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { AlarmName: CONFIG.AlarmName, StateValue: 'OK', StateReason: expect.stringContaining('AccessDenied') });
  });
});

describe('the server ends stopped whenever the switch is off (EventBridge: the stack\'s completions, the server\'s starts)', () => {
  /**
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/eventbridge-integration.html
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html
   */
  const stackCompleted = {
    'source': 'aws.cloudformation',
    'detail-type': 'CloudFormation Stack Status Change',
    'detail': { 'stack-id': STACK_ID, 'status-details': { 'status': 'CREATE_COMPLETE', 'status-reason': '' } },
  } as const;
  const serverRunning = {
    'source': 'aws.ec2',
    'detail-type': 'EC2 Instance State-change Notification',
    'detail': { 'instance-id': CONFIG.InstanceId, 'state': 'running' },
  } as const;

  test.each([['the stack\'s first deploy completed (on demand: off, the server launched running)', stackCompleted], ['a person started the server', serverRunning]])(
    '%s while off: the server is stopped', async (_, event) => {
      cfnMock.on(DescribeStacksCommand).resolves(stack('off', 'CREATE_COMPLETE'));
      ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

      const response = await handle(event, context(), dependencies());

      expect(response).toEqual({ mode: 'reconcile', actions: ['switched off', `server ${CONFIG.InstanceId} stopping`] });
      expect(ec2Mock).toHaveReceivedCommandWith(StopInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
      expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    });

  test('while on: nothing is stopped', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('on'));

    const response = await handle(serverRunning, context(), dependencies());

    expect(response).toEqual({ mode: 'reconcile', actions: ['switched on: nothing to do'] });
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  test('while the stack is busy (a switch-on flipping): nothing is stopped; its completion is checked again', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off', 'UPDATE_IN_PROGRESS'));

    const response = await handle(serverRunning, context(), dependencies());

    expect(response).toEqual({ mode: 'reconcile', actions: ['stack UPDATE_IN_PROGRESS: its completion is checked again'] });
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});

describe('what a switch-off leaves behind', () => {
  test('a flip whose cleanup left a NAT gateway DELETE_FAILED fails, naming it, though the stack ends UPDATE_COMPLETE', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('on')).resolves(stack('off'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));
    cfnMock.on(DescribeStackEventsCommand).callsFake((input: { NextToken?: string }) => {
      const token = cfnMock.commandCalls(UpdateStackCommand)[0].args[0].input.ClientRequestToken!;
      return {
        StackEvents: [
          stackEvent('UPDATE_COMPLETE', 0, token),
          // Newest first: the gateway's delete was retried and failed (User Guide: update behaviors; the cleanup skips it).
          {
            ...stackEvent('DELETE_FAILED', 1, token),
            LogicalResourceId: 'NatGatewayA',
            PhysicalResourceId: 'nat-0aaa',
            ResourceType: 'AWS::EC2::NatGateway',
            ResourceStatusReason: 'Resource handler returned message: "Rate exceeded"',
          },
          { ...stackEvent('DELETE_IN_PROGRESS', 2, token), LogicalResourceId: 'NatGatewayA', PhysicalResourceId: 'nat-0aaa', ResourceType: 'AWS::EC2::NatGateway' },
          { ...stackEvent('DELETE_COMPLETE', 3, token), LogicalResourceId: 'Association0', PhysicalResourceId: 'cvpn-assoc-0', ResourceType: 'AWS::EC2::ClientVpnTargetNetworkAssociation' },
          { ...stackEvent('UPDATE_COMPLETE', 90, 'switch-on-0') },
        ],
        NextToken: input.NextToken ? undefined : 'page-2',
      };
    });

    const failure = handle({ mode: 'off' }, context(), dependencies());

    await expect(failure).rejects.toThrow(/could not delete 1 resource\(s\).*NatGatewayA nat-0aaa \(AWS::EC2::NatGateway\): Resource handler returned message: "Rate exceeded"/);
    await expect(failure).rejects.not.toThrow(/Association0/);
    // The server is still stopped, and the failure re-arms the idle alarm.
    expect(ec2Mock).toHaveReceivedCommand(StopInstancesCommand);
    expect(cloudWatchMock).toHaveReceivedCommandWith(SetAlarmStateCommand, { StateValue: 'OK' });
  });

  const leftoverConfig = { ...CONFIG, VpcId: 'vpc-0bastion', NatAllocationIds: ['eipalloc-0stack'] };
  /** @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html */
  const leftoverGateway = {
    NatGateways: [
      { NatGatewayId: 'nat-0left', State: 'available' as const, VpcId: 'vpc-0bastion', NatGatewayAddresses: [{ AllocationId: 'eipalloc-0stack', PublicIp: '203.0.113.10' }] },
      // Someone else's gateway in the same VPC is none of the switch's business.
      { NatGatewayId: 'nat-0other', State: 'available' as const, VpcId: 'vpc-0bastion', NatGatewayAddresses: [{ AllocationId: 'eipalloc-0other' }] },
    ],
  };

  test('switch-on while a NAT gateway outside the stack holds the stack\'s Elastic IP: refused before UpdateStack, naming it and how to delete it', async () => {
    process.env[CONFIGURATION_VARIABLE] = JSON.stringify(leftoverConfig);
    cfnMock.on(DescribeStacksCommand).resolves(stack('off'));
    ec2Mock.on(DescribeNatGatewaysCommand).resolves(leftoverGateway);

    const failure = handle({ mode: 'on' }, context(), dependencies());

    await expect(failure).rejects.toThrow(/not switching on: 1 resource\(s\) left outside the stack.*NAT gateway nat-0left \(available\) holds the stack's Elastic IP eipalloc-0stack: aws ec2 delete-nat-gateway --nat-gateway-id nat-0left/);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {
      Filter: [{ Name: 'vpc-id', Values: ['vpc-0bastion'] }, { Name: 'state', Values: ['pending', 'available', 'deleting'] }],
    });
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(StartInstancesCommand);
  });

  test('switch-off again (already off) while an association is left on the endpoint: fails, naming it', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));
    /** @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TargetNetwork.html */
    ec2Mock.on(DescribeClientVpnTargetNetworksCommand).resolves({
      ClientVpnTargetNetworks: [{ AssociationId: 'cvpn-assoc-0left', TargetNetworkId: 'subnet-0a', Status: { Code: 'associated' } }],
    });

    await expect(handle({ mode: 'off' }, context(), dependencies())).rejects.toThrow(
      'switched off, but: 1 resource(s) left outside the stack by an earlier switch-off are still billed. association cvpn-assoc-0left of subnet subnet-0a (associated): ' +
      `aws ec2 disassociate-client-vpn-target-network --client-vpn-endpoint-id ${CONFIG.EndpointId} --association-id cvpn-assoc-0left.`);
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
  });

  test('switch-on with no leftovers looks for them, then flips', async () => {
    process.env[CONFIGURATION_VARIABLE] = JSON.stringify(leftoverConfig);
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('off')).resolves(stack('on'));
    ec2Mock.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [leftoverGateway.NatGateways[1]] });
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    await handle({ mode: 'on' }, context(), dependencies());

    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand)[0].calledBefore(cfnMock.commandCalls(UpdateStackCommand)[0])).toBe(true);
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
  });
});

describe('the state in an SSM parameter (SwitchState.ssmParameter: every deploy path keeps it)', () => {
  const NAME = '/bastion/prod/switch-state';
  const ssmConfig = { ...CONFIG, ParameterKey: 'OffHoursSwitchSsmState1A2B3C4D', StateParameterName: NAME };
  /**
   * DescribeStacks of an SSM-typed parameter: ParameterValue is the parameter's name, ResolvedValue what CloudFormation read.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html
   */
  function ssmStack(resolved: string, status = 'UPDATE_COMPLETE') {
    return {
      Stacks: [{
        ...stack(resolved, status).Stacks[0],
        Parameters: [
          { ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '27' },
          { ParameterKey: ssmConfig.ParameterKey, ParameterValue: NAME, ResolvedValue: resolved },
        ],
      }],
    };
  }

  beforeEach(() => {
    process.env[CONFIGURATION_VARIABLE] = JSON.stringify(ssmConfig);
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
  });

  test('on: writes "on" to the SSM parameter, then updates the stack keeping every parameter (CloudFormation resolves it again)', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(ssmStack('off')).resolves(ssmStack('on'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle({ mode: 'on' }, context(), dependencies());

    expect(response).toEqual({ mode: 'on', actions: expect.arrayContaining([`stack parameter ${ssmConfig.ParameterKey} switched to on`]) });
    expect(ssmMock).toHaveReceivedCommandWith(PutParameterCommand, { Name: NAME, Value: 'on', Type: 'String', Overwrite: true });
    expect(cfnMock).toHaveReceivedCommandWith(UpdateStackCommand, {
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'BootstrapVersion', UsePreviousValue: true }, { ParameterKey: ssmConfig.ParameterKey, UsePreviousValue: true }],
      RoleARN: CONFIG.RoleArn,
    });
    expect(ssmMock.commandCalls(PutParameterCommand)[0].calledBefore(cfnMock.commandCalls(UpdateStackCommand)[0])).toBe(true);
  });

  test('already on (as resolved): no write, no update', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(ssmStack('on'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    await handle({ mode: 'on' }, context(), dependencies());

    expect(ssmMock).not.toHaveReceivedCommand(PutParameterCommand);
    expect(cfnMock).not.toHaveReceivedCommand(UpdateStackCommand);
  });

  test('"No updates are to be performed." while the stack still resolves the old state is a failure, not "already on"', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(ssmStack('off'));
    cfnMock.on(UpdateStackCommand).rejects(NO_UPDATES);

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow(
      `found nothing to change, yet the stack resolved off from the state parameter ${NAME}, which now says on`);
    expect(ec2Mock).not.toHaveReceivedCommand(StartInstancesCommand);
  });

  test('a flip that rolls back puts the state parameter back to what the stack is, so that the next deploy does not try it again', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(ssmStack('off')).resolves(ssmStack('off', 'UPDATE_ROLLBACK_COMPLETE'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow('switching on failed and CloudFormation rolled back');

    expect(ssmMock.commandCalls(PutParameterCommand).map((call) => call.args[0].input.Value)).toEqual(['on', 'off']);
  });

  test('a deploy that resolved an older state (its change set was made before a switch): the state the parameter holds is applied again', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(ssmStack('off')).resolvesOnce(ssmStack('off')).resolves(ssmStack('on'));
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: 'on' } });
    ec2Mock.on(DescribeInstancesCommand).resolves(server('running'));

    const response = await handle({
      'source': 'aws.cloudformation',
      'detail-type': 'CloudFormation Stack Status Change',
      'detail': { 'stack-id': STACK_ID, 'status-details': { status: 'UPDATE_COMPLETE' } },
    }, context(), dependencies());

    expect(response).toEqual({ mode: 'reconcile', actions: expect.arrayContaining(['the stack resolved off, the state parameter says on', `stack parameter ${ssmConfig.ParameterKey} switched to on`]) });
    expect(cfnMock).toHaveReceivedCommandTimes(UpdateStackCommand, 1);
  });
});

describe('removing the schedule while off (the server starter custom resource)', () => {
  /** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html */
  function request(requestType: 'Create' | 'Update' | 'Delete') {
    return {
      RequestType: requestType,
      ResponseURL: 'https://cloudformation-custom-resource-response-apnortheast1.s3.amazonaws.com/presigned',
      StackId: STACK_ID,
      RequestId: 'request-1',
      ResourceType: 'Custom::SsoClientVpnBastionServerStarter',
      LogicalResourceId: 'ScheduleServerStarter',
      ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'ScheduleServerStarter-request-0' }),
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:...', InstanceId: CONFIG.InstanceId },
    };
  }

  test('Delete during the update that removes the schedule, with the server stopped: starts it and answers SUCCESS with the same physical ID', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));

    await handle(request('Delete'), context(), dependencies());

    expect(ec2Mock).toHaveReceivedCommandWith(StartInstancesCommand, { InstanceIds: [CONFIG.InstanceId] });
    expect(responses).toEqual([{
      url: request('Delete').ResponseURL,
      body: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'ScheduleServerStarter-request-0', RequestId: 'request-1', StackId: STACK_ID, LogicalResourceId: 'ScheduleServerStarter' }),
    }]);
  });

  test('Delete while the whole stack is deleted: the server is left alone', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off', 'DELETE_IN_PROGRESS'));

    await handle(request('Delete'), context(), dependencies());

    expect(ec2Mock.calls()).toHaveLength(0);
    expect(responses[0].body).toEqual(expect.objectContaining({ Status: 'SUCCESS', Reason: 'stack DELETE_IN_PROGRESS: the server goes with it' }));
  });

  test('Create and Update touch nothing and answer SUCCESS', async () => {
    await handle(request('Create'), context(), dependencies());
    await handle(request('Update'), context(), dependencies());

    expect(allCalls()).toBe(0);
    expect(responses.map((r) => r.body.Status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(responses[0].body.PhysicalResourceId).toBe('ScheduleServerStarter-request-1');
  });

  test('a start that EC2 refuses is answered FAILED with its reason (CloudFormation shows it in the events)', async () => {
    cfnMock.on(DescribeStacksCommand).resolves(stack('off', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
    ec2Mock.on(DescribeInstancesCommand).resolves(server('stopped', STOPPED_BY_API));
    ec2Mock.on(StartInstancesCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));

    await handle(request('Delete'), context(), dependencies());

    expect(responses[0].body).toEqual(expect.objectContaining({ Status: 'FAILED', Reason: 'You are not authorized to perform this operation.' }));
  });
});

describe('the wake function (WAKE_TARGET)', () => {
  const target = `arn:aws:lambda:${REGION}:123456789012:function:Bastion-OffHoursSwitch`;

  test('invokes the switch synchronously with exactly {"mode":"on"}, and nothing else, and answers with its outcome', async () => {
    process.env[WAKE_TARGET_VARIABLE] = target;
    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (RequestResponse answers 200 with the function's response) */
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: Buffer.from(JSON.stringify({ mode: 'on', actions: ['stack parameter P switched to on'] })) as never });

    // Whatever else the caller sends, the switch receives exactly {"mode":"on"}.
    const response = await handle({ mode: 'on', InstanceId: 'i-elsewhere' } as never, context(), dependencies());

    expect(response).toEqual({ mode: 'on', actions: ['stack parameter P switched to on', 'the bastion is on; clients can connect'] });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: target, InvocationType: 'RequestResponse' });
    const payload = lambdaMock.commandCalls(InvokeCommand)[0].args[0].input.Payload as Uint8Array;
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ mode: 'on' });
    expect(cfnMock.calls().length + ec2Mock.calls().length + cloudWatchMock.calls().length).toBe(0);
  });

  test('a switch that fails: the wake function fails with the switch\'s reason', async () => {
    process.env[WAKE_TARGET_VARIABLE] = target;
    /** A function error: status 200, FunctionError set, the payload is the error (API Reference: Invoke). */
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: 'Off-hours switch: not switching on: 1 resource(s) left outside the stack' })) as never,
    });

    await expect(handle({ mode: 'on' }, context(), dependencies())).rejects.toThrow('Off-hours switch: switching on failed: not switching on: 1 resource(s) left outside the stack');
  });

  test('refuses {"mode":"off"} without invoking anything', async () => {
    process.env[WAKE_TARGET_VARIABLE] = target;

    await expect(handle({ mode: 'off' }, context(), dependencies())).rejects.toThrow('Off-hours switch: this function only switches on; mode "off" is not allowed here.');
    expect(allCalls()).toBe(0);
  });
});

describe('the legacy custom resource', () => {
  test('a CloudFormation custom resource event (the earlier switch\'s Delete) is a no-op: no AWS call', async () => {
    const response = await handle({
      RequestType: 'Delete',
      LogicalResourceId: 'OffHoursSwitchResource',
      PhysicalResourceId: `${CONFIG.EndpointId}-switch`,
    } as never, context(), dependencies());

    expect(response).toEqual({ PhysicalResourceId: `${CONFIG.EndpointId}-switch`, IsComplete: true });
    expect(allCalls()).toBe(0);
  });
});
