import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { METADATA_SOURCE } from './fixtures';
import { runActionYml } from './run-action-yml';
import type { ActionRun } from './run-action-yml';

/**
 * The action as a workflow gets it: `uses:` checks out the repository's
 * files at a ref and nothing else (no node_modules, no build output). Here
 * that is `git archive HEAD` into an empty folder, then the steps of
 * action.yml, in synth mode: no credentials, nothing deployed.
 */
/** A runner's tool cache with a Node 22 (this machine's Node, under that version's folder). */
function toolCache(base: string): string {
  const cache = path.join(base, 'tool-cache');
  const bin = path.join(cache, 'node', '22.99.0', process.arch === 'arm64' ? 'arm64' : 'x64', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  return cache;
}

describe('the action from a bare checkout, in synth mode', () => {
  let run: ActionRun;
  let workspace: string;

  beforeAll(() => {
    const root = path.join(__dirname, '..', '..');
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'uses-'));
    const checkout = path.join(base, 'action-checkout');
    fs.mkdirSync(checkout);
    execSync(`git archive --format=tar HEAD | tar -x -C "${checkout}"`, { cwd: root });
    workspace = path.join(base, 'workspace');
    fs.mkdirSync(workspace);
    fs.copyFileSync(METADATA_SOURCE, path.join(workspace, 'identity-center-metadata.xml'));

    run = runActionYml(checkout, {
      'mode': 'synth',
      'aws-region': 'ap-northeast-1',
      'saml-metadata-file': 'identity-center-metadata.xml',
      'group-ids': '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21\n\n',
      'split-tunnel': 'false',
    }, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      npm_config_cache: process.env.npm_config_cache,
      // The machine's trust store, as a runner has its own: behind a TLS-inspecting proxy, npm ci cannot reach the
      // registry without it and falls back to its stale cache after three attempts per package (minutes per run).
      ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
      RUNNER_TOOL_CACHE: toolCache(base),
    }, workspace);
  }, 300_000);

  test('only the cache was left out', () => {
    expect(run.skipped).toEqual(['actions/cache@v4']);
  });

  test('the action ran on the Node of the runner\'s tool cache, and left the job\'s PATH and environment as they were', () => {
    expect(run.jobPath).toBe('');
    expect(run.jobEnv).toBe('');
  });

  test('the runtime dependencies came from the committed lockfile', () => {
    expect(run.log).toMatch(/--- Install the action's runtime dependencies\n\s*(added \d+ packages|up to date)/);
  });

  test('wrote the synthesized template and an empty stack-outputs object to GITHUB_OUTPUT', () => {
    expect(JSON.parse(run.outputs['stack-outputs'])).toEqual({});
    const template = JSON.parse(fs.readFileSync(run.outputs['template-file'], 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining([
      'AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway',
      'AWS::EC2::Instance', 'AWS::IAM::SAMLProvider', 'Custom::SelfSignedServerCertificate',
    ]));
  });

  test('wrote the job summary: resources by type, the fixed cost, and cheaper setups', () => {
    expect(run.summary).toContain('## Client VPN bastion synthesized (nothing deployed)');
    expect(run.summary).toContain('| `AWS::EC2::ClientVpnEndpoint` | 1 |');
    expect(run.summary).toMatch(/### Fixed cost: \$\d+\.\d{2} a month/);
    expect(run.summary).toContain('#### Cheaper setups');
  });
});
