import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BootstrapEnvironments, Toolkit } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, CreateChangeSetCommand, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CreateKeyPairCommand, CreateSubnetCommand, CreateVpcCommand, DescribeClientVpnEndpointsCommand, EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { run } from '../../action/src/main';
import { awsClients, toolkitRunnerFactory } from '../../action/src/production';
import { REVIEW_FILE } from '../../action/src/reviewed-assembly';
import { motoClientConfig, motoFound, startMoto } from '../moto';
import type { MotoServer } from '../moto';
import { RecordingCore, createInputs, federatedExport } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');
const REGION = 'us-east-1';
const ENDPOINT_ID = 'cvpn-endpoint-0a1b2c3d4e5f60718';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBmoto\n-----END CERTIFICATE-----';
const APP = 'node -r ts-node/register/transpile-only test/action/moto-app.ts';
/** The app's two stacks: the bastion, and a neighbour that the action touches only when named. */
const STACK = 'SsoClientVpnBastionMoto';
const NEIGHBOUR = 'SsoClientVpnBastionMotoNeighbour';
/** A region other than the runner's AWS_REGION. */
const OTHER_REGION = 'us-west-2';

/**
 * What runs against moto_server (a local AWS API): the CDK toolkit's
 * bootstrap, asset publishing, the CloudFormation deploy and its outputs, the
 * second deploy that finds nothing to change, and the action's own
 * CloudFormation calls. moto accepts the Client VPN, SAML provider and key
 * pair resources in a template without creating them, and has no
 * DescribeClientVpnEndpoints or ExportClientVpnClientConfiguration: exactly
 * those two EC2 calls are answered in-process below.
 */
