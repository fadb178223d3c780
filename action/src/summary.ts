import type { SynthesizedStack } from './cdk-runner';
import { BUSINESS_HOURS_PER_WEEK, costComparison } from './cost-comparison';
import type { TemplateResource } from './destructive-changes';
import { knownRegion } from './environment';
import { INPUT } from './inputs';
import { OWN_KEY_PATH, SERVER_KEY_PATH, SERVER_OS_USER, usesInstanceConnect } from './stack-outputs';
import type { BastionOutputs } from './stack-outputs';
import { BastionOutputIds, BastionTooling, CostEstimate } from '../../src';
import type { SwitchMetadata } from '../../src';

/** The action's documentation, as the job summary links it. */
export const DOCS = 'https://github.com/sso-client-vpn-bastion/sso-client-vpn-bastion/blob/main/docs';

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

/** The run's inputs that the stack sections read: the user's `app`, or the action's own. */
export interface SummaryInputs {
  readonly app?: string;
  readonly region?: string;
}

/**
 * Per stack: the settings in effect, the fixed cost, and (the action's own
 * app) the cheaper setups the inputs reach, all read from the one synthesized
 * template. The deploy summary's middle part and each stack's in synth mode.
 */
export function stackSections(inputs: SummaryInputs, stacks: SynthesizedStack[], level = 3): string[] {
  return stacks.flatMap((stack) => {
    const region = knownRegion(stack.region) ?? inputs.region;
    const own = !inputs.app;
    return [
      '',
      `${'#'.repeat(level)} Settings in effect${stacks.length > 1 ? `: ${stack.stackName}` : ''}`,
      '',
      settingsTable(stack.template, region, own),
      ...costSection(stack.template, region, level),
      ...(own
        ? costComparison(stack.template, knownRegion(region) ?? DEFAULT_ESTIMATE_REGION, { level: level + 1 })
        : [`Cheaper setups: your \`app\` sets the construct's props, not the action's inputs; [docs/cost.md](${DOCS}/cost.md) compares the schedules and NAT options.`, '']),
    ];
  });
}

/** Markdown for the job summary in synth mode: the settings, the cost, what a deploy would create, and what to do next. */
export function synthSummary(stacks: SynthesizedStack[], inputs: SummaryInputs = {}): string {
  const lines: string[] = ['## Client VPN bastion synthesized (nothing deployed)', ''];
  for (const stack of stacks) {
    const counts = new Map<string, number>();
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    const region = knownRegion(stack.region);
    const outputs = Object.keys(stack.template.Outputs ?? {});
    lines.push(`### ${stack.stackName}${region ? ` (${region})` : ''}`);
    lines.push(...stackSections(inputs, [stack], 4));
    lines.push(
      `<details><summary>What a deploy creates: ${[...counts.values()].reduce((a, b) => a + b, 0)} resources of ${counts.size} types, ${outputs.length} outputs</summary>`,
      '',
      table([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => [`\`${type}\``, String(count)]), ['Resource type', 'Count']),
      '',
      `Outputs: ${outputs.map((name) => `\`${name}\``).join(', ') || 'none'}`,
      '',
      '</details>',
      '',
    );
  }
  lines.push(...synthNextSteps(stacks, inputs));
  return lines.join('\n');
}

/** What to do after a synth: preview against the account, then deploy. */
function synthNextSteps(stacks: SynthesizedStack[], inputs: SummaryInputs): string[] {
  const region = stacks.map((stack) => knownRegion(stack.region)).find((r) => r !== undefined) ?? inputs.region;
  const names = stacks.map((stack) => stack.stackName).join(', ');
  return [
    '### Next steps',
    '',
    'Nothing was deployed and no AWS call was made. To go on, in a workflow with AWS credentials (`aws-actions/configure-aws-credentials`, OIDC)' +
      `${region ? '' : ' and a region (`aws-region`, or the `aws-region` of `configure-aws-credentials`: diff and deploy need one)'}:`,
    '',
    `1. Preview: the same inputs with \`mode: diff\` compare ${names || 'the stack'} with what is deployed, change nothing, and name any live resource a deploy would replace (with \`github-token\` on a pull request, also as a comment).`,
    `2. Deploy: \`mode: deploy\`, once the account and region are bootstrapped for the CDK (\`npx cdk bootstrap aws://ACCOUNT/${region ?? 'REGION'}\`); ` +
      'it takes 15 minutes or more, then the summary says how to connect and the `client-configuration-file` output is the `.ovpn` to upload as an artifact.',
    `3. The workflow, the inputs and the role's permissions: [docs/action.md](${DOCS}/action.md).`,
    '',
  ];
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

