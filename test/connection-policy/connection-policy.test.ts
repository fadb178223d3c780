import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ClientPlatform, ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, JamfRisk, PolicyStatement, SsoClientVpnBastion,
} from '../../src';
import { GROUP_ID, newStack, requiredProps, synthBastion } from '../fixtures';

const CROWDSTRIKE = DeviceTrustProvider.crowdStrike({
  tenantId: '0123456789abcdef0123456789abcdef',
  publicSigningKeyUrl: 'https://assets-public.falcon.crowdstrike.com/zta/jwk.json',
});
const JAMF = DeviceTrustProvider.jamf({ tenantId: 'example-jamf-tenant' });

const OFFICE = '203.0.113.0/24';

/** Members of the authorized groups, from the office, on macOS or Windows. */
const OFFICE_POLICY = ConnectionPolicy.fromStatements([
  PolicyStatement.permit({
    id: 'groups-from-office',
    description: 'members of the authorized groups, from the office network',
    when: [
      ConnectionCondition.memberOfAuthorizedGroups(),
      ConnectionCondition.publicIpIn([OFFICE]),
      ConnectionCondition.platformIs([ClientPlatform.MACOS, ClientPlatform.WINDOWS]),
    ],
  }),
  PolicyStatement.forbid({
    id: 'old-clients',
    when: [ConnectionCondition.not(ConnectionCondition.minimumAwsClientVersion('5.2.0'))],
  }),
]);

function policyErrorOf(policy: ConnectionPolicy, overrides: Parameters<typeof requiredProps>[0] = {}): string {
  try {
    synthBastion({ connectionPolicy: policy, ...overrides });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth passed');
}

describe('the template carries the policy', () => {
  test('generated Cedar, in shadow mode by default, with the decision context in the logs', () => {
    const { template, bastion } = synthBastion({ connectionPolicy: OFFICE_POLICY });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthorizationPolicy: { PolicyDocument: bastion.connectionPolicyText, ShadowMode: 'enabled', Description: Match.stringLikeRegexp('shadow') },
      ConnectionLogOptions: Match.objectLike({ Enabled: true, IncludeAuthorizationPolicyContext: true }),
    });
    const text = bastion.connectionPolicyText!;
    expect(text).toContain('@id("groups-from-office")');
    expect(text).toContain(`context.saml.memberOf.containsAny(["${GROUP_ID}"])`);
    expect(text).toContain('context.connection["public-ip"] like "203.0.113.*"');
    expect(text).toContain('// members of the authorized groups, from the office network');
  });

  test('ENFORCE turns shadow mode off', () => {
    const { template } = synthBastion({ connectionPolicy: OFFICE_POLICY, connectionPolicyMode: ConnectionPolicyMode.ENFORCE });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { AuthorizationPolicy: Match.objectLike({ ShadowMode: 'disabled' }) });
  });

  test('without a policy: no AuthorizationPolicy, no DevicePostureOptions, no decision context', () => {
    const { template } = synthBastion();
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthorizationPolicy: Match.absent(),
      DevicePostureOptions: Match.absent(),
      ConnectionLogOptions: Match.objectLike({ IncludeAuthorizationPolicyContext: Match.absent() }),
    });
  });

  test('device posture lists each trust provider; Jamf has no signing key URL', () => {
    const { template } = synthBastion({
      devicePosture: [CROWDSTRIKE, JAMF],
      connectionPolicy: ConnectionPolicy.fromStatements([PolicyStatement.permit({
        id: 'managed', when: [ConnectionCondition.anyOf([ConnectionCondition.crowdStrikeScoreAtLeast(70), ConnectionCondition.jamfRiskAtMost(JamfRisk.LOW)])],
      })]),
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      DevicePostureOptions: {
        Enabled: true,
        TrustProviders: [
          { TrustProviderType: 'crowdstrike', TenantId: '0123456789abcdef0123456789abcdef', PublicSigningKeyUrl: 'https://assets-public.falcon.crowdstrike.com/zta/jwk.json' },
          { TrustProviderType: 'jamf', TenantId: 'example-jamf-tenant' },
        ],
      },
    });
  });

  test('a policy from a file is carried as written', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'access.cedar');
    const text = `permit (principal, action, resource)\nwhen { context.saml.memberOf.contains("${GROUP_ID}") };\n`;
    fs.writeFileSync(file, text);
    const { template } = synthBastion({ connectionPolicy: ConnectionPolicy.fromFile(file) });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { AuthorizationPolicy: Match.objectLike({ PolicyDocument: text }) });
  });

  test('groups looked up by name are written as the lookup\'s tokens', () => {
    const { template } = synthBastion({
      authorizedGroupIds: undefined,
      authorizedGroupNames: ['Engineers'],
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      connectionPolicy: ConnectionPolicy.fromStatements([PolicyStatement.permit({ id: 'groups', when: [ConnectionCondition.memberOfAuthorizedGroups()] })]),
    });
    const endpoint = Object.values(template.findResources('AWS::EC2::ClientVpnEndpoint'))[0];
    expect(JSON.stringify(endpoint.Properties.AuthorizationPolicy.PolicyDocument)).toMatch(/Fn::Join|Fn::GetAtt/);
  });

  test('a client connect handler is set when its name starts with AWSClientVPN-', () => {
    const stack = newStack();
    const handler = lambda.Function.fromFunctionName(stack, 'Handler', 'AWSClientVPN-posture');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ clientConnectHandler: handler }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientConnectOptions: { Enabled: true, LambdaFunctionArn: Match.anyValue() },
    });
  });
});

