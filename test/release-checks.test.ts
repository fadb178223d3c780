import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { apiDocProblems } from '../scripts/check-api-docs';
import type { Assembly } from '../scripts/check-api-docs';
import { installedRunProblems, synthesizeFromTarball } from '../scripts/check-installed-package';
import { languageTargets } from '../scripts/check-languages';
import { TEST_ONLY_PACKAGES, orphanAssetProblems, packageContentProblems, packageJsonProblems, shippedFileProblems } from '../scripts/check-package-contents';
import { codeBlocks, readmePythonProblems, withPythonTranslations } from '../scripts/readme-python';
import type { Tablet } from '../scripts/readme-python';

const repo = path.join(__dirname, '..');

describe('API documentation check', () => {
  const documented: Assembly = {
    types: {
      'pkg.Props': {
        kind: 'interface',
        datatype: true,
        docs: { summary: 'Props.' },
        properties: [
          { name: 'required', docs: { summary: 'Required.' } },
          { name: 'optional', optional: true, docs: { summary: 'Optional.', default: '- nothing' } },
        ],
      },
      'pkg.Thing': {
        kind: 'class',
        docs: { summary: 'A thing.' },
        initializer: { parameters: [{ name: 'scope', docs: { summary: 'the scope' } }] },
        properties: [{ name: 'maybe', optional: true, docs: { summary: 'Set when known.' } }],
        methods: [{ name: 'bind', docs: { summary: 'Binds.' }, parameters: [{ name: 'scope', docs: { summary: 'the scope' } }] }],
      },
    },
  };

  test('a fully documented assembly passes, and optional class properties need no @default', () => {
    expect(apiDocProblems(documented)).toEqual([]);
  });

  test('an optional prop without @default fails', () => {
    const props = documented.types!['pkg.Props'];
    const assembly: Assembly = {
      types: { 'pkg.Props': { ...props, properties: [{ name: 'optional', optional: true, docs: { summary: 'Optional.' } }] } },
    };
    expect(apiDocProblems(assembly)).toEqual(['pkg.Props.optional: optional property without @default']);
  });

  test('a type, prop or parameter without a description fails', () => {
    const assembly: Assembly = {
      types: {
        'pkg.Thing': {
          kind: 'class',
          docs: {},
          initializer: { parameters: [{ name: 'id' }] },
          properties: [{ name: 'vpc', docs: { summary: ' ' } }],
        },
      },
    };
    expect(apiDocProblems(assembly)).toEqual([
      'pkg.Thing: no description',
      'pkg.Thing.vpc: no description',
      'pkg.Thing.constructor(id): parameter without @param description',
    ]);
  });
});

