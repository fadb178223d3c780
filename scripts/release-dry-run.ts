/**
 * The release, rehearsed: what the release workflow's first (or next) run
 * would publish, without publishing or tagging anything:
 *
 *   npx projen release:dry-run      (runs ts-node scripts/release-dry-run.ts with the release task's env: MAJOR)
 *
 * 1. `npx projen bump`: projen's own bump, as `npx projen release` runs it: the
 *    version from the git tags and the commits since (conventional commits;
 *    `majorVersion` of .projenrc.ts), written to package.json,
 *    dist/version.txt, dist/releasetag.txt and dist/changelog.md.
 * 2. `npx projen compile`: jsii writes the version into the assembly (.jsii)
 *    and into every class of lib/ (its runtime type info), so the package is
 *    compiled again at that version, as the release's build does.
 * 3. `npx projen package:js`: the npm tarball the release would publish (the
 *    other languages' packages are built from its .jsii by the release workflow).
 * 4. Checks: the version of dist/version.txt is the tarball's package.json
 *    version, its .jsii version and the version of every class in its lib/;
 *    the tag is `v<version>`; the changelog's first heading names the version.
 * 5. Always, even on failure: `npx projen unbump` (package.json back at 0.0.0,
 *    byte for byte: if unbump leaves a difference in the version, the saved
 *    copy is written back), lib/ and .jsii restored as they were (compiled
 *    at 0.0.0), and the dry run's files moved to dist/release-dry-run/, so
 *    that nothing tracked changes and dist/js keeps only the package of the
 *    ordinary build. (In a shared working tree, a compile by someone else
 *    during the run is undone by that restore; CI runs on a fresh clone.)
 *
 * Prints one short block and exits 1 when a check fails.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The files that `bump` writes, as `npx projen release` names them (.projen/tasks.json, the bump task's env). */
export const BUMP_FILES = { version: 'dist/version.txt', tag: 'dist/releasetag.txt', changelog: 'dist/changelog.md' } as const;
/** Where the dry run's version, tag, changelog and tarball are kept afterwards. */
export const KEEP_DIR = 'dist/release-dry-run';

export interface Bumped {
  /** dist/version.txt, or undefined when bump wrote none. */
  readonly version?: string;
  /** dist/releasetag.txt. */
  readonly tag?: string;
  /** dist/changelog.md. */
  readonly changelog?: string;
}

export interface Packed {
  /** The tarball's file name. */
  readonly file: string;
  readonly packageJsonVersion?: string;
  readonly jsiiVersion?: string;
  /** The version of each class's jsii runtime type info in lib/, by file. */
  readonly rttiVersions: ReadonlyArray<{ readonly file: string; readonly version: string }>;
}

/** The version line a changelog starts with: `## 1.0.0 (2026-12-05)` or `## [1.1.0](compare-url) (date)`. */
export function changelogHeading(changelog: string): string | undefined {
  return changelog.split('\n').find(line => line.startsWith('## '));
}

/** The entries (`* ...` lines) of the changelog's first version. */
export function changelogEntries(changelog: string): string[] {
  const lines = changelog.split('\n');
  const start = lines.findIndex(line => line.startsWith('## '));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter(line => /^\s*\* /.test(line));
}

