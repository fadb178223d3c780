/**
 * Review what you deploy: mode diff leaves a record beside the cloud assembly
 * it compared, and mode deploy, given that assembly back (`cloud-assembly`),
 * deploys exactly it (no new synthesis) once the record still holds: the
 * templates are the ones reviewed, and each stack is as CloudFormation had it
 * at the review.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { SynthesizedStack } from './cdk-runner';
import { InputError } from './inputs';
import { runUrlOf } from './pull-request-comment';

/** The record's file, in the cloud assembly's directory. */
export const REVIEW_FILE = 'sso-client-vpn-bastion-review.json';

/** One stack as mode diff compared it. */
export interface ReviewedStack {
  readonly stackName: string;
  /** The template file, relative to the assembly's directory. */
  readonly templateFile: string;
  /** SHA-256 of the template file as synthesized. */
  readonly templateSha256: string;
  /** What CloudFormation had (stackFingerprint); `none` when the stack did not exist. */
  readonly deployed: string;
}

/** What mode diff reviewed, and where. */
export interface ReviewRecord {
  readonly version: 1;
  readonly region: string;
  readonly reviewedAt: string;
  /** The commit and run of the review, to name in a refusal. */
  readonly commit?: string;
  readonly runUrl?: string;
  /** The `app` input of the review, when it had one (the assembly is then the user's app, not the action's own). */
  readonly app?: string;
  readonly stacks: ReviewedStack[];
}

/** The deployed state of one stack, as its preview read it. */
export interface DeployedState {
  readonly stackName: string;
  /** stackFingerprint of the stack; `none` when it does not exist. */
  readonly deployed: string;
}

/**
 * A fingerprint of a deployed stack: its ID, status, last change and
 * template. Any deploy, rollback or update since changes it.
 */
export function stackFingerprint(stack: { stackId?: string; status?: string; lastChanged?: Date; templateBody?: string } | undefined): string {
  if (stack === undefined || stack.stackId === undefined) {
    return 'none';
  }
  return sha256([stack.stackId, stack.status ?? '', stack.lastChanged?.toISOString() ?? '', stack.templateBody ?? ''].join('\n'));
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes the record of this review into the assembly's directory. */
export function writeReview(
  directory: string, region: string, stacks: SynthesizedStack[], deployed: DeployedState[], env: NodeJS.ProcessEnv, app?: string,
): ReviewRecord {
  const record: ReviewRecord = {
    version: 1,
    region,
    reviewedAt: new Date().toISOString(),
    commit: env.GITHUB_SHA,
    runUrl: runUrlOf(env),
    app,
    stacks: stacks.map((stack) => ({
      stackName: stack.stackName,
      templateFile: path.relative(directory, stack.templateFile),
      templateSha256: sha256(fs.readFileSync(stack.templateFile)),
      deployed: deployed.find((state) => state.stackName === stack.stackName)?.deployed ?? 'none',
    })),
  };
  fs.writeFileSync(path.join(directory, REVIEW_FILE), `${JSON.stringify(record, undefined, 2)}\n`);
  return record;
}

/**
 * The record of a reviewed assembly, checked against the run: the same
 * region, and every template file as it was reviewed.
 */
export function readReview(directory: string, region: string): ReviewRecord {
  const file = path.join(directory, REVIEW_FILE);
  if (!fs.existsSync(file)) {
    throw new InputError(`Input cloud-assembly ${JSON.stringify(directory)} holds no ${REVIEW_FILE}: give the directory that mode diff reported as its cloud-assembly output ` +
      '(upload it with actions/upload-artifact, download it with actions/download-artifact), not a cdk.out of your own.');
  }
  let record: ReviewRecord;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf8')) as ReviewRecord;
  } catch (error) {
    throw new InputError(`Input cloud-assembly: ${file} is not JSON (${(error as Error).message}).`);
  }
  if (record.version !== 1 || !Array.isArray(record.stacks)) {
    throw new InputError(`Input cloud-assembly: ${file} is not a review record of this action (version ${JSON.stringify(record.version)}).`);
  }
  if (record.region !== region) {
    throw new InputError(`Input cloud-assembly was reviewed in region ${record.region}, but this run's region is ${region}: deploy it with aws-region: ${record.region}, or run mode diff in ${region}.`);
  }
  for (const stack of record.stacks) {
    const template = path.join(directory, stack.templateFile);
    if (!fs.existsSync(template) || sha256(fs.readFileSync(template)) !== stack.templateSha256) {
      throw new InputError(`Input cloud-assembly: the template of stack ${stack.stackName} (${stack.templateFile}) is not the one reviewed${reviewOf(record)}: ` +
        'deploy the directory as mode diff left it, or run mode diff again.');
    }
  }
  return record;
}

/** Every stack to deploy was reviewed: a stack the review did not compare is refused. */
export function checkReviewedStacks(record: ReviewRecord, stacks: SynthesizedStack[]): void {
  for (const stack of stacks) {
    if (!record.stacks.some((reviewed) => reviewed.stackName === stack.stackName)) {
      throw new InputError(`Input stack-name names ${stack.stackName}, which the review of cloud-assembly${reviewOf(record)} did not compare ` +
        `(it compared ${record.stacks.map((s) => s.stackName).join(', ')}): run mode diff with the same stack-name.`);
    }
  }
}

/** A stack that changed between the review and the deploy of the reviewed assembly. */
export class StackChangedSinceReviewError extends Error {
  constructor(stackNames: string[], record: ReviewRecord) {
    super(`Stack${stackNames.length > 1 ? 's' : ''} ${stackNames.join(', ')} changed since the review${reviewOf(record)}: ` +
      'CloudFormation no longer has what mode diff compared the assembly with (a deploy, an update or a rollback came between), ' +
      'so the reviewed preview no longer says what this deploy would do. Nothing was deployed. Run mode diff again and review the new preview.');
    this.name = 'StackChangedSinceReviewError';
  }
}

/** Refuses when a stack is not as CloudFormation had it at the review. */
export function checkUnchangedSinceReview(record: ReviewRecord, deployed: DeployedState[]): void {
  const changed = deployed.filter((state) => record.stacks.find((stack) => stack.stackName === state.stackName)?.deployed !== state.deployed);
  if (changed.length > 0) {
    throw new StackChangedSinceReviewError(changed.map((state) => state.stackName), record);
  }
}

function reviewOf(record: ReviewRecord): string {
  const parts = [record.runUrl, record.commit ? `commit ${record.commit.slice(0, 12)}` : undefined, record.reviewedAt].filter((part) => part !== undefined);
  return ` (${parts.join(', ')})`;
}
