/**
 * Bench 1: synth time of the construct's example app against the same
 * architecture composed by hand from the L2s, in one run, as a ratio.
 * Target: at most 1.2x. Prints figures; never fails on them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createHandWrittenStack } from './hand-written';
import { createArticleStack } from '../examples/article';

const ROUNDS = 15;
const TARGET = 1.2;

function timeSynth(build: (app: App) => unknown): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  build(app);
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One warm-up each (module loading, JIT), then alternate so drift hits both alike.
timeSynth(createArticleStack);
timeSynth(createHandWrittenStack);
const construct: number[] = [];
const handWritten: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  construct.push(timeSynth(createArticleStack));
  handWritten.push(timeSynth(createHandWrittenStack));
}
const ratio = median(construct) / median(handWritten);
console.log('Bench 1: synth time, example app vs hand-written L2 composition');
console.log(`  construct (examples/article.ts): median ${median(construct).toFixed(0)} ms of ${ROUNDS}`);
console.log(`  hand-written (bench/hand-written.ts): median ${median(handWritten).toFixed(0)} ms of ${ROUNDS}`);
console.log(`  ratio: ${ratio.toFixed(2)}x (target <= ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
