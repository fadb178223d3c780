import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { readInputs } from '../../action/src/inputs';

const ROOT = path.join(__dirname, '..', '..');
const ACTION = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Array<{ id?: string; run?: string; uses?: string; env?: Record<string, string> }> };
};

function validate(file: string) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'action-validator'), [file], { encoding: 'utf8' });
}

describe('action.yml', () => {
  test('passes @action-validator/cli', () => {
    const result = validate(path.join(ROOT, 'action.yml'));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('can fail: the validator refuses a broken action', () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'action-')), 'action.yml');
    fs.writeFileSync(broken, fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8').replace('using: composite', 'using: composite-ish'));
    expect(validate(broken).status).not.toBe(0);
  });

  test('every input has a whole-sentence description', () => {
    for (const [name, input] of Object.entries(ACTION.inputs)) {
      expect([name, /^[A-Z].*\.$/.test(input.description)]).toEqual([name, true]);
    }
  });

  test('the run step passes every input, and only inputs, as INPUT_<NAME>', () => {
    const step = ACTION.runs.steps.find((s) => s.id === 'run')!;
    const passed = Object.entries(step.env!).map(([key, value]) => [key, value]);
    expect(passed).toEqual(Object.keys(ACTION.inputs).map((name) => [`INPUT_${name.toUpperCase()}`, `\${{ inputs.${name} }}`]));
  });

  test('the action reads exactly the inputs action.yml declares', () => {
    const read = new Set<string>();
    readInputs((name) => {
      read.add(name);
      return { 'saml-metadata-file': 'm.xml', 'group-ids': '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21', 'aws-region': 'ap-northeast-1' }[name] ?? '';
    }, { GITHUB_WORKSPACE: '/tmp' });
    expect([...read].sort()).toEqual(Object.keys(ACTION.inputs).sort());
  });

  test('every output comes from the run step and is set by the action', () => {
    const source = path.join(ROOT, 'action', 'src');
    const code = fs.readdirSync(source).filter((file) => file.endsWith('.ts')).map((file) => fs.readFileSync(path.join(source, file), 'utf8')).join('\n');
    for (const [name, output] of Object.entries(ACTION.outputs)) {
      expect(output.value).toBe(`\${{ steps.run.outputs.${name} }}`);
      expect(code).toContain(`setOutput('${name}'`);
    }
  });

  test('the cache of the runtime dependencies is keyed by OS, architecture, Node and lockfile: an x64 cache never lands on arm64', () => {
    const cache = ACTION.runs.steps.find((s) => s.uses?.startsWith('actions/cache@')) as { with: { key: string } } | undefined;
    expect(cache!.with.key).toMatch(/\$\{\{ runner\.os \}\}.*\$\{\{ runner\.arch \}\}.*node22.*\$\{\{ steps\.lock\.outputs\.hash \}\}/);
  });

  test('the action\'s Node never reaches the job\'s PATH: no setup-node, nothing written to GITHUB_PATH or GITHUB_ENV, node called by its path', () => {
    expect(ACTION.runs.steps.map((s) => s.uses ?? '')).not.toContainEqual(expect.stringMatching(/^actions\/setup-node@/));
    const commands = ACTION.runs.steps.map((s) => s.run ?? '').join('\n') + fs.readFileSync(path.join(ROOT, 'action', 'find-node.sh'), 'utf8');
    expect(commands).not.toMatch(/>>?\s*"?\$\{?GITHUB_(PATH|ENV)/);
    expect(commands).not.toMatch(/add-path|set-env/);
    const run = ACTION.runs.steps.find((s) => s.id === 'run')!;
    expect(run.run).toBe('"${{ steps.node.outputs.bin }}/node" "$GITHUB_ACTION_PATH/action/dist/index.js"');
  });

  describe('action/find-node.sh', () => {
    const findNode = (env: NodeJS.ProcessEnv) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'find-node-'));
      const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_PATH: path.join(dir, 'path'), GITHUB_ENV: path.join(dir, 'env') };
      for (const file of Object.values(files)) {
        fs.writeFileSync(file, '');
      }
      const result = spawnSync('bash', [path.join(ROOT, 'action', 'find-node.sh')], {
        env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: dir, ...files, ...env }, encoding: 'utf8',
      });
      const read = (file: string) => fs.readFileSync(file, 'utf8');
      return {
        status: result.status,
        stderr: result.stderr,
        output: read(files.GITHUB_OUTPUT),
        path: read(files.GITHUB_PATH),
        env: read(files.GITHUB_ENV),
      };
    };
    const arch = process.arch === 'arm64' ? 'arm64' : 'x64';

    test('takes the newest Node 22 of the runner\'s tool cache, and tells only its own step', () => {
      const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-cache-'));
      for (const version of ['20.19.0', '22.9.0', '22.11.0']) {
        const bin = path.join(cache, 'node', version, arch, 'bin');
        fs.mkdirSync(bin, { recursive: true });
        fs.symlinkSync(process.execPath, path.join(bin, 'node'));
      }
      const found = findNode({ RUNNER_TOOL_CACHE: cache });
      expect(found.status).toBe(0);
      expect(found.output).toBe(`bin=${path.join(cache, 'node', '22.11.0', arch, 'bin')}\n`);
      expect(found.path).toBe('');
      expect(found.env).toBe('');
    });
  });

  test('runs the committed bundle with the runtime dependencies installed from the committed lockfile', () => {
    const commands = ACTION.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(commands).toContain('npm ci --omit=dev');
    expect(commands).toContain('/node" "$GITHUB_ACTION_PATH/action/dist/index.js"');
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'action', 'package-lock.json'), 'utf8'));
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'action', 'package.json'), 'utf8'));
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
  });
});
