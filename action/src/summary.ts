import { UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';
import type { SynthesizedStack } from './cdk-runner';
import { OWN_KEY_PATH, SERVER_KEY_PATH, SERVER_OS_USER, usesInstanceConnect } from './stack-outputs';
import type { BastionOutputs } from './stack-outputs';
import { BastionOutputIds } from '../../src';
import { CostEstimate, HOURS_PER_MONTH } from '../../src/cost/cost-estimate';

/** Markdown for the job summary after a deploy: what exists now and how to connect. */
export function deploySummary(stackName: string, region: string, bastion: BastionOutputs, configurationFile: string, extra: string[] = []): string {
  const rows = [
    ['Stack', `\`${stackName}\` (${region})`],
    ['Client VPN endpoint', code(bastion.endpointId)],
    ['SSH server (private IP)', code(bastion.serverPrivateIp)],
    ['Egress IPs (seen by the internet while connected)', bastion.egressIps.length > 0 ? bastion.egressIps.map((ip) => `\`${ip}\``).join(', ') : 'the VPC\'s own'],
    ...(bastion.dashboardUrl ? [['Who connected', `[CloudWatch dashboard](${bastion.dashboardUrl})`]] : []),
  ];
  return [
    `## Client VPN bastion deployed: ${stackName}`,
    '',
    table(rows),
    ...extra,
    '',
    '### Connect',
    '',
    `1. Download the client configuration: it is \`${configurationFile}\` on the runner (upload it as an artifact) and the \`client-configuration\` output.`,
    '2. AWS VPN Client > File > Manage profiles > Add profile > choose the `.ovpn` file > Connect, then sign in with IAM Identity Center in the browser.',
    ...(usesInstanceConnect(bastion) ? instanceConnectSteps(stackName, region, bastion) : keyFileSteps(bastion)),
    '',
  ].join('\n');
}

/** SSH with the key file at SERVER_KEY_PATH: the generated key pair's, or (before EC2 Instance Connect) the user's. */
function keyFileSteps(bastion: BastionOutputs): string[] {
  return [
    bastion.getServerPrivateKeyCommand
      ? `3. Save the server's SSH key once, as \`${SERVER_KEY_PATH}\`: \`cd ~/.ssh && ${bastion.getServerPrivateKeyCommand}\``
      : `3. Put the private key of the key pair you gave the server at \`${SERVER_KEY_PATH}\`.`,
    `4. \`ssh -i ${SERVER_KEY_PATH} ec2-user@${bastion.serverPrivateIp ?? '<server private IP>'}\` (or the \`ssh-config\` output in \`~/.ssh/config\`, which names the same key).`,
    ...(bastion.sshCommand
      ? [`5. Or each with their own key instead of the shared one, through EC2 Instance Connect (AWS CLI v2): \`${bastion.sshCommand}\`; it takes the ${policy(bastion)}.`]
      : []),
  ];
}

/** SSH with each person's own key, pushed through EC2 Instance Connect. */
function instanceConnectSteps(stackName: string, region: string, bastion: BastionOutputs): string[] {
  const sshCommand = bastion.sshCommand
    ?? `aws ec2-instance-connect ssh --region ${bastion.region ?? region} --instance-id ${bastion.serverInstanceId} --os-user ${SERVER_OS_USER} --connection-type direct`;
  return [
    '3. Sign in to the AWS CLI v2 as yourself (`aws sso login`). There is no shared SSH key: each person pushes their own, which the server accepts for 60 seconds. ' +
      `The people connecting need the ${policy(bastion)}: reference it by name from the IAM Identity Center permission set they sign in with, or attach it to their role ` +
      '(a construct given `permissionSet` has the same statements in that permission set). The role that deployed the stack needs nothing more.',
    `4. While connected to the VPN: \`${sshCommand}\` (the \`${BastionOutputIds.SSH_COMMAND}\` output: it makes a key, pushes it and connects).`,
    `5. Any other SSH client (\`scp\`, \`rsync\`, an IDE's remote SSH): put the \`ssh-config\` output in \`~/.ssh/config\`, then \`ssh ${stackName}\`. ` +
      `Before each connection it pushes \`${OWN_KEY_PATH}.pub\` with \`aws ec2-instance-connect send-ssh-public-key\` (no key yet? \`ssh-keygen -t ed25519\`).`,
    ...(bastion.sshWithKeyPairCommand ? [`6. The server also accepts the key pair you gave it: \`${bastion.sshWithKeyPairCommand}\``] : []),
  ];
}

function policy(bastion: BastionOutputs): string {
  return `\`${BastionOutputIds.INSTANCE_CONNECT_POLICY_ARN}\` policy${bastion.instanceConnectPolicyArn ? ` (\`${bastion.instanceConnectPolicyArn}\`)` : ''}`;
}

/** Markdown for the job summary in synth mode: what a deploy would create. */
export function synthSummary(stacks: SynthesizedStack[], extra: string[] = []): string {
  const lines: string[] = ['## Client VPN bastion synthesized (nothing deployed)', ''];
  for (const stack of stacks) {
    const counts = new Map<string, number>();
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    const region = knownRegion(stack.region);
    lines.push(`### ${stack.stackName}${region ? ` (${region})` : ''}`, '');
    lines.push(table([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => [`\`${type}\``, String(count)]), ['Resource type', 'Count']));
    lines.push('', `Outputs: ${Object.keys(stack.template.Outputs ?? {}).map((name) => `\`${name}\``).join(', ') || 'none'}`, '');
  }
  lines.push(...extra);
  return lines.join('\n');
}

/** Markdown for the job summary after destroy: what was deleted, and what did not exist. */
export function destroySummary(destroyed: string[], missing: string[], region: string): string {
  const lines = [destroyed.length > 0 ? '## Client VPN bastion destroyed' : '## Client VPN bastion: nothing destroyed', ''];
  lines.push(...destroyed.map((name) => `- \`${name}\` (${region})`));
  lines.push(...missing.map((name) => `- \`${name}\` does not exist in ${region}: nothing to destroy.`));
  if (destroyed.length > 0) {
    lines.push('', 'The connection log group is retained (its history outlives the stack).');
  }
  lines.push('');
  return lines.join('\n');
}

