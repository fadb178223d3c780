import * as fs from 'fs';
import * as path from 'path';
import { CertificateInput } from './certificate-input';
import { withoutQuery } from './saml-metadata-download';
import { BastionErrors, Schedule } from '../../src';

export type DeploymentMethod = 'change-set' | 'direct';
const DEPLOYMENT_METHODS: readonly DeploymentMethod[] = ['change-set', 'direct'];

/** How a preview compares: the templates (as `cdk diff` by default), or a change set CloudFormation computes. */
export type DiffMethod = 'template' | 'change-set';
const DIFF_METHODS: readonly DiffMethod[] = ['template', 'change-set'];

/** What every mode reads: the stacks to act on. */
export interface StackInputs {
  /** The first of `stackNames`: the one stack of the action's own app. */
  readonly stackName: string;
  /** The stacks to act on, one per line of stack-name; nothing else is touched. */
  readonly stackNames: string[];
  /** Where the region came from; undefined with none (synth only). */
  readonly regionFrom?: RegionSource;
}

/** Where the run's region came from, for messages that say how to change it. */
export type RegionSource = 'aws-region' | 'AWS_REGION' | 'AWS_DEFAULT_REGION';

/** What the modes that run the CDK toolkit read (deploy, diff, synth, destroy). */
export interface ToolkitInputs extends StackInputs {
  /** A CDK app command (as in cdk.json) that contains the construct, instead of the action's own app. */
  readonly app?: string;
  readonly workingDirectory: string;
  readonly deploymentMethod: DeploymentMethod;
  /** How mode diff and the guard on deploy compare with the deployed stacks. */
  readonly diffMethod: DiffMethod;
  readonly timeoutMinutes: number;
  readonly workspace: string;
}

/** The construct's props that the inputs set, for the action's own app (a user's `app` has its own). */
export interface BastionInputs {
  /** An absolute path inside the workspace. */
  readonly samlMetadataFile?: string;
  readonly samlMetadataUrl?: string;
  readonly groupIds: string[];
  readonly groupNames: string[];
  readonly certificate: CertificateInput;
  readonly vpcCidr?: string;
  readonly clientCidr?: string;
  readonly splitTunnel: boolean;
  readonly instanceType?: string;
  /** Switch off outside 9-19 on weekdays in this IANA time zone (Schedule.businessHours). */
  readonly businessHoursTimeZone?: string;
  /** An existing EC2 key pair that the server also accepts (ServerKeyPair.fromKeyPair). */
  readonly keyPairName?: string;
  /**
   * Keep the key pair the action generated before EC2 Instance Connect
   * (ServerKeyPair.generate()), so that a stack deployed then keeps its server.
   */
  readonly sharedKeyPair: boolean;
  readonly applicationArn?: string;
}

/** mode: deploy. */
export interface DeployInputs extends ToolkitInputs, BastionInputs {
  readonly mode: 'deploy';
  readonly region: string;
  /** The live resources (the endpoint, an Elastic IP, the server...) a deploy may replace or destroy. */
  readonly allowReplacingLiveResources: AllowedReplacements;
  /** A cloud assembly that mode diff reviewed: deployed as it is, with no synthesis. */
  readonly cloudAssembly?: string;
}

/**
 * allow-replacing-live-resources: `true` allows every loss; otherwise the
 * losses allowed are those named, each by logical ID, construct path (with or
 * without the stack name) or resource type, as cdk-diff-action's allowed
 * destroy types are.
 */
export interface AllowedReplacements {
  readonly all: boolean;
  readonly names: readonly string[];
}

/** mode: diff. */
export interface DiffInputs extends ToolkitInputs, BastionInputs {
  readonly mode: 'diff';
  readonly region: string;
  /** A token that may comment on the pull request. */
  readonly githubToken?: string;
}

/** mode: synth, offline. */
export interface SynthInputs extends ToolkitInputs, BastionInputs {
  readonly mode: 'synth';
  /** Undefined without a region anywhere: the app is then region-agnostic. */
  readonly region?: string;
}

/** mode: destroy: the stack's name and environment are enough. */
export interface DestroyInputs extends ToolkitInputs {
  readonly mode: 'destroy';
  readonly region: string;
}

