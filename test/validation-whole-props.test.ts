import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Duration, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { NatGateways, Schedule, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';
import { ACCEPTED_WARNINGS, lintTemplates } from './cfn-lint-runner';
import { externalTool } from './external-tool';
import { GROUP_ID, OTHER_GROUP_ID, requiredProps } from './fixtures';

// Each property synthesizes dozens of stacks: on a loaded 2-core CI machine that outlasts jest's 5 s default.
jest.setTimeout(120_000);

/*
 * Whole props objects, generated at once (fast-check), with tokens (Lazy,
 * Fn.importValue, CfnParameter) for every prop that accepts them. Each one
 * either synthesizes, and its template must then pass cfn-lint (all accepted
 * templates in one batched run), or throws an error that names a prop
 * ("SsoClientVpnBastion: <prop> ..."). A crash, or an error naming no prop,
 * fails the test with the props that caused it.
 *
 * Lazy tokens produce valid values: a token's value cannot be checked at
 * synth time, so a Lazy with a bad value would be a deploy-time failure by
 * design, not a finding.
 */
const RUNS = 50;
const cfnLintFound = externalTool('cfn-lint', ['--version'], 'pip install cfn-lint');

type TokenKind = 'lazy' | 'import' | 'param';
/** A value as the generator describes it: a literal, or a token of a kind standing for a (valid) value. */
type Value<T> = { literal: T } | { token: TokenKind; value: T };

const tokenKind = fc.constantFrom<TokenKind>('lazy', 'import', 'param');
function literalOr<T>(literals: fc.Arbitrary<T>, tokenValue: T, tokenWeight = 1): fc.Arbitrary<Value<T>> {
  return fc.oneof(
    { arbitrary: literals.map((literal) => ({ literal })), weight: 4 },
    { arbitrary: tokenKind.map((token) => ({ token, value: tokenValue })), weight: tokenWeight },
  );
}
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

/** Mostly valid values, sometimes a bad one: with some twenty props, whole objects must still often be valid. */
function pick<T>(valid: T[], invalid: T[]): fc.Arbitrary<T> {
  return invalid.length === 0 ? fc.constantFrom(...valid)
    : fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 20 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
}
const rarely = fc.integer({ min: 0, max: 19 }).map((n) => n === 0);

const spec = fc.record({
  vpc: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'new', 'imported'),
  /** With a given VPC, whether the props that conflict with it are kept (rarely): otherwise they are dropped. */
  keepVpcConflicts: rarely,
  vpcCidr: optional(literalOr(pick(['10.0.0.0/16', '10.9.0.0/20', '192.168.0.0/24', '100.64.0.0/16'], ['127.0.0.0/16', '224.0.0.0/16', '10.0.0.0/8', '10.0.0.1/16', 'nonsense']), '10.0.0.0/16')),
  clientCidr: optional(literalOr(pick(['172.26.0.0/22', '172.30.0.0/16', '192.168.100.0/22'], ['10.0.4.0/22', '172.16.0.0/12', '0.0.0.0/12', '169.254.0.0/22', '10.200.0.0/24']), '172.30.0.0/22')),
  maxAzs: optional(literalOr(pick([1, 1, 2], [3, 0, 1.5]), 2)),
  natGateways: optional(fc.constantFrom<'perAz' | 'single' | 'none'>('perAz', 'single', 'none')),
  egressIps: optional(fc.oneof(
    { arbitrary: fc.constant('match' as const), weight: 8 },
    { arbitrary: fc.constantFrom('listToken' as const, 'oneTooMany' as const), weight: 1 },
  )),
  egressIpToken: literalOr(fc.constant('eipalloc-0123456789abcdef0'), 'eipalloc-0fedcba9876543210'),
  splitTunnel: optional(fc.boolean()),
  groupIds: fc.oneof(
    { arbitrary: fc.uniqueArray(literalOr(pick([GROUP_ID, OTHER_GROUP_ID], ['SampleQiitaGroup']), '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e{n}'), { minLength: 1, maxLength: 2, selector: (v) => JSON.stringify(v) }), weight: 20 },
    { arbitrary: fc.constantFrom('listToken' as const, 'none' as const), weight: 1 },
  ),
  groupNames: optional(fc.array(literalOr(pick(['SampleQiitaGroup', 'a/b', 'a_b', 'a%2Fb', 'Ops'], [' padded', '']), 'Operators'), { maxLength: 3 })),
  identityCenterInstanceArn: optional(literalOr(pick(['arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6'], ['ssoins-7758a1b2c3d4e5f6']), 'arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6')),
  samlApplicationArn: optional(literalOr(pick(['arn:aws:sso::123456789012:application/ssoins-7758a1b2c3d4e5f6/apl-0a1b2c3d4e5f6a7b'], ['apl-0a1b2c3d4e5f6a7b']),
    'arn:aws:sso::123456789012:application/ssoins-7758a1b2c3d4e5f6/apl-0a1b2c3d4e5f6a7b')),
  permissionSet: optional(fc.record({
    name: literalOr(pick(['Bastion', 'Bastion.Users'], ['has space', 'x'.repeat(33)]), 'BastionUsers'),
    hours: optional(pick([1, 12], [13])),
    accountId: optional(literalOr(pick(['123456789012'], ['1234']), '123456789012')),
  })),
  dnsServers: optional(fc.oneof(
    { arbitrary: fc.array(literalOr(pick(['10.0.0.2', '1.1.1.1'], ['dns.example.com']), '8.8.8.8'), { maxLength: 2 }), weight: 8 },
    { arbitrary: fc.constantFrom('listToken' as const, 'three' as const), weight: 1 },
  )),
  clientLoginBanner: optional(literalOr(pick(['Authorized use only', '😀'.repeat(800), 'Ünïcødé\nbanner'], ['x'.repeat(1401), '\uD800']), 'Authorized use only')),
  sessionTimeout: optional(literalOr(pick([8, 12, 24], [6]), 12)),
  port: optional(literalOr(pick([443, 1194], [8443]), 1194)),
  rootVolumeSize: optional(literalOr(pick([8, 30], [0, 20000]), 16)),
  rootDeviceName: optional(literalOr(fc.constant('/dev/xvda'), '/dev/xvda')),
  vpcFlowLogs: optional(fc.boolean()),
  schedule: optional(fc.record({
    kind: fc.constantFrom('businessHours', 'cron', 'onDemand'),
    timeZone: literalOr(pick(['Asia/Tokyo', 'UTC', 'Asia/Kolkata', 'America/New_York'], ['asia/tokyo', 'EST', 'Mars/Olympus']), 'Europe/Berlin'),
    startHour: optional(literalOr(pick([8, 9], [20]), 7)),
    idleMinutes: optional(literalOr(pick([30, 90], [7]), 60)),
  })),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** Turns the generated description into props, making tokens in the stack. */
function materialize(stack: Stack, s: Spec): SsoClientVpnBastionProps {
  let parameters = 0;
  const str = (v: Value<string>): string => {
    if ('literal' in v) return v.literal;
    // '{n}' makes each token's value its own, as two tokens of one value would be a duplicate nobody can see at synth time.
    const n = parameters++;
    const value = v.value.replace('{n}', String(n).padStart(4, '0'));
    if (v.token === 'lazy') return Lazy.string({ produce: () => value });
    if (v.token === 'import') return Fn.importValue(`Export${n}`);
    return new CfnParameter(stack, `P${n}`, { type: 'String', default: value }).valueAsString;
  };
  const num = (v: Value<number>): number => {
    if ('literal' in v) return v.literal;
    if (v.token === 'lazy') return Lazy.number({ produce: () => v.value });
    if (v.token === 'import') return Token.asNumber(Fn.importValue(`Export${parameters++}`));
    return new CfnParameter(stack, `P${parameters++}`, { type: 'Number', default: v.value }).valueAsNumber;
  };
  const list = (): string[] => new CfnParameter(stack, `P${parameters++}`, { type: 'CommaDelimitedList' }).valueAsList;
  const opt = <T, R>(v: T | undefined, f: (x: T) => R): R | undefined => (v === undefined ? undefined : f(v));

  const vpc = s.vpc === 'new'
    ? new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 })
    : s.vpc === 'imported'
      ? ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.8.0.0/16', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'] })
      : undefined;
  const schedule = opt(s.schedule, (sc) => {
    if (sc.kind === 'onDemand') return Schedule.onDemand({ idleMinutes: opt(sc.idleMinutes, num) });
    if (sc.kind === 'cron') {
      return Schedule.cron({ timeZone: str(sc.timeZone), switchOn: 'cron(0 8 ? * MON-FRI *)', switchOff: 'cron(0 20 ? * MON-FRI *)', idleMinutes: opt(sc.idleMinutes, num) });
    }
    return Schedule.businessHours({ timeZone: str(sc.timeZone), startHour: opt(sc.startHour, num), idleMinutes: opt(sc.idleMinutes, num) });
  });
  // With a given VPC the props that size a new one conflict with it; they are kept only rarely.
  const newVpcOnly = <T>(value: () => T): T | undefined => (vpc && !s.keepVpcConflicts ? undefined : value());
  const maxAzs = opt(s.maxAzs, num);
  // One allocation per NAT gateway, as many as the props ask for (or one too many).
  const natCount = s.natGateways === 'single' || s.natGateways === 'none' ? 1
    : s.maxAzs !== undefined && 'literal' in s.maxAzs && Number.isInteger(s.maxAzs.literal) && s.maxAzs.literal > 0 ? s.maxAzs.literal : 1;
  const egressIps = () => opt(s.egressIps, (kind) => (kind === 'listToken' ? list()
    : Array.from({ length: natCount + (kind === 'oneTooMany' ? 1 : 0) }, () => str(s.egressIpToken))));
  return requiredProps({
    vpc,
    vpcCidr: newVpcOnly(() => opt(s.vpcCidr, str)),
    clientCidr: opt(s.clientCidr, str),
    maxAzs,
    natGateways: newVpcOnly(() => opt(s.natGateways, (kind) => NatGateways[kind]())),
    egressIpAllocationIds: newVpcOnly(egressIps),
    splitTunnel: s.splitTunnel,
    authorizedGroupIds: s.groupIds === 'listToken' ? list() : s.groupIds === 'none' ? [] : s.groupIds.map(str),
    authorizedGroupNames: opt(s.groupNames, (names) => names.map(str)),
    identityCenterInstanceArn: opt(s.identityCenterInstanceArn, str),
    samlApplicationArn: opt(s.samlApplicationArn, str),
    permissionSet: opt(s.permissionSet, (ps) => ({
      name: str(ps.name),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
      sessionDuration: opt(ps.hours, Duration.hours),
      accountId: opt(ps.accountId, str),
    })),
    dnsServers: opt(s.dnsServers, (servers) => (servers === 'listToken' ? list() : servers === 'three' ? ['10.0.0.2', '1.1.1.1', '8.8.8.8'] : servers.map(str))),
    clientLoginBanner: opt(s.clientLoginBanner, str),
    sessionTimeout: opt(s.sessionTimeout, num),
    port: opt(s.port, num),
    rootVolumeSize: opt(s.rootVolumeSize, num),
    rootDeviceName: opt(s.rootDeviceName, str),
    vpcFlowLogs: newVpcOnly(() => s.vpcFlowLogs),
    schedule,
  });
}

