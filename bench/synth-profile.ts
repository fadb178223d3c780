/**
 * "Where the time goes" for bench 1: one CPU profile of both sides' synths.
 *
 * profileSynths() spawns a child node with --cpu-prof running this file: the
 * child loads the example app and bench/hand-written.ts, synthesizes each a
 * few times to warm up, then synthesizes them PROFILE_ROUNDS times more,
 * alternating, and writes when each round began, finished constructing and
 * finished app.synth() (process.hrtime, the clock of the profile's
 * timestamps). The parent reads the .cpuprofile and aggregates only the
 * samples inside each side's rounds, so module loading, TypeScript
 * compilation and the warm-up are left out: self time by area (aws-cdk-lib,
 * this library's src/, Node.js, V8's garbage collector...), by file, and the
 * time under each src/ function.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..');
const SRC = path.join(REPO, 'src') + path.sep;

/** Which app the child synthesizes: the construct's example app, or bench/hand-written.ts. */
export type Side = 'construct' | 'hand-written';

/** Synths profiled (after the warm-up), and the sampling interval in microseconds. */
export const PROFILE_ROUNDS = 20;
const WARM_UP_ROUNDS = 3;
const SAMPLING_INTERVAL_US = 100;

/** What the child writes: the window of each round's construction and synth, in microseconds. */
interface Markers {
  readonly rounds: { side: Side; start: number; built: number; end: number }[];
}

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** A name and the milliseconds attributed to it. */
export interface Entry {
  readonly name: string;
  readonly ms: number;
}

/** The aggregated profile. */
export interface ProfileReport {
  readonly rounds: number;
  /** Milliseconds of samples in the window (all rounds). */
  readonly totalMs: number;
  /** Of totalMs, the part spent constructing (new App ... the example app) and in app.synth(). */
  readonly constructionMs: number;
  readonly synthMs: number;
  readonly byArea: Entry[];
  readonly byFile: Entry[];
  /** Inclusive: each sample goes to the innermost src/ function on its stack. */
  readonly bySrcFunction: Entry[];
  /** Samples with a src/ function anywhere on their stack. */
  readonly underSrcMs: number;
}

function filePathOf(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
}

/** The area a frame belongs to: a package, this library's sources, Node.js, V8. */
export function areaOf(frame: CallFrame): string {
  const file = filePathOf(frame.url);
  if (file === '') {
    if (frame.functionName === '(garbage collector)') {
      return 'V8 garbage collector';
    }
    if (frame.functionName === '(program)' || frame.functionName === '(idle)' || frame.functionName === '(root)') {
      return 'V8/native, outside JavaScript';
    }
    return 'V8 builtins (JSON, RegExp, ...)';
  }
  if (file.startsWith('node:')) {
    return 'Node.js internals';
  }
  if (file.startsWith(SRC)) {
    return 'this library (src/)';
  }
  const modules = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (modules >= 0) {
    const rest = file.slice(modules + '/node_modules/'.length).split(path.sep);
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.startsWith(REPO + path.sep)) {
    return `this repository (${path.relative(REPO, file).split(path.sep)[0]}/)`;
  }
  return 'other';
}

