import { awscdk, javascript } from 'projen';

// Versions in one place. The aws-cdk-lib floor is what users must have at
// least; the dev dependency is pinned to exactly that, so our tests prove the floor.
const versions = {
  cdk: '2.250.0',
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
  awsSdkClientMock: '4.1.0',
};

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
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: versions.cdk,
  constructsVersion: versions.constructs,
  jsiiVersion: versions.jsii,

  // CIDR math is done by a library, not by hand. jsii needs runtime
  // dependencies bundled into the package.
  // The SAML metadata is parsed at synth time by a real XML parser.
  bundledDeps: [`ipaddr.js@${versions.ipaddr}`, `fast-xml-parser@${versions.fastXmlParser}`],
  devDeps: [
    `@peculiar/x509@${versions.x509}`,
    // @peculiar/x509 2 resolves its services through tsyringe, which needs this polyfill.
    `reflect-metadata@${versions.reflectMetadata}`,
    `@aws-sdk/client-acm@${versions.awsSdk}`,
    // The off-hours switch handler (bundled into its Lambda, which has the SDK at runtime).
    `@aws-sdk/client-ec2@${versions.awsSdk}`,
    `@aws-sdk/client-sso-admin@${versions.awsSdkIdentityCenter}`,
    `@aws-sdk/client-identitystore@${versions.awsSdkIdentityCenter}`,
    `aws-sdk-client-mock@${versions.awsSdkClientMock}`,
    `aws-sdk-client-mock-jest@${versions.awsSdkClientMock}`,
    '@types/aws-lambda',
  ],

  // Lambda handlers (`*.lambda.ts` under src/) are bundled by esbuild into
  // assets/ and wrapped in generated Function constructs.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
  },

  // The design card keeps one dev tsconfig at the root, used by tests, examples
  // and the action; eslint type-checks against it instead of per-folder tsconfigs.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: { include: ['.projenrc.ts'], compilerOptions: {} },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

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

  gitignore: ['cdk.out/', '*.ovpn', '*.pem'],
});

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
  files: ['src/self-signed-certificate/issue-certificates.ts', 'src/identity-center/identity-center-lookup.ts', 'src/schedule/switch-steps.ts', 'src/schedule/switch.lambda.ts', 'src/schedule/switch-complete.lambda.ts'],
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

// Benchmarks print their figures; they are never timed tests (a slow CI
// machine must not fail the build). Bench 3 measures the GitHub Action, and
// says it skipped when the action is not built.
const benchTask = project.addTask('bench', {
  description: 'Print the benchmarks: synth time against plain L2s, the deploy critical path, the action\'s synth-mode overhead',
});
benchTask.spawn(bundleTask);
benchTask.exec('ts-node --project tsconfig.dev.json bench/synth-time.ts');
benchTask.exec('ts-node --project tsconfig.dev.json bench/critical-path.ts');
benchTask.exec('ts-node --project tsconfig.dev.json bench/action-overhead.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');

// Not part of the npm package: examples, CI and docs live in the repository.
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/bench/');

project.synth();
