import * as core from '@actions/core';
// The context alone: the package's main module also loads Octokit, which the action does not use.
import { Context } from '@actions/github/lib/context';
import type { RunProvenance } from './bastion-app';
import { awsClients, run, toolkitRunnerFactory } from './main';
import { downloadSamlMetadata } from './saml-metadata-download';

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

const provenance = provenanceOf(new Context());

void run({
  core,
  env: process.env,
  provenance,
  createRunner: toolkitRunnerFactory(provenance),
  ...awsClients(process.env),
  fetchText: (url) => downloadSamlMetadata(url),
});
