import { checkStackRegions } from './cdk-runner';
import type { Dependencies } from './dependencies';
import type { SynthInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { loadSamlMetadata } from './saml-metadata';
import { synthSummary } from './summary';

/** mode: synth. Synthesizes offline and reports what a deploy would create and cost, and what to do next; no AWS call. */
export async function synth(inputs: SynthInputs, deps: Dependencies, io: ActionIoHost): Promise<void> {
  const samlMetadataXml = await loadSamlMetadata(inputs, deps);
  const runner = deps.createRunner(inputs, samlMetadataXml, io);
  const stacks = await deps.core.group('Synthesize', () => runner.synth());
  checkStackRegions(stacks, inputs.region, inputs.regionFrom);
  for (const stack of stacks) {
    deps.core.info(`${stack.stackName}: ${Object.keys(stack.template.Resources ?? {}).length} resources, template ${stack.templateFile}`);
  }
  deps.core.setOutput('stack-outputs', JSON.stringify({}));
  deps.core.setOutput('template-file', stacks[0]?.templateFile ?? '');
  // The settings, the cost and the cheaper setups all come from these templates: no other synthesis.
  await deps.core.summary.addRaw(synthSummary(stacks, inputs)).write();
}
