import { StackStillChangingError, explainCdkError } from './cdk-runner';
import type { ActionCore, Dependencies } from './dependencies';
import { DriftError, HandBackError, deploy } from './deploy';
import { destroy } from './destroy';
import { LiveResourceGuardError, diffMode } from './diff';
import { InputError, readInputs } from './inputs';
import type { ActionInputs } from './inputs';
import { ActionIoHost } from './io-host';
import { failureSummary } from './summary';
import { switchOnMode } from './switch-on';
import { synth } from './synth';

/**
 * The action: read the inputs for their mode, then run that mode. Any error
 * ends the step with a message that says what to do, and a job summary that
 * says what failed and where to look.
 */
export async function run(deps: Dependencies): Promise<void> {
  const { core } = deps;
  const io = new ActionIoHost(core);
  const groups = trackGroups(core);
  let inputs: ActionInputs | undefined;
  try {
    inputs = readInputs((name) => core.getInput(name), deps.env);
    const tracked = { ...deps, core: groups.core };
    switch (inputs.mode) {
      case 'deploy':
        return await deploy(inputs, tracked, io);
      case 'diff':
        return await diffMode(inputs, tracked, io);
      case 'synth':
        return await synth(inputs, tracked, io);
      case 'destroy':
        return await destroy(inputs, tracked, io);
      case 'switch-on':
        return await switchOnMode(inputs, tracked);
    }
  } catch (error) {
    const known = error instanceof InputError || error instanceof DriftError || error instanceof LiveResourceGuardError
      || error instanceof HandBackError || error instanceof StackStillChangingError;
    const message = known ? (error as Error).message : explainCdkError(error, io.failedResources);
    core.setFailed(message);
    // After setFailed: whatever happens here, the step has already failed with its own message.
    try {
      await core.summary.addRaw(failureSummary({
        mode: inputs?.mode,
        stackNames: inputs?.stackNames,
        region: inputs?.region,
        group: groups.failedIn(),
        inputError: error instanceof InputError,
        message,
      })).write();
    } catch (summaryError) {
      core.warning(`Writing the job summary of the failure failed: ${(summaryError as Error).message}`);
    }
    if (error instanceof StackStillChangingError) {
      // toolkit-lib keeps polling the stack and would hold the step open until it settles.
      (deps.exit ?? ((code: number) => process.exit(code)))(1);
    }
  }
}

/**
 * The core, with each log group it runs remembered: the innermost group that
 * an error left is where the step failed (none once a later group starts or ends well).
 */
function trackGroups(core: ActionCore): { core: ActionCore; failedIn(): string | undefined } {
  let failed: string | undefined;
  const tracked: ActionCore = Object.create(core, {
    group: {
      value: async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        failed = undefined;
        try {
          const result = await core.group(name, fn);
          failed = undefined;
          return result;
        } catch (error) {
          failed ??= name;
          throw error;
        }
      },
    },
  });
  return { core: tracked, failedIn: () => failed };
}