describe('npm package contents check', () => {
  const complete = [
    '.jsii', '.jsii.tabl.json', 'API.md', 'LICENSE', 'README.md', 'package.json',
    'lib/index.js', 'lib/index.d.ts', 'lib/server.js',
    'assets/certificate/import.lambda/index.js',
    'assets/certificate/cleanup.lambda/index.js',
    'node_modules/ipaddr.js/lib/ipaddr.js',
  ];

  test('the expected package passes', () => {
    expect(packageContentProblems(complete)).toEqual([]);
  });

  test('the upgrade notes and the docs pages are for the repository: packed, they fail', () => {
    expect(packageContentProblems([...complete, 'UPGRADING.md'])).toEqual([expect.stringContaining('UPGRADING.md')]);
    expect(packageContentProblems([...complete, 'docs/options.md'])).toEqual([expect.stringContaining('docs/options.md')]);
  });

  test.each([['.jsii'], ['API.md'], ['lib/index.js'], ['assets/certificate/import.lambda/index.js']])(
    'a package without %s fails', missing => {
      expect(packageContentProblems(complete.filter(file => file !== missing))).toEqual([expect.stringContaining(`missing ${missing}`)]);
    });

  test.each([['test/fixtures.ts'], ['action/index.ts'], ['examples/article.ts'], ['src/index.ts'], ['scripts/check-languages.ts']])(
    'a package with %s fails', extra => {
      expect(packageContentProblems([...complete, extra])).toEqual([expect.stringMatching(new RegExp(`^packed ${extra}, but .+ belongs in the repository only`))]);
    });

  test('an unexpected file fails', () => {
    expect(packageContentProblems([...complete, 'tsconfig.dev.json'])).toEqual([expect.stringContaining('packed tsconfig.dev.json, which is not expected')]);
  });

  describe('every packed Lambda bundle has its handler in src/', () => {
    const exists = (file: string) => fs.existsSync(path.join(repo, file));

    test('a bundle whose handler was deleted or moved fails, naming both', () => {
      const files = ['assets/schedule/switch.lambda/index.js', 'assets/schedule/switch-complete.lambda/index.js', 'lib/index.js'];
      expect(orphanAssetProblems(files, exists)).toEqual([
        expect.stringContaining('packed assets/schedule/switch-complete.lambda/, whose handler src/schedule/switch-complete.lambda.ts does not exist'),
      ]);
    });

    test('every bundle under assets/ has its handler', () => {
      const bundles = fs.readdirSync(path.join(repo, 'assets'), { recursive: true, encoding: 'utf8' }).map((file) => `assets/${file}`);
      expect(bundles.filter((file) => file.endsWith('.lambda/index.js')).length).toBeGreaterThanOrEqual(5);
      expect(orphanAssetProblems(bundles, exists)).toEqual([]);
    });
  });

  describe('the AGPL IAM evaluator of the tests is never shipped', () => {
    test('it is test-only, with its own AGPL dependencies', () => {
      expect(TEST_ONLY_PACKAGES).toEqual(expect.arrayContaining(['@cloud-copilot/iam-simulate']));
    });

    test('as a devDependency it passes', () => {
      expect(packageJsonProblems({ devDependencies: { '@cloud-copilot/iam-simulate': '0.1.173' }, dependencies: { 'ipaddr.js': '2.2.0' } })).toEqual([]);
    });

    test.each([
      ['dependencies', { dependencies: { '@cloud-copilot/iam-simulate': '0.1.173' } }],
      ['bundledDependencies', { bundledDependencies: ['@cloud-copilot/iam-simulate'] }],
      ['peerDependencies', { peerDependencies: { '@cloud-copilot/iam-policy': '*' } }],
      ['optionalDependencies', { optionalDependencies: { '@cloud-copilot/iam-utils': '*' } }],
    ])('in %s it fails', (field, pkg) => {
      expect(packageJsonProblems(pkg)).toEqual([expect.stringContaining(`in ${field}`)]);
    });

    test('a shipped file or bundle that contains it fails; package.json may name it (as a devDependency)', () => {
      const clean = { path: 'lib/index.js', content: 'exports.x = 1;' };
      expect(shippedFileProblems([clean, { path: 'package.json', content: '"@cloud-copilot/iam-simulate"' }])).toEqual([]);
      expect(shippedFileProblems([{ path: 'assets/schedule/switch.lambda/index.js', content: '// node_modules/@cloud-copilot/iam-simulate/dist/cjs/index.js' }]))
        .toEqual([expect.stringContaining('assets/schedule/switch.lambda/index.js contains @cloud-copilot/iam-simulate')]);
      expect(shippedFileProblems([{ path: 'action/dist/index.js', content: 'require("@cloud-copilot/iam-simulate")' }]))
        .toEqual([expect.stringContaining('action/dist/index.js contains')]);
      expect(shippedFileProblems([{ path: 'node_modules/@cloud-copilot/iam-simulate/package.json', content: '{}' }]))
        .toEqual([expect.stringContaining('packed node_modules/@cloud-copilot/iam-simulate/package.json')]);
    });

    test('the real package.json has it as a devDependency only, and no shipped bundle contains it', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
      expect(pkg.devDependencies['@cloud-copilot/iam-simulate']).toMatch(/^\d+\.\d+\.\d+$/);
      expect(packageJsonProblems(pkg)).toEqual([]);
      const bundles = ['assets', 'lib'].filter((dir) => fs.existsSync(path.join(repo, dir))).flatMap((dir) => fs.readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)))
        .concat(['action/dist/index.js'])
        .filter((file) => /\.js$/.test(file) && fs.existsSync(path.join(repo, file)))
        .map((file) => ({ path: file, content: fs.readFileSync(path.join(repo, file), 'utf8') }));
      expect(bundles.length).toBeGreaterThan(0);
      expect(shippedFileProblems(bundles)).toEqual([]);
    });
  });
});