(motoFound ? describe : describe.skip)('deploy mode end to end against moto_server', () => {
  let moto: MotoServer;
  const saved = { ...process.env };
  const exportCalls: string[] = [];
  /** The region of each EC2 client the action asked for. */
  const ec2Regions: string[] = [];
  /** The two Client VPN calls moto lacks, answered in-process; any other EC2 call is a test failure. */
  const clientVpnApi = {
    send: async (command: unknown) => {
      if (command instanceof DescribeClientVpnEndpointsCommand) {
        return { ClientVpnEndpoints: [{ ClientVpnEndpointId: ENDPOINT_ID, Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'SsoClientVpnBastionMoto' }] }] };
      }
      if (command instanceof ExportClientVpnClientConfigurationCommand) {
        exportCalls.push(command.input.ClientVpnEndpointId!);
        return { ClientConfiguration: federatedExport(ENDPOINT_ID, REGION, CA) };
      }
      throw new Error(`unexpected EC2 call ${(command as object).constructor.name}`);
    },
  } as unknown as EC2Client;

  async function runDeploy(inputs: Record<string, string> = {}): Promise<RecordingCore> {
    const core = new RecordingCore(createInputs({
      'mode': 'deploy',
      'stack-name': STACK,
      'aws-region': REGION,
      'app': APP,
      'saml-metadata-file': '',
      'group-ids': '',
      // moto's change sets break on re-deploy; direct CreateStack/UpdateStack is what it runs.
      'deployment-method': 'direct',
      ...inputs,
    }));
    await run({
      core,
      env: { ...process.env, GITHUB_WORKSPACE: ROOT },
      provenance: {},
      createRunner: toolkitRunnerFactory({}),
      ...awsClients(process.env),
      ec2: (region) => {
        ec2Regions.push(region);
        return clientVpnApi;
      },
      lambda: () => new LambdaClient(motoClientConfig(moto.endpoint, REGION)),
      fetchText: async () => { throw new Error('no download expected'); },
    });
    return core;
  }

  let first: RecordingCore;
  let second: RecordingCore;
  /** mode: diff against the deployed stack: the same app, a login banner, a new client CIDR. */
  let unchanged: RecordingCore;
  let banner: RecordingCore;
  let newClientCidr: RecordingCore;
  /** A deploy of the new client CIDR, without allow-replacing-live-resources. */
  let guarded: RecordingCore;
  /** Selection: a name the app lacks, synth of one stack, a stack pinned elsewhere, the aws-region input. */
  let unknownName: RecordingCore;
  let synthNeighbour: RecordingCore;
  let pinnedElsewhere: RecordingCore;
  let diffInOtherRegion: RecordingCore;
  let deployBoth: RecordingCore;
  let destroyInOtherRegion: RecordingCore;
  let neighbourAfterWrongRegionDestroy: string | undefined;
  let destroyNeighbour: RecordingCore;
  let deployToOtherRegion: RecordingCore;
  let switchOnBoth: RecordingCore;
  let exportsAfterSecond = 0;
  /** Recovery: a stack left in REVIEW_IN_PROGRESS by a CREATE change set never executed. */
  let reviewBefore: string | undefined;
  let recoverDirect: RecordingCore;
  let afterRecoverDirect: string | undefined;
  let recoverChangeSet: RecordingCore;
  let afterRecoverChangeSet: string | undefined;
  let destroyReview: RecordingCore;
  let afterDestroyReview: string | undefined;
  /**
   * Review, then deploy the reviewed artifact, on the neighbour (moto's CloudFormation cannot update a
   * Client VPN endpoint): two reviews while it does not exist, a tampered copy, the deploy of one
   * review, then of the other (now stale).
   */
  let reviewAbsent: RecordingCore;
  let reviewNamed: RecordingCore;
  let deployTampered: RecordingCore;
  let deployReviewed: RecordingCore;
  let topicAfterReviewedDeploy: unknown;
  let deployStale: RecordingCore;
  let topicAfterStaleDeploy: unknown;
  /** diff-method: change-set through toolkit-lib's change-set diff, on the neighbour. */
  let changeSetPreview: RecordingCore;

  /** The display name of the neighbour's topic in its deployed template. */
  async function deployedTopicName(): Promise<unknown> {
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: NEIGHBOUR }));
    return Object.values(JSON.parse(TemplateBody!).Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>)
      .find((resource) => resource.Type === 'AWS::SNS::Topic')!.Properties?.DisplayName;
  }

  /** What a first `cdk deploy` interrupted after creating its change set leaves: an empty stack in REVIEW_IN_PROGRESS. */
  async function leaveInReview(stackName: string): Promise<string | undefined> {
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    await cloudFormation.send(new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: 'never-executed',
      ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }),
    }));
    return statusOf(stackName);
  }

  async function statusOf(stackName: string, region = REGION): Promise<string | undefined> {
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, region));
    try {
      return (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus;
    } catch (error) {
      if (/does not exist/.test((error as Error).message)) {
        return undefined;
      }
      throw error;
    }
  }

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_NO_WARNINGS: '1',
      // Where the action puts its cloud assemblies, and where a reviewed one may be read from.
      RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-')),
    });
    // What the user has before the first run: a VPC, a key pair, a bootstrapped environment.
    const ec2 = new EC2Client(motoClientConfig(moto.endpoint, REGION));
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.30.1.0/24', AvailabilityZone: `${REGION}a` }));
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'team-key' }));
    Object.assign(process.env, { MOTO_VPC_ID: Vpc!.VpcId, MOTO_SUBNET_ID: Subnet!.SubnetId, MOTO_AZ: `${REGION}a` });
    const toolkit = new Toolkit({ ioHost: { notify: async () => undefined, requestResponse: async (m) => m.defaultResponse } });
    await toolkit.bootstrap(BootstrapEnvironments.fromList([`aws://123456789012/${REGION}`, `aws://123456789012/${OTHER_REGION}`]));

    first = await runDeploy();
    second = await runDeploy();
    exportsAfterSecond = exportCalls.length;
    // The app command runs through the shell, so a changed `app` input can carry the app's settings.
    unchanged = await runDeploy({ mode: 'diff' });
    banner = await runDeploy({ mode: 'diff', app: `MOTO_LOGIN_BANNER='Authorized use only.' ${APP}` });
    newClientCidr = await runDeploy({ mode: 'diff', app: `MOTO_CLIENT_CIDR=172.27.0.0/22 ${APP}` });
    guarded = await runDeploy({ app: `MOTO_CLIENT_CIDR=172.27.0.0/22 ${APP}` });

    unknownName = await runDeploy({ 'mode': 'diff', 'stack-name': 'SsoClientVpnBastionMotoTypo' });
    synthNeighbour = await runDeploy({ 'mode': 'synth', 'stack-name': NEIGHBOUR });
    pinnedElsewhere = await runDeploy({ 'mode': 'diff', 'stack-name': NEIGHBOUR, 'app': `MOTO_NEIGHBOUR_REGION=eu-west-1 ${APP}` });
    diffInOtherRegion = await runDeploy({ 'mode': 'diff', 'aws-region': OTHER_REGION });
    deployBoth = await runDeploy({ 'stack-name': `${STACK}\n${NEIGHBOUR}` });
    switchOnBoth = await runDeploy({ 'mode': 'switch-on', 'stack-name': `${NEIGHBOUR}\n${STACK}` });
    destroyInOtherRegion = await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR, 'aws-region': OTHER_REGION });
    neighbourAfterWrongRegionDestroy = await statusOf(NEIGHBOUR);
    destroyNeighbour = await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR });
    deployToOtherRegion = await runDeploy({ 'stack-name': NEIGHBOUR, 'aws-region': OTHER_REGION });

    reviewBefore = await leaveInReview(NEIGHBOUR);
    recoverDirect = await runDeploy({ 'stack-name': `${STACK}\n${NEIGHBOUR}` });
    afterRecoverDirect = await statusOf(NEIGHBOUR);
    await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR });
    await leaveInReview(NEIGHBOUR);
    // The neighbour alone: moto's DeleteChangeSet fails (500) on the bastion stack's re-deploy by change set.
    recoverChangeSet = await runDeploy({ 'stack-name': NEIGHBOUR, 'deployment-method': 'change-set' });
    afterRecoverChangeSet = await statusOf(NEIGHBOUR);
    await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR });
    await leaveInReview(NEIGHBOUR);
    destroyReview = await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR });
    afterDestroyReview = await statusOf(NEIGHBOUR);

    reviewAbsent = await runDeploy({ 'mode': 'diff', 'stack-name': NEIGHBOUR });
    reviewNamed = await runDeploy({ 'mode': 'diff', 'stack-name': NEIGHBOUR, 'app': `MOTO_NEIGHBOUR_TOPIC_NAME='Reviewed topic' ${APP}` });
    const reviewed = reviewNamed.outputs['cloud-assembly'];
    const tampered = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP!, 'tampered-'));
    fs.cpSync(reviewed, tampered, { recursive: true });
    const templateFile = path.join(tampered, `${NEIGHBOUR}.template.json`);
    fs.writeFileSync(templateFile, fs.readFileSync(templateFile, 'utf8').replace('Reviewed topic', 'Not what was reviewed'));
    // No app and no construct inputs: the assembly is deployed as it is.
    deployTampered = await runDeploy({ 'cloud-assembly': tampered, 'app': '', 'stack-name': NEIGHBOUR });
    deployReviewed = await runDeploy({ 'cloud-assembly': reviewed, 'app': '', 'stack-name': NEIGHBOUR });
    topicAfterReviewedDeploy = await deployedTopicName();
    deployStale = await runDeploy({ 'cloud-assembly': reviewAbsent.outputs['cloud-assembly'], 'app': '', 'stack-name': NEIGHBOUR });
    topicAfterStaleDeploy = await deployedTopicName();
    changeSetPreview = await runDeploy({ 'mode': 'diff', 'stack-name': NEIGHBOUR, 'diff-method': 'change-set', 'app': `MOTO_NEIGHBOUR_TOPIC_NAME='Changed topic' ${APP}` });
    // As the tests above find it: no neighbour in the runner's region.
    await runDeploy({ 'mode': 'destroy', 'stack-name': NEIGHBOUR });
  }, 600_000);

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  test('the first run deploys the stack through the toolkit and publishes its template asset', async () => {
    expect(first.failures).toEqual([]);
    expect(first.log.join('\n')).toMatch(/success: Published SsoClientVpnBastionMoto Template/);
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'SsoClientVpnBastionMoto' }));
    expect(Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
  });

  test('reads the construct\'s outputs from the deployed stack', () => {
    const outputs = JSON.parse(first.outputs['stack-outputs']);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([expect.stringMatching(/^BastionServerPrivateIp/), expect.stringMatching(/^BastionSamlApplicationAcsUrl/)]));
    // moto picks the address without regard to the subnet's range.
    expect(first.outputs['server-private-ip']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(first.outputs['ssh-config']).toContain(`HostName ${first.outputs['server-private-ip']}`);
  });

  test('exports the client configuration of the endpoint (in-process) and hands it back', () => {
    expect(exportCalls[0]).toBe(ENDPOINT_ID);
    expect(first.outputs['endpoint-id']).toBe(ENDPOINT_ID);
    expect(first.outputs['client-configuration']).toMatch(new RegExp(`^remote [0-9a-f]{12}\\.${ENDPOINT_ID}\\.prod`, 'm'));
  });

  test('the second run finds nothing to change and exports again', () => {
    expect(second.failures).toEqual([]);
    expect(second.log.join('\n')).toMatch(/SsoClientVpnBastionMoto \(no changes\)/);
    expect(exportsAfterSecond).toBe(2);
  });

  test('diff: the same app as deployed has no changes', () => {
    expect(unchanged.failures).toEqual([]);
    expect(unchanged.outputs['has-changes']).toBe('false');
    expect(unchanged.outputs['destructive-changes']).toBe('[]');
    expect(unchanged.summaryText).toContain('No changes: the deployed stack already matches.');
  });

  test('diff: a changed input shows the change, made in place, and replaces nothing', () => {
    expect(banner.failures).toEqual([]);
    expect(banner.outputs['has-changes']).toBe('true');
    expect(banner.outputs['destructive-changes']).toBe('[]');
    expect(banner.summaryText).toContain('| `Bastion/Endpoint` | `AWS::EC2::ClientVpnEndpoint` | changed in place (`ClientLoginBannerOptions`) |');
    expect(banner.summaryText).toContain('Nothing live is replaced or destroyed.');
  });

  test('diff: a new client CIDR is flagged: the endpoint is replaced and every .ovpn must be downloaded again', () => {
    expect(newClientCidr.failures).toEqual([]);
    const destructive = JSON.parse(newClientCidr.outputs['destructive-changes']);
    expect(destructive).toEqual(expect.arrayContaining([
      expect.objectContaining({ stack: 'SsoClientVpnBastionMoto', path: 'Bastion/Endpoint', impact: 'replaced', properties: ['ClientCidrBlock'] }),
    ]));
    expect(newClientCidr.summaryText).toContain('| the endpoint `Bastion/Endpoint` | replaced (`ClientCidrBlock`) | new endpoint ID and DNS name: every `.ovpn` must be downloaded again');
    expect(newClientCidr.outputs['diff-markdown']).toBe(newClientCidr.summaryText);
  });

  test('a guarded deploy refuses the new client CIDR and leaves the stack as it was', async () => {
    expect(guarded.failures).toHaveLength(1);
    expect(guarded.failures[0]).toMatch(/^The deploy would replace or destroy \d+ live resources, and stops before changing anything:/);
    expect(guarded.failures[0]).toContain('allow-replacing-live-resources: true');
    const deploying = /SsoClientVpnBastionMoto: deploying/;
    expect(first.log.join('\n')).toMatch(deploying);
    expect(guarded.log.join('\n')).not.toMatch(deploying);
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: 'SsoClientVpnBastionMoto' }));
    const endpoint = Object.values(JSON.parse(TemplateBody!).Resources as Record<string, { Type: string; Properties: { ClientCidrBlock?: string } }>)
      .find((resource) => resource.Type === 'AWS::EC2::ClientVpnEndpoint')!;
    expect(endpoint.Properties.ClientCidrBlock).toBe('172.26.0.0/22');
  });

  describe('selection: stack-name picks the stacks of a two-stack app in every mode', () => {
    test('deploy: the unnamed neighbour is not deployed', async () => {
      expect(first.log.join('\n')).not.toMatch(new RegExp(`${NEIGHBOUR}: (deploying|creating)`));
      expect(first.outputs['diff-markdown']).not.toContain(NEIGHBOUR);
      expect(await statusOf(STACK)).toBeDefined();
      // The neighbour exists only from deployBoth on, and is destroyed again by destroyNeighbour.
      expect(deployBoth.failures).toEqual([]);
      expect(deployBoth.log.join('\n')).toMatch(new RegExp(`${NEIGHBOUR}: deploying`));
    });

    test('a name that matches no stack fails and lists the app\'s stacks', () => {
      expect(unknownName.failures).toEqual([
        `Input stack-name "SsoClientVpnBastionMotoTypo" matches no stack of the app. Its stacks: ${STACK}, ${NEIGHBOUR}.`,
      ]);
    });

    test('synth: the template and summary are those of the named stack only', () => {
      expect(synthNeighbour.failures).toEqual([]);
      expect(synthNeighbour.outputs['template-file']).toMatch(new RegExp(`${NEIGHBOUR}\\.template\\.json$`));
      expect(synthNeighbour.summaryText).toContain(`### ${NEIGHBOUR} (${REGION})`);
      expect(synthNeighbour.summaryText).not.toContain(`### ${STACK} `);
    });

    test('diff: only the named stack is previewed', () => {
      expect(unchanged.summaryText).toContain(`### Changes to \`${STACK}\``);
      expect(unchanged.summaryText).not.toContain(NEIGHBOUR);
    });

    test('destroy deletes the named stack only, and never one in another region', async () => {
      expect(destroyInOtherRegion.failures).toEqual([]);
      expect(destroyInOtherRegion.summaryText).toContain(`\`${NEIGHBOUR}\` does not exist in ${OTHER_REGION}: nothing to destroy.`);
      expect(neighbourAfterWrongRegionDestroy).toBe('CREATE_COMPLETE');
      expect(destroyNeighbour.failures).toEqual([]);
      expect(destroyNeighbour.summaryText).toContain(`- \`${NEIGHBOUR}\` (${REGION})`);
      expect(await statusOf(NEIGHBOUR)).toBeUndefined();
      expect(await statusOf(STACK)).toMatch(/_COMPLETE$/);
    });

    test('switch-on looks at each named stack', () => {
      expect(switchOnBoth.failures).toEqual([
        `Stack ${NEIGHBOUR} has no off-hours schedule (no SwitchFunctionName output): it is always on, there is nothing to switch on.`,
      ]);
    });
  });

  describe('one region for synth, lookups, deploy, export and destroy', () => {
    test('a stack whose env names another region is an error', () => {
      expect(pinnedElsewhere.failures).toEqual([
        `Stack ${NEIGHBOUR} names region eu-west-1 in its env, but this run's region is ${REGION} (input aws-region): ` +
        'set aws-region to eu-west-1, or remove the region from the stack\'s env.',
      ]);
    });

    test('aws-region, not the runner\'s AWS_REGION, is the region the app is synthesized and compared in', () => {
      expect(diffInOtherRegion.failures).toEqual([]);
      expect(diffInOtherRegion.summaryText).toContain(`### Changes to \`${STACK}\` (${OTHER_REGION})`);
      expect(diffInOtherRegion.summaryText).toContain('The stack does not exist yet');
    });

    test('deploy goes to aws-region, not to the runner\'s AWS_REGION', async () => {
      expect(await statusOf(NEIGHBOUR, OTHER_REGION)).toBe('CREATE_COMPLETE');
      expect(await statusOf(NEIGHBOUR, REGION)).toBeUndefined();
      // The neighbour holds no bastion, so there is nothing to hand back.
      expect(deployToOtherRegion.failures[0]).toMatch(/No SsoClientVpnBastion outputs in the deployed stacks/);
    });

    test('the export asks EC2 in the run\'s region', () => {
      expect([...new Set(ec2Regions)]).toEqual([REGION]);
    });
  });

  describe('review, then deploy the reviewed artifact (mode diff\'s cloud-assembly, given back to mode deploy)', () => {
    test('mode diff leaves the compared assembly with its review record, of the named stack only', () => {
      expect(reviewNamed.failures).toEqual([]);
      const directory = reviewNamed.outputs['cloud-assembly'];
      expect(directory.startsWith(process.env.RUNNER_TEMP!)).toBe(true);
      const record = JSON.parse(fs.readFileSync(path.join(directory, REVIEW_FILE), 'utf8'));
      expect(record).toMatchObject({ version: 1, region: REGION, app: `MOTO_NEIGHBOUR_TOPIC_NAME='Reviewed topic' ${APP}`, stacks: [{ stackName: NEIGHBOUR, templateFile: `${NEIGHBOUR}.template.json`, deployed: 'none' }] });
      expect(record.stacks[0].templateSha256).toMatch(/^[0-9a-f]{64}$/);
    });

    test('a template changed after the review is refused before any AWS change', () => {
      expect(deployTampered.failures).toEqual([expect.stringContaining(`the template of stack ${NEIGHBOUR} (${NEIGHBOUR}.template.json) is not the one reviewed`)]);
      expect(deployTampered.groups).toEqual([]);
    });

    test('the reviewed assembly deploys as it is: no synthesis, no app, the reviewed change lands', () => {
      // The neighbour holds no bastion: only the hand-back has nothing to hand back.
      expect(deployReviewed.failures).toEqual([expect.stringMatching(/^The stack deployed, but handing back the client configuration failed: No SsoClientVpnBastion outputs/)]);
      expect(deployReviewed.groups.slice(0, 2)).toEqual(['Read the reviewed cloud assembly', 'Deploy']);
      expect(deployReviewed.groups).not.toContain('Synthesize');
      expect(topicAfterReviewedDeploy).toBe('Reviewed topic');
    });

    test('an assembly reviewed before the stack changed is refused, and the stack stays as it is', () => {
      expect(deployStale.failures).toEqual([expect.stringMatching(new RegExp(`^Stack ${NEIGHBOUR} changed since the review \\(.*\\): .* Nothing was deployed\\. Run mode diff again`))]);
      expect(deployStale.groups).not.toContain('Deploy');
      expect(topicAfterStaleDeploy).toBe('Reviewed topic');
    });
  });

  test('diff-method: change-set goes through toolkit-lib\'s change-set diff; when that fails, the preview compares templates and says why', () => {
    // toolkit-lib first deletes any change set of its name, and moto's DeleteChangeSet fails on one that
    // does not exist, so here the change set fails for real: the fallback path is what moto can show.
    expect(changeSetPreview.failures).toEqual([]);
    expect(changeSetPreview.log).toContain('info: Hold on while we create a read-only change set to get a diff with accurate replacement information ' +
      '(use --method=template to use a less accurate but faster template-only diff)');
    expect(changeSetPreview.summaryText).toContain('Compared: the deployed and the synthesized templates, as `cdk diff` compares them (parameter and SSM values are not resolved): ' +
      'the change set failed (Could not create a change set');
    expect(changeSetPreview.summaryText).toMatch(/\| `Topic` \| `AWS::SNS::Topic` \| changed in place \(`DisplayName`\) \|/);
    expect(changeSetPreview.outputs['has-changes']).toBe('true');
  });

  describe('recovery from a stack left in REVIEW_IN_PROGRESS: deleted, then created, with both deployment methods', () => {
    const warning = `warning: Stack ${NEIGHBOUR} is REVIEW_IN_PROGRESS (a change set that created it was never executed, and nothing of it exists): it is deleted and created again.`;

    test('deployment-method: direct (CreateStack would fail with AlreadyExistsException)', () => {
      expect(reviewBefore).toBe('REVIEW_IN_PROGRESS');
      expect(recoverDirect.failures).toEqual([]);
      expect(recoverDirect.groups).toEqual(['Synthesize', `Delete the empty stack ${NEIGHBOUR}`, 'Deploy', 'Export the client configuration']);
      expect(recoverDirect.log).toContain(warning);
      expect(afterRecoverDirect).toBe('CREATE_COMPLETE');
    });

    test('deployment-method: change-set', () => {
      // Deployed; the neighbour holds no bastion, so only the hand-back has nothing to hand back.
      expect(recoverChangeSet.failures).toEqual([expect.stringMatching(/^The stack deployed, but handing back the client configuration failed: No SsoClientVpnBastion outputs/)]);
      expect(recoverChangeSet.groups).toContain(`Delete the empty stack ${NEIGHBOUR}`);
      expect(recoverChangeSet.log).toContain(warning);
      expect(afterRecoverChangeSet).toBe('CREATE_COMPLETE');
    });

    test('destroy deletes it', () => {
      expect(destroyReview.failures).toEqual([]);
      expect(afterDestroyReview).toBeUndefined();
    });
  });
});
