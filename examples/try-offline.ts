/**
 * Try it without an AWS account: synthesizes the article's architecture
 * (no credentials, no network) and prints what the template contains.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createArticleStack } from './article';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-client-vpn-bastion-'));
const app = new App({ outdir });
const stack = createArticleStack(app);
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
console.log(lines.join('\n'));
