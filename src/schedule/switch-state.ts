import { Token } from 'aws-cdk-lib';
import { propError } from '../core/errors';

/** SSM parameter names: letters, digits and `_ . - /`; `aws` and `ssm` are reserved prefixes. */
const SSM_NAME = /^[a-zA-Z0-9_.\-/]+$/;
const RESERVED_PREFIX = /^\/?(aws|ssm)/i;
/** A name of this length or less leaves room for the ARN (2048 characters in all). */
const MAX_SSM_NAME = 1011;

/**
 * Where the off-hours switch keeps the on/off state, which every deployment
 * of the stack must keep, or a deploy would switch the bastion on or off.
 *
 * The switched resources carry a condition on a stack parameter. How that
 * parameter gets its value decides which deploy paths keep the state:
 *
 * | deploy path | `stackParameter()` | `ssmParameter(name)` |
 * | --- | --- | --- |
 * | `cdk deploy`, toolkit-lib, the GitHub Action | kept (previous value) | kept |
 * | console update, `aws cloudformation deploy` | kept (previous value) | kept |
 * | CodePipeline / CDK Pipelines | reset to the default | kept |
 * | first deploy | works as it is | the SSM parameter must exist first |
 */
export abstract class SwitchState {
  /**
   * A plain stack parameter that the switch sets with `UpdateStack`.
   *
   * The CDK CLI, toolkit-lib (so the GitHub Action), the console and
   * `aws cloudformation deploy` keep its previous value. CodePipeline's
   * CloudFormation action (CDK Pipelines) passes no previous value: every
   * pipeline run resets it to its default, switching a business-hours
   * bastion on or an on-demand one off. A stack inside a `Stage` (as CDK
   * Pipelines deploys) gets a synth-time warning.
   */
  public static stackParameter(): SwitchState {
    return new StackParameterState();
  }

  /**
   * An SSM parameter that the stack reads through an
   * `AWS::SSM::Parameter::Value<String>` parameter. CloudFormation resolves it
   * again on every operation, whoever deploys, so every deploy path keeps the
   * state. The switch writes it (`on` or `off`), then updates the stack.
   *
   * The parameter must exist before the first deployment, and it belongs to
   * the switch afterwards (no stack creates or deletes it):
   * `aws ssm put-parameter --type String --name <name> --value on` (or
   * `off`); its value is the state of the first deployment, in place of the
   * schedule's own (on for business hours, off on demand). Use it for stacks
   * deployed by CDK Pipelines or CodePipeline.
   *
   * @param parameterName the SSM parameter's name, for example `/bastion/prod/switch-state`
   */
  public static ssmParameter(parameterName: string): SwitchState {
    if (Token.isUnresolved(parameterName)) {
      throw propError('switchState parameterName', parameterName, 'is a token; the stack reads the parameter by name at every operation, so give a literal name');
    }
    if (!SSM_NAME.test(parameterName) || parameterName.length > MAX_SSM_NAME || RESERVED_PREFIX.test(parameterName)
      || (parameterName.includes('/') && !parameterName.startsWith('/')) || parameterName.includes('//')) {
      throw propError('switchState parameterName', parameterName,
        'is not an SSM parameter name: use letters, digits and _ . - /, a path starting with "/" (for example "/bastion/prod/switch-state"), ' +
        `at most ${MAX_SSM_NAME} characters, not starting with "aws" or "ssm"`);
    }
    return new SsmParameterState(parameterName);
  }

  /**
   * The SSM parameter that holds the state.
   *
   * @default - none: the state is a plain stack parameter
   */
  public abstract readonly parameterName?: string;
}

class StackParameterState extends SwitchState {
  public readonly parameterName?: string = undefined;
}

class SsmParameterState extends SwitchState {
  constructor(public readonly parameterName: string) {
    super();
  }
}
