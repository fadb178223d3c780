/**
 * Try it without an AWS account: synthesizes the README's first example (the
 * construct with only its required props, in ap-northeast-1) with no
 * credentials and no network, and prints what a newcomer needs: the stack
 * outputs by name with readable values, the resources by part of the
 * architecture, and the monthly fixed cost next to the cheaper setups.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { createDefaultStack } from './default';
import { CostEstimate, NatGateways, Schedule, SsoClientVpnBastion } from '../src';

/** A part of the architecture: the bastion's children (by construct ID) that make it up. */
interface Part {
  readonly title: string;
  readonly explanation: string;
  /** Whether a child of the bastion, by its construct ID, belongs to this part. */
  readonly matches: (childId: string) => boolean;
}

const oneOf = (...ids: string[]) => (childId: string) => ids.includes(childId);

/** The parts of the architecture, in the order they are printed. */
const PARTS: readonly Part[] = [
  {
    title: 'Network',
    explanation: 'a new VPC (172.25.0.0/16, one AZ): a public subnet with the NAT gateway and its Elastic IP (the fixed IP clients reach the internet from), a private subnet for the server, an isolated subnet, and VPC flow logs',
    matches: (id) => id === 'Vpc' || id === 'FlowLogs' || /^EgressIp\d+$/.test(id),
  },
  {
    title: 'SSH server',
    explanation: 'a t3.micro Amazon Linux 2023 instance in the private subnet (no public IP), SSH only from the VPN endpoint\'s security group, its image pinned at the first deploy, and the managed policy that lets a person log in with EC2 Instance Connect',
    matches: oneOf('Server', 'ServerSecurityGroup', 'KeyPair', 'InstanceConnectPolicy'),
  },
  {
    title: 'Server certificate',
    explanation: 'the Client VPN endpoint\'s server certificate: by default self-signed, issued at deploy time and imported into ACM (no domain, no DNS)',
    matches: oneOf('ServerCertificate'),
  },
  {
    title: 'IAM Identity Center / SAML provider',
    explanation: 'the IAM SAML provider made from your IAM Identity Center application\'s metadata, which VPN sign-ins go through',
    matches: (id) => ['SamlProvider', 'SelfServiceSamlProvider', 'IdentityCenterLookup', 'PermissionSet'].includes(id)
      || id.startsWith('ApplicationAssignment-') || id.startsWith('PermissionSetAssignment-'),
  },
  {
    title: 'Client VPN endpoint',
    explanation: 'the endpoint (client CIDR 172.26.0.0/22, full tunnel), its association with the private subnet, the authorization rule for your group, the route to the internet, its security group and its connection logs',
    matches: oneOf('Endpoint', 'EndpointSecurityGroup', 'ConnectionLogs'),
  },
  {
    title: 'Schedule',
    explanation: 'the off-hours switch that stops the endpoint\'s association, the NAT gateway and the server outside the hours you choose',
    matches: oneOf('OffHoursSwitch'),
  },
  {
    title: 'Monitoring',
    explanation: 'a CloudWatch dashboard of connections, failed sign-ins, bytes and sessions, and saved CloudWatch Logs Insights queries on the connection logs',
    matches: oneOf('ConnectionInsights'),
  },
];

const DEPLOY_TIME_HANDLERS: Pick<Part, 'title' | 'explanation'> = {
  title: 'Deploy-time handlers',
  explanation: 'Lambda functions (shared by the stack) behind the custom resources: the server certificate, the image pin and image lookup, and removing the default security group\'s rules; with their roles and log groups',
};

const OTHER: Pick<Part, 'title' | 'explanation'> = {
  title: 'Other',
  explanation: 'resources that belong to none of the parts above',
};

