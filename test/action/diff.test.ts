import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { App } from 'aws-cdk-lib';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { METADATA_SOURCE, RecordingCore, asMode, createInputs, createWorkspace, federatedExport } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import type { RunProvenance } from '../../action/src/bastion-app';
import type { CdkRunner, DeployedStack, SynthesizedStack } from '../../action/src/cdk-runner';
import type { Destruction } from '../../action/src/diff';
import { InputError, readInputs } from '../../action/src/inputs';
import { run } from '../../action/src/main';
import type { IssueComments } from '../../action/src/pull-request-comment';

const STACK = 'SsoClientVpnBastion';
const STACK_ID = `arn:aws:cloudformation:ap-northeast-1:123456789012:stack/${STACK}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
const REGION = 'ap-northeast-1';
const ENDPOINT_ID = 'cvpn-endpoint-0123456789abcdef0';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----';
const OUTPUTS = { BastionEndpointIdC1596275: ENDPOINT_ID, BastionServerPrivateIpC008B8AB: '172.25.1.10' };

const cloudFormation = mockClient(CloudFormationClient);
const ec2 = mockClient(EC2Client);

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');

/** The action's own app for these inputs, synthesized as toolkit-lib does it (with construct paths in the metadata). */
function template(inputs: Record<string, string> = {}, provenance: RunProvenance = {}): SynthesizedStack['template'] {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = addBastionStack(app, { inputs: asMode('deploy', readInputs(createInputs(inputs), { GITHUB_WORKSPACE: '/tmp' })), samlMetadataXml: metadata, provenance, account: '123456789012' });
  return app.synth().getStackByName(stack.stackName).template;
}

/** A template as CloudFormation holds it after a CDK deploy: with the bootstrap version check toolkit-lib strips from synth results. */
function asDeployed(synthesized: SynthesizedStack['template']): string {
  return JSON.stringify({
    ...synthesized,
    Parameters: { ...(synthesized as any).Parameters, BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Rules: { CheckBootstrapVersion: { Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] } }] } },
  });
}

const DEPLOYED = template();

class Runner implements CdkRunner {
  public readonly calls: string[] = [];
  constructor(private readonly next: SynthesizedStack['template'], private readonly synthError?: Error) {}
  async synth(): Promise<SynthesizedStack[]> {
    this.calls.push('synth');
    if (this.synthError) {
      throw this.synthError;
    }
    return [{ stackName: STACK, region: REGION, templateFile: '/tmp/t.json', template: this.next }];
  }
  async deploy(): Promise<DeployedStack[]> {
    this.calls.push('deploy');
    return [{ stackName: STACK, outputs: OUTPUTS }];
  }
  async destroy(): Promise<string[]> {
    throw new Error('not in these tests');
  }
  async changeSetDiff(stackName: string): Promise<TemplateDiff> {
    this.calls.push(`changeSetDiff ${stackName}`);
    if (!changeSetAnswer) {
      throw new Error('no change set expected');
    }
    return changeSetAnswer(stackName);
  }
}

/** A copy of the template whose server has these properties changed. */
function withServer(base: SynthesizedStack['template'], properties: Record<string, unknown>): SynthesizedStack['template'] {
  const next = JSON.parse(JSON.stringify(base));
  const [serverId] = Object.entries(next.Resources as Record<string, { Type: string }>).find(([, r]) => r.Type === 'AWS::EC2::Instance')!;
  Object.assign(next.Resources[serverId].Properties, properties);
  return next;
}

/** What the fake toolkit's change-set diff answers (diff-method: change-set). */
let changeSetAnswer: ((stackName: string) => Promise<TemplateDiff>) | undefined;

interface Outcome {
  core: RecordingCore;
  runner: Runner;
  destructive: Destruction[];
}

async function runWith(
  inputs: Record<string, string>, next: SynthesizedStack['template'], env: NodeJS.ProcessEnv = {}, comments?: IssueComments, synthError?: Error,
): Promise<Outcome> {
  const workspace = createWorkspace();
  const core = new RecordingCore(createInputs(inputs));
  const runner = new Runner(next, synthError);
  await run({
    core,
    env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-')), ...env },
    provenance: {},
    createRunner: () => runner,
    ec2: () => new EC2Client({ region: REGION }),
    cloudFormation: () => new CloudFormationClient({ region: REGION }),
    lambda: () => new LambdaClient({ region: REGION }),
    fetchText: async () => { throw new Error('no download expected'); },
    ...(comments ? { issueComments: () => comments } : {}),
  });
  return { core, runner, destructive: JSON.parse(core.outputs['destructive-changes'] ?? '[]') };
}

function stackIsDeployed(deployedTemplate = DEPLOYED) {
  cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
  cloudFormation.on(GetTemplateCommand, { StackName: STACK }).resolves({ TemplateBody: asDeployed(deployedTemplate) });
}

beforeEach(() => {
  changeSetAnswer = undefined;
  cloudFormation.reset();
  ec2.reset();
  ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, REGION, CA) });
});

describe('mode: diff', () => {
  test('the same inputs as the deployed stack: no changes (the bootstrap version check does not count)', async () => {
    stackIsDeployed();
    const { core, runner, destructive } = await runWith({ mode: 'diff' }, template());
    expect(core.failures).toEqual([]);
    expect(runner.calls).toEqual(['synth']);
    expect(core.outputs['has-changes']).toBe('false');
    expect(destructive).toEqual([]);
    expect(core.summaryText).toContain('No changes: the deployed stack already matches.');
    expect(core.outputs['diff-markdown']).toBe(core.summaryText);
    expect(cloudFormation).toHaveReceivedCommandWith(GetTemplateCommand, { StackName: STACK, TemplateStage: 'Original' });
  });

  test('a second run of unchanged inputs from another run and commit is quiet: no changes, and no comment noise', async () => {
    const run1 = { repository: 'octo/infra', workflow: 'bastion', runUrl: 'https://github.com/octo/infra/actions/runs/41', commit: '1111111111111111111111111111111111111111' };
    const run2 = { repository: 'octo/infra', workflow: 'bastion pr', runUrl: 'https://github.com/octo/infra/actions/runs/42', commit: '2222222222222222222222222222222222222222' };
    stackIsDeployed(template({}, run1));
    const { core, destructive } = await runWith({ mode: 'diff' }, template({}, run2));
    expect(core.failures).toEqual([]);
    expect(core.outputs['has-changes']).toBe('false');
    expect(destructive).toEqual([]);
    expect(core.summaryText).toContain('No changes: the deployed stack already matches.');
  });

  test('an off-hours schedule: resources added, nothing live lost, and the fixed cost before and after', async () => {
    stackIsDeployed();
    const { core, destructive } = await runWith({ 'mode': 'diff', 'business-hours-time-zone': 'Asia/Tokyo' }, template({ 'business-hours-time-zone': 'Asia/Tokyo' }));
    expect(core.failures).toEqual([]);
    expect(core.outputs['has-changes']).toBe('true');
    expect(destructive).toEqual([]);
    expect(core.summaryText).toMatch(/\*\*\d+ to add, \d+ to change in place, 0 to replace, 0 to remove\*\*/);
    expect(core.summaryText).toContain('Nothing live is replaced or destroyed.');
    expect(core.summaryText).toMatch(/\| `Bastion\/OffHoursSwitch\/[^`]+` \| `AWS::Scheduler::Schedule` \| added \|/);
    // Switched off outside business hours, the bastion costs less.
    const [, before, after] = /Fixed cost: \$(\d+\.\d\d) → \$(\d+\.\d\d) a month \(-\$/.exec(core.summaryText)!;
    expect(Number(after)).toBeLessThan(Number(before));
  });

  test('a new client CIDR replaces the endpoint: flagged with what it breaks, in a section of its own', async () => {
    stackIsDeployed();
    const { core, runner, destructive } = await runWith({ 'mode': 'diff', 'client-cidr': '172.27.0.0/22' }, template({ 'client-cidr': '172.27.0.0/22' }));
    expect(core.failures).toEqual([]);
    expect(runner.calls).toEqual(['synth']);
    expect(destructive).toEqual(expect.arrayContaining([
      expect.objectContaining({ stack: STACK, path: 'Bastion/Endpoint', type: 'AWS::EC2::ClientVpnEndpoint', impact: 'replaced', properties: ['ClientCidrBlock'] }),
      expect.objectContaining({ path: 'Bastion/Endpoint/Association0', type: 'AWS::EC2::ClientVpnTargetNetworkAssociation', impact: 'replaced' }),
    ]));
    expect(destructive.map((d) => d.type)).not.toContain('AWS::EC2::Instance');
    // Replacements are counted apart from changes in place.
    const replaced = destructive.filter((d) => d.impact !== 'destroyed').length;
    expect(core.summaryText).toMatch(new RegExp(`\\*\\*0 to add, \\d+ to change in place, ${replaced} to replace, 0 to remove\\*\\*`));
    expect(core.summaryText).toContain('#### Live resources replaced or destroyed');
    expect(core.summaryText).toContain('| the endpoint `Bastion/Endpoint` | replaced (`ClientCidrBlock`) | new endpoint ID and DNS name: every `.ovpn` must be downloaded again');
    expect(core.summaryText).toContain('A deploy refuses these unless the input `allow-replacing-live-resources` lists them (one per line, by the paths above) or is `true`.');
    expect(core.log).toContain(`warning: A deploy would replace or destroy ${destructive.length} live resources (see the job summary); it refuses unless given allow-replacing-live-resources: true.`);
  });

  test('a stack that does not exist yet: everything is added, nothing live is lost, the cost starts from zero', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }));
    const { core, destructive } = await runWith({ mode: 'diff' }, template());
    expect(core.failures).toEqual([]);
    expect(core.outputs['has-changes']).toBe('true');
    expect(destructive).toEqual([]);
    expect(core.summaryText).toMatch(/The stack does not exist yet: a deploy creates it \(\d+ resources\)/);
    expect(core.summaryText).toMatch(/Fixed cost: \$0\.00 → \$\d+\.\d\d a month/);
    expect(cloudFormation).not.toHaveReceivedCommand(GetTemplateCommand);
  });

  test('a stack whose first deploy left only a change set (REVIEW_IN_PROGRESS) counts as new', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackStatus: 'REVIEW_IN_PROGRESS', CreationTime: new Date() }] });
    const { core } = await runWith({ mode: 'diff' }, template());
    expect(core.summaryText).toContain('The stack does not exist yet');
    expect(cloudFormation).not.toHaveReceivedCommand(GetTemplateCommand);
  });

  test('on a pull request with a github-token: one comment per stack with a hidden marker, and the token masked', async () => {
    stackIsDeployed();
    const eventPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'event-')), 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify({ number: 7, pull_request: { number: 7 } }));
    const created: string[] = [];
    const comments: IssueComments = { list: async () => [], create: async (body) => { created.push(body); }, update: async () => undefined };
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' };
    const { core } = await runWith({ 'mode': 'diff', 'client-cidr': '172.27.0.0/22', 'github-token': 'ghs_secret' }, template({ 'client-cidr': '172.27.0.0/22' }), env, comments);
    expect(core.failures).toEqual([]);
    expect(core.secrets).toContain('ghs_secret');
    expect(created).toHaveLength(1);
    // One comment per account, region and stack: the same stack name elsewhere gets its own.
    expect(created[0]).toMatch(new RegExp(`^<!-- sso-client-vpn-bastion:diff:123456789012/${REGION}/${STACK} -->\n### Changes to \`${STACK}\``));
    expect(created[0]).toContain('#### Live resources replaced or destroyed');
  });

  test('a failed diff marks the previous comment stale, and still fails', async () => {
    stackIsDeployed();
    const eventPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'event-')), 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify({ number: 7, pull_request: { number: 7 } }));
    const env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo/infra',
      GITHUB_SHA: 'abcdef0123456789',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '42',
    };
    const bodies: string[] = [];
    const comments: IssueComments = {
      list: async () => bodies.map((body, id) => ({ id, body, user: { login: 'github-actions[bot]', type: 'Bot' } })),
      create: async (body) => { bodies.push(body); },
      update: async (id, body) => { bodies[id] = body; },
    };
    await runWith({ 'mode': 'diff', 'github-token': 'ghs_secret' }, template(), env, comments);
    expect(bodies).toHaveLength(1);
    const failing = await runWith({ 'mode': 'diff', 'github-token': 'ghs_secret' }, template(), env, comments, new InputError('Input vpc-cidr "banana" is invalid.'));
    expect(failing.core.failures).toEqual(['Input vpc-cidr "banana" is invalid.']);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatch(new RegExp(`^<!-- sso-client-vpn-bastion:diff:123456789012/${REGION}/${STACK} -->\n> \\*\\*Stale\\.\\*\\* The diff of commit abcdef0 failed`));
    expect(bodies[0]).toContain('https://github.com/octo/infra/actions/runs/42');
    expect(bodies[0]).toContain('No changes: the deployed stack already matches.');
  });

  test('without a github-token, or outside a pull request, there is no comment', async () => {
    stackIsDeployed();
    const comments: IssueComments = { list: async () => { throw new Error('no comment expected'); }, create: async () => undefined, update: async () => undefined };
    const { core } = await runWith({ mode: 'diff' }, template(), { GITHUB_EVENT_NAME: 'push' }, comments);
    expect(core.failures).toEqual([]);
    expect(core.log.filter((line) => /comment/i.test(line))).toEqual([]);
  });
});

