/**
 * The jsii build makes the construct usable from Python, Java, .NET and Go.
 * Only npm and Debian's packages are reachable where this runs, so Maven, NuGet
 * and the Go proxy are not: Java, .NET and Go are generated as source
 * (`jsii-pacmak --code-only`) and checked; Python is generated and built into a
 * wheel offline with Debian's setuptools and wheel. Fails when a target
 * produces nothing, misses a type, or loses the jsii assembly or the Lambda assets:
 *
 *   ts-node scripts/check-languages.ts
 *
 * Output in dist/languages/ (python, java, dotnet, go, wheel). The release
 * workflow builds and publishes the real packages on GitHub (`package:<language>`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installedRunProblems, synthesizeFromTarball } from './check-installed-package';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly jsii: {
    readonly targets: {
      readonly python: { readonly distName: string; readonly module: string };
      readonly java: { readonly package: string };
      readonly dotnet: { readonly namespace: string; readonly packageId: string };
      readonly go: { readonly moduleName: string };
    };
  };
}

export interface LanguageTarget {
  readonly name: string;
  /** Files (relative to the target's output directory) that must exist and not be empty. */
  readonly files: string[];
  /** The jsii tarball that the generated package embeds. */
  readonly tarball: string;
}

/** The Lambda handler bundles the construct loads at synth time: every language's package must carry them. */
export const RUNTIME_FILES = [
  'package/.jsii',
  'package/lib/index.js',
  'package/assets/certificate/import.lambda/index.js',
  'package/assets/certificate/cleanup.lambda/index.js',
];

/** What each target must generate, per exported jsii type (its simple name). */
export function languageTargets(pkg: PackageJson, typeNames: string[], structNames: string[]): LanguageTarget[] {
  const { python, java, dotnet, go } = pkg.jsii.targets;
  const javaDir = path.join('src/main/java', ...java.package.split('.'));
  const goPackage = path.basename(go.moduleName).replace(/-go$/, '').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const tgz = `${pkg.name}@${pkg.version}.jsii.tgz`;
  return [
    {
      name: 'python',
      files: ['setup.py', 'pyproject.toml', `src/${python.module}/__init__.py`, `src/${python.module}/py.typed`],
      tarball: `src/${python.module}/_jsii/${tgz}`,
    },
    {
      name: 'java',
      files: ['pom.xml', ...typeNames.map(type => path.join(javaDir, `${type}.java`))],
      tarball: path.join('src/main/resources', ...java.package.split('.'), tgz),
    },
    {
      name: 'dotnet',
      files: [
        `${dotnet.packageId}/${dotnet.packageId}.csproj`,
        ...typeNames.map(type => `${dotnet.packageId}/${dotnet.namespace.split('.').join('/')}/${type}.cs`),
        ...structNames.map(type => `${dotnet.packageId}/${dotnet.namespace.split('.').join('/')}/I${type}.cs`),
      ],
      tarball: `${dotnet.packageId}/${pkg.name}-${pkg.version}.tgz`,
    },
    {
      name: 'go',
      files: [`${goPackage}/go.mod`, `${goPackage}/main.go`, ...typeNames.map(type => `${goPackage}/${type}.go`)],
      tarball: `${goPackage}/jsii/${pkg.name}-${pkg.version}.tgz`,
    },
  ];
}

/** Python that lists a wheel's files and the members of the jsii tarball inside it, as JSON. */
const LIST_WHEEL = `
import json, sys, tarfile, zipfile, io
wheel = zipfile.ZipFile(sys.argv[1])
names = wheel.namelist()
members = []
for name in names:
    if name.endswith('.jsii.tgz'):
        members = tarfile.open(fileobj=io.BytesIO(wheel.read(name))).getnames()
print(json.dumps({'files': names, 'tarball': members}))
`;

function run(command: string, args: string[], options: { cwd?: string } = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024, ...options });
}

