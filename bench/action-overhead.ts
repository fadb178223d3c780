/**
 * Bench 3: the GitHub Action's own overhead in synth mode: wall time and
 * peak memory of `node action/dist/index.js` with INPUT_MODE=synth. The
 * action lives in action/ (built on another branch); without its bundle this
 * prints that it skipped, and does not fail.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');

function temporaryFile(name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-action-')), name);
  fs.writeFileSync(file, '');
  return file;
}
const bundle = path.join(root, 'action', 'dist', 'index.js');

console.log('Bench 3: the action\'s overhead in synth mode');
if (!fs.existsSync(bundle)) {
  console.log(`  skipped: action not built (${path.relative(root, bundle)} does not exist)`);
  process.exit(0);
}

// The article's setup, as the offline try command has it.
const env = {
  ...process.env,
  'GITHUB_WORKSPACE': root,
  'INPUT_MODE': 'synth',
  'INPUT_AWS-REGION': 'ap-northeast-1',
  'INPUT_SAML-METADATA-FILE': 'examples/identity-center-metadata.xml',
  'INPUT_GROUP-IDS': '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21',
  // Where a runner collects the step's outputs and summary.
  'GITHUB_STEP_SUMMARY': temporaryFile('summary.md'),
  'GITHUB_OUTPUT': temporaryFile('output'),
};
const gnuTime = '/usr/bin/time';
const start = process.hrtime.bigint();
let peakKb: number | undefined;
let status: number | null;
if (fs.existsSync(gnuTime)) {
  // GNU time reports the child's maximum resident set size.
  const run = spawnSync(gnuTime, ['-v', process.execPath, bundle], { cwd: root, env, encoding: 'utf8' });
  status = run.status;
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  peakKb = match ? Number(match[1]) : undefined;
} else {
  // Without GNU time: the child reports its own peak resident set size as it exits.
  const wrapper = `process.on('exit', () => console.error('MAXRSS_KB=' + process.resourceUsage().maxRSS)); require(${JSON.stringify(bundle)});`;
  const run = spawnSync(process.execPath, ['-e', wrapper], { cwd: root, env, encoding: 'utf8' });
  status = run.status;
  const match = /MAXRSS_KB=(\d+)/.exec(run.stderr);
  peakKb = match ? Number(match[1]) : undefined;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(`  wall time: ${(ms / 1000).toFixed(2)} s; peak memory: ${peakKb === undefined ? 'unknown' : `${(peakKb / 1024).toFixed(0)} MiB`}; exit status ${status}`);
if (status !== 0) {
  console.log('  the action failed: the figures above do not measure a synthesis');
  process.exitCode = 1;
}

/*
 * The action against the CDK CLI, both measured here in one run: synth mode
 * with AWS_REGION set (as it is after configure-aws-credentials) against
 * `npx cdk synth` of the same construct, the same props and the same region.
 * Target: at most 1.0x (the action should cost nothing over the CLI). Prints
 * the figures; never fails on them.
 */
const ROUNDS = 5;
const CLI_TARGET = 1.0;
const library = path.join(root, 'lib', 'index.js');
console.log('Bench 3b: the action\'s synth mode against `npx cdk synth` of the same construct, AWS_REGION set');
if (!fs.existsSync(library)) {
  console.log(`  skipped: the library is not compiled (${path.relative(root, library)} does not exist; run npx projen compile)`);
} else {
  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-app-'));
  // The action's own app as a plain CDK app: one stack in the region, the construct with the article's inputs.
  fs.writeFileSync(path.join(appDir, 'app.js'), [
    `const { App, Stack } = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});`,
    `const iam = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-iam'))});`,
    `const { SsoClientVpnBastion } = require(${JSON.stringify(library)});`,
    'const app = new App();',
    'const stack = new Stack(app, \'SsoClientVpnBastion\', { env: { region: process.env.CDK_DEFAULT_REGION } });',
    'new SsoClientVpnBastion(stack, \'Bastion\', {',
    `  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(require('fs').readFileSync(${JSON.stringify(path.join(root, 'examples', 'identity-center-metadata.xml'))}, 'utf8')),`,
    '  authorizedGroupIds: [\'9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21\'],',
    '});',
    'app.synth();',
  ].join('\n'));
  const regionEnv = { ...process.env, AWS_REGION: 'ap-northeast-1', AWS_EC2_METADATA_DISABLED: 'true' };
  const timed = (run: () => { status: number | null }) => {
    const begin = process.hrtime.bigint();
    const result = run();
    return { ms: Number(process.hrtime.bigint() - begin) / 1e6, status: result.status };
  };
  const actionRun = () => timed(() => spawnSync(process.execPath, [bundle], {
    cwd: root,
    env: { ...env, ...regionEnv, 'INPUT_AWS-REGION': '', 'GITHUB_STEP_SUMMARY': temporaryFile('summary.md'), 'GITHUB_OUTPUT': temporaryFile('output') },
    encoding: 'utf8',
  }));
  // From the repository, whose node_modules has the CLI (npx elsewhere would fetch a package named cdk).
  const cliRun = () => timed(() => spawnSync('npx', ['cdk', 'synth', '--app', `node ${path.join(appDir, 'app.js')}`, '--output', fs.mkdtempSync(path.join(appDir, 'cdk.out-')), '--quiet'], {
    cwd: root, env: regionEnv, encoding: 'utf8',
  }));
  // One warm-up each (disk cache), then alternate so that drift hits both alike.
  actionRun();
  cliRun();
  const actionMs: number[] = [];
  const cliMs: number[] = [];
  let failed = false;
  for (let i = 0; i < ROUNDS; i++) {
    const a = actionRun();
    const c = cliRun();
    failed ||= a.status !== 0 || c.status !== 0;
    actionMs.push(a.ms);
    cliMs.push(c.ms);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(actionMs) / median(cliMs);
  console.log(`  action, synth mode (node action/dist/index.js): median ${(median(actionMs) / 1000).toFixed(2)} s of ${ROUNDS}`);
  console.log(`  npx cdk synth of the same construct:            median ${(median(cliMs) / 1000).toFixed(2)} s of ${ROUNDS}`);
  console.log(`  ratio: ${ratio.toFixed(2)}x (target: at most ${CLI_TARGET.toFixed(1)}x) ${ratio <= CLI_TARGET ? 'met' : 'NOT met'}`);
  if (failed) {
    console.log('  a run failed: the figures above do not measure a synthesis');
    process.exitCode = 1;
  }
}