/** What a `Ref` to a resource of this type stands for. */
const REF_NAMES: Record<string, string> = {
  'AWS::EC2::ClientVpnEndpoint': 'endpoint ID',
  'AWS::EC2::Instance': 'instance ID',
  'AWS::EC2::EIP': 'Elastic IP',
  'AWS::EC2::VPC': 'VPC ID',
  'AWS::EC2::Subnet': 'subnet ID',
  'AWS::EC2::SecurityGroup': 'security group ID',
  'AWS::EC2::NatGateway': 'NAT gateway ID',
  'AWS::EC2::KeyPair': 'key pair name',
  'AWS::Lambda::Function': 'function name',
  'AWS::IAM::ManagedPolicy': 'policy ARN',
  'AWS::IAM::Role': 'role name',
  'AWS::IAM::SAMLProvider': 'SAML provider ARN',
  'AWS::CloudWatch::Dashboard': 'dashboard name',
  'AWS::CloudWatch::Alarm': 'alarm name',
  'AWS::Logs::LogGroup': 'log group name',
  'AWS::Logs::QueryDefinition': 'query definition ID',
  'AWS::CertificateManager::Certificate': 'certificate ARN',
  'AWS::SNS::Topic': 'topic ARN',
  'AWS::SQS::Queue': 'queue URL',
  'AWS::StepFunctions::StateMachine': 'state machine ARN',
  'AWS::Scheduler::Schedule': 'schedule name',
  'AWS::Events::Rule': 'rule name',
};

/** What `Fn::GetAtt` of this type and attribute stands for. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  'AWS::EC2::Instance.PrivateIp': 'server private IP',
  'AWS::EC2::Instance.PublicIp': 'server public IP',
  'AWS::EC2::Instance.PrivateDnsName': 'server private DNS name',
  'AWS::EC2::Instance.AvailabilityZone': 'server availability zone',
  'AWS::EC2::EIP.PublicIp': 'Elastic IP',
  'AWS::EC2::EIP.AllocationId': 'Elastic IP allocation ID',
  'AWS::EC2::SecurityGroup.GroupId': 'security group ID',
  'AWS::EC2::VPC.CidrBlock': 'VPC CIDR',
  'AWS::Lambda::Function.Arn': 'function ARN',
  'AWS::IAM::Role.Arn': 'role ARN',
  'AWS::Logs::LogGroup.Arn': 'log group ARN',
  'AWS::SNS::Topic.TopicArn': 'topic ARN',
  'AWS::SQS::Queue.Arn': 'queue ARN',
  'AWS::CloudWatch::Alarm.Arn': 'alarm ARN',
};

/** How `Ref` to a pseudo parameter reads, the region being the stack's. */
function renderPseudo(name: string, stack: Stack): string {
  switch (name) {
    case 'AWS::Region': return stack.resolve(stack.region) === stack.region ? stack.region : '<region>';
    case 'AWS::AccountId': return '<account ID>';
    case 'AWS::StackName': return stack.stackName;
    case 'AWS::StackId': return '<stack ID>';
    case 'AWS::Partition': return '<partition>';
    case 'AWS::URLSuffix': return '<URL suffix>';
    case 'AWS::NoValue': return '';
    default: return `<${name.replace(/^AWS::/, '')}>`;
  }
}

/** The last part of a resource type, spelled as words: `AWS::EC2::ClientVpnEndpoint` becomes `ClientVpnEndpoint`. */
function typeName(type: string): string {
  return type.split('::').pop() ?? type;
}

/** What {@link renderValue} reads of a template: the types of its resources and the names of its parameters. */
export interface TemplateTypes {
  readonly Resources: Record<string, { readonly Type: string }>;
  readonly Parameters?: Record<string, unknown>;
}

/**
 * A resolved CloudFormation value as text: tokens become `<...>` placeholders
 * named for what the deployment fills in (`<endpoint ID>`, `<server private IP>`).
 */
