import { EC2Client } from '@aws-sdk/client-ec2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { SwitchConfiguration } from './switch-configuration';
import { removedParts, step } from './switch-steps';
import type { Mode } from './switch-steps';

const ec2 = new EC2Client({});

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
}

/**
 * isComplete of the off-hours switch custom resource: repeats the pass that
 * onEvent started (in the mode onEvent chose and returned as Data.Mode) until
 * the associations, routes and NAT gateways are in place or gone, so that the
 * deployment ends with a usable (or a deletable) bastion.
 */
export async function handler(event: CloudFormationCustomResourceEvent & { Data?: { Mode?: string } }): Promise<IsCompleteResponse> {
  const config = event.ResourceProperties.Configuration as SwitchConfiguration;
  const mode: Mode = event.Data?.Mode === 'off' ? 'off' : 'on';
  let complete = true;
  if (event.RequestType === 'Update') {
    const old = event.OldResourceProperties.Configuration as SwitchConfiguration;
    complete = (await step(ec2, removedParts(old, config), 'off', { skipInstances: true })).complete;
  }
  const result = await step(ec2, config, mode, { skipInstances: event.RequestType === 'Delete' });
  console.log(JSON.stringify({ mode, complete: result.complete, actions: result.actions, waitingFor: result.waitingFor }));
  return { IsComplete: complete && result.complete };
}
