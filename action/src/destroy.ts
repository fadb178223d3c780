import { checkStackRegions } from './cdk-runner';
import type { Dependencies } from './dependencies';
import type { DestroyInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { checkStackBeforeChange } from './preflight';
import { destroySummary } from './summary';

/**
 * mode: destroy. Deletes the named stacks in the run's region, and no other;
 * a named stack that does not exist there is reported, not an error.
 */
export async function destroy(inputs: DestroyInputs, deps: Dependencies, io: ActionIoHost): Promise<void> {
  const runner = deps.createRunner(inputs, undefined, io);
  const stacks = await deps.core.group('Synthesize', () => runner.synth());
  checkStackRegions(stacks, inputs.region, inputs.regionFrom);
  const existing: string[] = [];
  const missing: string[] = [];
  for (const stack of stacks) {
    const status = await checkStackBeforeChange(deps.cloudFormation(inputs.region), stack.stackName, 'destroy', deps.core);
    (status === undefined ? missing : existing).push(stack.stackName);
  }
  for (const stackName of missing) {
    deps.core.info(`Stack ${stackName} does not exist in ${inputs.region}: nothing to destroy.`);
  }
  const destroyed = existing.length > 0 ? await deps.core.group('Destroy', () => runner.destroy(existing)) : [];
  await deps.core.summary.addRaw(destroySummary(destroyed, missing, inputs.region)).write();
}
