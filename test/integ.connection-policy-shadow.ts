/**
 * A connection policy in shadow mode with device posture and decision
 * logging: members of the authorized groups on a device that CrowdStrike
 * scores 60 or more, or that Jamf rates low risk or better, and never with an
 * AWS provided client older than 6.2.0. Client VPN logs each decision with
 * its whole context (IncludeAuthorizationPolicyContext) and blocks nobody;
 * the dashboard and two saved queries show the decisions.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, JamfRisk, PolicyStatement, ServerCertificate, SsoClientVpnBastion,
} from '../src';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionConnectionPolicyShadow');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
  devicePosture: [
    DeviceTrustProvider.crowdStrike({ tenantId: '0123456789abcdef0123456789abcdef', publicSigningKeyUrl: 'https://assets-public.falcon.crowdstrike.com/zta/jwk.json' }),
    DeviceTrustProvider.jamf({ tenantId: 'example-jamf-tenant' }),
  ],
  connectionPolicy: ConnectionPolicy.fromStatements([
    PolicyStatement.permit({
      id: 'healthy-managed-devices',
      description: 'members of the authorized groups on a device its trust provider rates healthy',
      when: [
        ConnectionCondition.memberOfAuthorizedGroups(),
        ConnectionCondition.anyOf([ConnectionCondition.crowdStrikeScoreAtLeast(60), ConnectionCondition.jamfRiskAtMost(JamfRisk.LOW)]),
      ],
    }),
    PolicyStatement.forbid({
      id: 'outdated-client',
      when: [ConnectionCondition.not(ConnectionCondition.minimumAwsClientVersion('6.2.0'))],
    }),
  ]),
  connectionPolicyMode: ConnectionPolicyMode.SHADOW,
});

new IntegTest(app, 'ConnectionPolicyShadow', { testCases: [stack] });
app.synth();