/** mode: switch-on: which stack's off-hours switch to invoke, and how long to wait for its outcome. */
export interface SwitchOnInputs extends StackInputs {
  readonly mode: 'switch-on';
  readonly region: string;
  readonly timeoutMinutes: number;
}

/** The inputs, read once, checked, typed: each mode holds what it needs. */
export type ActionInputs = DeployInputs | DiffInputs | SynthInputs | DestroyInputs | SwitchOnInputs;

/** The modes that run the CDK toolkit. */
export type ToolkitModeInputs = DeployInputs | DiffInputs | SynthInputs | DestroyInputs;

/** What the action does. */
export type Mode = ActionInputs['mode'];
const MODES: readonly Mode[] = ['deploy', 'diff', 'destroy', 'synth', 'switch-on'];

/** Synth runs offline without a region; every other mode has one. */
type Located = { readonly mode: 'synth'; readonly region?: string; readonly regionFrom?: RegionSource }
  | { readonly mode: Exclude<Mode, 'synth'>; readonly region: string; readonly regionFrom?: RegionSource };

/** A bad input: the message names the input, the value and what is allowed. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Reads one input as @actions/core does: INPUT_<NAME> with spaces as underscores, upper case, trimmed. */
/**
 * The action's inputs by name, as action.yml declares them: the one spelling that
 * reading them, rewording the construct's errors and the job summary's settings use.
 */
export const INPUT = {
  allowReplacingLiveResources: 'allow-replacing-live-resources',
  app: 'app',
  applicationArn: 'application-arn',
  awsRegion: 'aws-region',
  businessHoursTimeZone: 'business-hours-time-zone',
  certificateArn: 'certificate-arn',
  clientCidr: 'client-cidr',
  cloudAssembly: 'cloud-assembly',
  deploymentMethod: 'deployment-method',
  diffMethod: 'diff-method',
  domainName: 'domain-name',
  githubToken: 'github-token',
  groupIds: 'group-ids',
  groupNames: 'group-names',
  hostedZoneId: 'hosted-zone-id',
  instanceType: 'instance-type',
  keyPairName: 'key-pair-name',
  mode: 'mode',
  samlMetadataFile: 'saml-metadata-file',
  samlMetadataUrl: 'saml-metadata-url',
  sharedKeyPair: 'shared-key-pair',
  splitTunnel: 'split-tunnel',
  stackName: 'stack-name',
  timeoutMinutes: 'timeout-minutes',
  vpcCidr: 'vpc-cidr',
  workingDirectory: 'working-directory',
} as const;

export type GetInput = (name: string) => string;

export const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const MIN_TIMEOUT_MINUTES = 30;
/** The longest wait a Node timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);

/**
 * Reads and checks every input once. Nothing else in the action reads inputs.
 */
