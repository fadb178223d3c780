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

/** Paths (or path prefixes ending in `/`) that must be in the package, and why. */
export const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['lib/index.js', 'the compiled library'],
  ['lib/index.d.ts', 'the type declarations'],
  ['.jsii', 'the jsii assembly that Construct Hub and the other languages read'],
  ['API.md', 'the API reference shown on Construct Hub'],
  ['README.md', 'the README'],
  ['LICENSE', 'the license'],
  ['assets/self-signed-certificate/certificate-import.lambda/index.js', 'the bundled certificate import handler'],
  ['assets/self-signed-certificate/certificate-cleanup.lambda/index.js', 'the bundled certificate cleanup handler'],
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

if (require.main === module) {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }>; filename: string; size: number }>;
  const files = pack.files.map(file => file.path);
  const problems = packageContentProblems(files);
  if (problems.length > 0) {
    console.error(`check-package-contents: ${pack.filename} is not ready to publish:`);
    problems.forEach(problem => console.error(`  - ${problem}`));
    process.exit(1);
  }
  console.log(`check-package-contents: ${pack.filename}, ${files.length} files, ${Math.round(pack.size / 1024)} KiB: lib/, .jsii, API.md and the Lambda assets, nothing from the repository only.`);
}
