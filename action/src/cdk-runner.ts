// Types only at the top: toolkit-lib takes seconds to load, and is loaded when a runner first needs it (never in synth mode of the own app).
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import type { CachedCloudAssembly, ICloudAssemblySource, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { knownRegion } from './environment';
import { InputError } from './inputs';
import type { DeploymentMethod, RegionSource } from './inputs';
import type { ActionIoHost } from './io-host';

export interface SynthesizedStack {
  readonly stackName: string;
  /** The construct path of the stack (`Stage/Stack`), which toolkit-lib selects by; the stack name when absent. */
  readonly hierarchicalId?: string;
  readonly region?: string;
  /** The account of the stack's env (`unknown-account` for an environment-agnostic one). */
  readonly account?: string;
  readonly templateFile: string;
  readonly template: { Resources?: Record<string, { Type: string }>; Outputs?: Record<string, { Description?: string; Value: unknown }> };
}

export interface DeployedStack {
  readonly stackName: string;
  readonly stackArn?: string;
  readonly outputs: Record<string, string>;
}

/**
 * The CDK operations the action needs; tests replace it at this boundary.
 * synth() synthesizes once and selects the named stacks; deploy() and
 * destroy() act on that same assembly, on the stacks given (all the selected
 * ones when none are).
 */
export interface CdkRunner {
  synth(): Promise<SynthesizedStack[]>;
  deploy(stackNames?: string[]): Promise<DeployedStack[]>;
  destroy(stackNames?: string[]): Promise<string[]>;
  /** The directory of the synthesized cloud assembly, once synth() ran. */
  assemblyDirectory?(): Promise<string | undefined>;
  /**
   * What a change set says a deploy of this stack would do (toolkit-lib's
   * change-set diff, with the deploy role): CloudFormation resolves the
   * parameters and SSM values and answers each replacement itself.
   */
  changeSetDiff?(stackName: string): Promise<TemplateDiff>;
}

export interface ToolkitRunnerOptions {
  readonly io: ActionIoHost;
  /** Builds the cloud assembly source: the action's own app or the user's app command. */
  readonly source: (toolkit: Toolkit) => Promise<ICloudAssemblySource>;
  /** The stack names (or construct paths) to act on: stack-name. Nothing else is touched. */
  readonly stackNames: string[];
  /**
   * The run's region: the toolkit's default region, so the app is synthesized
   * (CDK_DEFAULT_REGION), looked up and deployed there; the SDK's when absent.
   */
  readonly region?: string;
  readonly deploymentMethod: DeploymentMethod;
  readonly timeoutMinutes: number;
}

/**
 * The CDK operations through @aws-cdk/toolkit-lib, the programmatic CDK
 * toolkit: synthesis in-process, asset publishing, change sets, outputs.
 */
export class ToolkitRunner implements CdkRunner {
  private toolkitLoaded?: Promise<{ toolkit: Toolkit; lib: typeof import('@aws-cdk/toolkit-lib') }>;
  /** The one synthesis of the run, which deploy and destroy act on too. */
  private assembly?: Promise<CachedCloudAssembly>;
  private selected?: SynthesizedStack[];

  constructor(private readonly options: ToolkitRunnerOptions) {}

  private get loaded() {
    // require, not import(): the action's tests run in Jest, whose module loader has no dynamic import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.toolkitLoaded ??= Promise.resolve().then(() => require('@aws-cdk/toolkit-lib') as typeof import('@aws-cdk/toolkit-lib')).then((lib) => ({
      lib,
      toolkit: new lib.Toolkit({
        ioHost: this.options.io,
        color: false,
        emojis: false,
        // One region for synthesis, lookups, deploy and destroy: the run's, not whatever the SDK finds.
        sdkConfig: this.options.region
          ? { baseCredentials: lib.BaseCredentials.awsCliCompatible({ defaultRegion: this.options.region }) }
          : undefined,
      }),
    }));
    return this.toolkitLoaded;
  }

  public async synth(): Promise<SynthesizedStack[]> {
    return withInputErrors(() => this.synthesize());
  }

  /** Synthesizes the whole app once, then selects the named stacks; a name that matches none is an input error. */
  private async synthesize(): Promise<SynthesizedStack[]> {
    if (this.selected) {
      return this.selected;
    }
    this.assembly ??= this.loaded.then(async ({ toolkit }) =>
      toolkit.synth(await this.options.source(toolkit), { stacks: { strategy: 'all-stacks' as StackSelectionStrategy.ALL_STACKS } }));
    const all = (await this.assembly).cloudAssembly.stacksRecursively.map((stack) => ({
      stackName: stack.stackName,
      hierarchicalId: stack.hierarchicalId,
      region: stack.environment.region,
      account: stack.environment.account,
      templateFile: stack.templateFullPath,
      template: stack.template,
    }));
    this.selected = selectStacks(all, this.options.stackNames);
    return this.selected;
  }

  /** The toolkit's selector for the named stacks of the synthesized assembly. */
  private async selector(stackNames: string[] | undefined) {
    const selected = await this.synthesize();
    const stacks = stackNames ? selected.filter((stack) => stackNames.includes(stack.stackName)) : selected;
    return {
      stacks: { strategy: 'pattern-must-match' as StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: stacks.map((stack) => stack.hierarchicalId ?? stack.stackName) },
      names: stacks.map((stack) => stack.stackName),
    };
  }

  public async assemblyDirectory(): Promise<string | undefined> {
    return this.assembly ? (await this.assembly).cloudAssembly.directory : undefined;
  }

  public async changeSetDiff(stackName: string): Promise<TemplateDiff> {
    const { stacks, names } = await this.selector([stackName]);
    const { toolkit, lib } = await this.loaded;
    // No silent fall back to templates: the preview says which comparison it shows.
    const diffs = await toolkit.diff(await this.assembly!, { stacks, method: lib.DiffMethod.ChangeSet({ fallbackToTemplate: false }) });
    const selected = (await this.synthesize()).find((stack) => stack.stackName === names[0]);
    const diff = diffs[stackName] ?? (selected?.hierarchicalId !== undefined ? diffs[selected.hierarchicalId] : undefined);
    if (diff === undefined) {
      throw new Error(`toolkit-lib returned no change set diff for stack ${stackName} (it returned ${Object.keys(diffs).join(', ') || 'none'}).`);
    }
    return diff;
  }

  public async deploy(stackNames?: string[]): Promise<DeployedStack[]> {
    return withInputErrors(async () => {
      const { stacks, names } = await this.selector(stackNames);
      // The assembly that synth() made and the preview read: what was reviewed is what is deployed.
      const { toolkit, lib } = await this.loaded;
      const result = await withTimeout(this.options.timeoutMinutes, 'deploy', names, toolkit.deploy(await this.assembly!, {
        stacks,
        deploymentMethod: { method: this.options.deploymentMethod },
        // Keep the parameters the stack has (the bootstrap version among them).
        parameters: lib.StackParameters.onlyExisting(),
      }));
      return result.stacks.map((stack) => ({ stackName: stack.stackName, stackArn: stack.stackArn, outputs: stack.outputs }));
    });
  }

  public async destroy(stackNames?: string[]): Promise<string[]> {
    return withInputErrors(async () => {
      const { stacks, names } = await this.selector(stackNames);
      const { toolkit } = await this.loaded;
      const result = await withTimeout(this.options.timeoutMinutes, 'destroy', names, toolkit.destroy(await this.assembly!, { stacks }));
      return result.stacks.map((stack) => stack.stackName);
    });
  }
}

