/**
 * The packed library, installed the way each language's runtime installs it,
 * synthesizes a bastion with a connection policy: jsii's kernel (under
 * Python, Java, .NET and Go) extracts the package's tarball into a
 * node_modules directory of its own and requires it, with its bundled
 * dependencies (the Cedar engine's WebAssembly included) and nothing from
 * this repository but the peer dependencies aws-cdk-lib and constructs.
 *
 *   ts-node scripts/check-installed-package.ts <package.tgz>...
 *
 * check-languages.ts runs it on the npm tarball and on the one inside the
 * Python wheel; test/release-checks.test.ts on a tarball it packs.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

/** The app the installed package runs: a policy that passes, a decision, and a policy the engine refuses. */
const APP = `
const { App, Stack } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const lib = require('sso-client-vpn-bastion');
const metadata = require('fs').readFileSync(process.argv[2], 'utf8');
const props = (policy) => ({
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(metadata),
  authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'],
  serverCertificate: lib.ServerCertificate.fromCertificateArn('arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b'),
  devicePosture: [lib.DeviceTrustProvider.jamf({ tenantId: 'tenant' })],
  connectionPolicy: policy,
});
const app = new App();
const stack = new Stack(app, 'Installed', { env: { region: 'us-east-1' } });
const bastion = new lib.SsoClientVpnBastion(stack, 'Bastion', props(lib.ConnectionPolicy.fromStatements([
  lib.PolicyStatement.permit({ id: 'managed', when: [lib.ConnectionCondition.memberOfAuthorizedGroups(), lib.ConnectionCondition.jamfRiskAtMost(lib.JamfRisk.LOW)] }),
])));
const template = app.synth().getStackByName('Installed').template;
const endpoint = Object.values(template.Resources).find((r) => r.Type === 'AWS::EC2::ClientVpnEndpoint');
const decision = bastion.evaluateConnection({ groups: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'], jamfRisk: lib.JamfRisk.SECURE });
let refusal = 'none';
try {
  new lib.SsoClientVpnBastion(new Stack(new App(), 'Bad'), 'Bastion', props(lib.ConnectionPolicy.fromCedar('permit (principal, action, resource) when { context.saml.memberof.contains("x") };')));
} catch (error) {
  refusal = error.message.split('\\n').slice(0, 2).join(' ');
}
console.log(JSON.stringify({ policy: endpoint.Properties.AuthorizationPolicy, decision, refusal }));
`;

export interface InstalledRun {
  readonly policy: { readonly PolicyDocument: string; readonly ShadowMode: string };
  readonly decision: { readonly result: string; readonly decidingStatements: string[] };
  readonly refusal: string;
}

/** Extracts the tarball as jsii's kernel does, links the peers, and runs the app with `node` (the runtime's Node.js). */
export function synthesizeFromTarball(tarball: string, node = process.execPath): InstalledRun {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'installed-package-'));
  const modules = path.join(root, 'node_modules');
  const target = path.join(modules, 'sso-client-vpn-bastion');
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', path.resolve(tarball), '-C', target, '--strip-components=1']);
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(modules, peer), 'dir');
  }
  fs.writeFileSync(path.join(root, 'app.js'), APP);
  const output = execFileSync(node, [path.join(root, 'app.js'), path.join(REPO, 'examples', 'identity-center-metadata.xml')], {
    cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' },
  });
  fs.rmSync(root, { recursive: true, force: true });
  return JSON.parse(output.trim().split('\n').pop()!) as InstalledRun;
}

/** The problems of a run: empty when the policy is in the template, decided, and a bad one refused with its position. */
export function installedRunProblems(run: InstalledRun): string[] {
  return [
    ...(/@id\("managed"\)/.test(run.policy?.PolicyDocument ?? '') && run.policy.ShadowMode === 'enabled' ? [] : [`the template's AuthorizationPolicy is ${JSON.stringify(run.policy)}`]),
    ...(run.decision?.result === 'permit' && run.decision.decidingStatements.join() === 'managed' ? [] : [`evaluateConnection answered ${JSON.stringify(run.decision)}`]),
    ...(/line 1, column \d+: .*memberof.*did you mean `memberOf`/.test(run.refusal) ? [] : [`a misspelled attribute was not refused with its position: ${run.refusal}`]),
  ];
}

if (require.main === module) {
  const tarballs = process.argv.slice(2);
  let failed = false;
  for (const tarball of tarballs) {
    const problems = installedRunProblems(synthesizeFromTarball(tarball));
    failed ||= problems.length > 0;
    console.log(problems.length === 0
      ? `check-installed-package: ${tarball}: installed as jsii's kernel installs it, it synthesizes a connection policy, decides a connection and refuses a misspelled attribute with its position.`
      : `check-installed-package: ${tarball}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  process.exit(failed || tarballs.length === 0 ? 1 : 0);
}
