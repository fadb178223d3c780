import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { accessChanges } from './access-changes';
import type { AccessChange } from './access-changes';
import { PROVENANCE_OUTPUTS } from './bastion-app';
import { checkStackRegions } from './cdk-runner';
import type { CdkRunner, SynthesizedStack } from './cdk-runner';
import type { Dependencies } from './dependencies';
import { CONSEQUENCES, LIVE_TYPES, interruptionOf, isLiveType, resourceChanges } from './destructive-changes';
import type { CfnTemplateJson, ResourceAction, ResourceChange } from './destructive-changes';
import { knownAccount, knownRegion } from './environment';
import type { BastionInputs, DeployInputs, DiffInputs, ToolkitInputs } from './inputs';
import type { ActionIoHost } from './io-host';
import { commentOnPullRequest, markCommentsStale, octokitComments, pullRequestOf, runUrlOf } from './pull-request-comment';
import type { IssueComments, PullRequest } from './pull-request-comment';
import { checkUnchangedSinceReview, stackFingerprint, writeReview } from './reviewed-assembly';
import type { ReviewRecord } from './reviewed-assembly';
import { loadSamlMetadata } from './saml-metadata';
import { CostEstimate } from '../../src';

/** The input that lets a deploy replace or destroy live resources. */
export const ALLOW_INPUT = 'allow-replacing-live-resources';

/** What a deploy would do to one stack, compared with what CloudFormation has now. */
export interface StackPreview {
  readonly stackName: string;
  readonly region: string;
  /** The stack's account: its env's, or the deployed stack's; undefined for a new environment-agnostic stack. */
  readonly account?: string;
  /** False when there is no stack yet (or only a failed first attempt that holds nothing). */
  readonly exists: boolean;
  readonly changes: PreviewChange[];
  /** Changes to who may connect that replace nothing and can lock people out (access-changes.ts). */
  readonly lockouts: PreviewLockout[];
  /** Top-level template sections other than Resources that change (Outputs, Parameters...). */
  readonly otherSections: string[];
  readonly cost: { readonly before?: number; readonly after?: number; readonly note?: string };
  /** What CloudFormation had when compared (stackFingerprint): a review record holds it, and the deploy of the reviewed assembly checks it. */
  readonly deployed: string;
  /** How it was compared, in words for the preview. */
  readonly method: string;
}

/** The change-set diff of a stack, for diff-method: change-set. */
export type ChangeSetDiffer = (stackName: string) => Promise<TemplateDiff>;

export interface PreviewChange extends ResourceChange {
  /** The construct path without the stack name and a trailing `/Resource`, or the logical ID. */
  readonly path: string;
}

export interface PreviewLockout extends AccessChange {
  /** The endpoint's construct path, as PreviewChange's. */
  readonly path: string;
}

/** A live resource that a deploy replaces or destroys: what the guard refuses. */
export interface Destruction {
  readonly stack: string;
  readonly logicalId: string;
  readonly path: string;
  readonly type: string;
  readonly impact: 'replaced' | 'may be replaced' | 'destroyed';
  readonly properties: string[];
  /** What that breaks for the people using the bastion. */
  readonly consequence: string;
}

/** Stack states in which nothing of the stack exists: a deploy creates it from scratch. */
const NOTHING_DEPLOYED = new Set(['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_COMPLETE']);

/**
 * Compares each synthesized stack with the template CloudFormation holds for
 * it (GetTemplate), as `cdk diff` does, with the credentials of the run.
 *
 * By default not toolkit-lib's `Toolkit.diff`: its default creates a change
 * set with the deploy role (moto's change sets break on a re-deploy, see
 * e2e-moto.test.ts), and its template-only method reads through the
 * bootstrap's lookup role. With diff-method: change-set, `changeSetDiff` is
 * toolkit-lib's change-set diff of the same assembly, and each preview says
 * which comparison it shows (a failed change set falls back to templates and
 * says why).
 */
