import type { SynthesizedStack } from './cdk-runner';
import { DEFAULT_ESTIMATE_REGION, knownRegion } from './summary';
import { CostEstimate } from '../../src/cost/cost-estimate';
import { SWITCH_METADATA_KEY } from '../../src/schedule/off-hours-switch';
import type { SwitchMetadata } from '../../src/schedule/off-hours-switch';

type Template = SynthesizedStack['template'] & { Resources?: Record<string, { Type: string; Condition?: string; Metadata?: Record<string, unknown> }> };

/** `Schedule.businessHours`: 9 to 19 on weekdays. */
const BUSINESS_HOURS_PER_WEEK = 50;
const COMPARISON_CONDITION = 'CostComparisonSwitchedOn';

/**
 * The template as the off-hours switch of `Schedule.businessHours` would bill
 * it: the associations and NAT gateways carry the switch's condition, the
 * server is the one it stops (the Elastic IPs and the volume are billed all
 * month either way). What `CostEstimate` reads of a real switch, and nothing else.
 */
function withBusinessHours(template: Template): Template {
  const resources = Object.fromEntries(Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Metadata?.[SWITCH_METADATA_KEY] === undefined)
    .map(([id, resource]) => [id, ['AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway'].includes(resource.Type)
      ? { ...resource, Condition: COMPARISON_CONDITION }
      : resource]));
  const servers = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::Instance');
  for (const [index, instance] of (servers.length > 0 ? servers : ['']).entries()) {
    const metadata: SwitchMetadata = { onHoursPerWeek: BUSINESS_HOURS_PER_WEEK, condition: COMPARISON_CONDITION, instance };
    resources[`CostComparisonSwitch${index}`] = { Type: 'AWS::Lambda::Function', Metadata: { [SWITCH_METADATA_KEY]: metadata } };
  }
  return { ...template, Resources: resources };
}

/** The template without NAT gateways and the Elastic IPs that are their fixed egress addresses (`NatGateways.none()`). */
function withoutNat(template: Template): Template {
  return {
    ...template,
    Resources: Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type !== 'AWS::EC2::NatGateway' && resource.Type !== 'AWS::EC2::EIP')),
  };
}

/** The two cheaper setups a team most often weighs against the article's. */
const VARIANTS = [
  { label: 'with `Schedule.businessHours` (50 hours a week)', variant: withBusinessHours },
  { label: 'without NAT gateways (split tunnel, no fixed egress IP)', variant: withoutNat },
];

/**
 * The monthly fixed cost of the synthesized template beside the same setup
 * with an off-hours schedule and without NAT, as a Markdown table; a note
 * instead when the region has no price table. Each variant is the same
 * template with the switched or removed lines changed, not another synthesis.
 */
export function costComparison(template: SynthesizedStack['template'], stackRegion: string | undefined): string[] {
  // Without a region, the same prices as the cost section above (summary.ts says which).
  const region = knownRegion(stackRegion) ?? DEFAULT_ESTIMATE_REGION;
  const monthly = (t: Template) => CostEstimate.fromTemplate(t, { region }).monthlyTotal;
  let base: number;
  try {
    base = monthly(template);
  } catch (error) {
    return ['', (error as Error).message, ''];
  }
  const rows = VARIANTS.map(({ label, variant }) => {
    const cost = monthly(variant(template));
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

/** The comparison for the action's own app (its one stack); none for a user's `app`, whose props the action does not know. */
export function ownAppCostComparison(inputs: { readonly app?: string; readonly region?: string }, stacks: SynthesizedStack[]): string[] {
  const [stack] = stacks;
  return inputs.app || stack === undefined ? [] : costComparison(stack.template, stack.region ?? inputs.region);
}
