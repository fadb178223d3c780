/**
 * docs/transit-gateway.md's "At scale" table: what reaching N VPCs costs per
 * month with one endpoint per VPC against one endpoint on a Transit Gateway,
 * for 10, 50 and 500 people, rendered from the construct's own price table
 * (src/cost/prices.ts) and Client VPN quotas (src/endpoint/quotas.ts).
 *
 *   ts-node scripts/at-scale.ts           # fail if the page differs
 *   ts-node scripts/at-scale.ts --update  # rewrite it
 */
import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { sectionProblems, withSection } from './generated-section';
import type { GeneratedSection } from './generated-section';
import { CostEstimate, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';
import { HOURS_PER_MONTH } from '../src/core/hours';
import { CLIENT_VPN_QUOTAS } from '../src/endpoint/quotas';
import { requiredProps } from '../test/fixtures';

export const AT_SCALE_PAGE = 'docs/transit-gateway.md';

export const AT_SCALE_SECTION: GeneratedSection = {
  page: AT_SCALE_PAGE,
  startMarker: '<!-- at-scale:start -->',
  endMarker: '<!-- at-scale:end -->',
  what: 'at-scale table is not the render of src/cost/prices.ts and src/endpoint/quotas.ts',
  update: 'npx projen docs:at-scale',
};

/** The setting the table prices. */
export const SCENARIO = {
  region: 'us-east-1',
  /** VPCs people reach besides the bastion's own (in one or several accounts). */
  vpcs: 5,
  /** AZs per endpoint, for high availability. */
  azs: 2,
  /** Hours each person is connected in a month: 8 hours on 21 working days. */
  connectedHoursPerPerson: 8 * 21,
  people: [10, 50, 500],
} as const;

/**
 * Transit Gateway quotas the table names (defaults).
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
 */
export const TRANSIT_GATEWAY_QUOTAS = {
  attachmentsPerTransitGateway: 5000,
  transitGatewaysPerRegion: 5,
};

const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
const price = (n: number) => `$${n.toFixed(2)}`;

/** What CostEstimate bills a bastion for, by line, in the scenario's region and AZs. */
function estimateOf(props: Partial<SsoClientVpnBastionProps>): (description: string) => number {
  const stack = new Stack(new App(), 'AtScale');
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ maxAzs: SCENARIO.azs, ...props }));
  const estimate = CostEstimate.fromStack(stack, { region: SCENARIO.region });
  return (description) => estimate.lineItems.filter((item) => item.description.startsWith(description))
    .reduce((sum, item) => sum + item.monthlyCost, 0);
}

/** The table, rendered now. */
export function renderAtScale(): string {
  const prices = CostEstimate.pricesOf(SCENARIO.region)!;
  const hours = HOURS_PER_MONTH;
  // Each way as the construct's own estimate bills it: an endpoint in each VPC (the bastion's included), or one on a Transit Gateway.
  const endpoints = SCENARIO.vpcs + 1;
  const perVpc = endpoints * estimateOf({})('Client VPN endpoint association');
  const onTransitGateway = estimateOf({ transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0' } });
  const ownShare = onTransitGateway('Client VPN endpoint association') + onTransitGateway('Transit Gateway attachment');
  // The other VPCs' attachments, often there already for other reasons.
  const otherAttachments = SCENARIO.vpcs * prices.transitGatewayAttachmentHour * hours;
  const transit = ownShare + otherAttachments;
  const endpointsOver = endpoints > CLIENT_VPN_QUOTAS.endpointsPerRegion;
  const rows = SCENARIO.people.map((people) => {
    const connections = people * SCENARIO.connectedHoursPerPerson * prices.clientVpnConnectionHour;
    return `| ${people} | ${money(connections)} | ${money(perVpc)} + ${money(connections)} = **${money(perVpc + connections)}** | ` +
      `${money(transit)} + ${money(connections)} = **${money(transit + connections)}** (${money(ownShare + connections)} if the VPCs are attached already) |`;
  });
  return [
    `${SCENARIO.vpcs} VPCs besides the bastion's, ${SCENARIO.azs} AZs per endpoint, ${SCENARIO.region} list prices of src/cost/prices.ts as \`CostEstimate\` bills them, ${hours} hours a month, ` +
      `each person connected ${SCENARIO.connectedHoursPerPerson} hours a month. Only what differs is counted: the bastion VPC's NAT gateways and server cost the same either way.`,
    '',
    `| people | connection-hours (${price(prices.clientVpnConnectionHour)} an hour), either way | one endpoint per VPC: ${endpoints} x ${SCENARIO.azs} associations ` +
      `(${price(prices.clientVpnAssociationHour)} an hour each) | one endpoint on a Transit Gateway: ${SCENARIO.azs} AZs, ${SCENARIO.vpcs + 1} VPC attachments (${price(prices.transitGatewayAttachmentHour)} an hour each) |`,
    '|---:|---:|---:|---:|',
    ...rows,
    '',
    `Data through a Transit Gateway adds $${prices.transitGatewayGb} per GB (SSH is little; a full tunnel sends everything), on top of the NAT gateway's $${prices.natGatewayGb} per GB for what goes to the internet.`,
    '',
    'Limits at each size (defaults; most can be raised in Service Quotas):',
    '',
    `- **Endpoints per Region and account: ${CLIENT_VPN_QUOTAS.endpointsPerRegion}.** One endpoint per VPC needs ${endpoints}${endpointsOver ? ', over the default if they are all in one account' : ''}, ` +
      'and each person a profile per VPC, connected to one at a time; on a Transit Gateway, one endpoint and one profile.',
    `- **Authorization rules per endpoint: ${CLIENT_VPN_QUOTAS.authorizationRulesPerEndpoint}.** On a Transit Gateway with a split tunnel, a rule per group and network: ${SCENARIO.vpcs + 1} networks allow ${Math.floor(CLIENT_VPN_QUOTAS.authorizationRulesPerEndpoint / (SCENARIO.vpcs + 1))} groups (a full tunnel, one rule per group).`,
    `- **Routes per target network association: ${CLIENT_VPN_QUOTAS.routesPerAssociation}.** A split tunnel on a Transit Gateway has a route per network: ` +
      `the bastion's VPC and up to ${CLIENT_VPN_QUOTAS.routesPerAssociation - 1} destinations (the construct checks), or fewer larger ones.`,
    '- **Concurrent connections per endpoint** grow with its associations (7,000 with one; AWS\'s quota page gives the rest): 500 people fit one endpoint either way.',
    `- **Transit Gateway**: ${TRANSIT_GATEWAY_QUOTAS.attachmentsPerTransitGateway.toLocaleString('en-US')} attachments per Transit Gateway, ${TRANSIT_GATEWAY_QUOTAS.transitGatewaysPerRegion} Transit Gateways per Region; the bastion adds two attachments (its VPC's and the endpoint's) and at most one route.`,
  ].join('\n');
}

/** What is wrong with the page: empty when the table is current. */
export function atScaleProblems(markdown: string): string[] {
  return sectionProblems(markdown, AT_SCALE_SECTION, renderAtScale());
}

if (require.main === module) {
  const page = fs.readFileSync(AT_SCALE_PAGE, 'utf8');
  if (process.argv.includes('--update')) {
    fs.writeFileSync(AT_SCALE_PAGE, withSection(page, AT_SCALE_SECTION, renderAtScale()));
    console.log(`at-scale: ${AT_SCALE_PAGE} rewritten.`);
  } else {
    const problems = atScaleProblems(page);
    problems.forEach((problem) => console.error(`at-scale: ${problem}`));
    process.exit(problems.length > 0 ? 1 : 0);
  }
}
