/**
 * Bench 3: the GitHub Action's own overhead in synth mode: wall time and
 * peak memory of `node action/dist/index.js` with INPUT_MODE=synth. The
 * action lives in action/ (built on another branch); without its bundle this
 * prints that it skipped, and does not fail.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'action', 'dist', 'index.js');

console.log('Bench 3: the action\'s overhead in synth mode');
if (!fs.existsSync(bundle)) {
  console.log(`  skipped: action not built (${path.relative(root, bundle)} does not exist)`);
  process.exit(0);
}

const env = { ...process.env, INPUT_MODE: 'synth', GITHUB_STEP_SUMMARY: '', GITHUB_OUTPUT: '' };
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
