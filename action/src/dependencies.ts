import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RunProvenance } from './bastion-app';
import type { CdkRunner } from './cdk-runner';
import type { ToolkitModeInputs } from './inputs';
import type { ActionIoHost, Log } from './io-host';
import type { IssueComments, PullRequest } from './pull-request-comment';

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

/**
 * Everything the action talks to, so that tests can replace it; production.ts
 * holds the real ones.
 */
export interface Dependencies {
  readonly core: ActionCore;
  readonly env: NodeJS.ProcessEnv;
  readonly provenance: RunProvenance;
  /** Ends the process after a timeout (timeout-minutes); process.exit when absent. */
  exit?(code: number): void;
  /** The CDK toolkit for a mode that runs it; `samlMetadataXml` is set whenever the action's own app is synthesized. */
  createRunner(inputs: ToolkitModeInputs, samlMetadataXml: string | undefined, io: ActionIoHost): CdkRunner;
  ec2(region: string): EC2Client;
  cloudFormation(region: string): CloudFormationClient;
  lambda(region: string): LambdaClient;
  /** Downloads saml-metadata-url; its errors must not quote the URL's query string (see `downloadSamlMetadata`). */
  fetchText(url: string): Promise<string>;
  /** The pull request's comments (mode diff); @actions/github's Octokit when absent. */
  issueComments?(token: string, pullRequest: PullRequest, env: NodeJS.ProcessEnv): IssueComments;
}
