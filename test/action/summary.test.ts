import * as fs from 'fs';
import * as os from 'os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { GROUP_ID, METADATA_SOURCE, RecordingCore, asMode, createInputs, createWorkspace, federatedExport } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import type { BastionAppOptions } from '../../action/src/bastion-app';
import { StackStillChangingError } from '../../action/src/cdk-runner';
import type { CdkRunner, DeployedStack, SynthesizedStack } from '../../action/src/cdk-runner';
import type { Dependencies } from '../../action/src/dependencies';
import { readInputs } from '../../action/src/inputs';
import { run } from '../../action/src/main';
import { toolkitRunnerFactory } from '../../action/src/production';
import { CostEstimate } from '../../src/cost/estimate';
import { Schedule } from '../../src/schedule/on-hours';

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');
const REGION = 'ap-northeast-1';
const ENDPOINT_ID = 'cvpn-endpoint-0123456789abcdef0';

const ec2 = mockClient(EC2Client);
const cloudFormation = mockClient(CloudFormationClient);

beforeEach(() => {
  ec2.reset();
  cloudFormation.reset();
});

/** The action's own stack for these inputs, synthesized in the test (a second synthesis, to check the run's figures against). */
function ownTemplate(inputs: Record<string, string>, overrides?: BastionAppOptions['overrides']): SynthesizedStack {
  const app = new App();
  const options = { inputs: asMode('synth', readInputs(createInputs({ mode: 'synth', ...inputs }), { GITHUB_WORKSPACE: '/tmp' })), samlMetadataXml: metadata, provenance: {} };
  const stack = addBastionStack(app, { ...options, overrides });
  const artifact = app.synth().getStackByName(stack.stackName);
  return { stackName: stack.stackName, region: artifact.environment.region, templateFile: artifact.templateFullPath, template: artifact.template };
}

const monthly = (stack: SynthesizedStack, region = REGION) => CostEstimate.fromTemplate(stack.template, { region }).monthlyTotal;

interface Run {
  core: RecordingCore;
  synths: number;
}

/** run() with the given runner behind createRunner; the runner's synth() calls are counted. */
async function runWith(inputs: Record<string, string>, runner: (inputs: Parameters<Dependencies['createRunner']>) => CdkRunner, overrides: Partial<Dependencies> = {}): Promise<Run> {
  const workspace = createWorkspace();
  const core = new RecordingCore(createInputs(inputs));
  const result: Run = { core, synths: 0 };
  await run({
    core,
    env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: fs.mkdtempSync(`${os.tmpdir()}/runner-temp-`) },
    provenance: {},
    createRunner: (...args) => {
      const inner = runner(args);
      return {
        synth: () => {
          result.synths += 1;
          return inner.synth();
        },
        deploy: (names) => inner.deploy(names),
        destroy: (names) => inner.destroy(names),
      };
    },
    ec2: () => new EC2Client({ region: REGION }),
    cloudFormation: () => new CloudFormationClient({ region: REGION }),
    lambda: () => new LambdaClient({ region: REGION }),
    fetchText: async () => metadata,
    ...overrides,
  });
  return result;
}

/** mode: synth of the action's own app, through the production runner (the one synthesis of the run). */
const synthOwnApp = (inputs: Record<string, string>) => runWith({ mode: 'synth', ...inputs }, (args) => toolkitRunnerFactory({})(...args));

/** The rows of the first Markdown table under a heading, as cells. */
function tableAfter(markdown: string, heading: RegExp): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => heading.test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(lines.findIndex((l, i) => i > start && l.startsWith('|')))) {
    if (!line.startsWith('|')) {
      break;
    }
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows.slice(2);
}

