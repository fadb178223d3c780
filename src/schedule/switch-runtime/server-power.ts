import { DescribeInstancesCommand, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { EC2Client, Instance } from '@aws-sdk/client-ec2';
import { WaiterState, pollUntil } from './poll';
import type { WaitTiming } from './poll';
import { SwitchError, describeError } from './switch-error';

/**
 * Starts and stops the SSH server by its instance ID (never by tag: an
 * instance elsewhere with a look-alike tag is not the switch's business).
 *
 * A start can fail after StartInstances has answered: the instance goes from
 * `pending` back to `stopped` with a state reason, for example
 * `Client.InvalidKMSKey.InvalidState` when the EBS key may not be used.
 * Such a server is reported with its reason and not started again blindly.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StateReason.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html
 */

/** The state reason of an instance stopped by StopInstances (ours, or a person's). */
const USER_INITIATED_STOP = 'Client.UserInitiatedShutdown';

export async function describeServer(ec2: EC2Client, instanceId: string): Promise<Instance> {
  const result = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = result.Reservations?.[0]?.Instances?.[0];
  if (!instance) {
    throw new SwitchError(`server ${instanceId} was not found; deploy the stack again.`);
  }
  return instance;
}

function stateOf(instance: Instance): string {
  const reason = instance.StateReason ? ` (${instance.StateReason.Code}: ${instance.StateReason.Message})` : '';
  return `${instance.State?.Name}${reason}`;
}

/** Waits for a state of the server; `failOn` states end the wait with the instance's state reason. */
async function waitForServer(
  ec2: EC2Client, instanceId: string, wanted: string, failOn: string[], maxWaitSeconds: number, timing: WaitTiming,
): Promise<Instance> {
  const { state, last } = await pollUntil(maxWaitSeconds, timing, async () => {
    const instance = await describeServer(ec2, instanceId);
    const name = instance.State?.Name ?? '';
    return { value: instance, state: name === wanted ? WaiterState.SUCCESS : failOn.includes(name) ? WaiterState.FAILURE : WaiterState.RETRY };
  });
  if (state === WaiterState.SUCCESS && last) {
    return last;
  }
  if (state === WaiterState.FAILURE && last) {
    throw new SwitchError(`server ${instanceId} did not reach ${wanted}: it is ${stateOf(last)}. ` +
      (wanted === 'running' ? 'It is not started again until the cause is fixed (for a KMS key: let the server\'s role and EC2 use it); then start it once by hand: ' +
        `aws ec2 start-instances --instance-ids ${instanceId}` : ''));
  }
  throw new SwitchError(`server ${instanceId} is still ${last ? stateOf(last) : 'in an unknown state'} after ${Math.round(maxWaitSeconds)} s, not ${wanted}.`);
}

/**
 * Starts the server and waits until it runs. Returns what was done.
 */
export async function startServer(ec2: EC2Client, instanceId: string, deadline: () => number, timing: WaitTiming): Promise<string> {
  let instance = await describeServer(ec2, instanceId);
  const state = instance.State?.Name;
  if (state === 'running') {
    return `server ${instanceId} already running`;
  }
  if (state === 'stopping') {
    instance = await waitForServer(ec2, instanceId, 'stopped', ['running', 'shutting-down', 'terminated'], deadline(), timing);
  }
  if (instance.State?.Name === 'stopped') {
    const reason = instance.StateReason?.Code;
    if (reason !== undefined && reason !== USER_INITIATED_STOP) {
      // Its last start failed (or AWS stopped it): starting it again would fail the same way.
      throw new SwitchError(`server ${instanceId} is ${stateOf(instance)}, not stopped by a person or the switch, so it is not started again blindly. ` +
        `Fix the cause, then start it once by hand: aws ec2 start-instances --instance-ids ${instanceId}`);
    }
    try {
      await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    } catch (error) {
      throw new SwitchError(`StartInstances of server ${instanceId} failed: ${describeError(error)}`);
    }
  } else if (instance.State?.Name !== 'pending') {
    throw new SwitchError(`server ${instanceId} is ${stateOf(instance)} and cannot be started; deploy the stack again.`);
  }
  await waitForServer(ec2, instanceId, 'running', ['stopped', 'stopping', 'shutting-down', 'terminated'], deadline(), timing);
  return `server ${instanceId} started`;
}

/** Stops the server (it keeps its volume, private IP and host key). Returns what was done. */
export async function stopServer(ec2: EC2Client, instanceId: string): Promise<string> {
  const instance = await describeServer(ec2, instanceId);
  const state = instance.State?.Name;
  if (state === 'stopped' || state === 'stopping') {
    return `server ${instanceId} already ${state}`;
  }
  if (state !== 'running' && state !== 'pending') {
    return `server ${instanceId} is ${stateOf(instance)}; nothing to stop`;
  }
  try {
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
  } catch (error) {
    throw new SwitchError(`StopInstances of server ${instanceId} failed: ${describeError(error)}`);
  }
  return `server ${instanceId} stopping`;
}
