import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.join(__dirname, '..');
const integRunner = path.join(repo, 'node_modules', '.bin', 'integ-runner');
const articleSnapshot = path.join(__dirname, 'integ.article.ts.snapshot');
const articleTemplate = 'SsoClientVpnBastionArticle.template.json';

/**
 * `npx projen integ` runs integ-runner on the committed snapshots. These tests
 * prove that it would catch drift: the article test is run three times from a
 * scratch directory, with its snapshot intact, with its snapshot edited, and
 * with no snapshot at all, exactly as `npx projen integ` runs it (no credentials).
 */
describe('integration snapshot check', () => {
  let dir: string;
  let run: { status: number | null; output: string };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-drift-'));
    for (const name of ['intact', 'drifted', 'unsnapshotted']) {
      fs.writeFileSync(path.join(dir, `integ.${name}.ts`), `import '${path.join(__dirname, 'integ.article').replace(/\\/g, '/')}';\n`);
    }
    fs.cpSync(articleSnapshot, path.join(dir, 'integ.intact.ts.snapshot'), { recursive: true });
    fs.cpSync(articleSnapshot, path.join(dir, 'integ.drifted.ts.snapshot'), { recursive: true });

    // A change that replaces nothing (an output's description): any drift must fail, not only destructive ones.
    const drifted = path.join(dir, 'integ.drifted.ts.snapshot', articleTemplate);
    const template = JSON.parse(fs.readFileSync(drifted, 'utf8'));
    const [firstOutput] = Object.keys(template.Outputs);
    template.Outputs[firstOutput].Description = 'edited by hand';
    fs.writeFileSync(drifted, JSON.stringify(template, undefined, 1));

    const result = spawnSync(integRunner, ['--language', 'typescript', '--directory', dir], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        // Resolve ts-node and the construct's dependencies from the repository.
        NODE_PATH: path.join(repo, 'node_modules'),
        TS_NODE_PROJECT: path.join(repo, 'tsconfig.dev.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
        // No credentials may be needed: make sure none are found.
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
      },
    });
    run = { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  }, 240_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the committed article snapshot passes', () => {
    expect(run.output).toMatch(/UNCHANGED\s+integ\.intact/);
  });

  test('an edited snapshot fails and the difference is shown', () => {
    expect(run.output).toMatch(/CHANGED\s+integ\.drifted/);
    expect(run.output).toContain('edited by hand');
  });

  test('a test without a snapshot fails', () => {
    expect(run.output).toMatch(/NEW\s+integ\.unsnapshotted/);
  });

  test('integ-runner exits non-zero and deploys nothing', () => {
    expect(run.status).not.toBe(0);
    expect(run.output).not.toMatch(/Running integration tests for failed tests/);
  });

  test('every integ test has a committed snapshot', () => {
    const tests = fs.readdirSync(__dirname).filter(file => /^integ\..+\.ts$/.test(file));
    expect(tests.length).toBeGreaterThanOrEqual(3);
    for (const file of tests) {
      expect(fs.existsSync(path.join(__dirname, `${file}.snapshot`, 'integ.json'))).toBe(true);
    }
  });
});
