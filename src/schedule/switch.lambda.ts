import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { CONFIGURATION_VARIABLE, SWITCHED_OFF, SWITCHED_ON, WAKE_TARGET_VARIABLE } from './switch-configuration';
import type { Mode, SwitchConfiguration, SwitchRequest } from './switch-configuration';
import { connectionsSince, rearmIdleAlarm } from './switch-runtime/idle';
import { DEFAULT_WAIT_TIMING } from './switch-runtime/poll';
import type { WaitTiming } from './switch-runtime/poll';
import { startServer, stopServer } from './switch-runtime/server-power';
import { describeStack, flipStack, parameterValue } from './switch-runtime/stack-flip';
import { SwitchError, describeError } from './switch-runtime/switch-error';

/** Throttled calls are retried by the SDK (standard mode, exponential backoff); a few more attempts than its default 3. */
const CLIENT_CONFIG = { maxAttempts: 8 };

/** The AWS clients and the pacing of waits; tests pass their own. */
export interface SwitchDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly cloudWatch: CloudWatchClient;
  readonly lambda: LambdaClient;
  readonly timing: WaitTiming;
  readonly now: () => number;
}

let productionDependencies: SwitchDependencies | undefined;
function production(): SwitchDependencies {
  productionDependencies ??= {
    cloudFormation: new CloudFormationClient(CLIENT_CONFIG),
    ec2: new EC2Client(CLIENT_CONFIG),
    cloudWatch: new CloudWatchClient(CLIENT_CONFIG),
    lambda: new LambdaClient(CLIENT_CONFIG),
    timing: DEFAULT_WAIT_TIMING,
    now: Date.now,
  };
  return productionDependencies;
}

/** Time kept back from the Lambda timeout, to report before it is reached. */
const MARGIN_MS = 30_000;

export interface SwitchResponse {
  readonly mode: string;
  /** What was done, for the log and the caller. */
  readonly actions: string[];
}

/** The invocation CloudWatch sends when an alarm changes state and its action is this function. */
export interface AlarmEvent {
  readonly source: 'aws.cloudwatch';
  readonly alarmArn: string;
  readonly alarmData: { readonly alarmName: string; readonly state: { readonly value: string } };
}

/**
 * A request of the custom resource that an earlier version of this construct
 * used for the switch. Its Delete reaches this function once, when a stack
 * moves to this version; the resources it described are CloudFormation's now.
 */
interface LegacyCustomResourceEvent {
  readonly RequestType: string;
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId: string;
}

type SwitchEvent = SwitchRequest | AlarmEvent | LegacyCustomResourceEvent;

/**
 * The off-hours switch. Three callers:
 *
 * - EventBridge Scheduler, the CLI or the GitHub Action with `{"mode": "on" | "off"}`;
 * - the idle alarm (CloudWatch invokes the function when it goes to ALARM);
 * - once, the Delete of an earlier version's switch custom resource.
 *
 * Switching changes the stack's switch parameter (CloudFormation creates or
 * deletes the associations, routes and NAT gateways) and starts or stops the
 * server. Every step converges, so a retry or a second schedule firing does
 * nothing twice; a run that outlasts the Lambda's time fails, and the
 * asynchronous invocation's retries carry on.
 */
export async function handler(event: SwitchEvent, context: Context): Promise<SwitchResponse | object> {
  return handle(event, context, production());
}

/** The handler with its dependencies given (Lambda passes a callback as a third argument, so they cannot be a default parameter). */
export async function handle(event: SwitchEvent, context: Context, dependencies: SwitchDependencies): Promise<SwitchResponse | object> {
  if ('RequestType' in event) {
    // Nothing to undo: what that resource made is CloudFormation's now (a no-op keeps the stack update going).
    console.log(JSON.stringify({ legacy: event.RequestType, logicalId: event.LogicalResourceId }));
    return { PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId, IsComplete: true };
  }
  const wakeTarget = process.env[WAKE_TARGET_VARIABLE];
  if (wakeTarget) {
    return wake(wakeTarget, event, dependencies);
  }
  const config = readConfiguration();
  const deadline = () => Math.max(1, (context.getRemainingTimeInMillis() - MARGIN_MS) / 1000);
  const response = 'alarmData' in event
    ? await onIdleAlarm(event, config, deadline, dependencies)
    : await switchTo(parseMode(event), config, deadline, dependencies);
  console.log(JSON.stringify(response));
  return response;
}

/**
 * The wake function: the same code, deployed with only the right to invoke
 * the switch, so that a person allowed to invoke it can switch on and nothing
 * else (whatever payload they send).
 */