/**
 * The stacks stack-name names, in its order, by stack name or construct path;
 * a name that matches no stack is an input error that lists the app's stacks.
 */
export function selectStacks(all: SynthesizedStack[], stackNames: string[]): SynthesizedStack[] {
  return stackNames.map((name) => {
    const stack = all.find((candidate) => candidate.stackName === name) ?? all.find((candidate) => candidate.hierarchicalId === name);
    if (!stack) {
      throw new InputError(`Input stack-name ${JSON.stringify(name)} matches no stack of the app. Its stacks: ${all.map((s) => s.stackName).join(', ') || 'none'}.`);
    }
    return stack;
  });
}

/**
 * One region per run: a stack whose env names a region other than the run's
 * is an error (the action would synthesize, deploy and export in different
 * places). Without a run region (synth only), each stack keeps its own.
 */
export function checkStackRegions(stacks: SynthesizedStack[], region: string | undefined, regionFrom: RegionSource | undefined): void {
  if (region === undefined) {
    return;
  }
  for (const stack of stacks) {
    const own = knownRegion(stack.region);
    if (own !== undefined && own !== region) {
      const from = regionFrom === 'aws-region' || regionFrom === undefined ? 'input aws-region' : `the runner's ${regionFrom}, as aws-region is empty`;
      throw new InputError(
        `Stack ${stack.stackName} names region ${own} in its env, but this run's region is ${region} (${from}): ` +
        `set aws-region to ${own}, or remove the region from the stack's env.`,
      );
    }
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
  if (isToolkitError(error) && cause && !message.includes(cause.message)) {
    lines.push(`Cause: ${cause.name}: ${cause.message}`);
  }
  return lines.join('\n');
}

/** `ToolkitError.isToolkitError`, without loading toolkit-lib to ask. */
function isToolkitError(error: unknown): boolean {
  return error !== null && typeof error === 'object' && Symbol.for('@aws-cdk/toolkit-lib.ToolkitError') in error;
}

function stripCross(message: string): string {
  return message.replace(/^❌\s*/, '').trim();
}
