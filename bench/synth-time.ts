/**
 * Bench 1: synth time of the construct's example app against the same
 * resources composed by hand from aws-cdk-lib's L1s and L2s
 * (bench/hand-written.ts), in one run, as a ratio. Both sides make the same
 * resources, type by type and count by count: the bench prints both counts
 * and any type whose counts differ. Then where the construct's synth time
 * goes, from a CPU profile (bench/synth-profile.ts).
 * Target: at most 1.2x. Prints figures; never fails on them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { createHandWrittenStack, PIN_HANDLER_SOURCE } from './hand-written';
import { formatProfile, profileSynths } from './synth-profile';
import { createArticleStack } from '../examples/article';

const ROUNDS = 15;
const TARGET = 1.2;

type Build = (app: App) => Stack;

interface Timing {
  /** new App() and the stack's constructors. */
  readonly construction: number;
  /** app.synth(). */
  readonly synth: number;
  readonly total: number;
}

function timeSynth(build: Build): Timing {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  build(app);
  const built = process.hrtime.bigint();
  app.synth();
  const end = process.hrtime.bigint();
  fs.rmSync(outdir, { recursive: true, force: true });
  const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
  return { construction: ms(start, built), synth: ms(built, end), total: ms(start, end) };
}

interface Counts {
  readonly resources: number;
  readonly outputs: number;
  readonly byType: Map<string, number>;
}

function countResources(build: Build): Counts {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const app = new App({ outdir });
    const stack = build(app);
    const template = app.synth().getStackArtifact(stack.artifactId).template as {
      Resources?: Record<string, { Type: string }>;
      Outputs?: Record<string, unknown>;
    };
    const resources = Object.values(template.Resources ?? {});
    const byType = new Map<string, number>();
    for (const resource of resources) {
      byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
    }
    return { resources: resources.length, outputs: Object.keys(template.Outputs ?? {}).length, byType };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const constructCounts = countResources(createArticleStack);
const handCounts = countResources(createHandWrittenStack);
const types = [...new Set([...constructCounts.byType.keys(), ...handCounts.byType.keys()])].sort();
const mismatches = types.filter((type) => constructCounts.byType.get(type) !== handCounts.byType.get(type));

// One warm-up each (module loading, JIT), then alternate so drift hits both alike.
timeSynth(createArticleStack);
timeSynth(createHandWrittenStack);
const construct: Timing[] = [];
const handWritten: Timing[] = [];
for (let i = 0; i < ROUNDS; i++) {
  construct.push(timeSynth(createArticleStack));
  handWritten.push(timeSynth(createHandWrittenStack));
}
const medianOf = (timings: Timing[], key: keyof Timing) => median(timings.map((t) => t[key]));
const describe = (timings: Timing[]) => `median ${medianOf(timings, 'total').toFixed(0)} ms of ${ROUNDS} `
  + `(construction ${medianOf(timings, 'construction').toFixed(0)} ms + app.synth() ${medianOf(timings, 'synth').toFixed(0)} ms)`;
const countsOf = (counts: Counts) => `${counts.resources} resources of ${counts.byType.size} types, ${counts.outputs} outputs`;
const ratio = medianOf(construct, 'total') / medianOf(handWritten, 'total');

console.log('Bench 1: synth time, example app vs the same resources composed by hand (aws-cdk-lib L1s and L2s)');
console.log(`  construct (examples/article.ts): ${countsOf(constructCounts)}`);
console.log(`  hand-written (bench/hand-written.ts): ${countsOf(handCounts)}; its pin function's code: ${PIN_HANDLER_SOURCE}`);
if (mismatches.length === 0 && constructCounts.outputs === handCounts.outputs) {
  console.log('  like for like: the same count of every resource type, and as many outputs');
} else {
  console.log(`  NOT like for like: ${mismatches.length} resource types differ in count (construct vs hand-written), outputs ${constructCounts.outputs} vs ${handCounts.outputs}`);
  for (const type of mismatches) {
    console.log(`    ${type}: ${constructCounts.byType.get(type) ?? 0} vs ${handCounts.byType.get(type) ?? 0}`);
  }
}
console.log(`  construct: ${describe(construct)}`);
console.log(`  hand-written: ${describe(handWritten)}`);
console.log(`  ratio: ${ratio.toFixed(2)}x (target <= ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'}); `
  + `construction ${(medianOf(construct, 'construction') / medianOf(handWritten, 'construction')).toFixed(2)}x, `
  + `app.synth() ${(medianOf(construct, 'synth') / medianOf(handWritten, 'synth')).toFixed(2)}x`);

console.log('Where the time goes (the construct\'s synth, against the hand-written one\'s):');
try {
  const profiles = profileSynths();
  for (const line of formatProfile(profiles.construct, profiles.handWritten)) {
    console.log(line);
  }
} catch (error) {
  console.log(`  profiling failed, no breakdown this run (the figures above stand): ${error instanceof Error ? error.message : String(error)}`);
}
