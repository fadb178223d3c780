import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Dependencies } from './dependencies';
import type { SwitchOnInputs } from './inputs';
import { outputValue } from './stack-outputs';
import { BastionOutputIds, BastionTooling } from '../../src';

/**
 * mode: switch-on. Invokes each named stack's off-hours switch and waits for
 * its outcome: the step ends when the bastion is on, or fails with the
 * switch's reason (a leftover in the way, a flip that rolled back, a server
 * that does not start), within `timeout-minutes`.
 */
export async function switchOnMode(inputs: SwitchOnInputs, deps: Dependencies): Promise<void> {
  for (const stackName of inputs.stackNames) {
    const outcome = await switchOn(deps.cloudFormation(inputs.region), deps.lambda(inputs.region), stackName, inputs.timeoutMinutes * 60_000);
    deps.core.info(`Switched on: ${outcome.functionName} answered: ${outcome.actions.join('; ')}. The VPN is usable now, until the next scheduled or idle switch-off.`);
    await deps.core.summary.addRaw(`## Client VPN bastion switched on: ${stackName}\n\nThe switch \`${outcome.functionName}\` answered:\n\n` +
      `${outcome.actions.map((action) => `- ${action}`).join('\n')}\n\nThe VPN is usable now, until the next scheduled or idle switch-off.\n`).write();
  }
}

/** The off-hours switch function a stack's outputs name (of any bastion in it), if it has a schedule. */
export function switchFunctionOf(outputs: Record<string, string>): string | undefined {
  return outputValue(outputs, BastionOutputIds.SWITCH_FUNCTION_NAME) || undefined;
}

/** What the switch answered. */
export interface SwitchOnOutcome {
  readonly functionName: string;
  readonly actions: string[];
}

/**
 * Switches a scheduled bastion on outside its hours: invokes the off-hours
 * switch that the stack names in its outputs, synchronously, so that its
 * answer (what it did, or why it failed) is the step's outcome. The switch
 * takes 5 to 15 minutes (the association); Lambda allows a synchronous call
 * that long.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export async function switchOn(
  cloudFormation: CloudFormationClient, lambda: LambdaClient, stackName: string, timeoutMs: number,
): Promise<SwitchOnOutcome> {
  const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Object.fromEntries((result.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  const functionName = switchFunctionOf(outputs);
  if (!functionName) {
    throw new Error(`Stack ${stackName} has no off-hours schedule (no ${BastionOutputIds.SWITCH_FUNCTION_NAME} output): it is always on, there is nothing to switch on.`);
  }
  const watch = `The switch may still be running: its log group (/aws/lambda/${functionName} or the stack's handler log group) and the stack's events say how it ends.`;
  const invoked = await lambda.send(new InvokeCommand({
    FunctionName: functionName,
    InvocationType: 'RequestResponse',
    Payload: Buffer.from(BastionTooling.SWITCH_ON_PAYLOAD),
  }), { abortSignal: AbortSignal.timeout(timeoutMs) }).catch((error: Error) => {
    if (error.name === 'AbortError' || error.name === 'TimeoutError') {
      throw new Error(`Switching ${stackName} on did not end within timeout-minutes (${Math.round(timeoutMs / 60_000)}). ${watch}`);
    }
    throw error;
  });
  const payload = invoked.Payload ? Buffer.from(invoked.Payload).toString('utf8') : '';
  if (invoked.FunctionError) {
    throw new Error(`Switching ${stackName} on failed: ${errorMessageOf(payload)}${/timed out/i.test(payload) ? ` ${watch}` : ''}`);
  }
  const answer = JSON.parse(payload || '{}') as { actions?: string[] };
  return { functionName, actions: answer.actions ?? [] };
}

/** The message of a function error's payload ({"errorType", "errorMessage", ...}), or the payload as it is. */
function errorMessageOf(payload: string): string {
  try {
    return (JSON.parse(payload) as { errorMessage?: string }).errorMessage ?? payload;
  } catch {
    return payload;
  }
}
