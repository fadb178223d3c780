import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as core from '@actions/core';
// The context alone: the package's main module also loads Octokit, which the action does not use.
import { Context } from '@actions/github/lib/context';
import type { ICloudAssemblySource, IoMessage, Toolkit } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { App, Stack } from 'aws-cdk-lib';
import { addBastionStack } from './bastion-app';
import type { RunProvenance } from './bastion-app';
import { ToolkitRunner, selectStacks } from './cdk-runner';
import type { CdkRunner, DeployedStack, SynthesizedStack } from './cdk-runner';
import type { Dependencies } from './dependencies';
import type { ToolkitModeInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { downloadSamlMetadata } from './saml-metadata-download';

/**
 * The production wiring, in one place: @actions/core, the workflow's
 * context, the CDK toolkit and real AWS clients.
 */
export function productionDependencies(): Dependencies {
  const provenance = provenanceOf(new Context());
  return {
    core,
    env: process.env,
    provenance,
    createRunner: toolkitRunnerFactory(provenance),
    ...awsClients(process.env),
    fetchText: (url) => downloadSamlMetadata(url),
  };
}

/** Where this run comes from, for the stack's tags; empty outside a workflow (offline synth). */
function provenanceOf(context: Context): RunProvenance {
  if (!process.env.GITHUB_REPOSITORY) {
    return {};
  }
  const repository = `${context.repo.owner}/${context.repo.repo}`;
  return {
    repository,
    runUrl: context.runId ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}` : undefined,
    commit: context.sha || undefined,
    workflow: context.workflow || undefined,
  };
}

/**
 * The CDK toolkit on the user's app command, or on the action's own app built
 * in-process; in synth mode, the own app is synthesized without the toolkit,
 * which takes longer to load than the synthesis itself takes.
 */
export function toolkitRunnerFactory(provenance: RunProvenance) {
  return (inputs: ToolkitModeInputs, samlMetadataXml: string | undefined, io: ActionIoHost): CdkRunner => {
    if (inputs.mode === 'synth' && !inputs.app && samlMetadataXml !== undefined) {
      return new OwnAppSynthRunner(inputs.stackNames, io, (app) => addBastionStack(app, { inputs, samlMetadataXml, provenance }));
    }
    return new ToolkitRunner({
      io,
      deploymentMethod: inputs.deploymentMethod,
      timeoutMinutes: inputs.timeoutMinutes,
      stackNames: inputs.stackNames,
      region: inputs.region,
      source: (toolkit: Toolkit): Promise<ICloudAssemblySource> => {
        if (inputs.mode === 'deploy' && inputs.cloudAssembly) {
          // The assembly mode diff reviewed, read as it is: no synthesis, no lookups.
          return toolkit.fromAssemblyDirectory(inputs.cloudAssembly);
        }
        if (inputs.app) {
          // The assembly goes to the runner's temp folder, not into the user's checkout.
          const outdir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'cdk.out-'));
          return toolkit.fromCdkApp(inputs.app, { workingDirectory: inputs.workingDirectory, outdir });
        }
        const offline = inputs.mode === 'synth';
        // The assembly goes to the runner's temp folder too, which the runner empties after the job.
        const outdir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'cdk.out-'));
        return toolkit.fromAssemblyBuilder(async (props) => {
          // No synthesis at exit: toolkit-lib sets CDK_OUTDIR, which turns it on, and removes the folder after a failure.
          const app = new App({ outdir: props.outdir, context: props.context, autoSynth: false });
          if (inputs.mode === 'destroy') {
            // Destroying needs only the stacks' names and environment.
            for (const stackName of inputs.stackNames) {
              new Stack(app, stackName, { env: { region: inputs.region, account: props.env?.CDK_DEFAULT_ACCOUNT } });
            }
          } else if (samlMetadataXml === undefined) {
            // readInputs refuses the own app without saml-metadata-file or saml-metadata-url, and the modes load it.
            throw new Error(`Mode ${inputs.mode} synthesized the action's own app without the SAML metadata.`);
          } else {
            const account = offline ? undefined : props.env?.CDK_DEFAULT_ACCOUNT;
            addBastionStack(app, { inputs, samlMetadataXml, provenance, account });
          }
          return app.synth();
        }, { resolveDefaultEnvironment: !offline, lookups: !offline, outdir });
      },
    });
  };
}

/** The context toolkit-lib gives an app it synthesizes, so that a template is the same either way. */
const TOOLKIT_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};

/**
 * Synth mode of the action's own app: offline, nothing to look up or deploy,
 * so the app is synthesized directly under RUNNER_TEMP, its annotations
 * logged at their level, and an error annotation fails it as the toolkit would.
 */
class OwnAppSynthRunner implements CdkRunner {
  constructor(private readonly stackNames: string[], private readonly io: ActionIoHost, private readonly build: (app: App) => void) {}

  public async synth(): Promise<SynthesizedStack[]> {
    const outdir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'cdk.out-'));
    const app = new App({ outdir, autoSynth: false, context: TOOLKIT_CONTEXT });
    this.build(app);
    const assembly = app.synth();
    const errors: string[] = [];
    for (const stack of assembly.stacks) {
      for (const message of stack.messages) {
        const text = `${message.entry.data} at ${message.id}`;
        const level = message.level === 'error' ? 'error' : message.level === 'warning' ? 'warn' : 'info';
        if (level === 'error') {
          errors.push(text);
        }
        await this.io.notify({ time: new Date(), level, action: 'synth', code: 'CDK_ASSEMBLY_I0000', message: text, data: undefined } as IoMessage<unknown>);
      }
    }
    if (errors.length > 0) {
      throw new Error(`The synthesis of the action's own app found errors: ${errors.join('; ')}`);
    }
    return selectStacks(assembly.stacks.map((stack) => ({
      stackName: stack.stackName,
      hierarchicalId: stack.hierarchicalId,
      region: stack.environment.region,
      account: stack.environment.account,
      templateFile: stack.templateFullPath,
      template: stack.template,
    })), this.stackNames);
  }

  public async deploy(): Promise<DeployedStack[]> {
    throw new Error('Mode synth deploys nothing.');
  }

  public async destroy(): Promise<string[]> {
    throw new Error('Mode synth destroys nothing.');
  }
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