const settings = (markdown: string) => Object.fromEntries(tableAfter(markdown, /^#+ Settings in effect/).map(([setting, ...rest]) => [setting, rest]));
const cheaper = (markdown: string) => tableAfter(markdown, /^#+ Cheaper setups/);
const money = (n: number) => `$${n.toFixed(2)}`;

describe('synth: the settings in effect, read from the one synthesized template', () => {
  test('the article\'s inputs: each setting, with the input that sets it', async () => {
    const { core, synths } = await synthOwnApp({});
    expect(core.failures).toEqual([]);
    expect(synths).toBe(1);
    expect(settings(core.summaryText)).toEqual({
      'Region': ['`ap-northeast-1`', '`aws-region`'],
      'VPC CIDR': ['`172.25.0.0/16`', '`vpc-cidr`'],
      'Client CIDR': ['`172.26.0.0/22`', '`client-cidr`'],
      'Tunnel': ['full: all traffic goes through the VPN, and reaches the internet from the NAT gateway\'s fixed IP', '`split-tunnel`'],
      'Server certificate': ['self-signed: made by the stack and imported into ACM (the `.ovpn` carries its CA)', '`certificate-arn`, or `domain-name` + `hosted-zone-id`'],
      'Authorized groups': [`IDs \`${GROUP_ID}\``, '`group-ids`, `group-names`'],
      'Server instance type': ['`t3.micro`', '`instance-type`'],
      'Schedule': ['always on', '`business-hours-time-zone`'],
    });
  });

  test('other inputs: their values as the template holds them, group names beside IDs, business hours in their zone', async () => {
    const arn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d';
    const { core } = await synthOwnApp({
      'vpc-cidr': '10.1.0.0/16',
      'client-cidr': '10.200.0.0/22',
      'split-tunnel': 'true',
      'certificate-arn': arn,
      'group-names': 'Admins\nDevs',
      'business-hours-time-zone': 'Europe/Berlin',
    });
    const rows = settings(core.summaryText);
    expect(rows['VPC CIDR'][0]).toBe('`10.1.0.0/16`');
    expect(rows['Client CIDR'][0]).toBe('`10.200.0.0/22`');
    expect(rows.Tunnel[0]).toBe('split: only traffic to the VPC goes through the VPN; the rest leaves from each device\'s own connection');
    expect(rows['Server certificate'][0]).toBe(`existing ACM certificate \`${arn}\``);
    expect(rows['Authorized groups'][0]).toBe(`IDs \`${GROUP_ID}\`; names \`Admins\`, \`Devs\` (their IDs are looked up in IAM Identity Center when deployed)`);
    expect(rows.Schedule[0]).toBe('business hours in `Europe/Berlin`: on from 09:00 to 19:00 on weekdays, off outside (50 hours a week)');
    // In the inputs' words: no construct API name anywhere in the summary.
    expect(core.summaryText).not.toMatch(/Schedule\.|businessHours|NatGateways|splitTunnel|authorizedGroup/);
  });

  test('a DNS-validated certificate: its domain and hosted zone; without aws-region, no region', async () => {
    const { core } = await synthOwnApp({ 'aws-region': '', 'domain-name': 'vpn.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' });
    const rows = settings(core.summaryText);
    expect(rows['Server certificate'][0]).toBe('DNS-validated: a new ACM certificate for `vpn.example.com`, validated in hosted zone `Z0123456789ABCDEFGHIJ`');
    expect(rows.Region[0]).toBe('none (`aws-region` is empty: the stack is region-agnostic)');
  });

  test('a user\'s app: the settings of its templates, without inputs; what a stack does not hold is "not in this stack"', async () => {
    const bastion = ownTemplate({}, { schedule: Schedule.onDemand() });
    const app = new App();
    const queues = new Stack(app, 'Queues', { env: { region: REGION } });
    new sqs.Queue(queues, 'Queue');
    const queueArtifact = app.synth().getStackByName('Queues');
    const stacks: SynthesizedStack[] = [bastion, { stackName: 'Queues', region: REGION, templateFile: queueArtifact.templateFullPath, template: queueArtifact.template }];
    const { core, synths } = await runWith({ 'mode': 'synth', 'app': 'node app.js', 'stack-name': 'SsoClientVpnBastion\nQueues' }, () => ({
      synth: async () => stacks,
      deploy: async () => [],
      destroy: async () => [],
    }));
    expect(core.failures).toEqual([]);
    expect(synths).toBe(1);
    const [bastionPart, queuePart] = core.summaryText.split('### Queues');
    expect(bastionPart).toContain('| setting | value |\n|---|---|');
    expect(settings(bastionPart).Schedule).toEqual([expect.stringMatching(/^on demand: off until switched on \(`mode: switch-on`\), and off again when idle/)]);
    expect(settings(bastionPart)['VPC CIDR']).toEqual(['`172.25.0.0/16`']);
    const queueSettings = settings(queuePart);
    expect(queueSettings.Region).toEqual([`\`${REGION}\``]);
    for (const setting of ['VPC CIDR', 'Client CIDR', 'Tunnel', 'Server certificate', 'Authorized groups', 'Server instance type', 'Schedule']) {
      expect(queueSettings[setting]).toEqual(['not in this stack']);
    }
    // The inputs do not reach a user's app: no table of cheaper setups by input.
    expect(core.summaryText).not.toContain('Cheaper setups\n');
    expect(core.summaryText).toContain('Cheaper setups: your `app` sets the construct\'s props, not the action\'s inputs');
  });
});

describe('synth: the fixed cost and the cheaper setups the inputs reach, from the same template', () => {
  test('the article\'s inputs: a schedule, named by its input, at the price a synthesis with that input has; split-tunnel is no saving', async () => {
    const { core, synths } = await synthOwnApp({});
    expect(synths).toBe(1);
    const base = monthly(ownTemplate({}));
    const scheduled = monthly(ownTemplate({ 'business-hours-time-zone': 'Asia/Tokyo' }));
    expect(cheaper(core.summaryText)).toEqual([
      ['as configured (full tunnel, always on)', money(base)],
      ['`business-hours-time-zone: Asia/Tokyo` (or your own IANA time zone): on from 9 to 19 on weekdays, 50 hours a week; `mode: switch-on` turns it on outside them',
        `${money(scheduled)} (${Math.round((scheduled / base) * 100)}%)`],
    ]);
    expect(core.summaryText).toContain('`split-tunnel: true` leaves the fixed cost as it is: the NAT gateway and its Elastic IP stay (no input removes them).');
    // No input removes the NAT gateways: that setup is not offered.
    expect(core.summaryText).not.toMatch(/without NAT/i);
  });

  test('split-tunnel: true already: the price as configured is the split tunnel\'s, and nothing claims split tunnel is cheaper', async () => {
    const { core } = await synthOwnApp({ 'split-tunnel': 'true' });
    const base = monthly(ownTemplate({ 'split-tunnel': 'true' }));
    const rows = cheaper(core.summaryText);
    expect(rows[0]).toEqual(['as configured (split tunnel, always on)', money(base)]);
    expect(rows.slice(1).map(([label]) => label)).toEqual([expect.stringMatching(/^`business-hours-time-zone: Asia\/Tokyo`/)]);
    expect(core.summaryText).not.toContain('`split-tunnel: true` leaves');
    expect(core.summaryText).not.toMatch(/without NAT/i);
    expect(core.summaryText).toMatch(new RegExp(`Fixed cost: \\${money(base)} a month`));
  });

  test('on a schedule with the default server already: no input makes it cheaper, and the summary says so', async () => {
    const { core } = await synthOwnApp({ 'business-hours-time-zone': 'Asia/Tokyo' });
    expect(cheaper(core.summaryText)).toEqual([['as configured (full tunnel, scheduled)', money(monthly(ownTemplate({ 'business-hours-time-zone': 'Asia/Tokyo' })))]]);
    expect(core.summaryText).toContain('No input makes this setup cheaper.');
  });

  test('a larger server: instance-type back to the default, and both inputs together; without aws-region, us-east-1 prices and a zone there', async () => {
    const { core, synths } = await synthOwnApp({ 'aws-region': '', 'instance-type': 't3.small' });
    expect(synths).toBe(1);
    const usEast = (inputs: Record<string, string>) => monthly(ownTemplate({ 'aws-region': '', ...inputs }), 'us-east-1');
    const base = usEast({ 'instance-type': 't3.small' });
    const rows = cheaper(core.summaryText);
    expect(rows.map(([, cost]) => cost)).toEqual([
      money(base),
      expect.stringContaining(money(usEast({ 'instance-type': 't3.small', 'business-hours-time-zone': 'America/New_York' }))),
      expect.stringContaining(money(usEast({}))),
      expect.stringContaining(money(usEast({ 'business-hours-time-zone': 'America/New_York' }))),
    ]);
    expect(rows.map(([label]) => label)).toEqual([
      'as configured (full tunnel, always on)',
      expect.stringMatching(/^`business-hours-time-zone: America\/New_York`/),
      '`instance-type: t3.micro`: the default server',
      expect.stringMatching(/^all of these: `business-hours-time-zone: America\/New_York` .* and `instance-type: t3.micro`$/),
    ]);
  });
});

describe('synth: the next step', () => {
  test('preview with mode: diff, then deploy with credentials in a bootstrapped region, and the docs', async () => {
    const { core } = await synthOwnApp({});
    const next = core.summaryText.slice(core.summaryText.indexOf('### Next steps'));
    expect(next).toContain('Nothing was deployed and no AWS call was made.');
    expect(next).toContain('`aws-actions/configure-aws-credentials`');
    expect(next).toContain('`mode: diff`');
    expect(next).toContain('`mode: deploy`');
    expect(next).toContain('`npx cdk bootstrap aws://ACCOUNT/ap-northeast-1`');
    expect(next).toContain('[docs/action.md](https://github.com/sso-client-vpn-bastion/sso-client-vpn-bastion/blob/main/docs/action.md)');
  });

  test('without a region, the next step asks for one', async () => {
    const { core } = await synthOwnApp({ 'aws-region': '' });
    const next = core.summaryText.slice(core.summaryText.indexOf('### Next steps'));
    expect(next).toContain('and a region (`aws-region`');
    expect(next).toContain('`npx cdk bootstrap aws://ACCOUNT/REGION`');
  });
});

const OUTPUTS = {
  BastionEndpointIdC1596275: ENDPOINT_ID,
  BastionServerPrivateIpC008B8AB: '172.25.1.10',
  BastionEgressIps201CCA24: '203.0.113.7',
  BastionServerInstanceId4D6B07A8: 'i-0123456789abcdef0',
  BastionSshCommand1AC10DDA: `aws ec2-instance-connect ssh --region ${REGION} --instance-id i-0123456789abcdef0 --os-user ec2-user --connection-type direct`,
};
const stackDoesNotExist = () => cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id SsoClientVpnBastion does not exist'), { name: 'ValidationError' }));

describe('deploy: the settings and the cheaper setups beside what was deployed', () => {
  test('from the template the deploy synthesized, once', async () => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, REGION, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----') });
    const synthesized = ownTemplate({ 'split-tunnel': 'true', 'group-names': 'Admins' });
    const { core, synths } = await runWith({ 'split-tunnel': 'true', 'group-names': 'Admins' }, () => ({
      synth: async () => [synthesized],
      deploy: async (): Promise<DeployedStack[]> => [{ stackName: 'SsoClientVpnBastion', outputs: OUTPUTS }],
      destroy: async () => [],
    }));
    expect(core.failures).toEqual([]);
    expect(synths).toBe(1);
    const rows = settings(core.summaryText);
    expect(rows.Region).toEqual([`\`${REGION}\``, '`aws-region`']);
    expect(rows.Tunnel[0]).toMatch(/^split: /);
    expect(rows['Authorized groups'][0]).toBe(`IDs \`${GROUP_ID}\`; names \`Admins\` (their IDs are looked up in IAM Identity Center when deployed)`);
    expect(cheaper(core.summaryText)[0]).toEqual(['as configured (split tunnel, always on)', money(monthly(synthesized))]);
    const text = core.summaryText;
    expect(text.indexOf('## Client VPN bastion deployed')).toBeLessThan(text.indexOf('### Settings in effect'));
    expect(text.indexOf('### Settings in effect')).toBeLessThan(text.indexOf('### Fixed cost'));
    expect(text.indexOf('#### Cheaper setups')).toBeLessThan(text.indexOf('### Connect'));
  });
});

describe('a failed run: a summary of what failed and where to look, and the step still fails with its own message', () => {
  test('a deploy that fails: the mode, the stack and region, the log group, the first line, and the CloudFormation console', async () => {
    stackDoesNotExist();
    const { core } = await runWith({}, () => ({
      synth: async () => [ownTemplate({})],
      deploy: async () => {
        throw Object.assign(new Error('❌  SsoClientVpnBastion failed: DeploymentError: The stack named SsoClientVpnBastion failed creation\nsecond line'), { name: 'DeploymentError' });
      },
      destroy: async () => [],
    }));
    expect(core.failures).toEqual(['SsoClientVpnBastion failed: DeploymentError: The stack named SsoClientVpnBastion failed creation\nsecond line']);
    const text = core.summaryText.slice(core.summaryText.indexOf('## Client VPN bastion: mode deploy failed'));
    expect(text).toContain('| Mode | `deploy` |');
    expect(text).toContain(`| Stack | \`SsoClientVpnBastion\` (${REGION}) |`);
    expect(text).toContain('| Failed in | the log group `Deploy` |');
    expect(text).toContain('```text\nSsoClientVpnBastion failed: DeploymentError: The stack named SsoClientVpnBastion failed creation\n```');
    expect(text).not.toContain('second line');
    expect(text).toContain('(1 more line)');
    expect(text).toContain(`(https://${REGION}.console.aws.amazon.com/cloudformation/home?region=${REGION}#/stacks?filteringText=SsoClientVpnBastion)`);
    expect(text).toContain('[docs/action.md](https://github.com/sso-client-vpn-bastion/sso-client-vpn-bastion/blob/main/docs/action.md)');
  });

  test('inputs refused before any mode ran: no mode, no stack, no console; the input to fix', async () => {
    const { core } = await runWith({ mode: 'apply' }, () => {
      throw new Error('no runner for refused inputs');
    });
    expect(core.failures).toEqual(['Input mode "apply" is not one of: deploy, diff, destroy, synth, switch-on.']);
    expect(core.summaryText).toContain('## Client VPN bastion: failed');
    expect(core.summaryText).toContain('| Mode | not known: the inputs were refused before any mode ran |');
    expect(core.summaryText).toContain('```text\nInput mode "apply" is not one of: deploy, diff, destroy, synth, switch-on.\n```');
    expect(core.summaryText).toContain('The input the message names');
    expect(core.summaryText).not.toContain('console.aws.amazon.com');
  });

  test('a synth that fails points at the log, not at CloudFormation, where nothing happened', async () => {
    const { core } = await runWith({ mode: 'synth' }, () => ({
      synth: async () => {
        throw new Error('The synthesis of the action\'s own app found errors: x');
      },
      deploy: async () => [],
      destroy: async () => [],
    }));
    expect(core.failures).toEqual(['The synthesis of the action\'s own app found errors: x']);
    expect(core.summaryText).toContain('## Client VPN bastion: mode synth failed');
    expect(core.summaryText).toContain('| Failed in | the log group `Synthesize` |');
    expect(core.summaryText).not.toContain('console.aws.amazon.com');
  });

  test('Markdown in the message stays text', async () => {
    const { core } = await runWith({ mode: 'synth' }, () => ({
      synth: async () => {
        throw new Error('```\n');
      },
      deploy: async () => [],
      destroy: async () => [],
    }));
    expect(core.summaryText).toContain('````text\n```\n````');
  });

  test('a summary that cannot be written hides nothing: the step fails with the original message, and a timed-out destroy still ends the process', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'SsoClientVpnBastion', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    const exits: number[] = [];
    const core = new RecordingCore(createInputs({ mode: 'destroy' }));
    Object.assign(core, {
      summary: {
        addRaw: () => ({
          write: async () => {
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
          },
        }),
      },
    });
    const timedOut = new StackStillChangingError('destroy', 30, ['SsoClientVpnBastion']);
    await run({
      core,
      env: { GITHUB_WORKSPACE: createWorkspace() },
      provenance: {},
      exit: (code) => exits.push(code),
      createRunner: () => ({
        synth: async () => [{ stackName: 'SsoClientVpnBastion', region: REGION, templateFile: '/tmp/t.json', template: {} }],
        deploy: async () => [],
        destroy: async () => {
          throw timedOut;
        },
      }),
      ec2: () => new EC2Client({ region: REGION }),
      cloudFormation: () => new CloudFormationClient({ region: REGION }),
      lambda: () => new LambdaClient({ region: REGION }),
      fetchText: async () => metadata,
    });
    expect(core.failures).toEqual([timedOut.message]);
    expect(core.log).toContain('warning: Writing the job summary of the failure failed: Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    expect(exits).toEqual([1]);
  });
});