describe('diff-method: which comparison the preview shows, and says it shows', () => {
  /** The deployed template with another image ID on the server: what a change set sees when an SSM image parameter moved. */
  const withNewImage = (base: SynthesizedStack['template']) => withServer(base, { ImageId: 'ami-0fedcba9876543210' });

  test('template (the default): templates compared, no change set, and the preview says so', async () => {
    stackIsDeployed();
    const { core, runner } = await runWith({ mode: 'diff' }, template());
    expect(runner.calls).toEqual(['synth']);
    expect(core.summaryText).toContain('Compared: the deployed and the synthesized templates, as `cdk diff` compares them (parameter and SSM values are not resolved).');
  });

  test('change-set: a replacement the templates cannot show (a resolved value moved) is found, and refused by the guard', async () => {
    stackIsDeployed();
    changeSetAnswer = async () => fullDiff(template(), withNewImage(template()));
    const diff = await runWith({ 'mode': 'diff', 'diff-method': 'change-set' }, template());
    expect(diff.runner.calls).toEqual(['synth', `changeSetDiff ${STACK}`]);
    expect(diff.core.summaryText).toContain('Compared: a change set (CloudFormation resolved the parameters and SSM values and answered each replacement).');
    expect(diff.destructive).toEqual([expect.objectContaining({ path: 'Bastion/Server', type: 'AWS::EC2::Instance', impact: 'replaced', properties: ['ImageId'] })]);
    const deploy = await runWith({ 'diff-method': 'change-set' }, template());
    expect(deploy.runner.calls).toEqual(['synth', `changeSetDiff ${STACK}`]);
    expect(deploy.core.failures[0]).toContain('the server Bastion/Server (AWS::EC2::Instance) is replaced (`ImageId`)');
  });

  test('change-set on a stack that fails to make one: templates compared, and the preview says why', async () => {
    stackIsDeployed();
    changeSetAnswer = async () => { throw Object.assign(new Error('User is not authorized to perform: cloudformation:CreateChangeSet\nmore'), { name: 'AccessDenied' }); };
    const { core } = await runWith({ 'mode': 'diff', 'diff-method': 'change-set' }, template());
    expect(core.failures).toEqual([]);
    expect(core.summaryText).toContain('Compared: the deployed and the synthesized templates, as `cdk diff` compares them (parameter and SSM values are not resolved): ' +
      'the change set failed (User is not authorized to perform: cloudformation:CreateChangeSet).');
  });

  test('change-set on a stack that does not exist yet: no change set, said', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }));
    const { core, runner } = await runWith({ 'mode': 'diff', 'diff-method': 'change-set' }, template());
    expect(runner.calls).toEqual(['synth']);
    expect(core.summaryText).toContain('no change set for a stack that does not exist yet.');
  });
});

