import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NatGateways, Schedule, SsoClientVpnBastion } from '../src';
import { requiredProps } from './fixtures';

// As cfn-lint.test.ts: cfn-lint is preinstalled on CI machines, and its absence fails there.
const cfnLintFound = spawnSync('cfn-lint', ['--version']).status === 0;
if (!cfnLintFound && process.env.CI) {
  throw new Error('cfn-lint is not installed on this CI machine; install it (pip install cfn-lint) so that templates are linted.');
}
const lintTest = cfnLintFound ? test : test.skip;

/** W3005: aws-cdk-lib's own provider declares a DependsOn that a GetAtt implies (see cfn-lint.test.ts). */
const ACCEPTED = ['W3005'];

lintTest('the scheduled and NAT variants lint clean', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-schedule-'));
  const app = new App({ outdir });
  // No account: the AZs come from Fn::GetAZs (two of them), not literals.
  const stack = new Stack(app, 'CostAndSchedule', { env: { region: 'us-east-1' } });
  new SsoClientVpnBastion(stack, 'Scheduled', requiredProps({ schedule: Schedule.businessHours({ timeZone: 'America/New_York' }), maxAzs: 2 }));
  new SsoClientVpnBastion(stack, 'ScheduledSingleNat', requiredProps({
    vpcCidr: '10.1.0.0/16',
    maxAzs: 2,
    natGateways: NatGateways.single(),
    schedule: Schedule.cron({ switchOn: 'cron(0 8 ? * MON-SAT *)', switchOff: 'cron(0 20 ? * MON-SAT *)', timeZone: 'UTC', onHoursPerWeek: 72 }),
  }));
  new SsoClientVpnBastion(stack, 'WithoutNat', requiredProps({ vpcCidr: '10.2.0.0/16', splitTunnel: true, natGateways: NatGateways.none() }));
  const file = path.join(outdir, app.synth().getStackByName('CostAndSchedule').templateFile);
  const result = spawnSync('cfn-lint', ['--format', 'json', file], { encoding: 'utf8' });
  const findings = JSON.parse(result.stdout) as { Rule: { Id: string }; Level: string; Message: string }[];
  expect(findings.filter((f) => !ACCEPTED.includes(f.Rule.Id)).map((f) => `${f.Level} ${f.Rule.Id}: ${f.Message}`)).toEqual([]);
});
