import { App } from 'aws-cdk-lib';
import { addBastionStack } from './bastion-app';
import type { BastionAppInputs, BastionAppOptions, RunProvenance } from './bastion-app';
import { DEFAULT_ESTIMATE_REGION, knownRegion } from './summary';
import { CostEstimate } from '../../src/cost/cost-estimate';
import { NatGateways } from '../../src/nat-gateways';
import { Schedule } from '../../src/schedule/schedule';

/** The two cheaper setups a team most often weighs against the article's. */
const VARIANTS = [
  { label: 'with `Schedule.businessHours` (50 hours a week)', overrides: { schedule: Schedule.businessHours({ timeZone: 'UTC' }) } },
  { label: 'without NAT gateways (split tunnel, no fixed egress IP)', overrides: { natGateways: NatGateways.none(), splitTunnel: true } },
];

/**
 * The monthly fixed cost of the inputs' setup beside the same setup with an
 * off-hours schedule and without NAT, each synthesized in-process, as a
 * Markdown table; a note instead when the region has no price table.
 */
export function costComparison(options: BastionAppOptions, stackRegion: string | undefined): string[] {
  // Without a region, the same prices as the cost section above (summary.ts says which).
  const region = knownRegion(stackRegion) ?? DEFAULT_ESTIMATE_REGION;
  const monthly = (overrides: BastionAppOptions['overrides']) => {
    const app = new App();
    const stack = addBastionStack(app, { ...options, overrides });
    return CostEstimate.fromTemplate(app.synth().getStackByName(stack.stackName).template, { region }).monthlyTotal;
  };
  let base: number;
  try {
    base = monthly(undefined);
  } catch (error) {
    return ['', (error as Error).message, ''];
  }
  const rows = VARIANTS.map(({ label, overrides }) => {
    const cost = monthly(overrides);
    return `| ${label} | $${cost.toFixed(2)} (${Math.round((cost / base) * 100)}%) |`;
  });
  return [
    '',
    '#### Cheaper setups',
    '',
    '| setup | fixed cost per month |',
    '|---|---:|',
    `| as configured | $${base.toFixed(2)} |`,
    ...rows,
    '',
  ];
}

/** The comparison for the action's own app; none for a user's `app`, whose props the action does not know. */
export function ownAppCostComparison(
  inputs: BastionAppInputs & { readonly app?: string },
  samlMetadataXml: string | undefined,
  provenance: RunProvenance,
): string[] {
  return inputs.app || samlMetadataXml === undefined ? [] : costComparison({ inputs, samlMetadataXml, provenance }, inputs.region);
}