export function renderValue(value: unknown, stack: Stack, template: TemplateTypes): string {
  const render = (v: unknown): string => renderValue(v, stack, template);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(render).join(', ');
  if (typeof value !== 'object') return '<value>';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return '<value>';
  const [[fn, args]] = entries;
  switch (fn) {
    case 'Ref': {
      const name = String(args);
      if (name.startsWith('AWS::')) return renderPseudo(name, stack);
      const resource = template.Resources[name];
      if (resource) return `<${REF_NAMES[resource.Type] ?? `${typeName(resource.Type)} ID`}>`;
      if (template.Parameters?.[name] !== undefined) return `<parameter ${name}>`;
      return '<reference>';
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
      const resource = template.Resources[logicalId];
      if (!resource) return `<${attribute}>`;
      return `<${ATTRIBUTE_NAMES[`${resource.Type}.${attribute}`] ?? `${typeName(resource.Type)} ${attribute}`}>`;
    }
    case 'Fn::Join': {
      const [separator, parts] = args as [string, unknown];
      return Array.isArray(parts) ? parts.map(render).join(separator) : render(parts);
    }
    case 'Fn::Select': {
      const [index, list] = args as [number | string, unknown];
      if (Array.isArray(list)) return render(list[Number(index)]);
      return `<item ${index} of ${render(list)}>`;
    }
    case 'Fn::Split': {
      const [separator, source] = args as [string, unknown];
      return `<${render(source)} split at "${separator}">`;
    }
    case 'Fn::GetAZs': return '<availability zones>';
    case 'Fn::Base64': return render(args);
    case 'Fn::ImportValue': return `<export ${render(args)}>`;
    case 'Fn::If': {
      const [, whenTrue, whenFalse] = args as [string, unknown, unknown];
      return `${render(whenTrue)} (or ${render(whenFalse) || 'nothing'})`;
    }
    case 'Fn::Sub': {
      const [text, variables] = (Array.isArray(args) ? args : [args, {}]) as [string, Record<string, unknown>];
      return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        if (variables[name] !== undefined) return render(variables[name]);
        const [logicalId, attribute] = name.split('.');
        return render(attribute ? { 'Fn::GetAtt': [logicalId, attribute] } : { Ref: logicalId });
      });
    }
    default: return '<value>';
  }
}

/** A resource of the template with the part of the architecture it belongs to. */
export interface GroupedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly path?: string;
}

/** A part of the architecture with its resources. */
export interface ResourceGroup {
  readonly title: string;
  readonly explanation: string;
  readonly resources: GroupedResource[];
}

/**
 * The template's resources grouped by part of the architecture, read from their
 * `aws:cdk:path` metadata: the segment after the bastion's construct path picks
 * the part; what lies outside the bastion is a stack-level deploy-time handler.
 * Every resource is in exactly one group; empty groups are left out.
 */
export function groupResources(
  template: { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }> },
  bastionPath: string,
): ResourceGroup[] {
  const groups = new Map<string, ResourceGroup>();
  for (const part of [...PARTS, DEPLOY_TIME_HANDLERS, OTHER]) {
    groups.set(part.title, { title: part.title, explanation: part.explanation, resources: [] });
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    const entry: GroupedResource = { logicalId, type: resource.Type, path: typeof cdkPath === 'string' ? cdkPath : undefined };
    let title = OTHER.title;
    if (entry.path?.startsWith(`${bastionPath}/`)) {
      const childId = entry.path.slice(bastionPath.length + 1).split('/')[0];
      title = PARTS.find((part) => part.matches(childId))?.title ?? OTHER.title;
    } else if (entry.path !== undefined && resource.Type !== 'AWS::CDK::Metadata') {
      title = DEPLOY_TIME_HANDLERS.title;
    }
    groups.get(title)!.resources.push(entry);
  }
  return [...groups.values()].filter((group) => group.resources.length > 0);
}

/** Options of {@link renderTry}. */
export interface RenderTryOptions {
  /** Where the templates go. @default a new temporary directory */
  readonly outdir?: string;
}

/**
 * Synthesizes the README's first example and three cheaper setups of it, and
 * renders what `npx projen try` prints.
 */