export async function previewStacks(
  stacks: SynthesizedStack[],
  cloudFormation: (region: string) => CloudFormationClient,
  defaultRegion: string,
  changeSetDiff?: ChangeSetDiffer,
): Promise<StackPreview[]> {
  const previews: StackPreview[] = [];
  for (const stack of stacks) {
    const region = knownRegion(stack.region) ?? defaultRegion;
    const { template: deployed, stackId, fingerprint } = await deployedTemplate(cloudFormation(region), stack.stackName);
    const account = knownAccount(stack.account) ?? /^arn:[^:]+:cloudformation:[^:]*:(\d{12}):/.exec(stackId ?? '')?.[1];
    const before = comparable(deployed ?? {});
    const after = comparable(stack.template as CfnTemplateJson);
    const exists = deployed !== undefined;
    const { diff: fromChangeSet, method } = await changeSetOf(stack.stackName, exists, changeSetDiff);
    const changes = resourceChanges(before, after, fromChangeSet).map((change) => ({
      ...change,
      path: pathOf(stack.stackName, change.logicalId, after, before),
    })).sort((a, b) => a.path.localeCompare(b.path));
    const access = accessChanges(before, after).map((change) => ({ ...change, path: pathOf(stack.stackName, change.logicalId, after, before) }));
    const otherSections = ['Outputs', 'Parameters', 'Conditions', 'Mappings', 'Rules']
      .filter((section) => JSON.stringify(before[section] ?? {}) !== JSON.stringify(after[section] ?? {}));
    const cost = costs(before, after, exists, region);
    previews.push({
      stackName: stack.stackName, region, account, exists, changes, lockouts: access, otherSections, cost, deployed: fingerprint, method,
    });
  }
  return previews;
}

const TEMPLATES = 'the deployed and the synthesized templates, as `cdk diff` compares them (parameter and SSM values are not resolved)';

/** The change set's diff of an existing stack with diff-method: change-set, and how the preview compared, in words. */
async function changeSetOf(
  stackName: string, exists: boolean, changeSetDiff: ChangeSetDiffer | undefined,
): Promise<{ diff?: TemplateDiff; method: string }> {
  if (changeSetDiff === undefined) {
    return { method: TEMPLATES };
  }
  if (!exists) {
    return { method: `${TEMPLATES}; no change set for a stack that does not exist yet` };
  }
  try {
    return { diff: await changeSetDiff(stackName), method: 'a change set (CloudFormation resolved the parameters and SSM values and answered each replacement)' };
  } catch (error) {
    return { method: `${TEMPLATES}: the change set failed (${(error as Error).message.split('\n')[0]})` };
  }
}

/**
 * The template of the deployed stack (undefined when nothing of it exists),
 * its ID (an ARN naming its account) and its fingerprint (stackFingerprint).
 */
async function deployedTemplate(
  cloudFormation: CloudFormationClient, stackName: string,
): Promise<{ template?: CfnTemplateJson; stackId?: string; fingerprint: string }> {
  let status: string | undefined;
  let stackId: string | undefined;
  let lastChanged: Date | undefined;
  try {
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })))?.Stacks?.[0];
    status = stack?.StackStatus;
    stackId = stack?.StackId;
    lastChanged = stack?.LastUpdatedTime ?? stack?.CreationTime;
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) {
      return { fingerprint: stackFingerprint(undefined) };
    }
    throw error;
  }
  if (status === undefined || NOTHING_DEPLOYED.has(status)) {
    return { stackId, fingerprint: stackFingerprint({ stackId, status, lastChanged }) };
  }
  const result = await cloudFormation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  if (!result?.TemplateBody) {
    throw new Error(`CloudFormation returned no template for stack ${stackName} (${status}), so the action cannot tell what a deploy would replace.`);
  }
  try {
    const fingerprint = stackFingerprint({ stackId, status, lastChanged, templateBody: result.TemplateBody });
    return { template: JSON.parse(result.TemplateBody) as CfnTemplateJson, stackId, fingerprint };
  } catch {
    throw new Error(`The deployed template of stack ${stackName} is not JSON (was it deployed by something other than the CDK?), so the action cannot compare it.`);
  }
}

/**
 * The template without what the CDK adds for itself and `cdk diff` leaves out
 * by default: the bootstrap version check (which toolkit-lib strips from
 * synthesis results) and the analytics metadata resource; and without the
 * action's provenance outputs, which name the run and commit and so differ
 * on every run while changing no resource.
 */
