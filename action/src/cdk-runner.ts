import { StackParameters, StackSelectionStrategy, Toolkit, ToolkitError } from '@aws-cdk/toolkit-lib';
import type { ICloudAssemblySource, StackSelector } from '@aws-cdk/toolkit-lib';
import { InputError } from './inputs';
import type { DeploymentMethod } from './inputs';
import type { ActionIoHost } from './io-host';

export interface SynthesizedStack {
  readonly stackName: string;
  readonly region?: string;
  readonly templateFile: string;
  readonly template: { Resources?: Record<string, { Type: string }>; Outputs?: Record<string, { Description?: string; Value: unknown }> };
}

export interface DeployedStack {
  readonly stackName: string;
  readonly stackArn?: string;
  readonly outputs: Record<string, string>;
}

/** The CDK operations the action needs; tests replace it at this boundary. */
export interface CdkRunner {
  synth(): Promise<SynthesizedStack[]>;
  deploy(): Promise<DeployedStack[]>;
  destroy(): Promise<string[]>;
}

export interface ToolkitRunnerOptions {
  readonly io: ActionIoHost;
  /** Builds the cloud assembly source: the action's own app or the user's app command. */
  readonly source: (toolkit: Toolkit) => Promise<ICloudAssemblySource>;
  /** Stack names to act on; all stacks of the app when absent. */
  readonly stackNames?: string[];
  readonly deploymentMethod: DeploymentMethod;
  readonly timeoutMinutes: number;
}

/**
 * The CDK operations through @aws-cdk/toolkit-lib, the programmatic CDK
 * toolkit: synthesis in-process, asset publishing, change sets, outputs.
 */
export class ToolkitRunner implements CdkRunner {
  private readonly toolkit: Toolkit;
  private readonly stacks: StackSelector;

  constructor(private readonly options: ToolkitRunnerOptions) {
    this.toolkit = new Toolkit({ ioHost: options.io, color: false, emojis: false });
    this.stacks = options.stackNames
      ? { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: options.stackNames }
      : { strategy: StackSelectionStrategy.ALL_STACKS };
  }

  public async synth(): Promise<SynthesizedStack[]> {
    return withInputErrors(() => this.synthesize());
  }

  private async synthesize(): Promise<SynthesizedStack[]> {
    const source = await this.options.source(this.toolkit);
    const cached = await this.toolkit.synth(source, { stacks: this.stacks });
    try {
      const assembly = (await cached.produce()).cloudAssembly;
      return assembly.stacks.map((stack) => ({
        stackName: stack.stackName,
        region: stack.environment.region,
        templateFile: stack.templateFullPath,
        template: stack.template,
      }));
    } finally {
      await cached.dispose();
    }
  }

  public async deploy(): Promise<DeployedStack[]> {
    return withInputErrors(async () => {
      // Deploy from the source, not from a synth() result: toolkit-lib strips
      // the bootstrap-version rule from synth() results, which makes every
      // re-deploy look changed.
      const source = await this.options.source(this.toolkit);
      const result = await withTimeout(this.options.timeoutMinutes, 'deploy', this.options.stackNames, this.toolkit.deploy(source, {
        stacks: this.stacks,
        deploymentMethod: { method: this.options.deploymentMethod },
        // Keep the parameters the stack has (the bootstrap version among them).
        parameters: StackParameters.onlyExisting(),
      }));
      return result.stacks.map((stack) => ({ stackName: stack.stackName, stackArn: stack.stackArn, outputs: stack.outputs }));
    });
  }

  public async destroy(): Promise<string[]> {
    return withInputErrors(async () => {
      const source = await this.options.source(this.toolkit);
      const result = await withTimeout(this.options.timeoutMinutes, 'destroy', this.options.stackNames, this.toolkit.destroy(source, { stacks: this.stacks }));
      return result.stacks.map((stack) => stack.stackName);
    });
  }
}

/**
 * toolkit-lib wraps an error of the assembly builder in its own ("Assembly
 * builder failed"); an input error of the action's own app is passed on as
 * it was thrown, so that the run ends with the input's message alone.
 */
async function withInputErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
      if (cause instanceof InputError) {
        throw cause;
      }
    }
    throw error;
  }
}

/**
 * The stack outlived timeout-minutes. toolkit-lib cannot be stopped (it polls
 * the stack until it settles), so the action reports this and ends the process.
 */
export class StackStillChangingError extends Error {
  constructor(operation: string, minutes: number, stackNames: string[] | undefined) {
    const stacks = stackNames && stackNames.length > 0
      ? `stack${stackNames.length > 1 ? 's' : ''} ${stackNames.join(', ')} ${stackNames.length > 1 ? 'are' : 'is'}`
      : 'the app\'s stacks are';
    const eventsCommand = `aws cloudformation describe-stack-events --stack-name ${stackNames?.[0] ?? '<stack>'}`;
    super(
      `The ${operation} did not finish within ${minutes} minutes (timeout-minutes): ${stacks} still changing, and CloudFormation goes on by itself. ` +
      `Wait until it is no longer IN_PROGRESS (its events are in the CloudFormation console, or \`${eventsCommand}\`), ` +
      'then run the workflow again: it resumes from the state it finds. A larger timeout-minutes avoids this next time.',
    );
    this.name = 'StackStillChangingError';
  }
}

/**
 * toolkit-lib waits for a stack without a time limit; a workflow should fail
 * with a reason instead of hanging until the job's own timeout.
 */
export async function withTimeout<T>(minutes: number, operation: string, stackNames: string[] | undefined, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StackStillChangingError(operation, minutes, stackNames)), minutes * 60_000);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns a toolkit error into a message a person can act on: the exact
 * bootstrap command, or the reasons of the resources that failed.
 */
export function explainCdkError(error: unknown, failedResources: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
  const notBootstrapped = name === 'BootstrapVersionValidation' || cause?.name === 'SsmParameterNotFound' || /Has the environment been bootstrapped/.test(message);
  if (notBootstrapped) {
    const environment = /aws:\/\/\d{12}\/[a-z0-9-]+/.exec(message)?.[0];
    const target = environment ?? 'aws://<account-id>/<region>';
    return `The AWS environment ${target} is not bootstrapped for the CDK (no /cdk-bootstrap/hnb659fds/version parameter). ` +
      `Bootstrap it once, with credentials that may create the CDKToolkit stack: npx cdk bootstrap ${target}`;
  }
  const expired = [name, cause?.name].some((n) => n === 'ExpiredToken' || n === 'ExpiredTokenException' || n === 'RequestExpired')
    || /security token included in the request is expired/i.test(message);
  if (expired) {
    return 'The AWS credentials expired while the stack was being changed. CloudFormation goes on by itself: wait until the stack is no longer ' +
      'IN_PROGRESS, then run again, which resumes from the state it finds. The deploy can take 30 minutes or more: give ' +
      'aws-actions/configure-aws-credentials `role-duration-seconds: 3600` (and allow it in the role\'s maximum session duration).';
  }
  const lines = [stripCross(message)];
  if (failedResources.length > 0) {
    lines.push('Failed resources:', ...failedResources.map((failure) => `  - ${failure}`));
  }
  if (ToolkitError.isToolkitError(error) && cause && !message.includes(cause.message)) {
    lines.push(`Cause: ${cause.name}: ${cause.message}`);
  }
  return lines.join('\n');
}

function stripCross(message: string): string {
  return message.replace(/^❌\s*/, '').trim();
}
