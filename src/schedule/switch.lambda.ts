import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client, StartInstancesCommand } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { CONFIGURATION_VARIABLE, SERVER_STARTER_TYPE, SWITCHED_OFF, SWITCHED_ON, WAKE_TARGET_VARIABLE } from './switch-contract';
import type { Mode, SwitchConfiguration, SwitchRequest } from './switch-contract';
import { fetchPut, serveCustomResource } from '../core/custom-resource-handler';
import type { CustomResourceRequest, Put } from '../core/custom-resource-handler';
import { connectionsSince, rearmIdleAlarm } from './switch-runtime/idle';
import { findLeftovers } from './switch-runtime/leftovers';
import { DEFAULT_WAIT_TIMING } from './switch-runtime/poll';
import type { WaitTiming } from './switch-runtime/poll';
import { describeServer, startServer, stopServer } from './switch-runtime/server-power';
import { readState, writeState } from './switch-runtime/ssm-state';
import { describeStack, flipStack, lastCompletion, parameterValue } from './switch-runtime/stack-flip';
import type { FlipResult } from './switch-runtime/stack-flip';
import { SwitchError, describeError } from './switch-runtime/switch-error';

/** Throttled calls are retried by the SDK (standard mode, exponential backoff); a few more attempts than its default 3. */
const CLIENT_CONFIG = { maxAttempts: 8 };

/** The AWS clients and the pacing of waits; tests pass their own. */
export interface SwitchDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly cloudWatch: CloudWatchClient;
  readonly lambda: LambdaClient;
  readonly ssm: SSMClient;
  readonly timing: WaitTiming;
  readonly now: () => number;
  /** Answers CloudFormation's custom resource requests. */
  readonly put: Put;
}

