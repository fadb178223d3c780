import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';

const SWITCH_FUNCTION_OUTPUT = /SwitchFunctionName[0-9A-F]{8}$/;

/**
 * Switches a scheduled bastion on outside its hours: asynchronously invokes
 * the off-hours switch that the stack names in its outputs. The VPN is usable
 * 5 to 15 minutes later (the association), until the next scheduled switch-off.
 *
 * @returns the switch function's name
 */
export async function switchOn(cloudFormation: CloudFormationClient, lambda: LambdaClient, stackName: string): Promise<string> {
  const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = result.Stacks?.[0]?.Outputs ?? [];
  const functionName = outputs.find((output) => SWITCH_FUNCTION_OUTPUT.test(output.OutputKey ?? ''))?.OutputValue;
  if (!functionName) {
    throw new Error(`Stack ${stackName} has no off-hours schedule (no SwitchFunctionName output): it is always on, there is nothing to switch on.`);
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
