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