function comparable(template: CfnTemplateJson): CfnTemplateJson {
  const copy: CfnTemplateJson = JSON.parse(JSON.stringify(template));
  copy.Resources = Object.fromEntries(Object.entries(copy.Resources ?? {}).filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata'));
  for (const id of Object.keys(PROVENANCE_OUTPUTS)) {
    delete copy.Outputs?.[id];
  }
  if (copy.Outputs && Object.keys(copy.Outputs).length === 0) {
    delete copy.Outputs;
  }
  for (const [section, key] of [['Parameters', 'BootstrapVersion'], ['Rules', 'CheckBootstrapVersion'], ['Conditions', 'CDKMetadataAvailable']]) {
    if (copy[section]) {
      delete copy[section][key];
      if (Object.keys(copy[section]).length === 0) {
        delete copy[section];
      }
    }
  }
  return copy;
}

function pathOf(stackName: string, logicalId: string, ...templates: CfnTemplateJson[]): string {
  for (const template of templates) {
    const path = template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
    if (typeof path === 'string') {
      return path.replace(new RegExp(`^${stackName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`), '').replace(/\/(Resource|Default)$/, '');
    }
  }
  return logicalId;
}

function costs(before: CfnTemplateJson, after: CfnTemplateJson, exists: boolean, region: string): StackPreview['cost'] {
  try {
    const monthly = (template: CfnTemplateJson) => CostEstimate.fromTemplate(template as never, { region }).monthlyTotal;
    return { before: exists ? monthly(before) : 0, after: monthly(after) };
  } catch (error) {
    return { note: (error as Error).message };
  }
}

/** The live resources that the previews replace or destroy. */
export function destructions(previews: StackPreview[]): Destruction[] {
  return previews.flatMap((preview) => preview.changes
    .filter((change) => isLiveType(change.type) && (change.action === 'replaced' || change.action === 'may be replaced' || change.action === 'destroyed'))
    .map((change) => ({
      stack: preview.stackName,
      logicalId: change.logicalId,
      path: change.path,
      type: change.type,
      impact: change.action as Destruction['impact'],
      properties: change.properties,
      consequence: CONSEQUENCES[change.type as keyof typeof CONSEQUENCES],
    })));
}

export function hasChanges(previews: StackPreview[]): boolean {
  return previews.some((preview) => preview.changes.length > 0 || preview.otherSections.length > 0);
}

const VERBS: Record<ResourceAction, string> = {
  'add': 'added',
  'update': 'changed in place',
  'replaced': 'replaced',
  'may be replaced': 'may be replaced',
  'destroyed': 'removed and deleted',
  'orphaned': 'removed from the stack, kept',
  'restarted': 'restarted',
};

/** What a change does, with the properties that cause it. */
function describeChange(change: ResourceChange): string {
  const properties = change.properties.length > 0 ? ` (${change.properties.map((p) => `\`${p}\``).join(', ')})` : '';
  return `${VERBS[change.action]}${properties}`;
}

/** With diff-method: change-set, the runner's change-set diff. */
function changeSetDiffer(inputs: ToolkitInputs, runner: CdkRunner): ChangeSetDiffer | undefined {
  return inputs.diffMethod === 'change-set' && runner.changeSetDiff ? (stackName) => runner.changeSetDiff!(stackName) : undefined;
}

/** The Markdown preview of one stack: the job summary's section and the pull request comment's body. */
export function previewMarkdown(preview: StackPreview): string {
  const lines = [`### Changes to \`${preview.stackName}\` (${preview.region})`, '', `Compared: ${preview.method}.`, ''];
  if (!preview.exists) {
    lines.push(`The stack does not exist yet: a deploy creates it (${preview.changes.length} resources). Nothing live is replaced or destroyed.`, '');
  } else if (preview.changes.length === 0 && preview.otherSections.length === 0) {
    lines.push('No changes: the deployed stack already matches.', '');
  } else {
    const added = preview.changes.filter((c) => c.action === 'add').length;
    const removed = preview.changes.filter((c) => c.action === 'destroyed' || c.action === 'orphaned').length;
    // A replacement is a new resource and the old one's deletion: counted apart from changes in place.
    const replaced = preview.changes.filter((c) => c.action === 'replaced' || c.action === 'may be replaced').length;
    const changed = preview.changes.length - added - removed - replaced;
    lines.push(`**${added} to add, ${changed} to change in place, ${replaced} to replace, ${removed} to remove**` +
      (preview.otherSections.length > 0 ? `; also changes: ${preview.otherSections.join(', ')}` : '') + '.', '');
    const lost = destructions([preview]);
    if (lost.length > 0) {
      lines.push(
        '#### Live resources replaced or destroyed',
        '',
        '| resource | what happens | what that breaks |',
        '|---|---|---|',
        ...lost.map((d) => `| ${LIVE_TYPES[d.type as keyof typeof LIVE_TYPES].one} \`${d.path}\` | ${describeChange({ ...d, action: d.impact })} | ${d.consequence} |`),
        '',
        `A deploy refuses these unless the input \`${ALLOW_INPUT}\` lists them (one per line, by the paths above) or is \`true\`.`,
        '',
      );
    } else {
      lines.push('Nothing live is replaced or destroyed.', '');
    }
    if (preview.lockouts.length > 0) {
      lines.push(
        '#### Who may connect changes (can lock people out)',
        '',
        '| endpoint | change | what that does |',
        '|---|---|---|',
        ...preview.lockouts.map((l) => `| \`${l.path}\` | ${l.change} | ${l.consequence} |`),
        '',
        `A deploy refuses these unless the input \`${ALLOW_INPUT}\` lists the endpoint (by the path above) or is \`true\`.`,
        '',
      );
    }
    const interrupted = interruptions(preview);
    if (interrupted.length > 0) {
      lines.push('#### Interruptions (a deploy goes ahead)', '', ...interrupted, '');
    }
  }
  if (preview.changes.length > 0) {
    lines.push(
      `<details><summary>All ${preview.changes.length} resource changes</summary>`,
      '',
      '| resource | type | change |',
      '|---|---|---|',
      ...preview.changes.map((change) => `| \`${change.path}\` | \`${change.type}\` | ${describeChange(change)} |`),
      '',
      '</details>',
      '',
    );
  }
  lines.push(costLine(preview.cost), '');
  return lines.join('\n');
}

