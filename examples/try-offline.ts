/**
 * Try it without an AWS account: synthesizes the article's architecture
 * (no credentials, no network), prints what the template contains, and
 * compares its monthly fixed cost with an off-hours schedule and without NAT.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createArticleStack } from './article';
import { CostEstimate, NatGateways, Schedule } from '../src';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-client-vpn-bastion-'));
const app = new App({ outdir });
const stack = createArticleStack(app);
const scheduled = createArticleStack(app, 'SsoClientVpnBastionScheduled', {
  schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }),
});
const onDemand = createArticleStack(app, 'SsoClientVpnBastionOnDemand', {
  schedule: Schedule.onDemand({ usedHoursPerMonth: 40 }),
});
const withoutNat = createArticleStack(app, 'SsoClientVpnBastionWithoutNat', {
  splitTunnel: true,
  natGateways: NatGateways.none(),
});
const assembly = app.synth();
const artifact = assembly.getStackByName(stack.stackName);
const template = artifact.template as {
  Resources: Record<string, { Type: string }>;
  Outputs?: Record<string, { Description?: string; Value: unknown }>;
};

const countsByType = new Map<string, number>();
for (const resource of Object.values(template.Resources)) {
  countsByType.set(resource.Type, (countsByType.get(resource.Type) ?? 0) + 1);
}

const lines: string[] = [];
lines.push(`Stack ${artifact.stackName} (${artifact.environment.region}), template ${path.join(outdir, artifact.templateFile)}`);
lines.push('');
lines.push(`Resources (${Object.keys(template.Resources).length}):`);
for (const [type, count] of [...countsByType].sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`  ${String(count).padStart(3)}  ${type}`);
}
lines.push('');
lines.push('Outputs (values resolve at deploy time):');
for (const [name, output] of Object.entries(template.Outputs ?? {})) {
  lines.push(`  ${name}: ${output.Description ?? ''}`);
  lines.push(`      ${typeof output.Value === 'string' ? output.Value : JSON.stringify(output.Value)}`);
}

lines.push('');
lines.push(`Monthly fixed cost (list prices recorded ${CostEstimate.PRICES_RECORDED_ON}; data transfer and connections extra):`);
const base = CostEstimate.fromTemplate(artifact.template, { region: 'ap-northeast-1' });
for (const [label, estimate] of [
  ['The article (always on)', base],
  ['With Schedule.businessHours (9-19 Asia/Tokyo, weekdays)', CostEstimate.fromTemplate(assembly.getStackByName(scheduled.stackName).template, { region: 'ap-northeast-1' })],
  ['On demand (Schedule.onDemand(), 40 used hours a month)', CostEstimate.fromTemplate(assembly.getStackByName(onDemand.stackName).template, { region: 'ap-northeast-1' })],
  ['Without NAT (split tunnel, NatGateways.none())', CostEstimate.fromTemplate(assembly.getStackByName(withoutNat.stackName).template, { region: 'ap-northeast-1' })],
] as const) {
  const share = Math.round((100 * estimate.monthlyTotal) / base.monthlyTotal);
  lines.push('');
  lines.push(`${label}: $${estimate.monthlyTotal.toFixed(2)} / month (${share}% of the article)`);
  if (estimate.costPerOnHour > 0) {
    lines.push(`  switched off: $${estimate.idleMonthlyCost.toFixed(2)} / month (the idle floor); each hour on adds $${estimate.costPerOnHour.toFixed(4)}`);
  }
  lines.push(estimate.toMarkdown());
}
console.log(lines.join('\n'));