/**
 * The fixed monthly cost of a template, from the library's price table, as
 * Markdown lines; a note instead when the region has no price table.
 */
export function costSection(template: SynthesizedStack['template'], region: string | undefined, level = 3): string[] {
  const known = knownRegion(region);
  const heading = '#'.repeat(level);
  let estimate: CostEstimate;
  try {
    estimate = CostEstimate.fromTemplate(template, { region: known ?? DEFAULT_ESTIMATE_REGION });
  } catch (error) {
    return ['', `${heading} Fixed cost`, '', (error as Error).message, ''];
  }
  return [
    '',
    `${heading} Fixed cost: $${estimate.monthlyTotal.toFixed(2)} a month (about $${(estimate.monthlyTotal / CostEstimate.HOURS_PER_MONTH).toFixed(3)} an hour, averaged)`,
    '',
    ...(known ? [] : [`No aws-region given: the estimate uses ${DEFAULT_ESTIMATE_REGION} prices (run with aws-region for your region's).`, '']),
    `Prices recorded on ${CostEstimate.PRICES_RECORDED_ON}; data transfer and connected clients ($0.05 per client-hour) come on top.`,
    '',
    estimate.toMarkdown(),
    '',
  ];
}

type Resources = Record<string, TemplateResource>;

/** What a setting says when the stack has no resource that holds it (a user's `app` with an existing VPC, or no bastion). */
export const NOT_IN_THIS_STACK = 'not in this stack';

/**
 * The settings in effect, read from the synthesized template (so that they
 * hold for a user's `app` too), as a Markdown table; for the action's own
 * app, with the input that sets each.
 */
export function settingsTable(template: SynthesizedStack['template'], region: string | undefined, ownApp: boolean): string {
  const rows = settingsOf(template, region);
  return ownApp
    ? table(rows.map((row) => [row.setting, row.value, row.input]), ['setting', 'value', 'input'])
    : table(rows.map((row) => [row.setting, row.value]), ['setting', 'value']);
}

interface Setting {
  readonly setting: string;
  readonly value: string;
  /** The action input(s) that set it in the action's own app. */
  readonly input: string;
}

function settingsOf(template: SynthesizedStack['template'], region: string | undefined): Setting[] {
  const resources = (template.Resources ?? {}) as Resources;
  const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);
  const endpoints = ofType('AWS::EC2::ClientVpnEndpoint');
  const perEndpoint = (value: (endpoint: TemplateResource) => string) => (endpoints.length > 0 ? unique(endpoints.map(value)).join('; ') : NOT_IN_THIS_STACK);
  const vpcs = ofType('AWS::EC2::VPC');
  const servers = ofType('AWS::EC2::Instance');
  const known = knownRegion(region);
  return [
    { setting: 'Region', value: known ? `\`${known}\`` : 'none (`aws-region` is empty: the stack is region-agnostic)', input: code(INPUT.awsRegion) },
    { setting: 'VPC CIDR', value: vpcs.length > 0 ? unique(vpcs.map((vpc) => shown(vpc.Properties?.CidrBlock, resources))).join(', ') : NOT_IN_THIS_STACK, input: code(INPUT.vpcCidr) },
    { setting: 'Client CIDR', value: perEndpoint((endpoint) => shown(endpoint.Properties?.ClientCidrBlock, resources)), input: code(INPUT.clientCidr) },
    { setting: 'Tunnel', value: perEndpoint((endpoint) => tunnelOf(endpoint, ofType('AWS::EC2::NatGateway').length > 0, resources)), input: code(INPUT.splitTunnel) },
    { setting: 'Server certificate', value: perEndpoint((endpoint) => certificateOf(endpoint.Properties?.ServerCertificateArn, resources)), input: `${code(INPUT.certificateArn)}, or ${code(INPUT.domainName)} + ${code(INPUT.hostedZoneId)}` },
    { setting: 'Authorized groups', value: groupsOf(ofType('AWS::EC2::ClientVpnAuthorizationRule'), endpoints.length > 0, resources), input: `${code(INPUT.groupIds)}, ${code(INPUT.groupNames)}` },
    { setting: 'Server instance type', value: servers.length > 0 ? unique(servers.map((server) => shown(server.Properties?.InstanceType, resources))).join(', ') : NOT_IN_THIS_STACK, input: code(INPUT.instanceType) },
    { setting: 'Schedule', value: endpoints.length > 0 ? scheduleOf(resources) : NOT_IN_THIS_STACK, input: code(INPUT.businessHoursTimeZone) },
  ];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** A template value as the table shows it: a literal in code, else where it comes from. */
