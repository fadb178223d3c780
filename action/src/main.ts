import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ICloudAssemblySource, Toolkit } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { App, Stack } from 'aws-cdk-lib';
import { addBastionStack } from './bastion-app';
import type { RunProvenance } from './bastion-app';
import { StackStillChangingError, ToolkitRunner, explainCdkError } from './cdk-runner';
import type { CdkRunner, DeployedStack } from './cdk-runner';
import { exportClientConfiguration, findEndpointOfStack, prefixRemoteHost, secretBlocks } from './client-configuration';
import { costComparison } from './cost-comparison';
import { LiveResourceGuardError, diffMode, guardDeploy } from './diff';
import { InputError, readInputs } from './inputs';
import type { ActionInputs } from './inputs';
import { ActionIoHost } from './io-host';
import type { Log } from './io-host';
import { checkStackBeforeChange } from './preflight';
import type { IssueComments, PullRequest } from './pull-request-comment';
import { withoutQuery } from './saml-metadata-download';
import { findBastionOutputs, sshConfigFor } from './stack-outputs';
import { costSection, deploySummary, destroySummary, synthSummary } from './summary';
import { switchOn } from './switch-on';

/** A deployed stack that no longer matches what exists; re-running does not help. */
class DriftError extends Error {}

/** The part of @actions/core the action uses. */
export interface ActionCore extends Log {
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  setFailed(message: string): void;
  notice(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Everything the action talks to, so that tests can replace it. */
export interface Dependencies {
  readonly core: ActionCore;
  readonly env: NodeJS.ProcessEnv;
  readonly provenance: RunProvenance;
  /** Ends the process after a timeout (timeout-minutes); process.exit when absent. */
  exit?(code: number): void;
  createRunner(inputs: ActionInputs, samlMetadataXml: string | undefined, io: ActionIoHost): CdkRunner;
  ec2(region: string): EC2Client;
  cloudFormation(region: string): CloudFormationClient;
  lambda(region: string): LambdaClient;
  /** Downloads saml-metadata-url; its errors must not quote the URL's query string (see `downloadSamlMetadata`). */
  fetchText(url: string): Promise<string>;
  /** The pull request's comments (mode diff); @actions/github's Octokit when absent. */
  issueComments?(token: string, pullRequest: PullRequest, env: NodeJS.ProcessEnv): IssueComments;
}

/**
 * The action: read the inputs, then synthesize, deploy (and hand back the
 * client configuration) or destroy. Any error ends the step with a message
 * that says what to do.
 */
export async function run(deps: Dependencies): Promise<void> {
  const { core } = deps;
  const io = new ActionIoHost(core);
  let deployed = false;
  try {
    const inputs = readInputs((name) => core.getInput(name), deps.env);
    const samlMetadataXml = await loadSamlMetadata(inputs, deps);
    const runner = deps.createRunner(inputs, samlMetadataXml, io);
    // The action's own app can be synthesized again with a schedule or without NAT, to compare costs.
    const comparison = (): string[] => (inputs.app || samlMetadataXml === undefined
      ? []
      : costComparison({ inputs, samlMetadataXml, provenance: deps.provenance }, inputs.region));

    switch (inputs.mode) {
      case 'diff':
        return await diffMode(inputs, runner, deps);
      case 'synth':
        return await synth(inputs, runner, deps, comparison);
      case 'destroy':
        return await destroy(inputs, runner, deps);
      case 'switch-on': {
        const functionName = await switchOn(deps.cloudFormation(inputs.region!), deps.lambda(inputs.region!), inputs.stackName);
        core.info(`Switched on: invoked ${functionName}. The VPN is usable in 5 to 15 minutes, until the next scheduled switch-off.`);
        await core.summary.addRaw(`## Client VPN bastion switching on: ${inputs.stackName}\n\nInvoked \`${functionName}\`; the VPN is usable in 5 to 15 minutes, until the next scheduled switch-off.\n`).write();
        return;
      }
      case 'deploy': {
        if (!inputs.app) {
          await checkStackBeforeChange(deps.cloudFormation(inputs.region!), inputs.stackName, 'deploy', core);
        }
        // In-process synthesis is quick; its template gives the summary's cost estimate.
        const synthesized = await core.group('Synthesize', () => runner.synth());
        // The same preview as mode diff, and no deploy that replaces live resources unless allowed.
        await guardDeploy(inputs, synthesized, deps);
        const stacks = await core.group('Deploy', () => runner.deploy());
        deployed = true;
        return await handBack(inputs, stacks, deps, [...synthesized.flatMap((stack) => costSection(stack.template, inputs.region)), ...comparison()]);
      }
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof DriftError || error instanceof LiveResourceGuardError) {
      core.setFailed(error.message);
    } else if (deployed) {
      core.setFailed(
        `The stack deployed, but handing back the client configuration failed: ${(error as Error).message}. ` +
        'The deployment stays as it is; run the workflow again: the deploy finds nothing to change and the export runs again.',
      );
    } else if (error instanceof StackStillChangingError) {
      core.setFailed(error.message);
      // toolkit-lib keeps polling the stack and would hold the step open until it settles.
      (deps.exit ?? ((code: number) => process.exit(code)))(1);
    } else {
      core.setFailed(explainCdkError(error, io.failedResources));
    }
  }
}

async function loadSamlMetadata(inputs: ActionInputs, deps: Dependencies): Promise<string | undefined> {
  if (inputs.samlMetadataFile) {
    if (!fs.existsSync(inputs.samlMetadataFile)) {
      throw new InputError(`Input saml-metadata-file: ${path.relative(inputs.workspace, inputs.samlMetadataFile)} does not exist in the workspace (did the job check out the repository?).`);
    }
    return fs.readFileSync(inputs.samlMetadataFile, 'utf8');
  }
  if (inputs.samlMetadataUrl) {
    try {
      return await deps.fetchText(inputs.samlMetadataUrl);
    } catch (error) {
      throw new InputError(`Input saml-metadata-url: downloading ${withoutQuery(inputs.samlMetadataUrl)} failed: ${(error as Error).message}.`);
    }
  }
  return undefined;
}

async function synth(inputs: ActionInputs, runner: CdkRunner, deps: Dependencies, comparison: () => string[]): Promise<void> {
  const stacks = await deps.core.group('Synthesize', () => runner.synth());
  for (const stack of stacks) {
    deps.core.info(`${stack.stackName}: ${Object.keys(stack.template.Resources ?? {}).length} resources, template ${stack.templateFile}`);
  }
  deps.core.setOutput('stack-outputs', JSON.stringify({}));
  deps.core.setOutput('template-file', stacks[0]?.templateFile ?? '');
  const cost = [...stacks.flatMap((stack) => costSection(stack.template, stack.region ?? inputs.region)), ...comparison()];
  await deps.core.summary.addRaw(synthSummary(stacks, cost)).write();
}

async function destroy(inputs: ActionInputs, runner: CdkRunner, deps: Dependencies): Promise<void> {
  if (!inputs.app) {
    const status = await checkStackBeforeChange(deps.cloudFormation(inputs.region!), inputs.stackName, 'destroy', deps.core);
    if (status === undefined) {
      deps.core.info(`Stack ${inputs.stackName} does not exist in ${inputs.region}: nothing to destroy.`);
      await deps.core.summary.addRaw(destroySummary([])).write();
      return;
    }
  }
  const destroyed = await deps.core.group('Destroy', () => runner.destroy());
  await deps.core.summary.addRaw(destroySummary(destroyed)).write();
}

async function handBack(inputs: ActionInputs, stacks: DeployedStack[], deps: Dependencies, cost: string[]): Promise<void> {
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
  const region = inputs.region!;
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

/** The production wiring: @actions/core, the toolkit, real AWS clients. */
export function toolkitRunnerFactory(provenance: RunProvenance) {
  return (inputs: ActionInputs, samlMetadataXml: string | undefined, io: ActionIoHost): CdkRunner => new ToolkitRunner({
    io,
    deploymentMethod: inputs.deploymentMethod,
    timeoutMinutes: inputs.timeoutMinutes,
    stackNames: inputs.app ? undefined : [inputs.stackName],
    source: (toolkit: Toolkit): Promise<ICloudAssemblySource> => {
      if (inputs.app) {
        // The assembly goes to the runner's temp folder, not into the user's checkout.
        const outdir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'cdk.out-'));
        return toolkit.fromCdkApp(inputs.app, { workingDirectory: inputs.workingDirectory, outdir });
      }
      const offline = inputs.mode === 'synth';
      return toolkit.fromAssemblyBuilder(async (props) => {
        // No synthesis at exit: toolkit-lib sets CDK_OUTDIR, which turns it on, and removes the folder after a failure.
        const app = new App({ outdir: props.outdir, context: props.context, autoSynth: false });
        if (inputs.mode === 'destroy') {
          // Destroying needs only the stack's name and environment.
          new Stack(app, inputs.stackName, { env: { region: inputs.region, account: props.env?.CDK_DEFAULT_ACCOUNT } });
        } else {
          const account = offline ? undefined : props.env?.CDK_DEFAULT_ACCOUNT;
          addBastionStack(app, { inputs, samlMetadataXml: samlMetadataXml!, provenance, account });
        }
        return app.synth();
      }, { resolveDefaultEnvironment: !offline, lookups: !offline });
    },
  });
}

export function awsClients(env: NodeJS.ProcessEnv) {
  const endpoint = env.AWS_ENDPOINT_URL || undefined;
  return {
    // Adaptive retries absorb throttling bursts.
    ec2: (region: string) => new EC2Client({ region, endpoint, maxAttempts: 10, retryMode: 'adaptive' }),
    cloudFormation: (region: string) => new CloudFormationClient({ region, endpoint, maxAttempts: 10, retryMode: 'adaptive' }),
    lambda: (region: string) => new LambdaClient({ region, endpoint, maxAttempts: 10, retryMode: 'adaptive' }),
  };
}
