import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { SwitchError, describeError } from './switch-error';
import type { Mode } from '../switch-contract';

/**
 * The state kept in an SSM parameter (`SwitchState.ssmParameter`), which the
 * stack reads through an `AWS::SSM::Parameter::Value<String>` parameter:
 * CloudFormation resolves it again on every operation, whoever deploys (a
 * pipeline included), so the value written here is the state every deploy
 * keeps. The switch writes it before updating the stack.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */

export async function writeState(ssm: SSMClient, name: string, mode: Mode): Promise<void> {
  try {
    await ssm.send(new PutParameterCommand({ Name: name, Value: mode, Type: 'String', Overwrite: true }));
  } catch (error) {
    throw new SwitchError(`writing ${mode} to the state parameter ${name} (SSM) failed: ${describeError(error)}`);
  }
}

/** The state the SSM parameter holds, as a person or the switch last wrote it. */
export async function readState(ssm: SSMClient, name: string): Promise<string> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value ?? '';
  } catch (error) {
    throw new SwitchError(`reading the state parameter ${name} (SSM) failed: ${describeError(error)}. ` +
      'It must exist while the stack does: aws ssm put-parameter --type String --name NAME --value on (or off).');
  }
}