describe('README Python example', () => {
  const typescript = "new SsoClientVpnBastion(stack, 'Bastion', { splitTunnel: true });";
  const python = 'SsoClientVpnBastion(stack, "Bastion", split_tunnel=True)';
  const tablet: Tablet = { snippets: { a: { translations: { $: { source: typescript }, python: { source: python } } } } };
  const readme = (pythonCode: string) => ['# x', '', '```ts', typescript, '```', '', 'Python:', '', '```python', pythonCode, '```', ''].join('\n');

  test('code blocks are found with their language', () => {
    expect(codeBlocks(readme(python)).map(block => [block.language, block.code])).toEqual([['ts', typescript], ['python', python]]);
  });

  test('a Python block equal to the translation of the TypeScript before it passes', () => {
    expect(readmePythonProblems(readme(python), tablet)).toEqual([]);
  });

  test('a Python block that drifted from the translation fails', () => {
    expect(readmePythonProblems(readme('SsoClientVpnBastion(stack, "Bastion")'), tablet)).toEqual([expect.stringContaining("is not rosetta's translation")]);
  });

  test('a TypeScript block rosetta did not translate fails', () => {
    expect(readmePythonProblems(readme(python), { snippets: {} })).toEqual([expect.stringContaining('no rosetta translation')]);
  });

  test('a README without a Python block fails', () => {
    expect(readmePythonProblems('```ts\nx\n```\n', tablet)).toEqual([expect.stringContaining('no Python block')]);
  });

  test('--update writes the translation', () => {
    expect(withPythonTranslations(readme('PLACEHOLDER'), tablet)).toBe(readme(python));
  });

  test('the real README shows the main example in TypeScript and then in Python', () => {
    const blocks = codeBlocks(fs.readFileSync(path.join(repo, 'README.md'), 'utf8'));
    const main = blocks.findIndex(block => block.language === 'ts' && block.code.includes("from 'sso-client-vpn-bastion'"));
    expect(main).toBeGreaterThanOrEqual(0);
    expect(blocks[main + 1].language).toBe('python');
    expect(blocks[main + 1].code).toContain('from sso_client_vpn_bastion import SsoClientVpnBastion');
  });
});

describe('language targets', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const targets = languageTargets(pkg, ['SsoClientVpnBastion', 'SsoClientVpnBastionProps'], ['SsoClientVpnBastionProps']);

  test('Python, Java, .NET and Go are all checked', () => {
    expect(targets.map(target => target.name)).toEqual(['python', 'java', 'dotnet', 'go']);
  });

  test('each target expects every type, named as in package.json', () => {
    const files = Object.fromEntries(targets.map(target => [target.name, target.files]));
    expect(files.python).toContain('src/sso_client_vpn_bastion/__init__.py');
    expect(files.java).toContain('src/main/java/io/github/ssoclientvpnbastion/SsoClientVpnBastionProps.java');
    expect(files.dotnet).toContain('SsoClientVpnBastion/SsoClientVpnBastion/ISsoClientVpnBastionProps.cs');
    expect(files.go).toContain('ssoclientvpnbastion/SsoClientVpnBastion.go');
  });
});

describe('the packed package, installed as jsii\'s kernel installs it (under Python, Java, .NET and Go)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'packed-'));
  let tarball: string;
  beforeAll(() => {
    // The npm tarball as `npx projen package:js` packs it, from the compiled lib/ and .jsii.
    execFileSync('npx', ['jsii-pacmak', '--target', 'js', '--outdir', outdir, '--force'], { cwd: repo, stdio: 'pipe' });
    tarball = path.join(outdir, 'js', fs.readdirSync(path.join(outdir, 'js')).find((file) => file.endsWith('.tgz'))!);
  }, 120_000);

  test('synthesizes a connection policy, decides a connection and refuses a misspelled attribute with its position, with its bundled Cedar engine', () => {
    const run = synthesizeFromTarball(tarball);
    expect(installedRunProblems(run)).toEqual([]);
    expect(execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })).toContain('package/node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm');
  }, 60_000);

  test('without the bundled engine, the same app fails: the check proves the bundle, not the repository\'s node_modules', () => {
    const stripped = path.join(outdir, 'stripped');
    fs.mkdirSync(stripped, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', stripped]);
    fs.rmSync(path.join(stripped, 'package', 'node_modules', '@cedar-policy'), { recursive: true });
    const strippedTarball = path.join(outdir, 'stripped.tgz');
    execFileSync('tar', ['czf', strippedTarball, '-C', stripped, 'package']);
    expect(() => synthesizeFromTarball(strippedTarball)).toThrow(/Cannot find module '@cedar-policy\/cedar-wasm\/nodejs'/);
  }, 60_000);
});
