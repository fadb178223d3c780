/**
 * Bench 4: what checking a connection policy with the Cedar engine adds to a
 * synth: the same bastion with and without docs/connection-policy.md's
 * example policy (and its trust provider), in one process, as a ratio of
 * medians; and, apart, the first check's one-time cost of loading the
 * engine's WebAssembly (a synth without a policy never loads it).
 * Prints figures; never fails on them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeviceTrustProvider, ServerCertificate, SsoClientVpnBastion } from '../src';
import type { ConnectionPolicy } from '../src';
import { samplePolicy } from '../test/connection-policy/samples';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from '../test/fixtures';

const ROUNDS = 15;

function timeSynth(policy: ConnectionPolicy | undefined): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-policy-'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  new SsoClientVpnBastion(new Stack(app, 'Bench', { env: { region: 'us-east-1' } }), 'Bastion', {
    samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
    authorizedGroupIds: [GROUP_ID],
    serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
    ...(policy ? { connectionPolicy: policy, devicePosture: [DeviceTrustProvider.jamf({ tenantId: 'tenant' })] } : {}),
  });
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm aws-cdk-lib without a policy first, so that the first policy synth's extra time is the engine's load.
timeSynth(undefined);
const warmWithout = timeSynth(undefined);
const first = timeSynth(samplePolicy());
const withPolicy: number[] = [];
const without: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  withPolicy.push(timeSynth(samplePolicy()));
  without.push(timeSynth(undefined));
}
const ratio = median(withPolicy) / median(without);
console.log('Bench 4: the connection policy check (Cedar engine) in a synth');
console.log(`  without a policy: median ${median(without).toFixed(0)} ms of ${ROUNDS}`);
console.log(`  with docs/connection-policy.md's policy: median ${median(withPolicy).toFixed(0)} ms of ${ROUNDS} (parse, schema validation, partial evaluation, formatting)`);
console.log(`  ratio: ${ratio.toFixed(2)}x, +${(median(withPolicy) - median(without)).toFixed(1)} ms a synth`);
console.log(`  once per process: the first synth with a policy took ${first.toFixed(0)} ms against ${warmWithout.toFixed(0)} ms (loading and compiling the engine's WebAssembly)`);