/** A short name for a frame's file: relative to node_modules or to the repository. */
export function fileOf(frame: CallFrame): string {
  const file = filePathOf(frame.url);
  if (file === '') {
    return frame.functionName === '' ? '(anonymous native)' : frame.functionName;
  }
  const modules = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (modules >= 0) {
    return file.slice(modules + '/node_modules/'.length);
  }
  return file.startsWith(REPO + path.sep) ? path.relative(REPO, file) : file;
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function entries(map: Map<string, number>): Entry[] {
  return [...map.entries()].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
}

/** Aggregates the samples of a profile taken in the rounds of one side. */
export function aggregate(profile: CpuProfile, markers: Markers, side: Side): ProfileReport {
  const rounds = markers.rounds.filter((round) => round.side === side);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const innermostSrc = new Map<number, string | undefined>();
  const srcFunctionOf = (id: number): string | undefined => {
    if (innermostSrc.has(id)) {
      return innermostSrc.get(id);
    }
    const node = byId.get(id)!;
    const file = filePathOf(node.callFrame.url);
    const up = parent.get(id);
    const found = file.startsWith(SRC)
      ? `${path.relative(REPO, file)} ${node.callFrame.functionName || '(anonymous)'}`
      : up === undefined ? undefined : srcFunctionOf(up);
    innermostSrc.set(id, found);
    return found;
  };
  const phaseOf = (time: number): 'construction' | 'synth' | undefined => {
    const round = rounds.find((r) => time >= r.start && time < r.end);
    return round === undefined ? undefined : time < round.built ? 'construction' : 'synth';
  };

  const areas = new Map<string, number>();
  const files = new Map<string, number>();
  const srcFunctions = new Map<string, number>();
  let total = 0;
  let construction = 0;
  let synth = 0;
  let underSrc = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? SAMPLING_INTERVAL_US;
    const phase = phaseOf(time);
    if (phase === undefined) {
      continue;
    }
    const node = byId.get(profile.samples[i]);
    if (!node) {
      continue;
    }
    total += us;
    if (phase === 'construction') {
      construction += us;
    } else {
      synth += us;
    }
    add(areas, areaOf(node.callFrame), us);
    add(files, fileOf(node.callFrame), us);
    const srcFunction = srcFunctionOf(node.id);
    if (srcFunction !== undefined) {
      add(srcFunctions, srcFunction, us);
      underSrc += us;
    }
  }
  if (total === 0) {
    throw new Error(`no sample of the profile falls in the ${side} side's synths (the profile's clock and process.hrtime disagree?)`);
  }
  return {
    rounds: rounds.length,
    totalMs: total / 1000,
    constructionMs: construction / 1000,
    synthMs: synth / 1000,
    byArea: entries(areas),
    byFile: entries(files),
    bySrcFunction: entries(srcFunctions),
    underSrcMs: underSrc / 1000,
  };
}

/** Both sides' profiles: the construct's example app and bench/hand-written.ts. */
export interface ProfileReports {
  readonly construct: ProfileReport;
  readonly handWritten: ProfileReport;
}

/**
 * Runs the child under --cpu-prof, which alternates the construct's and the
 * hand-written synths (so that drift, or another process on the machine,
 * hits both alike), and aggregates each side's rounds. Throws with the
 * reason when anything fails.
 */