/** Problems of what bump wrote: a version in the configured major line, its tag, and a changelog for it. */
export function bumpProblems(bumped: Bumped, majorVersion: number, packageJsonVersion: string | undefined): string[] {
  const problems: string[] = [];
  const { version, tag, changelog } = bumped;
  if (!version) {
    return [`bump wrote no ${BUMP_FILES.version} (is the last commit a "chore(release):" one? bump skips it)`];
  }
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) problems.push(`${BUMP_FILES.version} holds "${version}", not a semantic version`);
  if (!version.startsWith(`${majorVersion}.`)) problems.push(`version ${version} is outside major version ${majorVersion} (majorVersion of .projenrc.ts)`);
  if (version === '0.0.0') problems.push('version 0.0.0 is the unreleased placeholder');
  if (packageJsonVersion !== version) problems.push(`package.json says ${packageJsonVersion ?? 'no version'} after bump, ${BUMP_FILES.version} says ${version}`);
  if (tag === undefined) problems.push(`bump wrote no ${BUMP_FILES.tag}`);
  else if (tag !== `v${version}`) problems.push(`${BUMP_FILES.tag} holds "${tag}", not v${version}`);
  if (changelog === undefined) {
    problems.push(`bump wrote no ${BUMP_FILES.changelog}`);
  } else {
    const heading = changelogHeading(changelog);
    if (!heading) problems.push(`${BUMP_FILES.changelog} has no "## <version>" heading`);
    else if (!heading.includes(version)) problems.push(`${BUMP_FILES.changelog} starts with "${heading}", not with version ${version}`);
  }
  return problems;
}

/** Problems of the npm tarball: every version in it must be the bumped one. */
export function tarballProblems(version: string, packed: Packed | undefined, expectedFile: string): string[] {
  if (!packed) return [`package:js made no ${expectedFile}`];
  const problems: string[] = [];
  if (packed.packageJsonVersion !== version) problems.push(`${packed.file}: package.json version ${packed.packageJsonVersion ?? '(none)'}, not ${version}`);
  if (packed.jsiiVersion !== version) problems.push(`${packed.file}: .jsii version ${packed.jsiiVersion ?? '(none)'}, not ${version} (Construct Hub and the other languages read it)`);
  if (packed.rttiVersions.length === 0) problems.push(`${packed.file}: no jsii runtime type info found in lib/`);
  const stale = packed.rttiVersions.filter(rtti => rtti.version !== version);
  if (stale.length > 0) {
    problems.push(`${packed.file}: ${stale.length} class(es) in lib/ compiled at another version (${stale[0].file}: ${stale[0].version}), not ${version}`);
  }
  return problems;
}

const RTTI = /JSII_RTTI_SYMBOL_1\] = \{ fqn: "[^"]+", version: "([^"]+)" \}/g;

/** Reads the versions out of an npm tarball made by jsii-pacmak (package/...). */
export function readTarball(tarball: string): Packed {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'release-dry-run-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
    const pkgDir = path.join(tmp, 'package');
    const json = (file: string) => (fs.existsSync(path.join(pkgDir, file)) ? JSON.parse(fs.readFileSync(path.join(pkgDir, file), 'utf8')) : undefined);
    const rttiVersions: Array<{ file: string; version: string }> = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(full);
        } else if (entry.name.endsWith('.js')) {
          for (const match of fs.readFileSync(full, 'utf8').matchAll(RTTI)) {
            rttiVersions.push({ file: path.relative(pkgDir, full), version: match[1] });
          }
        }
      }
    };
    walk(path.join(pkgDir, 'lib'));
    return { file: path.basename(tarball), packageJsonVersion: json('package.json')?.version, jsiiVersion: json('.jsii')?.version, rttiVersions };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether two package.json texts are the same but for their version. */
export function sameButVersion(a: string, b: string): boolean {
  try {
    const strip = (text: string) => JSON.stringify({ ...JSON.parse(text), version: undefined });
    return strip(a) === strip(b);
  } catch {
    return false;
  }
}

export interface DryRunOptions {
  /** The repository root. */
  readonly root: string;
  /** The major version line (MAJOR, the release task's env). */
  readonly majorVersion: number;
  /** Runs `npx projen <task>` in the root; throws when it fails. */
  readonly runTask: (task: string) => void;
  /** Reads the versions out of the npm tarball. */
  readonly readTarball: (tarball: string) => Packed;
  readonly log?: (line: string) => void;
}

export interface DryRunResult {
  readonly problems: string[];
  /** Set when the dry run got as far as the version. */
  readonly version?: string;
  readonly tag?: string;
  readonly changelogHeading?: string;
  readonly changelogEntries: number;
  readonly packed?: Packed;
  readonly tarballKiB?: number;
  /** What went wrong while putting things back (unbump, lib/ and .jsii). */
  readonly restoreProblems: string[];
}