describe('the guard on deploy', () => {
  test('refuses to replace the endpoint, before deploying anything, naming what and the input to set', async () => {
    stackIsDeployed();
    const { core, runner } = await runWith({ 'client-cidr': '172.27.0.0/22' }, template({ 'client-cidr': '172.27.0.0/22' }));
    expect(runner.calls).toEqual(['synth']);
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toMatch(/^The deploy would replace or destroy \d+ live resources, and stops before changing anything:\n/);
    expect(core.failures[0]).toContain(`  - ${STACK}: the endpoint Bastion/Endpoint (AWS::EC2::ClientVpnEndpoint) is replaced (\`ClientCidrBlock\`): new endpoint ID and DNS name: every \`.ovpn\` must be downloaded again`);
    // The way through names exactly what was refused, ready to paste.
    expect(core.failures[0]).toContain(`allow exactly these and run again (the job summary shows the whole preview):\n  allow-replacing-live-resources: |\n    ${STACK}/Bastion/`);
    expect(core.failures[0]).toContain(`    ${STACK}/Bastion/Endpoint\n`);
    expect(core.failures[0]).toContain('(or allow-replacing-live-resources: true, which allows every loss of that deploy)');
    // The same preview as mode diff is in the summary.
    expect(core.summaryText).toContain('#### Live resources replaced or destroyed');
  });

  test('a new image ID would replace the server: refused too, with the server\'s consequences', async () => {
    const deployed = template();
    const next = withServer(deployed, { ImageId: 'ami-0fedcba9876543210' });
    stackIsDeployed(deployed);
    const { core, runner } = await runWith({}, next);
    expect(runner.calls).toEqual(['synth']);
    expect(core.failures[0]).toContain('the server Bastion/Server (AWS::EC2::Instance) is replaced (`ImageId`): new private IP (outputs and `~/.ssh/config` go stale), new host key, root volume lost');
  });

  describe('a stack the action deployed with its generated key pair (before EC2 Instance Connect)', () => {
    // shared-key-pair: true makes the key pair the action generated before, with the same logical ID.
    const withKeyPair = () => template({ 'shared-key-pair': 'true' });

    test('deploying without a key pair would replace the server: refused, saying that shared-key-pair keeps it', async () => {
      stackIsDeployed(withKeyPair());
      const { core, runner, destructive } = await runWith({}, template());
      expect(runner.calls).toEqual(['synth']);
      expect(destructive).toEqual(expect.arrayContaining([
        expect.objectContaining({ path: 'Bastion/Server', type: 'AWS::EC2::Instance', impact: 'replaced', properties: ['KeyName'] }),
        expect.objectContaining({ path: 'Bastion/KeyPair', type: 'AWS::EC2::KeyPair', impact: 'destroyed' }),
      ]));
      expect(core.failures).toHaveLength(1);
      expect(core.failures[0]).toContain(
        `Stack ${STACK} has the key pair Bastion/KeyPair that the action generated before it moved to EC2 Instance Connect, and the inputs give the server no key pair, which replaces it. ` +
        'To keep the server and its key pair, run again with the input shared-key-pair: true; ' +
        'to move to EC2 Instance Connect (everyone with their own key), let the replacement happen with allow-replacing-live-resources: true.',
      );
    });

    test('mode diff warns the same way', async () => {
      stackIsDeployed(withKeyPair());
      const { core } = await runWith({ mode: 'diff' }, template());
      expect(core.log.find((line) => line.startsWith('warning: A deploy would replace'))).toContain('run again with the input shared-key-pair: true');
    });

    test('with shared-key-pair: true nothing live is replaced, and the deploy goes ahead', async () => {
      stackIsDeployed(withKeyPair());
      const { core, runner, destructive } = await runWith({ 'shared-key-pair': 'true' }, withKeyPair());
      expect(core.failures).toEqual([]);
      expect(destructive).toEqual([]);
      expect(runner.calls).toEqual(['synth', 'deploy']);
    });

    test('with a user\'s app, the way out is the construct\'s prop', async () => {
      stackIsDeployed(withKeyPair());
      const { core } = await runWith({ app: 'npx ts-node bin/app.ts' }, template());
      expect(core.failures[0]).toContain('To keep the server and its key pair, give the construct serverKeyPair: ServerKeyPair.generate() in your app;');
      expect(core.failures[0]).not.toContain('shared-key-pair');
    });

    test('a server replaced for another reason gets no key pair advice', async () => {
      const deployed = withKeyPair();
      const next = withServer(deployed, { ImageId: 'ami-0fedcba9876543210' });
      stackIsDeployed(deployed);
      const { core } = await runWith({ 'shared-key-pair': 'true' }, next);
      expect(core.failures[0]).toContain('is replaced (`ImageId`)');
      expect(core.failures[0]).not.toContain('shared-key-pair');
    });
  });

  test('deploys when allow-replacing-live-resources is true, with a warning that names what goes', async () => {
    stackIsDeployed();
    const { core, runner } = await runWith({ 'client-cidr': '172.27.0.0/22', 'allow-replacing-live-resources': 'true' }, template({ 'client-cidr': '172.27.0.0/22' }));
    expect(core.failures).toEqual([]);
    expect(runner.calls).toEqual(['synth', 'deploy']);
    expect(core.log.find((line) => line.startsWith('warning: allow-replacing-live-resources is true: the deploy replaces or destroys'))).toContain(`${STACK}/Bastion/Endpoint`);
  });

  test('the allow list lets through only what it names: allowing the endpoint alone leaves its association refused', async () => {
    stackIsDeployed();
    const next = template({ 'client-cidr': '172.27.0.0/22' });
    const endpointOnly = await runWith({ 'client-cidr': '172.27.0.0/22', 'allow-replacing-live-resources': 'Bastion/Endpoint' }, next);
    expect(endpointOnly.runner.calls).toEqual(['synth']);
    expect(endpointOnly.core.failures[0]).toContain('the target network association Bastion/Endpoint/Association0');
    expect(endpointOnly.core.failures[0]).not.toContain('the endpoint Bastion/Endpoint (AWS::EC2::ClientVpnEndpoint)');

    // Each loss named: by path with the stack, by path, by type, by logical ID.
    const lost = endpointOnly.destructive.map((d) => d.path).filter((lostPath) => lostPath !== 'Bastion/Endpoint');
    const [firstLogicalId] = endpointOnly.destructive.filter((d) => d.path === lost[0]).map((d) => d.logicalId);
    const names = [`${STACK}/Bastion/Endpoint`, ...lost.slice(1).map((lostPath, i) => (i % 2 === 0 ? lostPath : `${STACK}/${lostPath}`)), firstLogicalId, 'AWS::EC2::EIP'];
    const named = await runWith({ 'client-cidr': '172.27.0.0/22', 'allow-replacing-live-resources': names.join('\n') }, next);
    expect(named.core.failures).toEqual([]);
    expect(named.runner.calls).toEqual(['synth', 'deploy']);
    expect(named.core.log.find((line) => line.startsWith('warning: allow-replacing-live-resources allows it: the deploy replaces or destroys'))).toContain(`${STACK}/Bastion/Endpoint`);
    // A name that matches nothing of this deploy is pointed out, so that it does not linger.
    expect(named.core.log).toContain('warning: allow-replacing-live-resources names AWS::EC2::EIP, which this deploy neither replaces nor destroys; ' +
      'remove it once the deploy it was for is done, so that it cannot let a later loss through unseen.');
  });

  test('an instance type change restarts the server: it passes the guard, and the preview says what it means', async () => {
    const deployed = template();
    const next = withServer(deployed, { InstanceType: 't3.small' });
    stackIsDeployed(deployed);
    const { core, runner, destructive } = await runWith({}, next);
    expect(core.failures).toEqual([]);
    expect(destructive).toEqual([]);
    expect(runner.calls).toEqual(['synth', 'deploy']);
    expect(core.summaryText).toContain('**0 to add, 1 to change in place, 0 to replace, 0 to remove**');
    expect(core.summaryText).toContain('#### Interruptions (a deploy goes ahead)\n\n- the server `Bastion/Server` restarts (`InstanceType`): SSH down for a minute or two; IP, host key and volume kept.');
  });

  test('an instance type change together with a new image is still a replacement, and refused', async () => {
    const deployed = template();
    const next = withServer(deployed, { InstanceType: 't3.small', ImageId: 'ami-0fedcba9876543210' });
    stackIsDeployed(deployed);
    const { core, runner } = await runWith({}, next);
    expect(runner.calls).toEqual(['synth']);
    expect(core.failures[0]).toContain('the server Bastion/Server (AWS::EC2::Instance) is replaced (`ImageId`, `InstanceType`)');
  });

  test('what locks people out is guarded: a permission set replaced, an application assignment destroyed', async () => {
    const deployed = JSON.parse(JSON.stringify(template()));
    const next = JSON.parse(JSON.stringify(deployed));
    const meta = (under: string) => ({ 'aws:cdk:path': `${STACK}/Bastion/${under}/Resource` });
    deployed.Resources.PermissionSet = { Type: 'AWS::SSO::PermissionSet', Properties: { InstanceArn: 'arn:aws:sso:::instance/ssoins-1', Name: 'Bastion' }, Metadata: meta('PermissionSet') };
    deployed.Resources.AppAssignment = { Type: 'AWS::SSO::ApplicationAssignment', Properties: { ApplicationArn: 'arn:a', PrincipalId: 'g', PrincipalType: 'GROUP' }, Metadata: meta('ApplicationAssignment-g') };
    next.Resources.PermissionSet = { ...deployed.Resources.PermissionSet, Properties: { ...deployed.Resources.PermissionSet.Properties, Name: 'BastionUsers' } };
    stackIsDeployed(deployed);
    const { core, runner } = await runWith({}, next);
    expect(runner.calls).toEqual(['synth']);
    expect(core.failures[0]).toContain('the permission set Bastion/PermissionSet (AWS::SSO::PermissionSet) is replaced (`Name`): people who sign in with it lose its permissions');
    expect(core.failures[0]).toContain('a group\'s assignment to the Client VPN application Bastion/ApplicationAssignment-g (AWS::SSO::ApplicationAssignment) is removed and deleted: ' +
      'the group\'s members cannot sign in to the VPN until the group is assigned again');
  });

  test('a change that replaces nothing live deploys without the input, with the preview in the summary', async () => {
    stackIsDeployed();
    const { core, runner } = await runWith({ 'business-hours-time-zone': 'Asia/Tokyo' }, template({ 'business-hours-time-zone': 'Asia/Tokyo' }));
    expect(core.failures).toEqual([]);
    expect(runner.calls).toEqual(['synth', 'deploy']);
    expect(core.outputs['has-changes']).toBe('true');
    expect(core.summaryText).toContain('Nothing live is replaced or destroyed.');
  });

  test('a deployed template CloudFormation does not return stops the deploy: the guard cannot tell what it replaces', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    cloudFormation.on(GetTemplateCommand).resolves({});
    const { core, runner } = await runWith({}, template());
    expect(runner.calls).toEqual(['synth']);
    expect(core.failures[0]).toMatch(/CloudFormation returned no template for stack SsoClientVpnBastion \(UPDATE_COMPLETE\)/);
  });
});

