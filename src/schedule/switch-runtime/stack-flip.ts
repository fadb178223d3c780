import { DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient, Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { DEFAULT_WAIT_TIMING, WaiterState, pollUntil } from './poll';
import type { WaitTiming } from './poll';
import { SwitchError, describeError } from './switch-error';
import type { Mode, SwitchConfiguration } from '../switch-contract';

/**
 * Flips the switch parameter of the bastion's stack, so that CloudFormation,
 * the only owner of the switched resources, creates or deletes them: an
 * `UpdateStack` with the previous template, every other parameter's previous
 * value, and the switch's own service role.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html
 */

/** Statuses from which CloudFormation accepts an update (API Reference: UpdateStack; User Guide: stack status codes). */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);


/** How often a busy stack is waited for before the switch gives up and reports it. */
const MAX_BUSY_ATTEMPTS = 5;

export type FlipResult = 'unchanged' | 'flipped';

export async function describeStack(cloudFormation: CloudFormationClient, stackId: string): Promise<Stack> {
  const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }));
  const stack = result.Stacks?.[0];
  if (!stack) {
    throw new SwitchError(`stack ${stackId} was not found; deploy it again.`);
  }
  return stack;
}

/** A parameter's value; for an SSM parameter type, the value CloudFormation resolved at the last operation. */
export function parameterValue(stack: Stack, key: string): string {
  const parameter = stack.Parameters?.find((p) => p.ParameterKey === key);
  const value = parameter?.ResolvedValue ?? parameter?.ParameterValue;
  if (value === undefined) {
    throw new SwitchError(`stack ${stack.StackName} has no parameter ${key}: it was deployed without the off-hours schedule this switch belongs to. Deploy it again.`);
  }
  return value;
}

function statusOf(stack: Stack): string {
  return `${stack.StackStatus}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`;
}

/**
 * Waits, with the SDK waiter's backoff, until no operation runs on the stack
 * (another deployment, a rollback, a switch), and returns it then. Throws when
 * `maxWaitSeconds` pass first, with the stack's status and reason.
 */
export async function waitUntilSettled(
  cloudFormation: CloudFormationClient, stackId: string, maxWaitSeconds: number, timing: WaitTiming,
): Promise<Stack> {
  const { state, last } = await pollUntil(maxWaitSeconds, timing, async () => {
    const stack = await describeStack(cloudFormation, stackId);
    return { value: stack, state: stack.StackStatus?.endsWith('_IN_PROGRESS') ? WaiterState.RETRY : WaiterState.SUCCESS };
  });
  if (state !== WaiterState.SUCCESS || !last) {
    throw new SwitchError(`stack ${stackId} is still busy after ${Math.round(maxWaitSeconds)} s: ${last ? statusOf(last) : 'status unknown'}. ` +
      'Another deployment or a rollback is running; the switch tries again on its next invocation (Lambda retries a failed asynchronous one).');
  }
  return last;
}

/**
 * The stack's events, newest first, page by page until `enough` says the
 * events read so far answer the question (DescribeStackEvents has no filter).
 */
async function readEvents(
  cloudFormation: CloudFormationClient, stackId: string, enough: (events: StackEvent[]) => boolean,
): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: nextToken }));
    events.push(...(page.StackEvents ?? []));
    nextToken = page.NextToken;
  } while (nextToken && !enough(events));
  return events;
}

/** The events of one operation (its client request token); they are the newest, so reading stops once older ones appear. */
async function eventsOf(cloudFormation: CloudFormationClient, stackId: string, token: string): Promise<StackEvent[]> {
  const events = await readEvents(cloudFormation, stackId, (read) => read.some((event) => event.ClientRequestToken !== token));
  return events.filter((event) => event.ClientRequestToken === token);
}

/** The first failure CloudFormation recorded for our update (its client request token), for the report. */
async function failureReason(cloudFormation: CloudFormationClient, stack: Stack, token: string): Promise<string> {
  const failed = (await eventsOf(cloudFormation, stack.StackId!, token))
    .filter((event) => event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason)
    .pop();
  return failed
    ? `${failed.LogicalResourceId} (${failed.ResourceType}): ${failed.ResourceStatusReason}`
    : stack.StackStatusReason ?? 'no reason recorded';
}

/**
 * The resources our update failed to delete. CloudFormation deletes the
 * resources whose condition turned false in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS;
 * a delete that fails there is skipped, the stack still ends UPDATE_COMPLETE,
 * and the resource lives on outside the stack (and is billed).
 */
async function deleteFailures(cloudFormation: CloudFormationClient, stackId: string, token: string): Promise<StackEvent[]> {
  const events = await eventsOf(cloudFormation, stackId, token);
  // Newest first: a resource whose newest event is DELETE_FAILED was left behind.
  const newest = new Map<string, StackEvent>();
  for (const event of events) {
    if (event.LogicalResourceId && !newest.has(event.LogicalResourceId)) {
      newest.set(event.LogicalResourceId, event);
    }
  }
  return [...newest.values()].filter((event) => event.ResourceStatus === 'DELETE_FAILED');
}

/** Stack-level statuses that end an operation with the stack's resources in place. */
const COMPLETED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/**
 * When the stack's last operation ended: the timestamp of its newest
 * stack-level *_COMPLETE event (for a switch-on, the UPDATE_COMPLETE of its
 * own token). `LastUpdatedTime` is not that: it is set when an update starts,
 * 5 to 15 minutes before an association is usable.
 */
