import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BUMP_FILES, KEEP_DIR, Packed, bumpProblems, changelogEntries, publishTargets, releaseDryRun, summary, tarballProblems,
} from '../scripts/release-dry-run';

const repo = path.join(__dirname, '..');

describe('release dry run checks', () => {
  const bumped = { version: '1.0.0', tag: 'v1.0.0', changelog: '\n## 1.0.0 (2026-12-05)\n' };

  test('a bump in the major line, with its tag and changelog, passes', () => {
    expect(bumpProblems(bumped, 1, '1.0.0')).toEqual([]);
    expect(bumpProblems({ ...bumped, version: '1.2.3', tag: 'v1.2.3', changelog: '## [1.2.3](https://x/compare/v1.2.2...v1.2.3) (2027-01-01)\n\n### Bug Fixes\n\n* a fix\n' }, 1, '1.2.3')).toEqual([]);
  });

  test('no version file (bump skipped) fails', () => {
    expect(bumpProblems({}, 1, '0.0.0')).toEqual([expect.stringContaining(`bump wrote no ${BUMP_FILES.version}`)]);
  });

  test.each([
    [{ ...bumped, version: '2.0.0', tag: 'v2.0.0', changelog: '## 2.0.0' }, '2.0.0', 'outside major version 1'],
    [{ ...bumped, tag: 'v1.0.1' }, '1.0.0', 'not v1.0.0'],
    [{ ...bumped, tag: undefined }, '1.0.0', `bump wrote no ${BUMP_FILES.tag}`],
    [{ ...bumped, changelog: '## 0.9.0 (2026-12-05)\n' }, '1.0.0', 'not with version 1.0.0'],
    [{ ...bumped, changelog: 'nothing\n' }, '1.0.0', 'no "## <version>" heading'],
    [{ ...bumped, changelog: undefined }, '1.0.0', `bump wrote no ${BUMP_FILES.changelog}`],
    [bumped, '0.0.0', 'package.json says 0.0.0 after bump'],
  ])('%j with package.json %s fails: %s', (files, packageJsonVersion, message) => {
    expect(bumpProblems(files, 1, packageJsonVersion)).toEqual([expect.stringContaining(message)]);
  });

  const packed: Packed = {
    file: 'sso-client-vpn-bastion@1.0.0.jsii.tgz',
    packageJsonVersion: '1.0.0',
    jsiiVersion: '1.0.0',
    rttiVersions: [{ file: 'lib/server.js', version: '1.0.0' }],
  };

  test('a tarball at the bumped version passes', () => {
    expect(tarballProblems('1.0.0', packed, 'dist/js/x.tgz')).toEqual([]);
  });

  test('a tarball packed from lib/ and .jsii compiled before the bump fails', () => {
    const stale = { ...packed, jsiiVersion: '0.0.0', rttiVersions: [{ file: 'lib/server.js', version: '0.0.0' }] };
    expect(tarballProblems('1.0.0', stale, 'dist/js/x.tgz')).toEqual([
      expect.stringContaining('.jsii version 0.0.0, not 1.0.0'),
      expect.stringContaining('lib/server.js: 0.0.0'),
    ]);
  });

  test('a missing tarball or one at another package.json version fails', () => {
    expect(tarballProblems('1.0.0', undefined, 'dist/js/x.tgz')).toEqual(['package:js made no dist/js/x.tgz']);
    expect(tarballProblems('1.0.0', { ...packed, packageJsonVersion: '0.0.0' }, 'dist/js/x.tgz')).toEqual([expect.stringContaining('package.json version 0.0.0')]);
  });

  test('changelog entries are the first version\'s bullet lines', () => {
    const changelog = '## [1.1.0](u) (d)\n\n### Features\n\n* one\n* two\n\n## 1.0.0 (d)\n\n* old\n';
    expect(changelogEntries(changelog)).toEqual(['* one', '* two']);
    expect(changelogEntries('## 1.0.0 (d)\n')).toEqual([]);
  });

  test('the registries are named from package.json\'s jsii targets', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    expect(publishTargets(pkg)).toEqual({
      npm: 'sso-client-vpn-bastion',
      PyPI: 'sso-client-vpn-bastion',
      Maven: 'io.github.sso-client-vpn-bastion:sso-client-vpn-bastion',
      NuGet: 'SsoClientVpnBastion',
      Go: 'github.com/sso-client-vpn-bastion/sso-client-vpn-bastion-go',
    });
  });
});

