import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GROUP_ID, createWorkspace } from './fixtures';

/**
 * The action's entry point (action/src/index.ts) in a process of its own, as
 * the run step starts it: what reaches the log, and how the process ends.
 * Offline: synth mode needs no credentials.
 */
const ROOT = path.join(__dirname, '..', '..');

function runEntry(script: string, inputs: Record<string, string>, timeoutMs = 120_000) {
  const workspace = createWorkspace();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-')),
    TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'),
    TS_NODE_TRANSPILE_ONLY: 'true',
  };
  const summary = path.join(env.RUNNER_TEMP!, 'summary.md');
  fs.writeFileSync(summary, '');
  env.GITHUB_STEP_SUMMARY = summary;
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register'), script], { cwd: workspace, env, encoding: 'utf8', timeout: timeoutMs });
  const log = `${result.stdout}${result.stderr}`.split('\n').filter((line) => !line.startsWith('::debug::')).join('\n');
  return { status: result.status, log, summary: fs.readFileSync(summary, 'utf8'), seconds: (Date.now() - started) / 1000, runnerTemp: env.RUNNER_TEMP! };
}

const synthInputs = { 'mode': 'synth', 'saml-metadata-file': 'identity-center-metadata.xml', 'group-ids': GROUP_ID };
const ENTRY = path.join(ROOT, 'action', 'src', 'index.ts');

describe('a synth error of the action\'s own app', () => {
  test.each([
    ['vpc-cidr', '10.0.0.0/33', 'Input vpc-cidr "10.0.0.0/33" is invalid: its prefix length is above 32.'],
    ['vpc-cidr', 'banana', 'Input vpc-cidr "banana" is invalid:'],
    ['client-cidr', '172.26.0.0/24', 'Input client-cidr "172.26.0.0/24" is invalid: Client VPN needs a prefix length between /12 and /22.'],
  ])('%s %s ends with one error that names the input, and no crash', (input, value, expected) => {
    const run = runEntry(ENTRY, { ...synthInputs, [input]: value });
    expect(run.status).toBe(1);
    const errors = run.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
    expect(errors[0]).not.toMatch(/vpcCidr|clientCidr|Assembly builder failed/);
    expect(run.log).not.toMatch(/ENOENT|    at /);
  }, 120_000);
});

describe('synth without aws-region', () => {
  test('estimates the cost in the documented default region and says so', () => {
    const run = runEntry(ENTRY, synthInputs);
    expect(run.status).toBe(0);
    expect(run.summary).not.toContain('unknown-region');
    expect(run.summary).toMatch(/### Fixed cost: \$\d+\.\d{2} a month/);
    expect(run.summary).toContain('No aws-region given: the estimate uses us-east-1 prices');
    expect(run.summary).toContain('#### Cheaper setups');
    // The cloud assembly goes to the runner's temp folder, which the runner empties after the job, not to /tmp.
    const templateFile = /template (\S+\.template\.json)/.exec(run.log)?.[1];
    expect(templateFile?.startsWith(`${run.runnerTemp}${path.sep}`)).toBe(true);
  }, 120_000);
});

describe('timeout-minutes', () => {
  test('ends the process soon after the time is up, while the toolkit still polls, with what to do', () => {
    const run = runEntry(path.join(__dirname, 'hanging-deploy.ts'), { 'mode': 'deploy', 'aws-region': 'ap-northeast-1', 'app': 'node app.js', 'timeout-minutes': '30' }, 30_000);
    expect(run.status).toBe(1);
    expect(run.seconds).toBeLessThan(30);
    const errors = run.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringContaining('The deploy did not finish within 30 minutes (timeout-minutes): stack SsoClientVpnBastion is still changing')]);
    expect(errors[0]).toContain('CloudFormation console');
    expect(errors[0]).toContain('run the workflow again');
    expect(run.log).toContain('still polling');
  }, 60_000);
});