/** "restarts the server `Server` (`InstanceType`): SSH down...", for each update that is an interruption. */
function interruptions(preview: StackPreview): string[] {
  return preview.changes.filter((change) => change.action === 'restarted' && isLiveType(change.type)).map((change) =>
    `- ${LIVE_TYPES[change.type as keyof typeof LIVE_TYPES].one} \`${change.path}\` restarts (${change.properties.map((p) => `\`${p}\``).join(', ')}): ` +
    `${interruptionOf(change.type, change.properties)?.consequence}.`);
}

function costLine(cost: StackPreview['cost']): string {
  if (cost.before === undefined || cost.after === undefined) {
    return `Fixed cost: ${cost.note ?? 'unknown'}`;
  }
  const delta = cost.after - cost.before;
  const sign = delta > 0 ? '+' : delta < 0 ? '-' : '±';
  return `Fixed cost: $${cost.before.toFixed(2)} → $${cost.after.toFixed(2)} a month (${sign}$${Math.abs(delta).toFixed(2)}); data transfer and connected clients come on top.`;
}

/** The Markdown of every stack, as the `diff-markdown` output and the job summary hold it. */
export function previewsMarkdown(previews: StackPreview[]): string {
  return ['## Client VPN bastion: what a deploy would change', '', ...previews.map(previewMarkdown)].join('\n');
}

/** The input that keeps the key pair the action generated before EC2 Instance Connect. */
export const SHARED_KEY_PAIR_INPUT = 'shared-key-pair';

/**
 * The way out when the server is replaced because the key pair the construct
 * generated leaves the stack: what a stack deployed before EC2 Instance
 * Connect meets on its first deploy without shared-key-pair (the default has
 * no key pair, and KeyName cannot change in place).
 */
export function keyPairAdvice(lost: Destruction[], inputs: Pick<BastionInputs, 'keyPairName'> & Pick<ToolkitInputs, 'app'>): string[] {
  if (inputs.keyPairName) {
    return [];
  }
  return [...new Set(lost.map((d) => d.stack))].flatMap((stack) => {
    const server = lost.find((d) => d.stack === stack && d.type === 'AWS::EC2::Instance' && d.impact !== 'destroyed');
    const keyPair = lost.find((d) => d.stack === stack && d.type === 'AWS::EC2::KeyPair' && d.impact === 'destroyed');
    if (!server || !keyPair) {
      return [];
    }
    const moveOn = `to move to EC2 Instance Connect (everyone with their own key), let the replacement happen with ${ALLOW_INPUT}: true.`;
    return [inputs.app
      ? `Stack ${stack} has the key pair ${keyPair.path} that the construct generated before EC2 Instance Connect, and your app gives the server no key pair, which replaces it. ` +
        `To keep the server and its key pair, give the construct serverKeyPair: ServerKeyPair.generate() in your app; ${moveOn}`
      : `Stack ${stack} has the key pair ${keyPair.path} that the action generated before it moved to EC2 Instance Connect, and the inputs give the server no key pair, which replaces it. ` +
        `To keep the server and its key pair, run again with the input ${SHARED_KEY_PAIR_INPUT}: true; ${moveOn}`];
  });
}

/** A deploy that would replace or destroy live resources without the input that allows it. */
export class LiveResourceGuardError extends Error {
  constructor(lost: Destruction[], advice: string[] = [], locking: StackLockout[] = []) {
    super([
      ...(lost.length > 0 ? [
        `The deploy would replace or destroy ${lost.length} live resource${lost.length === 1 ? '' : 's'}, and stops before changing anything:`,
        ...lost.map((d) => `  - ${d.stack}: ${LIVE_TYPES[d.type as keyof typeof LIVE_TYPES].one} ${d.path} (${d.type}) is ${describeChange({ ...d, action: d.impact })}: ${d.consequence}`),
      ] : []),
      ...(locking.length > 0 ? [
        'The deploy would change who may connect in a way that can lock people out, and stops before changing anything:',
        ...locking.map((l) => `  - ${l.stack}: on the endpoint ${l.path}, ${l.change}: ${l.consequence}`),
      ] : []),
      ...advice,
      'If that is what you want, allow exactly these and run again (the job summary shows the whole preview):',
      `  ${ALLOW_INPUT}: |`,
      ...[...new Set([...lost.map((d) => `${d.stack}/${d.path}`), ...locking.map((l) => `${l.stack}/${l.path}`)])].map((name) => `    ${name}`),
      `(or ${ALLOW_INPUT}: true, which allows every loss of that deploy). Otherwise undo the change of inputs or props that causes it.`,
    ].join('\n'));
    this.name = 'LiveResourceGuardError';
  }
}

/** The preview as outputs and in the job summary, for mode diff and before a deploy. */
async function report(previews: StackPreview[], deps: Dependencies): Promise<string> {
  const markdown = previewsMarkdown(previews);
  deps.core.setOutput('diff-markdown', markdown);
  deps.core.setOutput('has-changes', String(hasChanges(previews)));
  deps.core.setOutput('destructive-changes', JSON.stringify(destructions(previews)));
  for (const preview of previews) {
    deps.core.info(`${preview.stackName}: ${preview.exists ? `${preview.changes.length} resource changes` : `new stack, ${preview.changes.length} resources`}.`);
  }
  await deps.core.summary.addRaw(markdown).write();
  return markdown;
}

/**
 * mode: diff. Synthesizes, compares with the deployed stacks, reports; on a
 * pull request with a github-token, also comments once per stack.
 */
export async function diffMode(inputs: DiffInputs, deps: Dependencies, io: ActionIoHost): Promise<void> {
  const pullRequest = pullRequestOf(deps.env);
  if (inputs.githubToken) {
    deps.core.setSecret(inputs.githubToken);
  }
  const comments = inputs.githubToken && pullRequest ? (deps.issueComments ?? octokitComments)(inputs.githubToken, pullRequest, deps.env) : undefined;
  try {
    await diffAndComment(inputs, deps, io, comments && pullRequest ? { comments, pullRequest } : undefined);
  } catch (error) {
    if (comments) {
      // A preview that no longer holds must not stand as if it did.
      const failure = { commit: deps.env.GITHUB_SHA, runUrl: runUrlOf(deps.env), message: (error as Error).message };
      await markCommentsStale(comments, inputs.stackNames, inputs.region, failure, deps.core);
    }
    throw error;
  }
}

async function diffAndComment(
  inputs: DiffInputs, deps: Dependencies, io: ActionIoHost, pr: { comments: IssueComments; pullRequest: PullRequest } | undefined,
): Promise<void> {
  const runner = deps.createRunner(inputs, await loadSamlMetadata(inputs, deps), io);
  const stacks = await deps.core.group('Synthesize', () => runner.synth());
  checkStackRegions(stacks, inputs.region, inputs.regionFrom);
  const previews = await deps.core.group('Compare with the deployed stacks',
    () => previewStacks(stacks, deps.cloudFormation, inputs.region, changeSetDiffer(inputs, runner)));
  await report(previews, deps);
  const directory = await runner.assemblyDirectory?.();
  if (directory !== undefined) {
    // The reviewed assembly, for a later deploy of exactly it (mode deploy, input cloud-assembly).
    writeReview(directory, inputs.region, stacks, previews, deps.env, inputs.app);
    deps.core.setOutput('cloud-assembly', directory);
  }
  const lost = destructions(previews);
  if (lost.length > 0) {
    deps.core.warning([
      `A deploy would replace or destroy ${lost.length} live resource${lost.length === 1 ? '' : 's'} (see the job summary); it refuses unless given ${ALLOW_INPUT}: true.`,
      ...keyPairAdvice(lost, inputs),
    ].join(' '));
  }
  const locking = lockouts(previews);
  if (locking.length > 0) {
    deps.core.warning(`A deploy would change who may connect in a way that can lock people out (${locking.map((l) => `${l.stack}/${l.path}: ${l.change}`).join('; ')}); ` +
      `it refuses unless ${ALLOW_INPUT} names the endpoint or is true.`);
  }
  if (pr) {
    const bodies = previews.map((preview) => ({
      stackName: preview.stackName,
      region: preview.region,
      account: preview.account,
      markdown: previewMarkdown(preview),
    }));
    await commentOnPullRequest(pr.comments, pr.pullRequest, bodies, deps.core, deps.env);
  }
}

/**
 * Before a deploy: the same preview in the summary and the outputs, and a
 * refusal when live resources would be replaced or destroyed without the
 * input that allows it.
 */
export async function guardDeploy(
  inputs: DeployInputs, stacks: SynthesizedStack[], deps: Dependencies, runner: CdkRunner, review?: ReviewRecord,
): Promise<void> {
  const previews = await previewStacks(stacks, deps.cloudFormation, inputs.region, changeSetDiffer(inputs, runner));
  if (review) {
    // The reviewed assembly is deployed only onto the stacks as the review saw them.
    checkUnchangedSinceReview(review, previews);
  }
  await report(previews, deps);
  const lost = destructions(previews);
  const allowed = inputs.allowReplacingLiveResources;
  const unused = allowed.names.filter((name) => !lost.some((d) => allows(name, d)) && !lockouts(previews).some((l) => allowsLockout(name, l)));
  if (unused.length > 0) {
    deps.core.warning(`${ALLOW_INPUT} names ${unused.join(', ')}, which this deploy neither replaces nor destroys; ` +
      'remove it once the deploy it was for is done, so that it cannot let a later loss through unseen.');
  }
  const refused = allowed.all ? [] : lost.filter((d) => !allowed.names.some((name) => allows(name, d)));
  const refusedLockouts = allowed.all ? [] : lockouts(previews).filter((l) => !allowed.names.some((name) => allowsLockout(name, l)));
  if (refused.length > 0 || refusedLockouts.length > 0) {
    throw new LiveResourceGuardError(refused, keyPairAdvice(refused, inputs), refusedLockouts);
  }
  const allowedLockouts = lockouts(previews);
  if (allowedLockouts.length > 0) {
    deps.core.warning(`${ALLOW_INPUT} ${allowed.all ? 'is true' : 'allows it'}: the deploy changes who may connect: ` +
      `${allowedLockouts.map((l) => `${l.stack}/${l.path}: ${l.change} (${l.consequence})`).join('; ')}.`);
  }
  if (lost.length > 0) {
    deps.core.warning(`${ALLOW_INPUT} ${allowed.all ? 'is true' : 'allows it'}: the deploy replaces or destroys ${lost.map((d) => `${d.stack}/${d.path}`).join(', ')}.`);
  }
}

/** A change to who may connect, with its stack. */
export interface StackLockout extends PreviewLockout {
  readonly stack: string;
}

/** The changes to who may connect that the previews make. */
export function lockouts(previews: StackPreview[]): StackLockout[] {
  return previews.flatMap((preview) => preview.lockouts.map((lockout) => ({ ...lockout, stack: preview.stackName })));
}

/** Whether an entry of the allow input names this endpoint: its logical ID or construct path (with or without the stack). */
export function allowsLockout(name: string, lockout: StackLockout): boolean {
  return [lockout.logicalId, lockout.path, `${lockout.stack}/${lockout.path}`, `${lockout.stack}/${lockout.logicalId}`].includes(name);
}

/** Whether an entry of the allow input names this loss: its logical ID, its construct path (with or without the stack) or its type. */
export function allows(name: string, loss: Destruction): boolean {
  return [loss.logicalId, loss.path, `${loss.stack}/${loss.path}`, `${loss.stack}/${loss.logicalId}`, loss.type].includes(name);
}

