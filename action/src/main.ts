import { StackStillChangingError, explainCdkError } from './cdk-runner';
import type { Dependencies } from './dependencies';
import { DriftError, HandBackError, deploy } from './deploy';
import { destroy } from './destroy';
import { LiveResourceGuardError, diffMode } from './diff';
import { InputError, readInputs } from './inputs';
import { ActionIoHost } from './io-host';
import { switchOnMode } from './switch-on';
import { synth } from './synth';

/**
 * The action: read the inputs for their mode, then run that mode. Any error
 * ends the step with a message that says what to do.
 */
export async function run(deps: Dependencies): Promise<void> {
  const { core } = deps;
  const io = new ActionIoHost(core);
  try {
    const inputs = readInputs((name) => core.getInput(name), deps.env);
    switch (inputs.mode) {
      case 'deploy':
        return await deploy(inputs, deps, io);
      case 'diff':
        return await diffMode(inputs, deps, io);
      case 'synth':
        return await synth(inputs, deps, io);
      case 'destroy':
        return await destroy(inputs, deps, io);
      case 'switch-on':
        return await switchOnMode(inputs, deps);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof DriftError || error instanceof LiveResourceGuardError || error instanceof HandBackError) {
      core.setFailed(error.message);
    } else if (error instanceof StackStillChangingError) {
      core.setFailed(error.message);
      // toolkit-lib keeps polling the stack and would hold the step open until it settles.
      (deps.exit ?? ((code: number) => process.exit(code)))(1);
    } else {
      core.setFailed(explainCdkError(error, io.failedResources));
    }
  }
}
