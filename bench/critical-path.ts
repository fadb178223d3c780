/**
 * Bench 2: the deploy critical path. From the synthesized template's
 * dependency graph (Ref, Fn::GetAtt, Fn::Sub, DependsOn) and a table of
 * typical creation times per resource type, the longest chain; and a check
 * that the construct adds no edge CloudFormation does not need: the server
 * must not wait for the VPN, nor the VPN for the server.
 * There is no AWS account here: the times are the table's, not measured.
 */
import { App } from 'aws-cdk-lib';
import { createArticleStack } from '../examples/article';
import { Schedule } from '../src';

/** Typical creation times in minutes, with where each figure comes from. */
const MINUTES: Record<string, { minutes: number; source: string }> = {
  'AWS::EC2::ClientVpnTargetNetworkAssociation': { minutes: 10, source: 'architecture.md section 7: association takes 5-15 minutes (midpoint)' },
  'Custom::AWS': { minutes: 0.3, source: 'estimate: one SSM GetParameter (the server image lookup) through aws-cdk-lib\'s AwsCustomResource function' },
  'AWS::CertificateManager::Certificate': { minutes: 3, source: 'estimate: DNS validation "usually within minutes" once the record exists (ACM docs: DNS validation)' },
  'AWS::EC2::NatGateway': { minutes: 2, source: 'estimate: CloudFormation waits for state available, typically 1-3 minutes' },
  'AWS::EC2::ClientVpnEndpoint': { minutes: 1, source: 'estimate: the endpoint is created in pending-associate at once' },
  'AWS::EC2::Instance': { minutes: 1, source: 'estimate: CloudFormation waits for running, typically under a minute' },
  'AWS::IAM::Role': { minutes: 0.5, source: 'estimate: IAM propagation that CloudFormation waits for' },
  'AWS::Lambda::Function': { minutes: 0.5, source: 'estimate' },
  'AWS::StepFunctions::StateMachine': { minutes: 0.2, source: 'estimate' },
  'AWS::EC2::VPCGatewayAttachment': { minutes: 0.3, source: 'estimate' },
};
const DEFAULT = { minutes: 0.1, source: 'estimate for everything else (a few seconds)' };

type Template = { Resources: Record<string, { Type: string; DependsOn?: string | string[]; Properties?: unknown }> };

function references(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, found));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') {
        found.add(v);
      } else if (key === 'Fn::GetAtt') {
        found.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(v) ? String(v[0]) : String(v);
        for (const match of text.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          found.add(match[1]);
        }
        references(v, found);
      } else {
        references(v, found);
      }
    }
  }
  return found;
}

function graph(template: Template): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const deps = references(resource.Properties, new Set());
    for (const d of [resource.DependsOn ?? []].flat()) {
      deps.add(d);
    }
    edges.set(id, [...deps].filter((d) => d in template.Resources));
  }
  return edges;
}

function analyse(name: string, template: Template): void {
  const edges = graph(template);
  const cost = (id: string) => (MINUTES[template.Resources[id].Type] ?? DEFAULT).minutes;
  const memo = new Map<string, { total: number; chain: string[] }>();
  const longest = (id: string): { total: number; chain: string[] } => {
    const known = memo.get(id);
    if (known) {
      return known;
    }
    let best = { total: 0, chain: [] as string[] };
    for (const dep of edges.get(id) ?? []) {
      const candidate = longest(dep);
      if (candidate.total > best.total) {
        best = candidate;
      }
    }
    const result = { total: best.total + cost(id), chain: [...best.chain, id] };
    memo.set(id, result);
    return result;
  };
  const top = Object.keys(template.Resources).map(longest).sort((a, b) => b.total - a.total)[0];
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    for (const dep of edges.get(id) ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        ancestors(dep, seen);
      }
    }
    return seen;
  };
  const ofType = (type: string) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  const vpnParts = [...ofType('AWS::EC2::ClientVpnEndpoint'), ...ofType('AWS::EC2::ClientVpnTargetNetworkAssociation'), ...ofType('AWS::EC2::ClientVpnRoute')];
  const servers = ofType('AWS::EC2::Instance');
  const serverWaitsForVpn = servers.some((s) => vpnParts.some((v) => ancestors(s).has(v)));
  const vpnWaitsForServer = vpnParts.some((v) => servers.some((s) => ancestors(v).has(s)));

  console.log(`  ${name}: ${Object.keys(template.Resources).length} resources, critical path ${top.total.toFixed(1)} min`);
  for (const id of top.chain) {
    const type = template.Resources[id].Type;
    console.log(`    ${(MINUTES[type] ?? DEFAULT).minutes.toFixed(1).padStart(5)} min  ${type}  ${id}`);
  }
  console.log(`    server waits for the VPN: ${serverWaitsForVpn ? 'YES (an edge to remove)' : 'no'}; VPN waits for the server: ${vpnWaitsForServer ? 'YES (an edge to remove)' : 'no'}`);
}

const app = new App();
const article = createArticleStack(app);
const scheduled = createArticleStack(app, 'Scheduled', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) });
const assembly = app.synth();
console.log('Bench 2: deploy critical path (typical creation times, not measured: no AWS account here)');
analyse('the article', assembly.getStackByName(article.stackName).template as Template);
analyse('with a schedule', assembly.getStackByName(scheduled.stackName).template as Template);
console.log('  Sources of the times:');
for (const [type, { minutes, source }] of Object.entries(MINUTES)) {
  console.log(`    ${type} ${minutes} min: ${source}`);
}
