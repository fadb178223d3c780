import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Dependencies } from './dependencies';
import type { SwitchOnInputs } from './inputs';
import { outputValue } from './stack-outputs';
import { BastionOutputIds } from '../../src';

/**
 * mode: switch-on. Invokes the stack's off-hours switch and says when the
 * VPN is usable.
 */
export async function switchOnMode(inputs: SwitchOnInputs, deps: Dependencies): Promise<void> {
  for (const stackName of inputs.stackNames) {
    const functionName = await switchOn(deps.cloudFormation(inputs.region), deps.lambda(inputs.region), stackName);
    deps.core.info(`Switched on: invoked ${functionName}. The VPN is usable in 5 to 15 minutes, until the next scheduled switch-off.`);
    await deps.core.summary.addRaw(`## Client VPN bastion switching on: ${stackName}\n\nInvoked \`${functionName}\`; the VPN is usable in 5 to 15 minutes, until the next scheduled switch-off.\n`).write();
  }
}

/** The off-hours switch function a stack's outputs name (of any bastion in it), if it has a schedule. */
export function switchFunctionOf(outputs: Record<string, string>): string | undefined {
  return outputValue(outputs, BastionOutputIds.SWITCH_FUNCTION_NAME) || undefined;
}

/**
 * Switches a scheduled bastion on outside its hours: asynchronously invokes
 * the off-hours switch that the stack names in its outputs. The VPN is usable
 * 5 to 15 minutes later (the association), until the next scheduled switch-off.
 *
 * @returns the switch function's name
 */
export async function switchOn(cloudFormation: CloudFormationClient, lambda: LambdaClient, stackName: string): Promise<string> {
  const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Object.fromEntries((result.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  const functionName = switchFunctionOf(outputs);
  if (!functionName) {
    throw new Error(`Stack ${stackName} has no off-hours schedule (no ${BastionOutputIds.SWITCH_FUNCTION_NAME} output): it is always on, there is nothing to switch on.`);
  }
  const invoked = await lambda.send(new InvokeCommand({
    FunctionName: functionName,
    InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify({ mode: 'on' })),
  }));
  if (invoked.StatusCode !== 202) {
    throw new Error(`Invoking the switch ${functionName} returned status ${invoked.StatusCode}, not 202 (accepted).`);
  }
  return functionName;
}