async function wake(target: string, event: SwitchEvent, dependencies: SwitchDependencies): Promise<SwitchResponse> {
  if ('mode' in event && event.mode !== SWITCHED_ON) {
    throw new SwitchError(`this function only switches on; mode ${JSON.stringify(event.mode)} is not allowed here.`);
  }
  await dependencies.lambda.send(new InvokeCommand({
    FunctionName: target,
    InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify({ mode: SWITCHED_ON })),
  }));
  return { mode: SWITCHED_ON, actions: [`invoked ${target} with {"mode":"on"}; the VPN is usable in 5 to 15 minutes`] };
}

function readConfiguration(): SwitchConfiguration {
  const text = process.env[CONFIGURATION_VARIABLE];
  if (!text) {
    throw new SwitchError(`the ${CONFIGURATION_VARIABLE} environment variable is missing; deploy the stack again.`);
  }
  return JSON.parse(text) as SwitchConfiguration;
}

function parseMode(request: SwitchRequest): Mode {
  if (request.mode !== SWITCHED_ON && request.mode !== SWITCHED_OFF) {
    throw new SwitchError(`mode ${JSON.stringify(request.mode)} is not supported; send {"mode": "on"} or {"mode": "off"}.`);
  }
  return request.mode;
}

/**
 * Switches on (server first, so that it boots while CloudFormation associates)
 * or off (the parameter first, so that the VPN goes before the server).
 */
export async function switchTo(
  mode: Mode, config: SwitchConfiguration, deadline: () => number, dependencies: SwitchDependencies,
): Promise<SwitchResponse> {
  const { cloudFormation, ec2, cloudWatch, timing } = dependencies;
  const actions: string[] = [];
  const failures: string[] = [];
  const attempt = async (what: () => Promise<string>) => {
    try {
      actions.push(await what());
    } catch (error) {
      failures.push(error instanceof SwitchError ? error.message : describeError(error));
    }
  };
  const flip = async () => `stack parameter ${config.ParameterKey} ${await flipStack(cloudFormation, config, mode, deadline, timing) === 'flipped' ? `switched to ${mode}` : `already ${mode}`}`;
  if (mode === SWITCHED_ON) {
    // The server and the stack are independent: a server that fails to start still leaves the VPN usable, and is reported.
    await Promise.all([attempt(() => startServer(ec2, config.InstanceId, deadline, timing)), attempt(flip)]);
    if (failures.length === 0 && config.AlarmName) {
      // From now on, an idle time counts from this switch-on.
      await attempt(async () => {
        await rearmIdleAlarm(cloudWatch, config.AlarmName!, 'Switched on: the idle time starts now.');
        return `idle alarm ${config.AlarmName} re-armed`;
      });
    }
  } else {
    await attempt(flip);
    await attempt(() => stopServer(ec2, config.InstanceId));
  }
  if (failures.length > 0) {
    console.log(JSON.stringify({ mode, actions }));
    throw new Error(failures.join('\n'));
  }
  return { mode, actions };
}

/**
 * The idle alarm went to ALARM: switch off, unless someone is connected, left
 * within the idle time, or the stack changed within it (a switch-on still
 * associating). Then the alarm is re-armed (set to OK): CloudWatch
 * evaluates it again at the next 5-minute period and, while the window still
 * breaches, goes to ALARM and invokes the switch again, so the check repeats
 * every period until the bastion is really idle.
 */
async function onIdleAlarm(
  event: AlarmEvent, config: SwitchConfiguration, deadline: () => number, dependencies: SwitchDependencies,
): Promise<SwitchResponse> {
  const { cloudFormation, ec2, cloudWatch, now } = dependencies;
  if (event.alarmData.state.value !== 'ALARM') {
    return { mode: 'idle check', actions: [`alarm state ${event.alarmData.state.value}: nothing to do`] };
  }
  const stack = await describeStack(cloudFormation, config.StackId);
  if (parameterValue(stack, config.ParameterKey) === SWITCHED_OFF) {
    return { mode: 'idle check', actions: ['already off'] };
  }
  const since = now() - (config.IdleMinutes ?? 0) * 60_000;
  const changedAt = (stack.LastUpdatedTime ?? stack.CreationTime)?.getTime() ?? 0;
  const busy = stack.StackStatus?.endsWith('_IN_PROGRESS') ?? false;
  const connections = busy || changedAt >= since ? 0 : await connectionsSince(ec2, config.EndpointId, since);
  const keepOn = busy ? `stack ${stack.StackStatus}`
    : changedAt >= since ? `stack changed at ${new Date(changedAt).toISOString()}, within the idle time`
      : connections > 0 ? `${connections} connection(s) active or ended within the idle time` : undefined;
  if (keepOn !== undefined) {
    await rearmIdleAlarm(cloudWatch, config.AlarmName ?? event.alarmData.alarmName, `Not idle: ${keepOn}.`);
    return { mode: 'idle check', actions: [`kept on: ${keepOn}`, 'idle alarm re-armed'] };
  }
  return switchTo(SWITCHED_OFF, config, deadline, dependencies);
}
