/**
 * What `npm pack` puts in the package is what Construct Hub, npm users and the
 * other languages' packages (built from it) get. This check fails the build
 * when something the construct needs at run time is missing (the compiled
 * library, the jsii assembly, API.md, the bundled Lambda handlers) or when a
 * file that belongs in the repository only is packed:
 *
 *   ts-node scripts/check-package-contents.ts
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Paths (or path prefixes ending in `/`) that must be in the package, and why. */
export const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['lib/index.js', 'the compiled library'],
  ['lib/index.d.ts', 'the type declarations'],
  ['.jsii', 'the jsii assembly that Construct Hub and the other languages read'],
  ['API.md', 'the API reference shown on Construct Hub'],
  ['README.md', 'the README'],
  ['LICENSE', 'the license'],
  ['assets/certificate/import.lambda/index.js', 'the bundled certificate import handler'],
  ['assets/certificate/cleanup.lambda/index.js', 'the bundled certificate cleanup handler'],
];

/** Everything packed must start with one of these. */
export const ALLOWED: readonly string[] = [
  'lib/',
  'assets/',
  // bundledDependencies (ipaddr.js) ship inside the package.
  'node_modules/',
  '.jsii',
  '.jsii.tabl.json',
  'API.md',
  'README.md',
  'LICENSE',
  'package.json',
];

/** Repository-only folders, named in the message when one of their files is packed. */
export const FORBIDDEN: readonly string[] = ['test/', 'action/', 'examples/', 'src/', 'scripts/', 'rosetta/', '.ci/', 'docs/', 'dist/'];

const matches = (file: string, entry: string): boolean => (entry.endsWith('/') ? file.startsWith(entry) : file === entry);

/**
 * Test-only packages under the AGPL (the IAM evaluator of test/iam/ and its
 * own dependencies): they may be devDependencies and nothing else. No file
 * the package ships (lib/, the Lambda bundles under assets/, bundled
 * node_modules/) and no bundle of the GitHub Action may contain them.
 */
export const TEST_ONLY_PACKAGES: readonly string[] = ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-utils'];

/** The dependency fields of package.json that reach users (everything but devDependencies). */
const SHIPPED_DEPENDENCY_FIELDS = ['dependencies', 'bundledDependencies', 'bundleDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Problems of the packed package.json: a test-only package among the dependencies that users get. */
export function packageJsonProblems(pkg: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of SHIPPED_DEPENDENCY_FIELDS) {
    const value = pkg[field];
    const names = Array.isArray(value) ? value.map(String) : Object.keys((value as Record<string, unknown> | undefined) ?? {});
    for (const name of names.filter((dependency) => TEST_ONLY_PACKAGES.includes(dependency))) {
      problems.push(`package.json lists ${name} in ${field}; it is test-only (AGPL), a devDependency and nothing else`);
    }
  }
  return problems;
}

/** Problems of shipped files (path and content): a test-only package packed, bundled or named in them. */
export function shippedFileProblems(files: ReadonlyArray<{ readonly path: string; readonly content: string }>): string[] {
  const problems: string[] = [];
  for (const { path: file, content } of files) {
    for (const name of TEST_ONLY_PACKAGES) {
      if (file.includes(`node_modules/${name}/`)) {
        problems.push(`packed ${file}, of ${name}, which is test-only (AGPL)`);
      } else if (file !== 'package.json' && content.includes(name)) {
        problems.push(`${file} contains ${name}, which is test-only (AGPL): only test/ may import it`);
      }
    }
  }
  return problems;
}

export function packageContentProblems(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [entry, what] of REQUIRED) {
    if (!files.some(file => matches(file, entry))) problems.push(`missing ${entry} (${what})`);
  }
  if (!files.some(file => file.startsWith('lib/') && file.endsWith('.js'))) problems.push('missing lib/ (no compiled JavaScript)');
  for (const file of files) {
    const forbidden = FORBIDDEN.find(folder => file.startsWith(folder));
    if (forbidden) {
      problems.push(`packed ${file}, but ${forbidden} belongs in the repository only (add it to .npmignore through .projenrc.ts)`);
    } else if (!ALLOWED.some(entry => matches(file, entry))) {
      problems.push(`packed ${file}, which is not expected in the package (ignore it through .projenrc.ts, or allow it in ${__filename})`);
    }
  }
  return problems;
}

/**
 * Problems of the Lambda bundles packed under assets/: each is built from a
 * handler in src/ (`assets/<dir>/<name>.lambda/` from `src/<dir>/<name>.lambda.ts`),
 * and a bundle whose handler is gone is dead code that ships (a leftover of a
 * moved or deleted handler: delete the folder, `npx projen bundle` remakes the rest).
 *
 * @param files the packed files
 * @param sourceExists whether a path of the repository exists
 */
export function orphanAssetProblems(files: readonly string[], sourceExists: (source: string) => boolean): string[] {
  const bundles = new Set(files.map((file) => /^assets\/(.+\.lambda)\//.exec(file)?.[1]).filter((bundle): bundle is string => bundle !== undefined));
  return [...bundles].filter((bundle) => !sourceExists(`src/${bundle}.ts`))
    .map((bundle) => `packed assets/${bundle}/, whose handler src/${bundle}.ts does not exist: delete the bundle (npx projen bundle remakes those with a source)`);
}

if (require.main === module) {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }>; filename: string; size: number }>;
  const files = pack.files.map(file => file.path);
  // What is packed, read as packed (the files are the repository's, package.json too), and the action's bundle.
  const read = (file: string) => ({ path: file, content: fs.readFileSync(path.join(__dirname, '..', file), 'utf8') });
  const actionBundle = 'action/dist/index.js';
  const shipped = [...files, ...(fs.existsSync(path.join(__dirname, '..', actionBundle)) ? [actionBundle] : [])].map(read);
  const problems = [
    ...packageContentProblems(files),
    ...packageJsonProblems(JSON.parse(read('package.json').content)),
    ...shippedFileProblems(shipped),
    ...orphanAssetProblems(files, (source) => fs.existsSync(path.join(__dirname, '..', source))),
  ];
  if (problems.length > 0) {
    console.error(`check-package-contents: ${pack.filename} is not ready to publish:`);
    problems.forEach(problem => console.error(`  - ${problem}`));
    process.exit(1);
  }
  console.log(`check-package-contents: ${pack.filename}, ${files.length} files, ${Math.round(pack.size / 1024)} KiB: lib/, .jsii, API.md and the Lambda assets, nothing from the repository only, and no test-only (AGPL) package in it or in the action's bundle.`);
}
