import { EC2Client } from '@aws-sdk/client-ec2';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { CONFIGURATION_VARIABLE } from './switch-configuration';
import type { SwitchConfiguration, SwitchRequest } from './switch-configuration';
import { currentMode, removedParts, step } from './switch-steps';
import type { Mode, StepResult } from './switch-steps';

const ec2 = new EC2Client({});

/** Time kept back from the Lambda timeout to report before it is reached. */
const MARGIN_MS = 60_000;
const POLL_MS = 20_000;

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Mode: string };
}

export interface SwitchResponse {
  readonly mode: string;
  readonly complete: boolean;
  readonly actions: string[];
}

/**
 * The off-hours switch. Two callers:
 *
 * - CloudFormation (through the custom resource provider, with isComplete in
 *   switch-complete.lambda.ts): Create switches on (a fresh deployment is
 *   usable at once; the next scheduled switch-off applies the schedule),
 *   Update keeps the current state and applies the new configuration to it,
 *   Delete switches off so that CloudFormation can delete the subnets, the
 *   endpoint and the Elastic IPs.
 * - EventBridge Scheduler, the CLI or the GitHub Action, with
 *   `{"mode": "on" | "off"}`: passes repeat until the state is reached; if
 *   the Lambda's time runs out first the invocation fails, and the
 *   asynchronous invocation's retries carry on from where it stopped.
 */
export async function handler(event: CloudFormationCustomResourceEvent | SwitchRequest, context: Context): Promise<OnEventResponse | SwitchResponse> {
  if ('RequestType' in event) {
    return onEvent(event);
  }
  return switchNow(event, context);
}

async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
  const config = event.ResourceProperties.Configuration as SwitchConfiguration;
  const physicalResourceId = `${config.EndpointId}-switch`;
  let mode: Mode;
  switch (event.RequestType) {
    case 'Create':
      mode = 'on';
      break;
    case 'Update': {
      const old = event.OldResourceProperties.Configuration as SwitchConfiguration;
      mode = await currentMode(ec2, old);
      log('cleanup', await step(ec2, removedParts(old, config), 'off', { skipInstances: true }));
      break;
    }
    case 'Delete':
      mode = 'off';
      break;
  }
  log(mode, await step(ec2, config, mode, { skipInstances: event.RequestType === 'Delete' }));
  return { PhysicalResourceId: physicalResourceId, Data: { Mode: mode } };
}

async function switchNow(request: SwitchRequest, context: Context): Promise<SwitchResponse> {
  const mode = request.mode;
  if (mode !== 'on' && mode !== 'off') {
    throw new Error(`Off-hours switch: mode ${JSON.stringify(mode)} is not supported; send {"mode": "on"} or {"mode": "off"}.`);
  }
  const text = process.env[CONFIGURATION_VARIABLE];
  if (!text) {
    throw new Error(`Off-hours switch: the ${CONFIGURATION_VARIABLE} environment variable is missing; deploy the stack again.`);
  }
  const config = JSON.parse(text) as SwitchConfiguration;
  const actions: string[] = [];
  for (;;) {
    const result = await step(ec2, config, mode);
    log(mode, result);
    actions.push(...result.actions);
    if (result.complete) {
      return { mode, complete: true, actions };
    }
    if (context.getRemainingTimeInMillis() < MARGIN_MS + POLL_MS) {
      // Failing makes the asynchronous invocation retry; the next run continues where this one stopped.
      throw new Error(`Off-hours switch ${mode}: not done yet, waiting for ${result.waitingFor.join('; ')}. Lambda retries this invocation; invoke again if it was synchronous.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function log(mode: string, result: StepResult): void {
  console.log(JSON.stringify({ mode, complete: result.complete, actions: result.actions, waitingFor: result.waitingFor }));
}