/** A copy of the template whose endpoint has these properties set (undefined deletes one). */
function withEndpoint(base: SynthesizedStack['template'], properties: Record<string, unknown>): SynthesizedStack['template'] {
  const next = JSON.parse(JSON.stringify(base));
  const [endpointId] = Object.entries(next.Resources as Record<string, { Type: string }>).find(([, r]) => r.Type === 'AWS::EC2::ClientVpnEndpoint')!;
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) delete next.Resources[endpointId].Properties[key];
    else next.Resources[endpointId].Properties[key] = value;
  }
  return next;
}

describe('changes to who may connect (the connection policy): nothing is replaced, and people can be locked out', () => {
  const POLICY = 'permit (principal, action, resource) when { context.saml.memberOf.contains("g") };';
  const shadow = withEndpoint(DEPLOYED, { AuthorizationPolicy: { PolicyDocument: POLICY, ShadowMode: 'enabled' } });
  const enforced = withEndpoint(DEPLOYED, { AuthorizationPolicy: { PolicyDocument: POLICY, ShadowMode: 'disabled' } });

  test('a policy in shadow mode is no lockout: the deploy goes ahead', async () => {
    stackIsDeployed();
    const { core, runner } = await runWith({}, shadow);
    expect(core.failures).toEqual([]);
    expect(runner.calls).toContain('deploy');
    expect(core.summaryText).not.toContain('Who may connect changes');
  });

  test('moving from shadow to enforce is called out in the diff and refused by the guard, naming the endpoint', async () => {
    stackIsDeployed(shadow);
    const diff = await runWith({ mode: 'diff' }, enforced);
    expect(diff.core.summaryText).toContain('#### Who may connect changes (can lock people out)');
    expect(diff.core.summaryText).toContain('| `Bastion/Endpoint` | the connection policy moves from shadow mode to enforced | Client VPN disconnects every active session;');
    expect(diff.core.log.find((line) => line.startsWith('warning: A deploy would change who may connect'))).toContain(`${STACK}/Bastion/Endpoint: the connection policy moves from shadow mode to enforced`);

    const deploy = await runWith({}, enforced);
    expect(deploy.runner.calls).not.toContain('deploy');
    expect(deploy.core.failures[0]).toContain('The deploy would change who may connect in a way that can lock people out, and stops before changing anything:');
    expect(deploy.core.failures[0]).toContain(`allow-replacing-live-resources: |\n    ${STACK}/Bastion/Endpoint`);
  });

  test('allowed by the endpoint\'s path, it deploys with a warning that says what it does', async () => {
    stackIsDeployed(shadow);
    const { core, runner } = await runWith({ 'allow-replacing-live-resources': 'Bastion/Endpoint' }, enforced);
    expect(core.failures).toEqual([]);
    expect(runner.calls).toContain('deploy');
    expect(core.log.find((line) => line.startsWith('warning: allow-replacing-live-resources allows it: the deploy changes who may connect'))).toContain('disconnects every active session');
    expect(core.log.join('\n')).not.toContain('which this deploy neither replaces nor destroys');
  });

  test('an enforced policy added or changed, a changed trust provider under it, and a client connect handler are each refused', async () => {
    const changed = withEndpoint(DEPLOYED, { AuthorizationPolicy: { PolicyDocument: POLICY.replace('"g"', '"h"') } });
    for (const [before, after, change] of [
      [DEPLOYED, enforced, 'an enforced connection policy is added'],
      [enforced, changed, 'the enforced connection policy changes'],
      [enforced, withEndpoint(enforced, { DevicePostureOptions: { Enabled: true, TrustProviders: [{ TrustProviderType: 'jamf', TenantId: 't' }] } }), 'the device trust providers change under an enforced policy'],
      [DEPLOYED, withEndpoint(DEPLOYED, { ClientConnectOptions: { Enabled: true, LambdaFunctionArn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:AWSClientVPN-check' } }), 'a client connect handler is added'],
    ] as const) {
      cloudFormation.reset();
      stackIsDeployed(before);
      const { core, runner } = await runWith({}, after);
      expect(runner.calls).not.toContain('deploy');
      expect(core.failures[0]).toContain(`on the endpoint Bastion/Endpoint, ${change}:`);
    }
  });

  test('a shadow policy\'s text changing, or the policy leaving, locks nobody out', async () => {
    for (const [before, after] of [[shadow, withEndpoint(shadow, { AuthorizationPolicy: { PolicyDocument: POLICY.replace('"g"', '"h"'), ShadowMode: 'enabled' } })], [enforced, DEPLOYED]]) {
      cloudFormation.reset();
      stackIsDeployed(before);
      const { core, runner } = await runWith({}, after);
      expect(core.failures).toEqual([]);
      expect(runner.calls).toContain('deploy');
    }
  });
});