function main(): void {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);

  if (!fs.existsSync('.jsii')) {
    console.error('check-languages: .jsii not found; run `npx projen compile` first.');
    process.exit(1);
  }
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as PackageJson;
  const assembly = JSON.parse(fs.readFileSync('.jsii', 'utf8')) as { types: Record<string, { name: string; datatype?: boolean }> };
  const types = Object.values(assembly.types);
  const typeNames = types.map(type => type.name);
  const structNames = types.filter(type => type.datatype).map(type => type.name);
  if (typeNames.length === 0) fail('the jsii assembly exports no type');

  const outdir = path.join('dist', 'languages');
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(`check-languages: jsii-pacmak --code-only for python, java, dotnet, go into ${outdir}/`);
  run('npx', ['jsii-pacmak', '--code-only', '--force', '--outdir', outdir, '--target', 'python', '--target', 'java', '--target', 'dotnet', '--target', 'go']);

  for (const target of languageTargets(pkg, typeNames, structNames)) {
    const dir = path.join(outdir, target.name);
    if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) {
      fail(`${target.name}: jsii-pacmak produced nothing in ${dir}`);
      continue;
    }
    for (const file of target.files) {
      const full = path.join(dir, file);
      if (!fs.existsSync(full) || fs.statSync(full).size === 0) fail(`${target.name}: ${full} is missing or empty`);
    }
    const tarball = path.join(dir, target.tarball);
    if (!fs.existsSync(tarball)) {
      fail(`${target.name}: the embedded jsii package ${tarball} is missing`);
    } else {
      const members = run('tar', ['tzf', tarball]).split('\n');
      RUNTIME_FILES.filter(file => !members.includes(file)).forEach(file => fail(`${target.name}: ${tarball} lacks ${file}`));
    }
    console.log(`  ${target.name}: ${target.files.length} expected files and the jsii package checked in ${dir}`);
  }

  // Python: every exported type is a class of the module, the module compiles,
  // and the wheel builds offline with Debian's setuptools (no PyPI).
  const { module: pyModule, distName } = pkg.jsii.targets.python;
  const pyDir = path.join(outdir, 'python');
  const pyInit = path.join(pyDir, 'src', pyModule, '__init__.py');
  if (fs.existsSync(pyInit)) {
    const source = fs.readFileSync(pyInit, 'utf8');
    typeNames.filter(type => !new RegExp(`^class ${type}\\b`, 'm').test(source)).forEach(type => fail(`python: ${pyInit} has no class ${type}`));
  }
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  try {
    run(python, ['-c', 'import setuptools, wheel, pip']);
  } catch {
    fail(`python: ${python} lacks setuptools, wheel or pip; on Debian: apt-get install -y python3-setuptools python3-wheel python3-pip`);
  }
  if (problems.length === 0) {
    run(python, ['-m', 'py_compile', pyInit]);
    const wheelDir = path.join(outdir, 'wheel');
    run(python, ['-m', 'pip', 'wheel', '--no-build-isolation', '--no-deps', '--no-index', '--quiet', '--wheel-dir', wheelDir, pyDir]);
    const wheels = fs.readdirSync(wheelDir).filter(file => file.endsWith('.whl'));
    const expectedWheel = `${distName.replace(/-/g, '_')}-${pkg.version}-py3-none-any.whl`;
    if (!wheels.includes(expectedWheel)) {
      fail(`python: expected ${expectedWheel} in ${wheelDir}, found ${wheels.join(', ') || 'nothing'}`);
    } else {
      const listing = JSON.parse(run(python, ['-c', LIST_WHEEL, path.join(wheelDir, expectedWheel)])) as { files: string[]; tarball: string[] };
      const tgzInWheel = `${pyModule}/_jsii/${pkg.name}@${pkg.version}.jsii.tgz`;
      [`${pyModule}/__init__.py`, `${pyModule}/py.typed`, `${pyModule}/_jsii/__init__.py`, tgzInWheel]
        .filter(file => !listing.files.includes(file))
        .forEach(file => fail(`python: the wheel lacks ${file}`));
      RUNTIME_FILES.filter(file => !listing.tarball.includes(file)).forEach(file => fail(`python: the wheel's ${tgzInWheel} lacks ${file}`));
      console.log(`  python: ${path.join(wheelDir, expectedWheel)} built offline (${listing.files.length} files, jsii package with ${listing.tarball.length} files)`);
      // The jsii package inside the wheel, installed as the kernel installs it under Python, synthesizes a connection policy.
      const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'wheel-'));
      run(python, ['-c', 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', path.join(wheelDir, expectedWheel), tgzInWheel, extracted]);
      installedRunProblems(synthesizeFromTarball(path.join(extracted, tgzInWheel))).forEach(problem => fail(`python: the wheel's jsii package, installed: ${problem}`));
      console.log('  python: the wheel\'s jsii package, installed as the jsii kernel installs it, synthesizes a connection policy checked by the bundled Cedar engine');
    }
  }

  if (problems.length > 0) {
    console.error(`check-languages: ${problems.length} problem(s):`);
    problems.forEach(problem => console.error(`  - ${problem}`));
    process.exit(1);
  }
  console.log(`check-languages: python (wheel), java, dotnet and go generated with all ${typeNames.length} types and the jsii package.`);
}

if (require.main === module) {
  main();
}
