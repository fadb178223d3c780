import type { SynthesizedStack } from './cdk-runner';
import type { CfnTemplateJson } from './destructive-changes';
import { BastionTooling, CostEstimate } from '../../src';
import type { SwitchMetadata } from '../../src';

type Template = SynthesizedStack['template'] & CfnTemplateJson;

/** `business-hours-time-zone`: on 9 to 19 on weekdays. */
export const BUSINESS_HOURS_PER_WEEK = 50;
/** The server when `instance-type` is empty (the construct's default). */
const DEFAULT_INSTANCE_TYPE = 't3.micro';
const COMPARISON_CONDITION = 'CostComparisonSwitchedOn';
/** What a schedule switches off: the associations, the NAT gateways and the server. */
const SWITCHED_TYPES = ['AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::NatGateway', 'AWS::EC2::Instance'];
/** The time zone the schedule's row names, by the region whose prices it uses; any IANA zone costs the same. */
const TIME_ZONE_OF_REGION: Record<string, string> = { 'ap-northeast-1': 'Asia/Tokyo', 'us-east-1': 'America/New_York' };

const resourcesOf = (template: Template) => Object.entries(template.Resources ?? {});
const hasSwitch = (template: Template) =>
  resourcesOf(template).some(([, resource]) => resource.Metadata?.[BastionTooling.SWITCH_METADATA_KEY] !== undefined);
const endpointsOf = (template: Template) => resourcesOf(template).filter(([, resource]) => resource.Type === 'AWS::EC2::ClientVpnEndpoint');
const isSplitTunnel = (template: Template) => {
  const endpoints = endpointsOf(template);
  return endpoints.length > 0 && endpoints.every(([, endpoint]) => endpoint.Properties?.SplitTunnel === true || endpoint.Properties?.SplitTunnel === 'true');
};

/**
 * The template as `business-hours-time-zone` would bill it: the associations
 * and NAT gateways carry the switch's condition, the server is the one it
 * stops (the Elastic IPs and the volume are billed all month either way).
 * What `CostEstimate` reads of a real switch, and nothing else.
 */
function withBusinessHours(template: Template): Template {
  const resources = Object.fromEntries(resourcesOf(template)
    .filter(([, resource]) => resource.Metadata?.[BastionTooling.SWITCH_METADATA_KEY] === undefined)
    .map(([id, resource]) => [id, resource.Type !== 'AWS::EC2::Instance' && SWITCHED_TYPES.includes(resource.Type)
      ? { ...resource, Condition: COMPARISON_CONDITION }
      : resource]));
  const servers = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::Instance');
  for (const [index, instance] of (servers.length > 0 ? servers : ['']).entries()) {
    const metadata: SwitchMetadata = { onHoursPerWeek: BUSINESS_HOURS_PER_WEEK, condition: COMPARISON_CONDITION, instance };
    resources[`CostComparisonSwitch${index}`] = { Type: 'AWS::Lambda::Function', Metadata: { [BastionTooling.SWITCH_METADATA_KEY]: metadata } };
  }
  return { ...template, Resources: resources };
}

/** The template with the default server (`instance-type` empty). */
function withDefaultServer(template: Template): Template {
  return {
    ...template,
    Resources: Object.fromEntries(resourcesOf(template).map(([id, resource]) => [id, resource.Type === 'AWS::EC2::Instance'
      ? { ...resource, Properties: { ...resource.Properties, InstanceType: DEFAULT_INSTANCE_TYPE } }
      : resource])),
  };
}

/** A change of one action input that makes the setup cheaper, when it applies to this template. */
interface CheaperInput {
  /** The input as a workflow would set it, in Markdown. */
  readonly input: (region: string) => string;
  /** What it changes, for the row. */
  readonly effect: string;
  readonly applies: (template: Template, region: string) => boolean;
  readonly variant: (template: Template) => Template;
}

/**
 * The inputs that lower the fixed cost. Only inputs: a setup that no input
 * reaches (no NAT gateway, another schedule) is the construct's, in a user's own `app`.
 */