function code(value: string | undefined): string {
  return value ? `\`${value}\`` : 'unknown';
}

function table(rows: string[][], header: string[] = ['', '']): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The region whose prices estimate the cost of a stack without one (mode synth without aws-region). */
export const DEFAULT_ESTIMATE_REGION = 'us-east-1';

/** The region, unless it is none: absent, a token, or the toolkit's placeholder for an environment-agnostic stack. */
export function knownRegion(region: string | undefined): string | undefined {
  return region && !region.startsWith('${') && region !== UNKNOWN_REGION ? region : undefined;
}

/**
 * The fixed monthly cost of a template, from the library's price table, as
 * Markdown lines; a note instead when the region has no price table.
 */
export function costSection(template: SynthesizedStack['template'], region: string | undefined): string[] {
  const known = knownRegion(region);
  let estimate: CostEstimate;
  try {
    estimate = CostEstimate.fromTemplate(template, { region: known ?? DEFAULT_ESTIMATE_REGION });
  } catch (error) {
    return ['', '### Fixed cost', '', (error as Error).message, ''];
  }
  return [
    '',
    `### Fixed cost: $${estimate.monthlyTotal.toFixed(2)} a month (about $${(estimate.monthlyTotal / HOURS_PER_MONTH).toFixed(3)} an hour, averaged)`,
    '',
    ...(known ? [] : [`No aws-region given: the estimate uses ${DEFAULT_ESTIMATE_REGION} prices (run with aws-region for your region's).`, '']),
    `Prices recorded on ${CostEstimate.PRICES_RECORDED_ON}; data transfer and connected clients ($0.05 per client-hour) come on top.`,
    '',
    estimate.toMarkdown(),
    '',
  ];
}
