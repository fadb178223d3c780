import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { METADATA_SOURCE, asMode, createInputs } from './fixtures';
import { addBastionStack } from '../../action/src/bastion-app';
import type { BastionAppOptions } from '../../action/src/bastion-app';
import { costComparison } from '../../action/src/cost-comparison';
import { readInputs } from '../../action/src/inputs';
import { CostEstimate } from '../../src/cost/estimate';
import { Schedule } from '../../src/schedule/on-hours';

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
const cost = (value: number, base: number) => `$${value.toFixed(2)} (${Math.round((value / base) * 100)}%)`;
/** The cost column of the row whose label starts with `label`. */
const costOf = (lines: string[], label: string) => lines.find((line) => line.startsWith(`| ${label}`))?.split(' | ').pop()?.replace(/ \|$/, '');

/**
 * The comparison reads the one template the run synthesized; each figure must
 * be what a synthesis of that variant would cost (how it was computed before:
 * two more synths of the whole app). Each cheaper setup is named by the
 * action input that reaches it.
 */
describe('the cheaper setups, from the one synthesized template', () => {
  test.each([
    ['the article\'s inputs', {}, true, false],
    ['a schedule already', { 'business-hours-time-zone': 'Asia/Tokyo' }, false, false],
    ['split tunnel, a larger server', { 'split-tunnel': 'true', 'instance-type': 't3.small' }, true, true],
  ])('%s: the same figures as synthesizing each variant', (_, inputs: Record<string, string>, scheduleRow: boolean, serverRow: boolean) => {
    const base = template(inputs);
    const lines = costComparison(base, REGION);
    const split = inputs['split-tunnel'] === 'true';
    expect(costOf(lines, 'as configured')).toBe(`$${monthly(base).toFixed(2)}`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\| as configured \\(${split ? 'split' : 'full'} tunnel, ${scheduleRow ? 'always on' : 'scheduled'}\\) \\|`)));
    const scheduled = monthly(template(inputs, { schedule: Schedule.businessHours({ timeZone: 'UTC' }) }));
    expect(costOf(lines, '`business-hours-time-zone: Asia/Tokyo`')).toBe(scheduleRow ? cost(scheduled, monthly(base)) : undefined);
    const defaultServer = monthly(template({ ...inputs, 'instance-type': 't3.micro' }));
    expect(costOf(lines, '`instance-type: t3.micro`')).toBe(serverRow ? cost(defaultServer, monthly(base)) : undefined);
    // No input removes the NAT gateways, and a split tunnel keeps them: neither is a cheaper setup.
    expect(lines.join('\n')).not.toMatch(/without NAT|NatGateways|Schedule\./);
    expect(lines.filter((line) => line.startsWith('| ') && !line.startsWith('| as configured') && !line.startsWith('| setup')).join('\n')).not.toContain('split');
  });

  test('a region without prices gives the estimate\'s note instead of a table', () => {
    expect(costComparison(template({}), 'xx-nowhere-1').join('\n')).toContain('has no prices in the table');
  });
});