describe('release dry run: always unbumps and restores', () => {
  let root: string;
  const packageJson = '{\n  "name": "pkg",\n  "version": "0.0.0"\n}\n';
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'release-dry-run-test-'));
    write('package.json', packageJson);
    write('lib/index.js', 'version: "0.0.0"');
    write('.jsii', '{"version":"0.0.0"}');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A stand-in for `npx projen <task>`: what each task writes, and one that fails. */
  function tasks(options: { fail?: string; unbumpRestores?: boolean } = {}) {
    const ran: string[] = [];
    const runTask = (task: string) => {
      ran.push(task);
      if (task === options.fail) throw new Error(`task ${task} exited with 1`);
      if (task === 'bump') {
        write('package.json', packageJson.replace('0.0.0', '1.0.0'));
        write(BUMP_FILES.version, '1.0.0');
        write(BUMP_FILES.tag, 'v1.0.0');
        write(BUMP_FILES.changelog, '## 1.0.0 (2026-12-05)\n');
      } else if (task === 'compile') {
        write('lib/index.js', 'version: "1.0.0"');
        write('.jsii', '{"version":"1.0.0"}');
      } else if (task === 'package:js') {
        write('dist/js/pkg@1.0.0.jsii.tgz', 'tarball');
      } else if (task === 'unbump' && options.unbumpRestores !== false) {
        write('package.json', packageJson);
      }
    };
    return { ran, runTask };
  }
  const readTarball = (): Packed => ({ file: 'pkg@1.0.0.jsii.tgz', packageJsonVersion: '1.0.0', jsiiVersion: '1.0.0', rttiVersions: [{ file: 'lib/index.js', version: '1.0.0' }] });

  test('bump, compile, package:js, unbump; the files kept, package.json, lib/ and .jsii as before', () => {
    const { ran, runTask } = tasks();
    const result = releaseDryRun({ root, majorVersion: 1, runTask, readTarball });
    expect(result.problems).toEqual([]);
    expect(result.restoreProblems).toEqual([]);
    expect(ran).toEqual(['bump', 'compile', 'package:js', 'unbump']);
    expect(read('package.json')).toEqual(packageJson);
    expect(read('lib/index.js')).toEqual('version: "0.0.0"');
    expect(read('.jsii')).toEqual('{"version":"0.0.0"}');
    expect(fs.readdirSync(path.join(root, KEEP_DIR)).sort()).toEqual(['changelog.md', 'pkg@1.0.0.jsii.tgz', 'releasetag.txt', 'version.txt']);
    expect(fs.existsSync(path.join(root, BUMP_FILES.version))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual(['js', 'release-dry-run']);
    expect(summary(result, 1, { npm: 'pkg' })).toContain('release dry run: OK');
  });

  test.each(['compile', 'package:js'])('a failing %s still ends with unbump, and lib/, .jsii and package.json are restored', failing => {
    const { ran, runTask } = tasks({ fail: failing });
    const result = releaseDryRun({ root, majorVersion: 1, runTask, readTarball });
    expect(result.problems).toEqual([`release:dry-run stopped: task ${failing} exited with 1`]);
    expect(ran[ran.length - 1]).toEqual('unbump');
    expect(read('package.json')).toEqual(packageJson);
    expect(read('lib/index.js')).toEqual('version: "0.0.0"');
    expect(read('.jsii')).toEqual('{"version":"0.0.0"}');
    expect(summary(result, 1, {})).toContain('release dry run: FAILED');
  });

  test('a version that disagrees stops before compiling, and still unbumps', () => {
    const { ran, runTask } = tasks();
    const result = releaseDryRun({ root, majorVersion: 2, runTask, readTarball });
    expect(result.problems).toEqual([expect.stringContaining('outside major version 2')]);
    expect(ran).toEqual(['bump', 'unbump']);
    expect(read('package.json')).toEqual(packageJson);
  });

  test('package.json is written back when unbump leaves it changed, and that is a failure', () => {
    const { runTask } = tasks({ unbumpRestores: false });
    const result = releaseDryRun({ root, majorVersion: 1, runTask, readTarball });
    expect(result.restoreProblems).toEqual([expect.stringContaining('saved copy was written back')]);
    expect(read('package.json')).toEqual(packageJson);
  });

  test('a change to package.json beyond its version during the run is not overwritten, and is reported', () => {
    const { runTask } = tasks();
    const changedByOthers = packageJson.replace('"name": "pkg"', '"name": "pkg",\n  "description": "edited meanwhile"');
    const result = releaseDryRun({
      root,
      majorVersion: 1,
      readTarball,
      runTask: task => {
        runTask(task);
        if (task === 'unbump') write('package.json', changedByOthers);
      },
    });
    expect(result.restoreProblems).toEqual([expect.stringContaining('left as it is')]);
    expect(read('package.json')).toEqual(changedByOthers);
  });

  test('an already bumped package.json is left alone', () => {
    write('package.json', packageJson.replace('0.0.0', '1.0.0'));
    const { ran, runTask } = tasks();
    const result = releaseDryRun({ root, majorVersion: 1, runTask, readTarball });
    expect(result.problems).toEqual([expect.stringContaining('not 0.0.0')]);
    expect(ran).toEqual([]);
  });
});

describe('release dry run in the build', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(repo, '.projen/tasks.json'), 'utf8')).tasks;

  test('release:dry-run runs the script with the release task\'s major version', () => {
    const task = tasks['release:dry-run'];
    expect(task.env.MAJOR).toEqual(tasks.release.env.MAJOR);
    expect(task.steps).toEqual([{ exec: expect.stringContaining('scripts/release-dry-run.ts') }]);
  });

  test('CI runs it, before the check that no tracked file changed', () => {
    const ci = fs.readFileSync(path.join(repo, '.ci/run'), 'utf8');
    const dryRun = ci.indexOf('npx projen release:dry-run || status=$?');
    expect(dryRun).toBeGreaterThan(ci.indexOf('npx projen package || status=$?'));
    expect(dryRun).toBeLessThan(ci.indexOf('git status --porcelain'));
  });
});