export function profileSynths(rounds = PROFILE_ROUNDS): ProfileReports {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cpu-prof-'));
  try {
    const markerFile = path.join(dir, 'markers.json');
    const child = spawnSync(process.execPath, [
      '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`,
      '-r', 'ts-node/register', __filename, markerFile, String(rounds),
    ], {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (child.error) {
      throw child.error;
    }
    if (child.status !== 0) {
      throw new Error(`the profiled child exited with ${child.status ?? child.signal}: ${(child.stderr || '').trim().split('\n').slice(0, 5).join(' | ')}`);
    }
    const profileFile = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!profileFile) {
      throw new Error(`the child wrote no .cpuprofile in ${dir}`);
    }
    const profile = JSON.parse(fs.readFileSync(path.join(dir, profileFile), 'utf8')) as CpuProfile;
    const markers = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as Markers;
    return { construct: aggregate(profile, markers, 'construct'), handWritten: aggregate(profile, markers, 'hand-written') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

/**
 * The reports as the bench prints them, a few lines each: the construct's
 * self time by area and by file next to the hand-written side's (when its
 * profile is there) with the difference, and the time under each src/ function.
 */
export function formatProfile(construct: ProfileReport, hand?: ProfileReport, top = 8): string[] {
  const perSynth = (report: ProfileReport, ms: number) => ms / report.rounds;
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms`.padStart(10);
  const phases = (report: ProfileReport) => `${ms(perSynth(report, report.totalMs)).trim()} `
    + `(construction ${ms(perSynth(report, report.constructionMs)).trim()}, app.synth() ${ms(perSynth(report, report.synthMs)).trim()})`;
  const compare = (key: 'byArea' | 'byFile', order: 'construct' | 'difference'): string[] => {
    const handOf = new Map((hand?.[key] ?? []).map((entry) => [entry.name, perSynth(hand!, entry.ms)]));
    const rows = construct[key].map((entry) => {
      const mine = perSynth(construct, entry.ms);
      return { name: entry.name, mine, theirs: handOf.get(entry.name) ?? 0 };
    });
    // Names only the hand-written side has (its own bench/ file) count in the differences too.
    for (const [name, theirs] of handOf) {
      if (!rows.some((row) => row.name === name)) {
        rows.push({ name, mine: 0, theirs });
      }
    }
    rows.sort((a, b) => (order === 'construct' ? b.mine - a.mine : (b.mine - b.theirs) - (a.mine - a.theirs)));
    return rows.slice(0, top).map((row) => hand
      ? `    ${ms(row.mine)} ${ms(row.theirs).padStart(12)} ${signed(row.mine - row.theirs).padStart(11)}  ${row.name}`
      : `    ${ms(row.mine)} ${percent(row.mine * construct.rounds, construct.totalMs).padStart(4)}  ${row.name}`);
  };
  const columns = hand
    ? `    ${'construct'.padStart(9)} ${'hand-written'.padStart(12)} ${'difference'.padStart(11)}`
    : `    ${'construct'.padStart(9)} share`;
  return [
    `  one CPU profile: a child node under --cpu-prof (sampling every ${SAMPLING_INTERVAL_US} µs, TypeScript transpiled without type checks) `
      + `synthesizes each side ${construct.rounds} times, alternating, after a warm-up; figures per synth, the profiler's overhead included`,
    `  sampled: construct ${phases(construct)}` + (hand ? `; hand-written ${phases(hand)}` : '; hand-written: no profile'),
    `  self time by area:\n${columns}`,
    ...compare('byArea', 'construct'),
    hand ? `  self time by file, where the construct spends the most more than the hand-written:\n${columns}` : `  self time by file:\n${columns}`,
    ...compare('byFile', hand ? 'difference' : 'construct'),
    `  under this library's src/ functions: ${ms(perSynth(construct, construct.underSrcMs)).trim()} per synth `
      + `(${percent(construct.underSrcMs, construct.totalMs)}), each sample counted once, for the innermost src/ function on its stack; `
      + 'inclusive, so with the aws-cdk-lib constructs each function makes, which the hand-written side makes too:',
    ...construct.bySrcFunction.slice(0, top).map((entry) => `    ${ms(perSynth(construct, entry.ms))}  ${entry.name}`),
  ];
}

/** The child: warm up, then synthesize each side `rounds` times, alternating, and write the windows. */
function runChild(markerFile: string, rounds: number): void {
  // Required here, not at the top: the parent must not load the apps just to spawn the child.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const builds: Record<Side, (app: import('aws-cdk-lib').App) => unknown> = {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'construct': (require('../examples/article') as typeof import('../examples/article')).createArticleStack,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'hand-written': (require('./hand-written') as typeof import('./hand-written')).createHandWrittenStack,
  };
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const synthOnce = (side: Side) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    const start = now();
    const app = new App({ outdir });
    builds[side](app);
    const built = now();
    app.synth();
    const end = now();
    fs.rmSync(outdir, { recursive: true, force: true });
    return { side, start, built, end };
  };
  const sides: Side[] = ['construct', 'hand-written'];
  for (let i = 0; i < WARM_UP_ROUNDS; i++) {
    sides.forEach(synthOnce);
  }
  const markers: Markers = { rounds: Array.from({ length: rounds }, () => sides.map(synthOnce)).flat() };
  fs.writeFileSync(markerFile, JSON.stringify(markers));
}

if (require.main === module) {
  runChild(process.argv[2], Number(process.argv[3] ?? PROFILE_ROUNDS));
}