export function renderTry(options: RenderTryOptions = {}): string {
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sso-client-vpn-bastion-'));
  // Path metadata as `cdk synth` writes it, which the grouping reads; no
  // AWS::CDK::Metadata resource (the CLI adds it, and it is no part of the bastion).
  const app = new App({ outdir, analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = createDefaultStack(app);
  const scheduled = createDefaultStack(app, 'BastionBusinessHours', {
    schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }),
  });
  const onDemand = createDefaultStack(app, 'BastionOnDemand', {
    schedule: Schedule.onDemand({ usedHoursPerMonth: 40 }),
  });
  const withoutNat = createDefaultStack(app, 'BastionWithoutNat', {
    splitTunnel: true,
    natGateways: NatGateways.none(),
  });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const template = artifact.template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
    Parameters?: Record<string, unknown>;
  };
  const region = stack.region;
  const bastion = stack.node.findAll().find((c): c is SsoClientVpnBastion => c instanceof SsoClientVpnBastion)!;

  const lines: string[] = [];
  lines.push(`The README's first example: new SsoClientVpnBastion(stack, '${bastion.node.id}', { samlMetadataDocument, authorizedGroupIds })`);
  lines.push('with only the required props (examples/identity-center-metadata.xml, group 9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21), so the defaults:');
  lines.push(`a new VPC, a full tunnel through a NAT gateway, a self-signed server certificate; in ${region}.`);
  lines.push('Synthesized offline: nothing is deployed, no AWS account or credentials are used.');
  lines.push(`Template (for cfn-lint or a look): ${path.join(outdir, artifact.templateFile)}`);

  lines.push('');
  lines.push('Outputs after `cdk deploy` (<...> is filled in by the deployment):');
  for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput)) {
    lines.push(`  ${output.node.id}: ${renderValue(stack.resolve(output.value), stack, template)}`);
    if (output.description) lines.push(`      ${output.description}`);
  }

  const groups = groupResources(template, bastion.node.path);
  lines.push('');
  lines.push(`Resources: ${Object.keys(template.Resources).length} in ${groups.length} parts`);
  for (const group of groups) {
    lines.push('');
    lines.push(`${group.title} (${group.resources.length}): ${group.explanation}`);
    const countsByType = new Map<string, number>();
    for (const resource of group.resources) countsByType.set(resource.type, (countsByType.get(resource.type) ?? 0) + 1);
    for (const [type, count] of [...countsByType].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${String(count).padStart(3)}  ${type}`);
    }
  }

  lines.push('');
  lines.push(`Monthly fixed cost in ${region} (list prices recorded ${CostEstimate.PRICES_RECORDED_ON}; data transfer and connections extra):`);
  const estimate = (s: Stack) => CostEstimate.fromTemplate(assembly.getStackByName(s.stackName).template, { region });
  const base = estimate(stack);
  for (const [label, cost] of [
    ['The README\'s first example (always on)', base],
    ['With Schedule.businessHours (9-19 Asia/Tokyo, weekdays)', estimate(scheduled)],
    ['On demand (Schedule.onDemand(), 40 used hours a month)', estimate(onDemand)],
    ['Without NAT (split tunnel, NatGateways.none())', estimate(withoutNat)],
  ] as const) {
    const share = Math.round((100 * cost.monthlyTotal) / base.monthlyTotal);
    lines.push('');
    lines.push(`${label}: $${cost.monthlyTotal.toFixed(2)} / month in ${region} (${share}% of always on)`);
    if (cost.costPerOnHour > 0) {
      lines.push(`  switched off: $${cost.idleMonthlyCost.toFixed(2)} / month (the idle floor); each hour on adds $${cost.costPerOnHour.toFixed(4)}`);
    }
    lines.push(cost.toMarkdown());
  }
  return lines.join('\n');
}

if (require.main === module) {
  console.log(renderTry());
}