let productionDependencies: SwitchDependencies | undefined;
function production(): SwitchDependencies {
  productionDependencies ??= {
    cloudFormation: new CloudFormationClient(CLIENT_CONFIG),
    ec2: new EC2Client(CLIENT_CONFIG),
    cloudWatch: new CloudWatchClient(CLIENT_CONFIG),
    lambda: new LambdaClient(CLIENT_CONFIG),
    ssm: new SSMClient(CLIENT_CONFIG),
    timing: DEFAULT_WAIT_TIMING,
    now: Date.now,
    put: fetchPut,
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
 * What EventBridge sends when the stack ends an operation or the server
 * starts running (the rules' targets are this function): either may leave
 * the server running while the bastion is switched off.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/eventbridge-integration.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html
 */
export interface ReconcileEvent {
  readonly 'source': 'aws.cloudformation' | 'aws.ec2';
  readonly 'detail-type': string;
  readonly 'detail': object;
}

/**
 * A request of the custom resource that an earlier version of this construct
 * used for the switch. Its Delete reaches this function once, when a stack
 * moves to this version; the resources it described are CloudFormation's now.
 * Handled through the 0.x releases and dropped in 1.0.0 (UPGRADING.md, "Which
 * versions migrate what"): a stack from before the 0.x switch upgrades
 * through a 0.x release first.
 */
interface LegacyCustomResourceEvent {
  readonly RequestType: string;
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId: string;
  readonly ResourceType?: string;
}

type SwitchEvent = SwitchRequest | AlarmEvent | ReconcileEvent | LegacyCustomResourceEvent | CustomResourceRequest;

/**
 * The off-hours switch. Its callers:
 *
 * - EventBridge Scheduler, the CLI or the GitHub Action with `{"mode": "on" | "off"}`;
 * - the idle alarm (CloudWatch invokes the function when it goes to ALARM);
 * - EventBridge, when the stack ends an operation or the server starts
 *   running: while switched off, the server is stopped again;
 * - CloudFormation, for the custom resource whose Delete starts the server
 *   when the schedule is removed;
 * - once, the Delete of an earlier version's switch custom resource.
 *
 * Switching changes the stack's switch parameter (CloudFormation creates or
 * deletes the associations, routes and NAT gateways) and starts or stops the
 * server. Every step converges, so a retry or a second schedule firing does
 * nothing twice; a run that outlasts the Lambda's time fails, and the
 * asynchronous invocation's retries carry on. Any failure re-arms the idle
 * alarm, so that it tries again at its next period, and is thrown: the
 * function's Errors alarm tells a person, and the on-failure destination keeps
 * the event.
 */
export async function handler(event: SwitchEvent, context: Context): Promise<SwitchResponse | object> {
  return handle(event, context, production());
}

/** The handler with its dependencies given (Lambda passes a callback as a third argument, so they cannot be a default parameter). */
export async function handle(event: SwitchEvent, context: Context, dependencies: SwitchDependencies): Promise<SwitchResponse | object> {
  if ('RequestType' in event) {
    if (event.ResourceType === SERVER_STARTER_TYPE && 'ResponseURL' in event) {
      const request = event;
      return { mode: 'custom resource', actions: [await serveCustomResource(request, dependencies.put, () => onServerStarterRequest(request, dependencies))] };
    }
    // Nothing to undo: what that resource made is CloudFormation's now (a no-op keeps the stack update going).
    console.log(JSON.stringify({ legacy: event.RequestType, logicalId: event.LogicalResourceId }));
    return { PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId, IsComplete: true };
  }
  const wakeTarget = process.env[WAKE_TARGET_VARIABLE];
  if (wakeTarget) {
    return wake(wakeTarget, event, context, dependencies);
  }
  const config = readConfiguration();
  const deadline = () => Math.max(1, (context.getRemainingTimeInMillis() - MARGIN_MS) / 1000);
  // A request that is not understood is refused before anything is touched.
  const mode = 'alarmData' in event || 'detail-type' in event ? undefined : parseMode(event);
  try {
    const response = 'alarmData' in event ? await onIdleAlarm(event, config, deadline, dependencies)
      : 'detail-type' in event ? await reconcile(config, deadline, dependencies)
        : await switchTo(mode!, config, deadline, dependencies);
    console.log(JSON.stringify(response));
    return response;
  } catch (error) {
    if (config.AlarmName) {
      // CloudWatch runs an alarm's action only on a change of state: back to OK, it goes to ALARM (and
      // invokes the switch) again at its next evaluation while the bastion stays idle or the switch is off.
      await rearmIdleAlarm(dependencies.cloudWatch, config.AlarmName, `The switch failed; the idle check tries again: ${(error as Error).message}`)
        .catch((rearmError) => console.log(JSON.stringify({ rearmFailed: String(rearmError) })));
    }
    throw error;
  }
}

/**
 * The wake function: the same code, deployed with only the right to invoke
 * the switch, so that a person allowed to invoke it can switch on and nothing
 * else (whatever payload they send). It waits for the switch's answer, so the
 * person learns whether the bastion is on, or why not.
 */
async function wake(target: string, event: SwitchEvent, context: Context, dependencies: SwitchDependencies): Promise<SwitchResponse> {
  if ('mode' in event && event.mode !== SWITCHED_ON) {
    throw new SwitchError(`this function only switches on; mode ${JSON.stringify(event.mode)} is not allowed here.`);
  }
  const invoked = await dependencies.lambda.send(new InvokeCommand({
    FunctionName: target,
    InvocationType: 'RequestResponse',
    Payload: Buffer.from(JSON.stringify({ mode: SWITCHED_ON })),
  }), { abortSignal: AbortSignal.timeout(Math.max(1_000, context.getRemainingTimeInMillis() - 5_000)) }).catch((error: Error) => {
    if (error.name === 'AbortError' || error.name === 'TimeoutError') {
      throw new SwitchError(`the switch ${target} is still switching on; see its log group for the outcome, or ask again in a few minutes.`);
    }
    throw error;
  });
  const payload = invoked.Payload ? Buffer.from(invoked.Payload).toString('utf8') : '';
  if (invoked.FunctionError) {
    const message = (() => {
      try {
        return (JSON.parse(payload) as { errorMessage?: string }).errorMessage ?? payload;
      } catch {
        return payload;
      }
    })();
    throw new SwitchError(`switching on failed: ${message.replace(/^Off-hours switch: /, '')}`);
  }
  const answer = JSON.parse(payload || '{}') as Partial<SwitchResponse>;
  return { mode: SWITCHED_ON, actions: [...(answer.actions ?? []), 'the bastion is on; clients can connect'] };
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
 * Switches on (the stack first, then the server) or off (the stack first, so
 * that the VPN goes before the server). The server starts only once the
 * parameter is on: while it is off, anything that finds the server running
 * (the stack's own completion events, the idle alarm) stops it again.
 */
export async function switchTo(
  mode: Mode, config: SwitchConfiguration, deadline: () => number, dependencies: SwitchDependencies,
): Promise<SwitchResponse> {
  const { ec2, cloudWatch, timing } = dependencies;
  const actions: string[] = [];
  const failures: string[] = [];
  const attempt = async (what: () => Promise<string>) => {
    try {
      actions.push(await what());
    } catch (error) {
      failures.push(error instanceof SwitchError ? error.message : describeError(error));
    }
  };
  const flip = async () => `stack parameter ${config.ParameterKey} ${await flipTo(mode, config, deadline, dependencies) === 'flipped' ? `switched to ${mode}` : `already ${mode}`}`;
  if (mode === SWITCHED_ON) {
    await attempt(flip);
    if (failures.length === 0) {
      await attempt(() => startServer(ec2, config.InstanceId, deadline, timing));
    }
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
 * Brings the stack to `mode`: checks for leftovers before switching on,
 * writes the SSM state parameter first when there is one (and puts back the
 * stack's state when the update fails, so that the next deploy does not try
 * the same again), and checks for leftovers when already off.
 */
async function flipTo(mode: Mode, config: SwitchConfiguration, deadline: () => number, dependencies: SwitchDependencies): Promise<FlipResult> {
  const { cloudFormation, ec2, ssm, timing } = dependencies;
  const beforeUpdate = async () => {
    if (mode === SWITCHED_ON) {
      // Switching on from off: a leftover of an earlier failed switch-off would collide with what the update creates.
      await refuseLeftovers(ec2, config, mode);
    }
    if (config.StateParameterName) {
      await writeState(ssm, config.StateParameterName, mode);
    }
  };
  let result: FlipResult;
  try {
    result = await flipStack(cloudFormation, config, mode, deadline, timing, beforeUpdate);
  } catch (error) {
    if (config.StateParameterName) {
      // Best effort: the state parameter says what the stack is, as far as it can be read.
      await describeStack(cloudFormation, config.StackId)
        .then((stack) => parameterValue(stack, config.ParameterKey))
        .then((actual) => actual !== mode ? writeState(ssm, config.StateParameterName!, actual as Mode) : undefined)
        .catch((restoreError) => console.log(JSON.stringify({ stateNotRestored: String(restoreError) })));
    }
    throw error;
  }
  if (result === 'unchanged' && mode === SWITCHED_OFF) {
    // Already off (a retry after a failed switch-off): whatever it left behind is still billed.
    await refuseLeftovers(ec2, config, mode);
  }
  return result;
}

/** Throws, naming them, when leftovers of a failed switch-off exist; called only while the stack's parameter is off. */
async function refuseLeftovers(ec2: EC2Client, config: SwitchConfiguration, mode: Mode): Promise<void> {
  const leftovers = await findLeftovers(ec2, config);
  if (leftovers.length > 0) {
    throw new SwitchError(`${mode === SWITCHED_ON ? 'not switching on' : 'switched off, but'}: ${leftovers.length} resource(s) left outside the stack by an earlier ` +
      `switch-off ${mode === SWITCHED_ON ? 'would collide with the ones switching on creates' : 'are still billed'}. ${leftovers.join('; ')}. ` +
      `Delete them (after checking that nobody uses them), then switch ${mode} again.`);
  }
}

/**
 * The stack ended an operation, or the server started running: while the
 * parameter is off, the server must be stopped, whatever started it (the
 * stack's first deploy launches it running; an update may restart it; a
 * person may start it). A stack still busy is left alone: its completion
 * sends another event.
 */
async function reconcile(config: SwitchConfiguration, deadline: () => number, dependencies: SwitchDependencies): Promise<SwitchResponse> {
  const stack = await describeStack(dependencies.cloudFormation, config.StackId);
  if (stack.StackStatus?.endsWith('_IN_PROGRESS')) {
    return { mode: 'reconcile', actions: [`stack ${stack.StackStatus}: its completion is checked again`] };
  }
  const resolved = parameterValue(stack, config.ParameterKey);
  if (config.StateParameterName) {
    // A deploy whose change set was made before a switch resolved the older state: apply the one the parameter holds.
    const wanted = await readState(dependencies.ssm, config.StateParameterName);
    if ((wanted === SWITCHED_ON || wanted === SWITCHED_OFF) && wanted !== resolved) {
      const switched = await switchTo(wanted, config, deadline, dependencies);
      return { mode: 'reconcile', actions: [`the stack resolved ${resolved}, the state parameter says ${wanted}`, ...switched.actions] };
    }
  }
  if (resolved !== SWITCHED_OFF) {
    return { mode: 'reconcile', actions: ['switched on: nothing to do'] };
  }
  return { mode: 'reconcile', actions: ['switched off', await stopServer(dependencies.ec2, config.InstanceId)] };
}

/**
 * The custom resource that stands for "this bastion has a schedule". Its
 * Delete comes when the schedule is removed (the switch and its condition go
 * in the same update): the switched resources are created by that update,
 * but CloudFormation never starts a stopped server, so the switch starts it.
 * When the whole stack is deleted, it does nothing.
 */
async function onServerStarterRequest(request: CustomResourceRequest, dependencies: SwitchDependencies): Promise<string> {
  if (request.RequestType !== 'Delete') {
    return 'nothing to do until the schedule is removed';
  }
  const config = readConfiguration();
  const stack = await describeStack(dependencies.cloudFormation, config.StackId);
  if (stack.StackStatus?.startsWith('DELETE_') || stack.StackStatus?.startsWith('ROLLBACK_')) {
    return `stack ${stack.StackStatus}: the server goes with it`;
  }
  const state = (await describeServer(dependencies.ec2, config.InstanceId)).State?.Name;
  if (state !== 'stopped' && state !== 'stopping') {
    return `the schedule is removed; server ${config.InstanceId} is ${state}`;
  }
  // Not waited for: the server boots while CloudFormation finishes the update.
  await dependencies.ec2.send(new StartInstancesCommand({ InstanceIds: [config.InstanceId] }));
  return `the schedule is removed; server ${config.InstanceId} started (it stays on from now on)`;
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
    // Off, but the server may still run (launched at the first deploy, restarted by an update, started by a person).
    return { mode: 'idle check', actions: ['already off', await stopServer(ec2, config.InstanceId)] };
  }
  const since = now() - (config.IdleMinutes ?? 0) * 60_000;
  const busy = stack.StackStatus?.endsWith('_IN_PROGRESS') ?? false;
  // The idle time counts from the end of the stack's last operation (a switch-on's own UPDATE_COMPLETE), not from LastUpdatedTime, its start.
  const changedAt = busy ? now() : (await lastCompletion(cloudFormation, stack) ?? stack.LastUpdatedTime ?? stack.CreationTime)?.getTime() ?? 0;
  const connections = busy || changedAt >= since ? 0 : await connectionsSince(ec2, config.EndpointId, since);
  const keepOn = busy ? `stack ${stack.StackStatus}`
    : changedAt >= since ? `stack's last operation ended at ${new Date(changedAt).toISOString()}, within the idle time`
      : connections > 0 ? `${connections} connection(s) active or ended within the idle time` : undefined;
  if (keepOn !== undefined) {
    await rearmIdleAlarm(cloudWatch, config.AlarmName ?? event.alarmData.alarmName, `Not idle: ${keepOn}.`);
    return { mode: 'idle check', actions: [`kept on: ${keepOn}`, 'idle alarm re-armed'] };
  }
  return switchTo(SWITCHED_OFF, config, deadline, dependencies);
}
