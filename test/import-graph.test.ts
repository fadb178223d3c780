import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The import-graph check (`npx projen deps:check`, in `npx projen test`) with
 * the repository's rules (.dependency-cruiser.cjs): src/ and action/src/
 * pass, and a tree that breaks each rule fails with that rule's name.
 */
const ROOT = path.join(__dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

function cruise(cwd: string): { status: number | null; violations: Violation[] } {
  const run = spawnSync(DEPCRUISE, ['src', 'action/src', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8' });
  if (run.error || !run.stdout) {
    throw new Error(`depcruise did not run in ${cwd}: ${run.error?.message ?? run.stderr}`);
  }
  // The exit status of the check as `deps:check` runs it (the json reporter always exits 0).
  const check = spawnSync(DEPCRUISE, ['src', 'action/src', '--config', CONFIG], { cwd, encoding: 'utf8' });
  return { status: check.status, violations: JSON.parse(run.stdout).summary.violations };
}

/** A tree of TypeScript files under a new directory, with a tsconfig.dev.json like the repository's. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
  fs.writeFileSync(path.join(dir, 'tsconfig.dev.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

test('src/ has no circle, no part importing the construct, core/ importing no part; the action imports src/index.ts only', () => {
  const result = cruise(ROOT);
  expect(result.violations).toEqual([]);
  expect(result.status).toBe(0);
});

test('each rule fails the check with its name', () => {
  const dir = tree({
    'src/index.ts': "export * from './sso-client-vpn-bastion';\n",
    'src/sso-client-vpn-bastion.ts': "import { vpc } from './network/vpc';\nexport const bastion = vpc;\n",
    // A part that reads the construct.
    'src/network/vpc.ts': "import { errors } from '../core/errors';\nimport type { bastion } from '../sso-client-vpn-bastion';\nexport const vpc = errors;\nexport type B = typeof bastion;\n",
    // A part whose folder no list names (every folder but core/ is a part).
    'src/connection-policy/policy.ts': "import { bastion } from '../sso-client-vpn-bastion';\nexport const policy = bastion;\n",
    // core/ reaching into a part.
    'src/core/errors.ts': "import { price } from '../cost/prices';\nexport const errors = price;\n",
    // A circle between two parts (the schedule <-> cost circle of issue 20).
    'src/cost/prices.ts': "import { hours } from '../schedule/on-hours';\nexport const price = 1;\nexport const h = hours;\n",
    'src/schedule/on-hours.ts': "import { price } from '../cost/prices';\nexport const hours = price;\n",
    // The action reaching past the public API.
    'action/src/main.ts': "import { bastion } from '../../src';\nimport { errors } from '../../src/core/errors';\nexport const run = [bastion, errors];\n",
  });
  try {
    const result = cruise(dir);
    const broken = (rule: string) => result.violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} -> ${v.to}`);
    expect(broken('no-part-into-construct')).toContain('src/network/vpc.ts -> src/sso-client-vpn-bastion.ts');
    expect(broken('no-part-into-construct')).toContain('src/connection-policy/policy.ts -> src/sso-client-vpn-bastion.ts');
    expect(broken('no-core-into-part')).toEqual(['src/core/errors.ts -> src/cost/prices.ts']);
    // depcruise names one edge of each circle; which one depends on the order it walks the tree.
    const circles = broken('no-circular');
    expect(circles.some((edge) => ['src/cost/prices.ts -> src/schedule/on-hours.ts', 'src/schedule/on-hours.ts -> src/cost/prices.ts'].includes(edge))).toBe(true);
    expect(broken('action-uses-public-api')).toEqual(['action/src/main.ts -> src/core/errors.ts']);
    expect(result.status).not.toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