/** The props an error may name (a nested option is named with its parent, as "permissionSet.name"). */
const PROPS = new Set(['vpc', 'vpcCidr', 'clientCidr', 'maxAzs', 'natGateways', 'egressIpAllocationIds', 'splitTunnel', 'authorizedGroupIds',
  'authorizedGroupNames', 'identityCenterInstanceArn', 'samlApplicationArn', 'permissionSet', 'dnsServers', 'clientLoginBanner', 'sessionTimeout',
  'port', 'rootVolumeSize', 'rootDeviceName', 'vpcFlowLogs', 'schedule', 'vpcSubnets', 'samlMetadataDocument']);

describe('whole props objects, tokens included (fast-check)', () => {
  test(`synthesize to a template cfn-lint accepts, or fail naming a prop (${RUNS} runs)`, () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'whole-props-'));
    const accepted: Array<{ template: string; spec: Spec }> = [];
    const named = new Map<string, number>();
    let tokensAccepted = 0;

    fc.assert(fc.property(spec, (s) => {
      const appDir = path.join(outdir, String(accepted.length + named.size + Math.random()).replace('.', ''));
      const app = new App({ outdir: appDir });
      const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
      let template: string;
      try {
        new SsoClientVpnBastion(stack, 'Bastion', materialize(stack, s));
        const assembly = app.synth();
        template = path.join(appDir, assembly.getStackByName('Stack').templateFile);
      } catch (error) {
        const message = (error as Error).message;
        const prop = /^SsoClientVpnBastion: (\w+)/.exec(message)?.[1];
        if (prop === undefined || !PROPS.has(prop)) {
          throw new Error(`an error that names no prop: ${message}\n${(error as Error).stack}`);
        }
        named.set(prop, (named.get(prop) ?? 0) + 1);
        return;
      }
      accepted.push({ template, spec: s });
      if (JSON.stringify(s).includes('"token"')) tokensAccepted++;
    }), { numRuns: RUNS });

    // Both outcomes, and accepted tokens, must be exercised.
    expect(accepted.length).toBeGreaterThan(0);
    expect([...named.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(tokensAccepted).toBeGreaterThan(0);

    if (cfnLintFound) {
      // W3010 (literal AZ names) is accepted for the imported VPC only, whose AZ names are the user's.
      const findings = lintTemplates(accepted.map((a) => a.template), {
        W3005: ACCEPTED_WARNINGS.W3005,
        // The generator makes a parameter for every token it draws, also where the props leave
        // the value unused (identityCenterInstanceArn without group names or a permission set).
        W2001: { templates: /./ },
      });
      const withProps = findings.flatMap((finding) => {
        const origin = accepted.find((a) => a.template === finding.file);
        return origin?.spec.vpc === 'imported' && / W3010 /.test(finding.text) ? [] : [`${finding.text}\n  props: ${JSON.stringify(origin?.spec)}`];
      });
      expect(withProps).toEqual([]);
    }
  });
});