export function readInputs(getInput: GetInput, env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const workspace = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());

  const mode = oneOf(INPUT.mode, getInput(INPUT.mode) || 'deploy', MODES);
  const stackNames = stackNamesInput(getInput(INPUT.stackName));
  const stackName = stackNames[0];

  const located = locate(mode, regionOf(getInput(INPUT.awsRegion), env));

  const app = getInput(INPUT.app) || undefined;
  const cloudAssembly = cloudAssemblyInput(getInput(INPUT.cloudAssembly), mode, app, workspace, env);
  if (app === undefined && stackNames.length > 1 && (mode === 'deploy' || mode === 'diff' || mode === 'synth')) {
    throw new InputError(`Input stack-name names ${stackNames.length} stacks, but the action's own app makes one: give one name, or your own \`app\` with those stacks.`);
  }
  const workingDirectory = insideWorkspace(INPUT.workingDirectory, getInput(INPUT.workingDirectory) || '.', workspace);
  const groupIds = lines(getInput(INPUT.groupIds));
  const groupNames = lines(getInput(INPUT.groupNames));
  const samlMetadataFileInput = getInput(INPUT.samlMetadataFile);
  const samlMetadataUrl = getInput(INPUT.samlMetadataUrl) || undefined;

  // The action's own app needs the construct's inputs; a user's app has its own.
  if (app === undefined && cloudAssembly === undefined && (mode === 'deploy' || mode === 'diff' || mode === 'synth')) {
    if (!samlMetadataFileInput && !samlMetadataUrl) {
      throw new InputError('Inputs saml-metadata-file and saml-metadata-url are both empty: give the IAM Identity Center SAML metadata, as a file in the workspace or an https URL.');
    }
    if (groupIds.length === 0 && groupNames.length === 0) {
      throw new InputError('Inputs group-ids and group-names are both empty: give at least one IAM Identity Center group allowed to connect (one per line); the endpoint never authorizes all users.');
    }
  }
  const keyPair = keyPairName(getInput(INPUT.keyPairName));
  const sharedKeyPair = booleanInput(INPUT.sharedKeyPair, getInput(INPUT.sharedKeyPair), false);
  if (keyPair !== undefined && sharedKeyPair) {
    throw new InputError('Inputs key-pair-name and shared-key-pair are both set: key-pair-name gives the server your key pair, ' +
      'shared-key-pair keeps the one the action generated; give one of them.');
  }
  if (samlMetadataFileInput && samlMetadataUrl) {
    throw new InputError('Inputs saml-metadata-file and saml-metadata-url are both set: give one of them.');
  }
  if (samlMetadataUrl !== undefined && !/^https:\/\/[^\s]+$/.test(samlMetadataUrl)) {
    throw new InputError(`Input saml-metadata-url ${quote(withoutQuery(samlMetadataUrl))} is not an https URL.`);
  }

  const bastion: BastionInputs = {
    samlMetadataFile: samlMetadataFileInput ? insideWorkspace(INPUT.samlMetadataFile, samlMetadataFileInput, workspace) : undefined,
    samlMetadataUrl,
    groupIds,
    groupNames,
    certificate: certificateChoice(getInput),
    vpcCidr: getInput(INPUT.vpcCidr) || undefined,
    clientCidr: getInput(INPUT.clientCidr) || undefined,
    splitTunnel: booleanInput(INPUT.splitTunnel, getInput(INPUT.splitTunnel), false),
    instanceType: instanceType(getInput(INPUT.instanceType)),
    keyPairName: keyPair,
    sharedKeyPair,
    businessHoursTimeZone: timeZone(getInput(INPUT.businessHoursTimeZone)),
    applicationArn: getInput(INPUT.applicationArn) || undefined,
  };
  const toolkit: ToolkitInputs = {
    stackName,
    stackNames,
    regionFrom: located.regionFrom,
    app,
    workingDirectory,
    deploymentMethod: oneOf(INPUT.deploymentMethod, getInput(INPUT.deploymentMethod) || 'change-set', DEPLOYMENT_METHODS),
    diffMethod: oneOf(INPUT.diffMethod, getInput(INPUT.diffMethod) || 'template', DIFF_METHODS),
    timeoutMinutes: timeoutMinutes(getInput(INPUT.timeoutMinutes)),
    workspace,
  };
  // Every input is checked in every mode (a typo fails the step whatever the mode); each mode keeps what it uses.
  const allowReplacingLiveResources = allowedReplacements(getInput(INPUT.allowReplacingLiveResources));
  const githubToken = getInput(INPUT.githubToken) || undefined;

  switch (located.mode) {
    case 'deploy':
      return { mode: 'deploy', region: located.region, ...toolkit, ...bastion, allowReplacingLiveResources, cloudAssembly };
    case 'diff':
      return { mode: 'diff', region: located.region, ...toolkit, ...bastion, githubToken };
    case 'synth':
      return { mode: 'synth', region: located.region, ...toolkit, ...bastion };
    case 'destroy':
      return { mode: 'destroy', region: located.region, ...toolkit };
    case 'switch-on':
      return { mode: 'switch-on', region: located.region, regionFrom: located.regionFrom, stackName, stackNames, timeoutMinutes: timeoutMinutes(getInput(INPUT.timeoutMinutes)) };
  }
}

/** stack-name: one CloudFormation stack name per line, each once; SsoClientVpnBastion when empty. */
function stackNamesInput(value: string): string[] {
  const names = lines(value);
  if (names.length === 0) {
    return ['SsoClientVpnBastion'];
  }
  for (const name of names) {
    if (!STACK_NAME.test(name)) {
      throw new InputError(`Input stack-name ${quote(name)} is invalid: a CloudFormation stack name starts with a letter and has up to 128 letters, digits and hyphens.`);
    }
  }
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) {
    throw new InputError(`Input stack-name names ${quote(twice)} twice.`);
  }
  return names;
}