export async function lastCompletion(cloudFormation: CloudFormationClient, stack: Stack): Promise<Date | undefined> {
  const isCompletion = (event: StackEvent) => event.ResourceType === 'AWS::CloudFormation::Stack'
    && event.PhysicalResourceId === stack.StackId && COMPLETED.has(event.ResourceStatus ?? '');
  const events = await readEvents(cloudFormation, stack.StackId!, (read) => read.some(isCompletion));
  return events.find(isCompletion)?.Timestamp;
}

function isNoUpdates(error: unknown): boolean {
  return (error as Error).name === 'ValidationError' && /No updates are to be performed/i.test((error as Error).message);
}

function isBusy(error: unknown): boolean {
  return (error as Error).name === 'ValidationError' && /state and can ?not be updated/i.test((error as Error).message);
}

/**
 * Brings the switch parameter to `mode`. Returns 'unchanged' when it already
 * was (nothing to do), 'flipped' when this call changed it; throws a
 * `SwitchError` with CloudFormation's reason when the stack refuses or rolls
 * back, or when the update left resources it could not delete.
 * `beforeUpdate` runs once the settled stack is known to need the update,
 * and may refuse it by throwing.
 */
export async function flipStack(
  cloudFormation: CloudFormationClient,
  config: SwitchConfiguration,
  mode: Mode,
  deadline: () => number,
  timing: WaitTiming = DEFAULT_WAIT_TIMING,
  beforeUpdate: () => Promise<void> = async () => undefined,
): Promise<FlipResult> {
  for (let attempt = 1; ; attempt++) {
    const stack = await waitUntilSettled(cloudFormation, config.StackId, deadline(), timing);
    if (!UPDATABLE.has(stack.StackStatus ?? '')) {
      throw new SwitchError(`stack ${stack.StackName} is ${statusOf(stack)}, from which CloudFormation accepts no update. ` +
        'Fix the stack first (continue or finish the rollback, or deploy again), then switch again.');
    }
    if (parameterValue(stack, config.ParameterKey) === mode) {
      return 'unchanged';
    }
    await beforeUpdate();
    // Our own token marks the events of this update, so its failure can be found among the stack's events.
    const token = `switch-${mode}-${Date.now()}`;
    try {
      await cloudFormation.send(new UpdateStackCommand({
        StackName: config.StackId,
        UsePreviousTemplate: true,
        // With the state in SSM (written by beforeUpdate), every parameter keeps its value (a name) and is resolved again.
        Parameters: (stack.Parameters ?? []).map((p) => p.ParameterKey === config.ParameterKey && !config.StateParameterName
          ? { ParameterKey: p.ParameterKey, ParameterValue: mode }
          : { ParameterKey: p.ParameterKey, UsePreviousValue: true }),
        // The template holds IAM resources: the same acknowledgements the last deployment gave.
        Capabilities: stack.Capabilities,
        // The switch's own role, which may change only the switched resource types:
        // without it CloudFormation would use the stack's previous role (the CDK's, with far more power).
        RoleARN: config.RoleArn,
        ClientRequestToken: token,
      }));
    } catch (error) {
      if (isNoUpdates(error)) {
        if (config.StateParameterName) {
          // The SSM value was written: the stack must have resolved it, or the switch did nothing.
          const resolved = parameterValue(await describeStack(cloudFormation, config.StackId), config.ParameterKey);
          if (resolved !== mode) {
            throw new SwitchError(`UpdateStack of ${stack.StackName} found nothing to change, yet the stack resolved ${resolved} from the state parameter ` +
              `${config.StateParameterName}, which now says ${mode}. Deploy the stack again, then switch again.`);
          }
        }
        return 'unchanged';
      }
      if (isBusy(error) && attempt < MAX_BUSY_ATTEMPTS) {
        // Another operation started between our look and our update: wait for it, then look again.
        continue;
      }
      throw new SwitchError(`UpdateStack of ${stack.StackName} (${config.ParameterKey}=${mode}) failed: ${describeError(error)}`);
    }
    const after = await waitUntilSettled(cloudFormation, config.StackId, deadline(), timing);
    if (after.StackStatus === 'UPDATE_COMPLETE') {
      const leftBehind = await deleteFailures(cloudFormation, config.StackId, token);
      if (leftBehind.length > 0) {
        throw new SwitchError(`switching ${mode}: CloudFormation could not delete ${leftBehind.length} resource(s), which now live on outside the stack ` +
          `(and are billed): ${leftBehind.map((event) => `${event.LogicalResourceId} ${event.PhysicalResourceId} (${event.ResourceType}): ${event.ResourceStatusReason ?? 'no reason recorded'}`).join('; ')}. ` +
          'Delete them by hand (for a NAT gateway: aws ec2 delete-nat-gateway --nat-gateway-id ID; for an association: ' +
          'aws ec2 disassociate-client-vpn-target-network --client-vpn-endpoint-id ENDPOINT --association-id ID); the next switch-on refuses to start while they exist.');
      }
      return 'flipped';
    }
    throw new SwitchError(`switching ${mode} failed and CloudFormation rolled back: stack ${after.StackName} is ${after.StackStatus}. ` +
      `First failure: ${await failureReason(cloudFormation, after, token)}`);
  }
}