/**
 * bump, compile, package:js, check; then, whatever happened, unbump and put
 * package.json, lib/ and .jsii back as they were.
 */
export function releaseDryRun(options: DryRunOptions): DryRunResult {
  const { root, majorVersion, runTask } = options;
  const log = options.log ?? (() => undefined);
  const at = (file: string) => path.join(root, file);
  const read = (file: string) => (fs.existsSync(at(file)) ? fs.readFileSync(at(file), 'utf8') : undefined);
  const pkg = JSON.parse(read('package.json') ?? '{}') as { name?: string; version?: string };
  const problems: string[] = [];
  const restoreProblems: string[] = [];

  if (pkg.version !== '0.0.0') {
    return {
      problems: [`package.json says version ${pkg.version}, not 0.0.0: a bump is already applied (run \`npx projen unbump\`), or the release is set up otherwise`],
      changelogEntries: 0,
      restoreProblems,
    };
  }

  // A changelog that exists is prepended to, and a stale version file would pass for bump's.
  Object.values(BUMP_FILES).forEach(file => fs.rmSync(at(file), { force: true }));
  fs.rmSync(at(KEEP_DIR), { recursive: true, force: true });
  const packageJson = fs.readFileSync(at('package.json'));
  const backup = at(`${KEEP_DIR}.backup`);
  fs.rmSync(backup, { recursive: true, force: true });
  fs.mkdirSync(backup, { recursive: true });
  const compiled = ['lib', '.jsii'].filter(file => fs.existsSync(at(file)));
  compiled.forEach(file => fs.cpSync(at(file), path.join(backup, file), { recursive: true, preserveTimestamps: true }));

  let bumped: Bumped = {};
  let packed: Packed | undefined;
  let tarball: string | undefined;
  try {
    log('release:dry-run: npx projen bump');
    runTask('bump');
    bumped = { version: read(BUMP_FILES.version)?.trim(), tag: read(BUMP_FILES.tag)?.trim(), changelog: read(BUMP_FILES.changelog) };
    const bumpedPkg = JSON.parse(read('package.json') ?? '{}') as { version?: string };
    problems.push(...bumpProblems(bumped, majorVersion, bumpedPkg.version));
    if (problems.length === 0 && bumped.version) {
      log(`release:dry-run: npx projen compile (jsii writes ${bumped.version} into .jsii and lib/)`);
      runTask('compile');
      tarball = path.join('dist', 'js', `${pkg.name}@${bumped.version}.jsii.tgz`);
      fs.rmSync(at(tarball), { force: true });
      log('release:dry-run: npx projen package:js');
      runTask('package:js');
      packed = fs.existsSync(at(tarball)) ? options.readTarball(at(tarball)) : undefined;
      problems.push(...tarballProblems(bumped.version, packed, tarball));
    }
  } catch (error) {
    problems.push(`release:dry-run stopped: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    try {
      log('release:dry-run: npx projen unbump');
      runTask('unbump');
    } catch (error) {
      restoreProblems.push(`unbump failed: ${(error as Error).message.split('\n')[0]}`);
    }
    const now = fs.readFileSync(at('package.json'));
    if (!now.equals(packageJson)) {
      // Written back only when the version (or formatting) is all that differs:
      // anything else is someone else's change (a shared working tree), left as it is.
      if (sameButVersion(now.toString('utf8'), packageJson.toString('utf8'))) {
        fs.writeFileSync(at('package.json'), packageJson);
        restoreProblems.push('unbump left package.json different from before the dry run; the saved copy was written back');
      } else {
        restoreProblems.push('package.json changed during the dry run beyond its version (another process?); left as it is: check it');
      }
    }
    for (const file of compiled) {
      fs.rmSync(at(file), { recursive: true, force: true });
      fs.renameSync(path.join(backup, file), at(file));
    }
    fs.rmSync(backup, { recursive: true, force: true });
    fs.mkdirSync(at(KEEP_DIR), { recursive: true });
    for (const file of [...Object.values(BUMP_FILES), ...(tarball ? [tarball] : [])]) {
      if (fs.existsSync(at(file))) fs.renameSync(at(file), path.join(at(KEEP_DIR), path.basename(file)));
    }
  }

  const kept = tarball ? path.join(at(KEEP_DIR), path.basename(tarball)) : undefined;
  return {
    problems,
    version: bumped.version,
    tag: bumped.tag,
    changelogHeading: bumped.changelog ? changelogHeading(bumped.changelog) : undefined,
    changelogEntries: bumped.changelog ? changelogEntries(bumped.changelog).length : 0,
    packed,
    tarballKiB: kept && fs.existsSync(kept) ? Math.round(fs.statSync(kept).size / 1024) : undefined,
    restoreProblems,
  };
}

/** The block the dry run prints. */
export function summary(result: DryRunResult, seconds: number, targets: Record<string, string>): string {
  const ok = result.problems.length === 0 && result.restoreProblems.length === 0;
  const v = result.version ?? '?';
  const lines = [
    `release dry run: ${ok ? 'OK' : 'FAILED'} (nothing published, nothing tagged), ${seconds} s`,
    `  version    ${v} (${BUMP_FILES.version}), tag ${result.tag ?? '?'} (${BUMP_FILES.tag})`,
    `  changelog  ${result.changelogHeading ?? '(none)'}: ${result.changelogEntries} entr${result.changelogEntries === 1 ? 'y' : 'ies'}` +
      (result.changelogHeading && result.changelogEntries === 0 ? ' (only feat/fix/perf conventional commits are listed; none since the last tag)' : ''),
  ];
  if (result.packed) {
    const classes = result.packed.rttiVersions.length;
    lines.push(`  npm        ${result.packed.file}${result.tarballKiB !== undefined ? `, ${result.tarballKiB} KiB` : ''}: package.json ${result.packed.packageJsonVersion}, .jsii ${result.packed.jsiiVersion}, lib/ ${classes} classes at ${[...new Set(result.packed.rttiVersions.map(r => r.version))].join(', ')}`);
  }
  lines.push(`  then       ${Object.entries(targets).map(([registry, name]) => `${registry} ${name} ${v}`).join('; ')}`);
  lines.push(`  kept in    ${KEEP_DIR}/; package.json back at 0.0.0, lib/ and .jsii as before`);
  result.problems.forEach(problem => lines.push(`  problem    ${problem}`));
  result.restoreProblems.forEach(problem => lines.push(`  restore    ${problem}`));
  return lines.join('\n');
}

/** The names the release publishes under, from package.json's jsii targets (.projenrc.ts's publishTo* settings). */
export function publishTargets(pkg: { name: string; jsii?: { targets?: Record<string, any> } }): Record<string, string> {
  const t = pkg.jsii?.targets ?? {};
  const targets: Record<string, string> = { npm: pkg.name };
  if (t.python) targets.PyPI = t.python.distName;
  if (t.java) targets.Maven = `${t.java.maven.groupId}:${t.java.maven.artifactId}`;
  if (t.dotnet) targets.NuGet = t.dotnet.packageId;
  if (t.go) targets.Go = t.go.moduleName;
  return targets;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const major = Number(process.env.MAJOR);
  if (!Number.isInteger(major)) {
    console.error('release-dry-run: MAJOR is not set; run it as `npx projen release:dry-run` (the release task\'s env).');
    process.exit(1);
  }
  const started = Date.now();
  const result = releaseDryRun({
    root,
    majorVersion: major,
    runTask: task => execFileSync('npx', ['projen', task], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }),
    readTarball,
    log: line => console.log(line),
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  console.log();
  console.log(summary(result, Math.round((Date.now() - started) / 1000), publishTargets(pkg)));
  if (result.problems.length > 0 || result.restoreProblems.length > 0) process.exit(1);
}
