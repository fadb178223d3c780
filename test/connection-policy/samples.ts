/**
 * The connection policy of docs/connection-policy.md and the sample
 * connections whose decisions its table shows: the table is what
 * `evaluateConnection` answers for each (scripts/connection-policy-samples.ts
 * writes it; connection-policy-samples.test.ts checks it).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClientPlatform, ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, JamfRisk, PolicyStatement,
  ServerCertificate, SsoClientVpnBastion,
} from '../../src';
import type { ConnectionDecision, ConnectionDescription } from '../../src';
import { CERTIFICATE_ARN, METADATA_XML } from '../fixtures';

export const ENGINEERS = '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21';
export const OFFICE = '203.0.113.0/24';

/** The docs page's example, as written there. */
export function samplePolicy(): ConnectionPolicy {
  return ConnectionPolicy.fromStatements([
    PolicyStatement.permit({
      id: 'from-the-office',
      description: 'members of the authorized groups, from the office network',
      when: [
        ConnectionCondition.memberOfAuthorizedGroups(),
        ConnectionCondition.publicIpIn([OFFICE]),
      ],
    }),
    PolicyStatement.permit({
      id: 'managed-macs',
      description: 'members of the authorized groups, anywhere, on a Mac that Jamf rates low risk or better',
      when: [
        ConnectionCondition.memberOfAuthorizedGroups(),
        ConnectionCondition.jamfRiskAtMost(JamfRisk.LOW),
      ],
    }),
    PolicyStatement.forbid({
      id: 'outdated-client',
      description: 'nobody with an AWS provided client older than 6.2.0 (the first with device posture)',
      when: [ConnectionCondition.not(ConnectionCondition.minimumAwsClientVersion('6.2.0'))],
    }),
  ]);
}

/** A bastion with the sample policy, as the docs page builds it. */
export function sampleBastion(mode = ConnectionPolicyMode.SHADOW): SsoClientVpnBastion {
  return new SsoClientVpnBastion(new Stack(undefined, 'Samples', { env: { region: 'ap-northeast-1' } }), 'Bastion', {
    samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
    authorizedGroupIds: [ENGINEERS],
    serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
    devicePosture: [DeviceTrustProvider.jamf({ tenantId: 'example-jamf-tenant' })],
    connectionPolicy: samplePolicy(),
    connectionPolicyMode: mode,
  });
}

export interface SampleConnection {
  readonly who: string;
  readonly connection: ConnectionDescription;
}

const CURRENT = '6.3.0';

export const SAMPLES: SampleConnection[] = [
  { who: 'an engineer at the office, Windows', connection: { groups: [ENGINEERS], publicIp: '203.0.113.10', platform: ClientPlatform.WINDOWS, awsClientVersion: CURRENT } },
  { who: 'an engineer at home, Jamf-managed Mac, low risk', connection: { groups: [ENGINEERS], publicIp: '198.51.100.23', platform: ClientPlatform.MACOS, awsClientVersion: CURRENT, jamfRisk: JamfRisk.LOW } },
  { who: 'an engineer at home, Jamf-managed Mac, high risk', connection: { groups: [ENGINEERS], publicIp: '198.51.100.23', platform: ClientPlatform.MACOS, awsClientVersion: CURRENT, jamfRisk: JamfRisk.HIGH } },
  { who: 'an engineer at home, unmanaged Windows laptop', connection: { groups: [ENGINEERS], publicIp: '198.51.100.23', platform: ClientPlatform.WINDOWS, awsClientVersion: CURRENT } },
  { who: 'an engineer at the office, client 5.1.0', connection: { groups: [ENGINEERS], publicIp: '203.0.113.10', platform: ClientPlatform.MACOS, awsClientVersion: '5.1.0' } },
  { who: 'an engineer at the office, another OpenVPN client', connection: { groups: [ENGINEERS], publicIp: '203.0.113.10', platform: ClientPlatform.LINUX } },
  { who: 'someone outside the groups, at the office', connection: { groups: ['0f0e0d0c-1111-2222-3333-444455556666'], publicIp: '203.0.113.10', platform: ClientPlatform.MACOS, awsClientVersion: CURRENT } },
];

function cell(value: string | undefined): string {
  return value === undefined || value === '' ? '–' : value.replace(/\|/g, '\\|');
}

function describeDecision(decision: ConnectionDecision): string {
  const statements = decision.decidingStatements.map((id) => `\`${id}\``).join(', ');
  if (decision.result === 'permit') return `**permit** (${statements})`;
  if (decision.result === 'error') return `**error**: denied once enforced (${decision.errors.join('; ')})`;
  return `**deny**${statements ? ` (forbidden by ${statements})` : ' (no permit applies)'}`;
}

/** The Markdown table of the samples' decisions, as `evaluateConnection` answers them. */
export function renderSampleTable(): string {
  const bastion = sampleBastion();
  return [
    '| connection | groups | public IP | platform | AWS client | Jamf risk | decision |',
    '|---|---|---|---|---|---|---|',
    ...SAMPLES.map(({ who, connection }) => `| ${[
      who,
      (connection.groups ?? []).map((group) => (group === ENGINEERS ? 'Engineers' : 'another group')).join(', '),
      connection.publicIp,
      connection.platform?.value,
      connection.awsClientVersion,
      connection.jamfRisk?.value,
      describeDecision(bastion.evaluateConnection(connection)),
    ].map(cell).join(' | ')} |`),
  ].join('\n');
}
