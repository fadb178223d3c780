import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { METADATA_SOURCE, asMode, createInputs } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import type { BastionAppOptions } from '../../action/src/bastion-app';
import { costComparison } from '../../action/src/cost-comparison';
import { readInputs } from '../../action/src/inputs';
import { CostEstimate } from '../../src/cost/cost-estimate';
import { NatGateways } from '../../src/nat-gateways';
import { Schedule } from '../../src/schedule/schedule';

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');
const REGION = 'ap-northeast-1';

/** The action's own stack for these inputs and prop overrides, synthesized. */
function template(inputs: Record<string, string>, overrides?: BastionAppOptions['overrides']) {
  const app = new App();
  const options = { inputs: asMode('synth', readInputs(createInputs({ mode: 'synth', ...inputs }), { GITHUB_WORKSPACE: '/tmp' })), samlMetadataXml: metadata, provenance: {} };
  const stack = addBastionStack(app, { ...options, overrides });
  return app.synth().getStackByName(stack.stackName).template;
}

const monthly = (t: object) => CostEstimate.fromTemplate(t, { region: REGION }).monthlyTotal;
const row = (label: string, cost: number, base: number) => `| ${label} | $${cost.toFixed(2)} (${Math.round((cost / base) * 100)}%) |`;

/**
 * The comparison reads the one template the run synthesized; each figure must
 * be what a synthesis of that variant would cost (how it was computed before:
 * two more synths of the whole app).
 */
describe('the cheaper setups, from the one synthesized template', () => {
  test.each([
    ['the article\'s inputs', {}],
    ['a schedule already', { 'business-hours-time-zone': 'Asia/Tokyo' }],
    ['split tunnel, a larger server', { 'split-tunnel': 'true', 'instance-type': 't3.small' }],
  ])('%s: the same figures as synthesizing each variant', (_, inputs: Record<string, string>) => {
    const base = template(inputs);
    const scheduled = monthly(template(inputs, { schedule: Schedule.businessHours({ timeZone: 'UTC' }) }));
    const withoutNat = monthly(template(inputs, { natGateways: NatGateways.none(), splitTunnel: true }));
    const lines = costComparison(base, REGION);
    expect(lines).toContain(`| as configured | $${monthly(base).toFixed(2)} |`);
    expect(lines).toContain(row('with `Schedule.businessHours` (50 hours a week)', scheduled, monthly(base)));
    expect(lines).toContain(row('without NAT gateways (split tunnel, no fixed egress IP)', withoutNat, monthly(base)));
  });

  test('a region without prices gives the estimate\'s note instead of a table', () => {
    expect(costComparison(template({}), 'xx-nowhere-1').join('\n')).toContain('has no prices in the table');
  });
});
