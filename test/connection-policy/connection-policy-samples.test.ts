import * as fs from 'fs';
import * as path from 'path';
import { ClientPlatform, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, JamfRisk } from '../../src';
import { synthBastion } from '../fixtures';
import { ENGINEERS, SAMPLES, sampleBastion } from './samples';
import { CEDAR_SECTION, SAMPLES_PAGE, TABLE_SECTION, renderSections, samplesPageProblems } from '../../scripts/connection-policy-samples';

const PAGE = fs.readFileSync(path.join(__dirname, '..', '..', SAMPLES_PAGE), 'utf8');

describe('docs/connection-policy.md', () => {
  test('shows the Cedar the example writes and the decisions evaluateConnection gives the samples', () => {
    expect(samplesPageProblems(PAGE)).toEqual([]);
  });

  test('a stale table or Cedar block is reported, naming the command that rewrites it', () => {
    const stale = PAGE.replace('**permit** (`managed-macs`)', '**deny**');
    expect(stale).not.toBe(PAGE);
    expect(samplesPageProblems(stale)).toEqual([expect.stringMatching(/sample connections table is not what evaluateConnection answers.*npx projen docs:connection-policy/)]);
    expect(samplesPageProblems(PAGE.replace(CEDAR_SECTION.startMarker, ''))).toEqual([`${SAMPLES_PAGE} has no ${CEDAR_SECTION.startMarker} marker`]);
  });

  test('the table has a row per sample, and both outcomes', () => {
    const table = renderSections().find(([section]) => section === TABLE_SECTION)![1];
    expect(table.split('\n')).toHaveLength(SAMPLES.length + 2);
    expect(table).toMatch(/\*\*permit\*\*/);
    expect(table).toMatch(/\*\*deny\*\*/);
  });
});

describe('evaluateConnection', () => {
  const bastion = sampleBastion();
  const atHome = { groups: [ENGINEERS], publicIp: '198.51.100.23', platform: ClientPlatform.MACOS, awsClientVersion: '6.3.0' };

  test('names the permits that let a connection in', () => {
    expect(bastion.evaluateConnection({ ...atHome, publicIp: '203.0.113.9', jamfRisk: JamfRisk.SECURE })).toEqual({
      result: 'permit', allowed: true, decidingStatements: ['from-the-office', 'managed-macs'], errors: [],
    });
  });

  test('names the forbid that keeps one out, whatever the permits say', () => {
    expect(bastion.evaluateConnection({ ...atHome, jamfRisk: JamfRisk.LOW, awsClientVersion: '6.1.9' })).toEqual({
      result: 'deny', allowed: false, decidingStatements: ['outdated-client'], errors: [],
    });
  });

  test('a deny with no permit that applies names nothing', () => {
    expect(bastion.evaluateConnection({ ...atHome, jamfRisk: JamfRisk.MEDIUM })).toMatchObject({ result: 'deny', decidingStatements: [] });
  });

  test('a statement that errors makes the result error, denied once enforced, as Client VPN decides (Cedar alone would skip it)', () => {
    // A validated policy can still fail at evaluation: here an overflow. Cedar would skip the erroring forbid and permit.
    const overflowing = synthBastion({
      devicePosture: [DeviceTrustProvider.crowdStrike({ tenantId: 't', publicSigningKeyUrl: 'https://assets-public.falcon.crowdstrike.com/zta/jwk.json' })],
      connectionPolicy: ConnectionPolicy.fromCedar([
        '@id("groups") permit (principal, action, resource) when { context.saml.memberOf.contains("g") };',
        '@id("score-overflow") forbid (principal, action, resource) when { context has crowdstrike && context.crowdstrike.assessment.overall * 9223372036854775807 < 0 };',
      ].join('\n')),
    }).bastion;
    expect(overflowing.evaluateConnection({ groups: ['g'], crowdStrike: { overall: 80 } })).toEqual({
      result: 'error', allowed: false, decidingStatements: [], errors: [expect.stringMatching(/^score-overflow: .*overflow/)],
    });
    expect(overflowing.evaluateConnection({ groups: ['g'] })).toMatchObject({ result: 'permit', allowed: true });
    // The builders test each namespace with `has`, so the samples never error.
    expect(SAMPLES.map(({ connection }) => bastion.evaluateConnection(connection).result)).not.toContain('error');
  });

  test('the mode does not change the decision, only whether it is enforced', () => {
    const enforced = sampleBastion(ConnectionPolicyMode.ENFORCE);
    for (const { connection } of SAMPLES) {
      expect(enforced.evaluateConnection(connection)).toEqual(bastion.evaluateConnection(connection));
    }
  });

  test('a posture the bastion has no trust provider for is refused', () => {
    expect(() => bastion.evaluateConnection({ ...atHome, jumpCloudManaged: true }))
      .toThrow(/evaluateConnection connection "jumpcloud" carries a jumpcloud posture, but devicePosture has no jumpcloud trust provider/);
  });
});