/** aws-region, else the runner's AWS_REGION, else AWS_DEFAULT_REGION, with where it came from. */
function regionOf(input: string, env: NodeJS.ProcessEnv): { region?: string; regionFrom?: RegionSource } {
  if (input) {
    return { region: input, regionFrom: 'aws-region' };
  }
  if (env.AWS_REGION) {
    return { region: env.AWS_REGION, regionFrom: 'AWS_REGION' };
  }
  if (env.AWS_DEFAULT_REGION) {
    return { region: env.AWS_DEFAULT_REGION, regionFrom: 'AWS_DEFAULT_REGION' };
  }
  return {};
}

/** The region, checked; every mode but synth needs one. */
function locate(mode: Mode, { region, regionFrom }: { region?: string; regionFrom?: RegionSource }): Located {
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new InputError(`Input aws-region ${quote(region)} is not an AWS region such as ap-northeast-1.`);
  }
  if (mode === 'synth') {
    return { mode, region, regionFrom };
  }
  if (region === undefined) {
    throw new InputError(
      `Input aws-region is empty and the runner has no AWS_REGION: mode ${quote(mode)} needs a region. ` +
      'Set aws-region, or run aws-actions/configure-aws-credentials with aws-region before this step.',
    );
  }
  return { mode, region, regionFrom };
}

function certificateChoice(getInput: GetInput): CertificateInput {
  const certificateArn = getInput(INPUT.certificateArn);
  const domainName = getInput(INPUT.domainName);
  const hostedZoneId = getInput(INPUT.hostedZoneId);
  if (certificateArn && (domainName || hostedZoneId)) {
    throw new InputError('Input certificate-arn cannot be combined with domain-name or hosted-zone-id: choose an existing certificate or a new DNS-validated one.');
  }
  if (certificateArn) {
    return CertificateInput.fromArn(certificateArn);
  }
  if (domainName || hostedZoneId) {
    if (!domainName || !hostedZoneId) {
      throw new InputError(`Inputs domain-name and hosted-zone-id go together (got domain-name ${quote(domainName)}, hosted-zone-id ${quote(hostedZoneId)}): a DNS-validated certificate needs both.`);
    }
    if (!/^Z[A-Z0-9]{1,31}$/.test(hostedZoneId)) {
      throw new InputError(`Input hosted-zone-id ${quote(hostedZoneId)} is not a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ.`);
    }
    return CertificateInput.dnsValidated(domainName, hostedZoneId);
  }
  return CertificateInput.selfSigned();
}

/** One value per line; blank lines and surrounding spaces are ignored. */
export function lines(value: string): string[] {
  return value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const normalized = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(normalized)) {
    throw new InputError(`Input ${name} ${quote(value)} is not one of: ${allowed.join(', ')}.`);
  }
  return normalized as T;
}

/**
 * cloud-assembly: the directory of a reviewed cloud assembly, for mode deploy
 * alone and instead of an app; in the workspace or the runner's temporary
 * folder (where actions/download-artifact may put it).
 */
function cloudAssemblyInput(value: string, mode: Mode, app: string | undefined, workspace: string, env: NodeJS.ProcessEnv): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (mode !== 'deploy') {
    throw new InputError(`Input cloud-assembly is for mode deploy (it deploys the assembly that mode diff reviewed), not mode ${quote(mode)}: remove it.`);
  }
  if (app !== undefined) {
    throw new InputError('Inputs app and cloud-assembly are both set: cloud-assembly is already synthesized, and is deployed without running the app; give one of them.');
  }
  const resolved = path.resolve(workspace, value);
  const temp = env.RUNNER_TEMP ? realPath(env.RUNNER_TEMP) : undefined;
  if (!isWithin(realPath(workspace), realPath(resolved)) && !(temp !== undefined && isWithin(temp, realPath(resolved)))) {
    throw new InputError(`Input cloud-assembly ${quote(value)} is outside the workspace ${workspace} and the runner's temporary folder: ` +
      'download the reviewed assembly into one of them.');
  }
  if (!fs.existsSync(path.join(resolved, 'manifest.json'))) {
    throw new InputError(`Input cloud-assembly ${quote(value)} is not a cloud assembly (no manifest.json in ${resolved}): ` +
      'give the directory that mode diff reported as its cloud-assembly output, as actions/download-artifact restored it.');
  }
  return resolved;
}