function shown(value: unknown, resources: Resources): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `\`${String(value).replace(/`/g, "'")}\``;
  }
  const source = referenced(value);
  if (source !== undefined) {
    const resource = resources[source];
    return resource ? `from \`${source}\` (${resource.Type}), known when deployed` : `from the parameter or value \`${source}\`, known when deployed`;
  }
  return value === undefined ? 'not set' : 'computed when deployed';
}

/** The logical ID a `Ref` or `Fn::GetAtt` points at. */
function referenced(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') {
    return ref;
  }
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return getAtt[0];
  }
  if (typeof getAtt === 'string') {
    return getAtt.split('.')[0];
  }
  return undefined;
}

function tunnelOf(endpoint: TemplateResource, hasNat: boolean, resources: Resources): string {
  const split = endpoint.Properties?.SplitTunnel;
  if (split === true || split === 'true') {
    return 'split: only traffic to the VPC goes through the VPN; the rest leaves from each device\'s own connection';
  }
  if (split === undefined || split === false || split === 'false') {
    return `full: all traffic goes through the VPN${hasNat ? ', and reaches the internet from the NAT gateway\'s fixed IP' : ''}`;
  }
  return shown(split, resources);
}

function certificateOf(arn: unknown, resources: Resources): string {
  if (typeof arn === 'string') {
    return `existing ACM certificate \`${arn}\``;
  }
  const source = referenced(arn);
  const resource = source !== undefined ? resources[source] : undefined;
  if (resource?.Type === 'Custom::SelfSignedServerCertificate') {
    return 'self-signed: made by the stack and imported into ACM (the `.ovpn` carries its CA)';
  }
  if (resource?.Type === 'AWS::CertificateManager::Certificate') {
    const domain = resource.Properties?.DomainName;
    const zone = (resource.Properties?.DomainValidationOptions as Array<{ HostedZoneId?: unknown }> | undefined)?.find((option) => typeof option.HostedZoneId === 'string')?.HostedZoneId;
    return `DNS-validated: a new ACM certificate for ${shown(domain, resources)}${zone ? `, validated in hosted zone \`${String(zone)}\`` : ''}`;
  }
  return shown(arn, resources);
}

function groupsOf(rules: TemplateResource[], hasEndpoint: boolean, resources: Resources): string {
  if (rules.length === 0) {
    return hasEndpoint ? 'none: no authorization rule, so nobody reaches anything' : NOT_IN_THIS_STACK;
  }
  const ids: string[] = [];
  const names: string[] = [];
  const others: string[] = [];
  for (const rule of rules) {
    if (rule.Properties?.AuthorizeAllGroups === true || rule.Properties?.AuthorizeAllGroups === 'true') {
      others.push('every user the identity provider signs in');
      continue;
    }
    const group = rule.Properties?.AccessGroupId;
    if (typeof group === 'string') {
      ids.push(`\`${group}\``);
      continue;
    }
    const getAtt = (group as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
    const lookup = Array.isArray(getAtt) ? resources[String(getAtt[0])] : undefined;
    const index = Array.isArray(getAtt) ? /^GroupId(\d+)$/.exec(String(getAtt[1]))?.[1] : undefined;
    const name = lookup?.Type === 'Custom::IdentityCenterLookup' && index !== undefined ? lookup.Properties?.GroupNames?.[Number(index)] : undefined;
    if (typeof name === 'string') {
      names.push(`\`${name}\``);
    } else {
      others.push(shown(group, resources));
    }
  }
  return [
    ...(ids.length > 0 ? [`IDs ${unique(ids).join(', ')}`] : []),
    ...(names.length > 0 ? [`names ${unique(names).join(', ')} (their IDs are looked up in IAM Identity Center when deployed)`] : []),
    ...unique(others),
  ].join('; ');
}

