import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkStackRegions } from './cdk-runner';
import type { DeployedStack } from './cdk-runner';
import { exportClientConfiguration, findEndpointOfStack, prefixRemoteHost, secretBlocks } from './client-configuration';
import type { Dependencies } from './dependencies';
import { guardDeploy } from './diff';
import { InputError } from './inputs';
import type { DeployInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { checkStackBeforeChange } from './preflight';
import { checkReviewedStacks, readReview } from './reviewed-assembly';
import { loadSamlMetadata } from './saml-metadata';
import { findBastionOutputs, sshConfigFor } from './stack-outputs';
import { deploySummary, stackSections } from './summary';

/**
 * Stack states in which nothing of the stack exists and the name is taken: a
 * CREATE change set never executed, or a first deployment rolled back. The
 * deploy deletes the empty stack, then creates it.
 */
const RECREATED = new Set(['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE']);

/** A deployed stack that no longer matches what exists; re-running does not help. */
export class DriftError extends Error {}

/** The stack deployed, and what came after failed: the message says that the deployment stays. */
export class HandBackError extends Error {
  constructor(cause: unknown) {
    super(
      `The stack deployed, but handing back the client configuration failed: ${(cause as Error).message}. ` +
      'The deployment stays as it is; run the workflow again: the deploy finds nothing to change and the export runs again.',
    );
    this.name = 'HandBackError';
  }
}

/**
 * mode: deploy. Synthesizes (which checks every input), checks the stacks,
 * refuses to replace live resources unless allowed, deploys, then hands back
 * the client configuration.
 */
export async function deploy(inputs: DeployInputs, deps: Dependencies, io: ActionIoHost): Promise<void> {
  const { core } = deps;
  // A reviewed assembly is deployed as it is: its record must hold before anything else.
  const review = inputs.cloudAssembly !== undefined ? readReview(inputs.cloudAssembly, inputs.region) : undefined;
  const samlMetadataXml = review ? undefined : await loadSamlMetadata(inputs, deps);
  const runner = deps.createRunner(inputs, samlMetadataXml, io);
  // First, with no AWS call: a bad input fails as itself, not as missing credentials.
  // Its template also gives the summary's cost estimate.
  const synthesized = await core.group(review ? 'Read the reviewed cloud assembly' : 'Synthesize', () => runner.synth());
  checkStackRegions(synthesized, inputs.region, inputs.regionFrom);
  if (review) {
    checkReviewedStacks(review, synthesized);
  }
  const empty: string[] = [];
  for (const stack of synthesized) {
    const status = await checkStackBeforeChange(deps.cloudFormation(inputs.region), stack.stackName, 'deploy', core);
    if (status !== undefined && RECREATED.has(status)) {
      empty.push(stack.stackName);
    }
  }
  // The same preview as mode diff, and no deploy that replaces live resources unless allowed.
  await guardDeploy(inputs, synthesized, deps, runner, review);
  if (empty.length > 0) {
    // As the warning said: with either deployment method, CreateStack or a CREATE change set
    // needs the name free (direct would fail with AlreadyExistsException). Deleted through the
    // toolkit, with the bootstrap's deploy role, like the deploy that follows.
    await core.group(`Delete the empty stack${empty.length > 1 ? 's' : ''} ${empty.join(', ')}`, () => runner.destroy(empty));
  }
  const stacks = await core.group('Deploy', () => runner.deploy());
  try {
    // A reviewed assembly's summary speaks of the app it was synthesized from.
    const cost = stackSections(review ? { ...inputs, app: review.app } : inputs, synthesized);
    await handBack(inputs, stacks, deps, cost);
  } catch (error) {
    throw error instanceof DriftError || error instanceof InputError ? error : new HandBackError(error);
  }
}

async function handBack(inputs: DeployInputs, stacks: DeployedStack[], deps: Dependencies, cost: string[]): Promise<void> {
  const { core } = deps;
  const allOutputs = Object.assign({}, ...stacks.map((stack) => stack.outputs)) as Record<string, string>;
  core.setOutput('stack-outputs', JSON.stringify(allOutputs));

  const withBastion = stacks.find((stack) => findBastionOutputs(stack.outputs).found) ?? stacks[0];
  const { found, others } = findBastionOutputs(withBastion?.outputs ?? {});
  if (!withBastion || !found) {
    throw new Error(`No SsoClientVpnBastion outputs in the deployed stacks (${stacks.map((s) => s.stackName).join(', ')}): does the app contain the construct?`);
  }
  if (others.length > 0) {
    core.warning(`The stack has more than one SsoClientVpnBastion; using ${found.prefix}, not ${others.join(', ')}.`);
  }
  const region = inputs.region;
  const ec2 = deps.ec2(region);
  const endpointId = found.endpointId ?? await findEndpointOfStack(ec2, withBastion.stackName);
  if (!endpointId) {
    throw new Error(`Stack ${withBastion.stackName} has no Client VPN endpoint ID output, and no endpoint is tagged with the stack's name.`);
  }

  const exported = await core.group('Export the client configuration', () => exportClientConfiguration(ec2, endpointId).catch((error: Error) => {
    if (error.name === 'InvalidClientVpnEndpointId.NotFound') {
      throw new DriftError(
        `The Client VPN endpoint ${endpointId} that stack ${withBastion.stackName} made does not exist any more: it was deleted outside CloudFormation. ` +
        'CloudFormation still lists it, so a re-run changes nothing. Run mode: destroy, then mode: deploy, to build it again ' +
        '(the connection log group is retained; the client CIDR and the configuration file change with the new endpoint).',
      );
    }
    throw error;
  }));
  // A federated (SAML) configuration carries only the CA; a key would be a secret.
  for (const secret of secretBlocks(exported)) {
    core.setSecret(secret);
  }
  const configuration = prefixRemoteHost(exported);
  const directory = fs.mkdtempSync(path.join(deps.env.RUNNER_TEMP ?? os.tmpdir(), 'sso-client-vpn-bastion-'));
  const file = path.join(directory, `${withBastion.stackName}.ovpn`);
  fs.writeFileSync(file, configuration, { mode: 0o600 });

  core.setOutput('client-configuration', configuration);
  core.setOutput('client-configuration-file', file);
  core.setOutput('endpoint-id', endpointId);
  core.setOutput('server-private-ip', found.serverPrivateIp ?? '');
  core.setOutput('egress-ips', found.egressIps.join(','));
  core.setOutput('ssh-config', sshConfigFor(withBastion.stackName, found, region));
  await core.summary.addRaw(deploySummary(withBastion.stackName, region, { ...found, endpointId }, file, cost)).write();
}