/** A logical ID, a construct path or a resource type: letters, digits and `/:._-`. */
const ALLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9/:._-]*$/;

function allowedReplacements(value: string): AllowedReplacements {
  const normalized = value.trim().toLowerCase();
  if (normalized === '' || normalized === 'false') {
    return { all: false, names: [] };
  }
  if (normalized === 'true') {
    return { all: true, names: [] };
  }
  const names = lines(value);
  for (const name of names) {
    if (!ALLOW_NAME.test(name) || name.toLowerCase() === 'true' || name.toLowerCase() === 'false') {
      throw new InputError(`Input allow-replacing-live-resources has ${quote(name)}: give true, false, or the live resources a deploy may replace or destroy, ` +
        'one per line, each a logical ID, a construct path (as the diff shows it, with or without the stack name) or a resource type such as AWS::EC2::Instance.');
    }
  }
  return { all: false, names };
}

function booleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') {
    return fallback;
  }
  const normalized = value.trim().toLowerCase();
  if (normalized === 'true') {
    return true;
  }
  if (normalized === 'false') {
    return false;
  }
  throw new InputError(`Input ${name} ${quote(value)} is not a boolean: use true or false.`);
}

function instanceType(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value)) {
    throw new InputError(`Input instance-type ${quote(value)} is not an EC2 instance type such as t3.micro.`);
  }
  return value;
}

/**
 * The zone of business hours, checked by the library's own Schedule (IANA
 * names as the database spells them, no abbreviations), so that the action
 * refuses exactly what the construct would; its words, with the input's name.
 */
function timeZone(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  try {
    Schedule.businessHours({ timeZone: value });
  } catch (error) {
    const problem = BastionErrors.problemOf(error);
    if (problem === undefined) {
      throw error;
    }
    throw new InputError(`Input ${INPUT.businessHoursTimeZone} ${problem.replace(/^SsoClientVpnBastion: schedule timeZone /, '')}`);
  }
  return value;
}

function keyPairName(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (value.length > 255 || !/^[\x20-\x7E]+$/.test(value)) {
    throw new InputError(`Input key-pair-name ${quote(value)} is not an EC2 key pair name (up to 255 ASCII characters).`);
  }
  return value;
}

function timeoutMinutes(value: string): number {
  if (value === '') {
    return 60;
  }
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < MIN_TIMEOUT_MINUTES || minutes > MAX_TIMEOUT_MINUTES) {
    throw new InputError(`Input timeout-minutes ${quote(value)} is invalid: use a whole number of minutes from ${MIN_TIMEOUT_MINUTES} to ${MAX_TIMEOUT_MINUTES} ` +
      '(at least 30, as the endpoint association alone can take 15 minutes; at most what a timer can wait, about 24 days, far beyond any job\'s own limit).');
  }
  return minutes;
}

/** A value as the messages show it: quoted, with escapes for quotes and line breaks. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** Resolves a workspace-relative path and refuses one that leaves the workspace. */
function insideWorkspace(name: string, value: string, workspace: string): string {
  const resolved = path.resolve(workspace, value);
  // Symbolic links are followed first: a link in the checkout may lead anywhere (/etc/passwd).
  if (!isWithin(realPath(workspace), realPath(resolved))) {
    const problem = isWithin(workspace, resolved) ? 'is a symbolic link, or is inside one, that leads out of' : 'is outside';
    throw new InputError(`Input ${name} ${quote(value)} ${problem} the workspace ${workspace}: give a path inside the repository checkout.`);
  }
  return resolved;
}

/** Whether a path is the directory or below it (`..hidden` is below; `..` and `../x` are not). */
function isWithin(directory: string, file: string): boolean {
  const relative = path.relative(directory, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The path with the symbolic links of its existing part resolved; a part that
 * does not exist yet is appended as given (the action reports a missing file
 * when it reads it).
 */
function realPath(file: string): string {
  const missing: string[] = [];
  for (let existing = file; ;) {
    try {
      return path.join(fs.realpathSync(existing), ...missing);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) {
        return file;
      }
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}
