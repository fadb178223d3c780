import type { Dependencies } from './dependencies';
import type { DestroyInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { checkStackBeforeChange } from './preflight';
import { destroySummary } from './summary';

/** mode: destroy. Deletes the stack (nothing to do when it does not exist). */
export async function destroy(inputs: DestroyInputs, deps: Dependencies, io: ActionIoHost): Promise<void> {
  const runner = deps.createRunner(inputs, undefined, io);
  if (!inputs.app) {
    const status = await checkStackBeforeChange(deps.cloudFormation(inputs.region), inputs.stackName, 'destroy', deps.core);
    if (status === undefined) {
      deps.core.info(`Stack ${inputs.stackName} does not exist in ${inputs.region}: nothing to destroy.`);
      await deps.core.summary.addRaw(destroySummary([])).write();
      return;
    }
  }
  const destroyed = await deps.core.group('Destroy', () => runner.destroy());
  await deps.core.summary.addRaw(destroySummary(destroyed)).write();
}