describe('checked at synth with the Cedar engine', () => {
  test('bad Cedar fails with its line and column', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context.saml.memberOf.contains("x") ;'));
    expect(message).toMatch(/connectionPolicy is not valid Cedar:\n {2}line 2, column 44: .*unexpected token `;`/);
  });

  test('a misspelled context attribute is refused, with the engine\'s suggestion', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context.saml.memberof.contains("x") };'));
    expect(message).toMatch(/line 2, column 8: .*attribute `saml.memberof`.*not found \(did you mean `memberOf`\?\)/);
  });

  test('a connection attribute AWS does not send is refused', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context.connection["public_ip"] == "x" };'));
    expect(message).toMatch(/attribute `connection.public_ip`.* not found/);
  });

  test('statements of the same text are each placed where they were written', () => {
    const statement = 'permit (principal, action, resource)\nwhen { context has jumpcloud && context.jumpcloud.device.is_managed };';
    const message = policyErrorOf(ConnectionPolicy.fromCedar(`${statement}\n${statement}`), { devicePosture: [JAMF] });
    expect(message).toMatch(/statement 1 \(line 1\) reads context.jumpcloud; statement 2 \(line 3\) reads context.jumpcloud/);
  });

  test('the posture of a provider that devicePosture lacks is refused, naming it', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context has jumpcloud && context.jumpcloud.device.is_managed };'),
      { devicePosture: [JAMF] });
    expect(message).toMatch(/reads the posture of a trust provider that devicePosture lacks \(jamf\): statement 1 \(line 1\) reads context.jumpcloud/);
    const typo = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context.saml.memberOf.contains("x") && context.crowdstrike.assessment.overall > 5 };'));
    expect(typo).toMatch(/devicePosture lacks \(none\): statement 1 \(line 1\) reads context.crowdstrike/);
  });

  test('a posture namespace read without `has` is refused: an absent one denies', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context.jamf.risk == "LOW" };'), { devicePosture: [JAMF] });
    expect(message).toMatch(/optional attribute `jamf`.*test it first, as in `context has jamf/s);
  });

  test('a misspelled posture attribute is refused', () => {
    const message = policyErrorOf(ConnectionPolicy.fromCedar('permit (principal, action, resource)\nwhen { context has crowdstrike && context.crowdstrike.assessment.overal > 50 };'),
      { devicePosture: [CROWDSTRIKE] });
    expect(message).toMatch(/overal/);
  });

  test('a policy that permits nothing is refused', () => {
    expect(policyErrorOf(ConnectionPolicy.fromCedar('forbid (principal, action, resource) when { context.connection.platform == "ios" };')))
      .toMatch(/permits no connection: it has no permit statement/);
    expect(policyErrorOf(ConnectionPolicy.fromCedar('@id("never") permit (principal, action, resource) when { 1 > 2 };')))
      .toMatch(/permits no connection: no permit can apply \(never\)/);
  });

  test('a policy that forbids everyone is refused', () => {
    expect(policyErrorOf(ConnectionPolicy.fromStatements([
      PolicyStatement.permit({ id: 'groups', when: [ConnectionCondition.memberOfAuthorizedGroups()] }),
      PolicyStatement.forbid({ id: 'everyone' }),
    ]))).toMatch(/forbids every connection: everyone applies whatever the connection/);
  });

  test('a scope constraint is refused: Client VPN has no entities', () => {
    expect(policyErrorOf(ConnectionPolicy.fromCedar('permit (principal == ClientVpn::User::"alice", action, resource);')))
      .toMatch(/constrains the principal, action or resource in statement 1 \(line 1\)/);
  });

  test('a policy above 10,000 bytes is refused', () => {
    const long = `permit (principal, action, resource) when { context.saml.memberOf.containsAny([${Array.from({ length: 400 }, (_, i) => `"group-${i}-abcdefghijkl"`).join(', ')}]) };`;
    expect(policyErrorOf(ConnectionPolicy.fromCedar(long))).toMatch(/is \d+ bytes; Client VPN takes a policy of at most 10000 bytes/);
  });

  test('bad builder input is refused where it is given', () => {
    expect(() => ConnectionCondition.publicIpIn(['203.0.113.5/24'])).toThrow(/publicIpIn cidrs "203.0.113.5\/24" is not usable: it has host bits set/);
    expect(() => ConnectionCondition.crowdStrikeScoreAtLeast(101)).toThrow(/crowdStrikeScoreAtLeast score 101 is not a whole number from 1 to 100/);
    expect(() => ConnectionCondition.minimumAwsClientVersion('6.2')).toThrow(/minimumAwsClientVersion version "6.2" is not a version such as 6.2.0/);
    expect(() => PolicyStatement.permit({ id: 'a"b' })).toThrow(/PolicyStatement.permit id "a\\"b" is not a statement name/);
    expect(() => ConnectionPolicy.fromStatements([PolicyStatement.permit({ id: 'a' }), PolicyStatement.forbid({ id: 'a', when: [ConnectionCondition.jumpCloudManaged()] })]))
      .toThrow(/name "a" twice/);
    expect(() => DeviceTrustProvider.crowdStrike({ tenantId: 't', publicSigningKeyUrl: 'http://example.com/jwk.json' })).toThrow(/publicSigningKeyUrl "http:\/\/example.com\/jwk.json" is not an HTTPS URL/);
    expect(() => DeviceTrustProvider.jumpCloud({ tenantId: 't', publicSigningKeyUrl: 'https://127.0.0.1/jwk.json' })).toThrow(/names localhost or an IP address/);
    expect(() => ConnectionPolicy.fromFile('/nonexistent/access.cedar')).toThrow(/ConnectionPolicy.fromFile path "\/nonexistent\/access.cedar" cannot be read \(ENOENT\)/);
  });

  test('a mode without a policy is refused: nothing would be shadowed or enforced', () => {
    expect(() => synthBastion({ connectionPolicyMode: ConnectionPolicyMode.ENFORCE }))
      .toThrow(/connectionPolicyMode "ENFORCE" is set without connectionPolicy: there is no policy to shadow or enforce/);
  });

  test('two trust providers of one type are refused', () => {
    expect(() => synthBastion({ devicePosture: [JAMF, JAMF] })).toThrow(/devicePosture \["jamf","jamf"\] has jamf twice/);
  });

  test('a client connect handler without the AWSClientVPN- prefix is refused', () => {
    const stack = newStack();
    const handler = lambda.Function.fromFunctionName(stack, 'Handler', 'posture-check');
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ clientConnectHandler: handler })))
      .toThrow(/clientConnectHandler "posture-check" is not a name Client VPN calls: the function's name must start with "AWSClientVPN-"/);
  });

  test('device posture without a policy warns that nothing decides on it', () => {
    const { stack } = synthBastion({ devicePosture: [JAMF] });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('devicePosture is set without connectionPolicy'));
  });
});

describe('generated Cedar', () => {
  test('source networks: octet-aligned blocks are one pattern, others one per octet they span', () => {
    const render = (cidrs: string[]) => ConnectionCondition.publicIpIn(cidrs)._render({ authorizedGroupIds: [] });
    expect(render(['10.0.0.0/8'])).toBe('context.connection["public-ip"] like "10.*"');
    expect(render(['198.51.100.7/32'])).toBe('context.connection["public-ip"] like "198.51.100.7"');
    expect(render(['192.0.2.0/23'])).toBe('(context.connection["public-ip"] like "192.0.2.*" || context.connection["public-ip"] like "192.0.3.*")');
    expect(() => render(['10.0.0.0/15', '172.16.0.0/12', '192.168.0.0/17'])).not.toThrow();
    expect(() => ConnectionCondition.publicIpIn(['10.0.0.0/9', '10.128.0.0/9', '11.0.0.0/9'])).toThrow(/need 384 address patterns, above 256/);
  });

  test('minimum client version: every older major, minor and patch', () => {
    const render = (version: string) => ConnectionCondition.minimumAwsClientVersion(version)._render({ authorizedGroupIds: [] });
    const v = 'context.connection["aws-client-version"]';
    expect(render('2.1.1')).toBe(`${v} like "*.*.*" && !(${v} like "0.*" || ${v} like "1.*" || ${v} like "2.0.*" || ${v} like "2.1.0")`);
    expect(render('3.0.0')).toBe(`${v} like "*.*.*" && !(${v} like "0.*" || ${v} like "1.*" || ${v} like "2.*")`);
    expect(render('0.0.0')).toBe(`${v} like "*.*.*"`);
  });
});