/** Always on, or the off-hours switch's schedule: its on and off times in their time zone, or on demand. */
function scheduleOf(resources: Resources): string {
  const switches = Object.values(resources)
    .map((resource) => resource.Metadata?.[BastionTooling.SWITCH_METADATA_KEY] as SwitchMetadata | undefined)
    .filter((metadata) => metadata !== undefined);
  if (switches.length === 0) {
    return 'always on';
  }
  const hours = unique(switches.map((metadata) => `${Math.round(Number(metadata.onHoursPerWeek) * 10) / 10} hours a week`)).join(', ');
  const schedules = Object.values(resources).filter((resource) => resource.Type === 'AWS::Scheduler::Schedule');
  const inMode = (mode: string) => schedules.find((schedule) => String(schedule.Properties?.Target?.Input ?? '').replace(/\s/g, '').includes(`"mode":"${mode}"`))?.Properties;
  const on = inMode('on');
  const off = inMode('off');
  if (!on && !off) {
    return `on demand: off until switched on (\`mode: switch-on\`), and off again when idle (about ${hours} estimated)`;
  }
  const zone = on?.ScheduleExpressionTimezone ?? off?.ScheduleExpressionTimezone ?? 'UTC';
  const cron = (expression: unknown) => /^cron\((\d+) (\d+) \? \* (\S+) \*\)$/.exec(String(expression ?? ''));
  const [onCron, offCron] = [cron(on?.ScheduleExpression), cron(off?.ScheduleExpression)];
  if (onCron && offCron && onCron[3] === offCron[3]) {
    const time = (match: RegExpExecArray) => `${match[2].padStart(2, '0')}:${match[1].padStart(2, '0')}`;
    const days = onCron[3] === 'MON-FRI' ? 'on weekdays' : `on ${onCron[3]}`;
    const kind = onCron[3] === 'MON-FRI' && Number(switches[0].onHoursPerWeek) === BUSINESS_HOURS_PER_WEEK ? 'business hours' : 'scheduled';
    return `${kind} in \`${String(zone)}\`: on from ${time(onCron)} to ${time(offCron)} ${days}, off outside (${hours})`;
  }
  return `scheduled in \`${String(zone)}\`: on at ${shown(on?.ScheduleExpression, resources)}, off at ${shown(off?.ScheduleExpression, resources)} (${hours})`;
}

/** What the failure summary knows of the run; whatever the failure left unknown is absent. */
export interface FailureContext {
  /** The mode, when the inputs were read. */
  readonly mode?: string;
  readonly stackNames?: string[];
  readonly region?: string;
  /** The step's log group that was running when it failed (`Deploy`, `Export the client configuration`...). */
  readonly group?: string;
  /** The inputs were refused (an input error): nothing in AWS is to blame. */
  readonly inputError: boolean;
  /** The message the step fails with. */
  readonly message: string;
}

/** The modes whose stacks CloudFormation changes or reads. */
const CLOUDFORMATION_MODES = new Set(['deploy', 'diff', 'destroy', 'switch-on']);

/** The CloudFormation console's stack list in a region, filtered to one stack when there is one. */
export function cloudFormationConsoleUrl(region: string, stackName?: string): string {
  return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks${stackName ? `?filteringText=${encodeURIComponent(stackName)}` : ''}`;
}

/** Markdown for the job summary when the step fails: what failed, and where to look. */
export function failureSummary(failure: FailureContext): string {
  const stacks = failure.stackNames ?? [];
  const [firstLine, ...more] = failure.message.split('\n');
  const rows = [
    ['Mode', failure.mode ? `\`${failure.mode}\`` : 'not known: the inputs were refused before any mode ran'],
    ...(stacks.length > 0 ? [[`Stack${stacks.length > 1 ? 's' : ''}`, `${stacks.map((name) => `\`${name}\``).join(', ')}${failure.region ? ` (${failure.region})` : ''}`]] : []),
    ...(failure.group ? [['Failed in', `the log group \`${failure.group}\``]] : []),
  ];
  const consoleUrl = !failure.inputError && failure.region && failure.mode && CLOUDFORMATION_MODES.has(failure.mode)
    ? cloudFormationConsoleUrl(failure.region, stacks.length === 1 ? stacks[0] : undefined)
    : undefined;
  const where = [
    `- The log of this step${failure.group ? `, the group \`${failure.group}\`` : ''}: the whole message${more.length > 0 ? ` (${more.length} more line${more.length > 1 ? 's' : ''})` : ''}, and what ran before it.`,
    ...(failure.inputError ? ['- The input the message names: the inputs table of the docs below says what each takes.'] : []),
    ...(consoleUrl
      ? [`- The stack's events in the CloudFormation console: [${failure.region} stacks](${consoleUrl}), then the stack, then Events; the first \`*_FAILED\` event from the bottom is the cause.`]
      : []),
    `- [docs/action.md](${DOCS}/action.md): the inputs, the example workflow and the permissions of the deploying role.`,
  ];
  return [
    `## Client VPN bastion: ${failure.mode ? `mode ${failure.mode} ` : ''}failed`,
    '',
    table(rows),
    '',
    fenced(firstLine),
    '',
    '### Where to look',
    '',
    ...where,
    '',
  ].join('\n');
}

/** A line as a fenced code block, which no Markdown or HTML in it can break out of. */
function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((match) => match[0].length + 1)));
  return [`${fence}text`, text, fence].join('\n');
}