const CHEAPER_INPUTS: CheaperInput[] = [
  {
    input: (region) => `\`business-hours-time-zone: ${TIME_ZONE_OF_REGION[region] ?? 'Asia/Tokyo'}\` (or your own IANA time zone)`,
    effect: `on from 9 to 19 on weekdays, ${BUSINESS_HOURS_PER_WEEK} hours a week; \`mode: switch-on\` turns it on outside them`,
    applies: (template) => !hasSwitch(template) && resourcesOf(template).some(([, resource]) => SWITCHED_TYPES.includes(resource.Type)),
    variant: withBusinessHours,
  },
  {
    input: () => `\`instance-type: ${DEFAULT_INSTANCE_TYPE}\``,
    effect: 'the default server',
    applies: (template, region) => {
      const prices = CostEstimate.pricesOf(region)?.instanceHour ?? {};
      const types = resourcesOf(template).filter(([, resource]) => resource.Type === 'AWS::EC2::Instance').map(([, resource]) => resource.Properties?.InstanceType);
      return types.length > 0 && types.every((type) => typeof type === 'string' && (prices[type] ?? 0) > (prices[DEFAULT_INSTANCE_TYPE] ?? Infinity));
    },
    variant: withDefaultServer,
  },
];

/**
 * The monthly fixed cost of the synthesized template beside the cheaper
 * setups the action's inputs reach from it, each named by its input, as a
 * Markdown table; a note instead when the region has no price table. Each
 * variant is the same template with the switched or changed lines, not
 * another synthesis. `split-tunnel` is no cheaper setup: the NAT gateway
 * stays either way, and the row of the setup as configured says which tunnel it is.
 */
export function costComparison(template: SynthesizedStack['template'], region: string, options: { level?: number } = {}): string[] {
  const monthly = (t: Template) => CostEstimate.fromTemplate(t, { region }).monthlyTotal;
  let base: number;
  try {
    base = monthly(template);
  } catch (error) {
    return ['', (error as Error).message, ''];
  }
  const reachable = CHEAPER_INPUTS.filter((option) => option.applies(template, region));
  const rows = reachable.map((option) => ({ label: `${option.input(region)}: ${option.effect}`, cost: monthly(option.variant(template)) }));
  if (reachable.length > 1) {
    rows.push({
      label: `all of these: ${reachable.map((option) => option.input(region)).join(' and ')}`,
      cost: monthly(reachable.reduce((t, option) => option.variant(t), template as Template)),
    });
  }
  const cheaper = rows.filter((row) => row.cost < base - 0.005);
  const split = isSplitTunnel(template);
  const setup = [
    ...(endpointsOf(template).length > 0 ? [split ? 'split tunnel' : 'full tunnel'] : []),
    hasSwitch(template) ? 'scheduled' : 'always on',
  ].join(', ');
  const hasNat = resourcesOf(template).some(([, resource]) => resource.Type === 'AWS::EC2::NatGateway');
  const natPerGb = CostEstimate.pricesOf(region)?.natGatewayGb;
  return [
    '',
    `${'#'.repeat(options.level ?? 4)} Cheaper setups`,
    '',
    '| setup | fixed cost per month |',
    '|---|---:|',
    `| as configured (${setup}) | $${base.toFixed(2)} |`,
    ...cheaper.map((row) => `| ${row.label} | $${row.cost.toFixed(2)} (${Math.round((row.cost / base) * 100)}%) |`),
    '',
    ...(cheaper.length === 0 ? ['No input makes this setup cheaper.', ''] : []),
    ...(!split && hasNat && endpointsOf(template).length > 0
      ? [
        '`split-tunnel: true` leaves the fixed cost as it is: the NAT gateway and its Elastic IP stay (no input removes them). ' +
        `It saves only the NAT gateway's data processing${natPerGb !== undefined ? ` ($${natPerGb} per GB)` : ''} on the clients' internet traffic, ` +
        'which then leaves from their own connection instead of the fixed egress IP.',
        '',
      ]
      : []),
  ];
}
