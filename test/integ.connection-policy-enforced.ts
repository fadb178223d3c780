/**
 * An enforced connection policy on groups and networks: members of the
 * authorized groups may connect only from the office's egress network, and
 * from nowhere on iOS or Android.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClientPlatform, ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, PolicyStatement, ServerCertificate, SsoClientVpnBastion,
} from '../src';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionConnectionPolicyEnforced');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
  connectionPolicy: ConnectionPolicy.fromStatements([
    PolicyStatement.permit({
      id: 'groups-from-the-office',
      when: [ConnectionCondition.memberOfAuthorizedGroups(), ConnectionCondition.publicIpIn(['203.0.113.0/24', '198.51.100.0/23'])],
    }),
    PolicyStatement.forbid({
      id: 'no-phones',
      when: [ConnectionCondition.platformIs([ClientPlatform.IOS, ClientPlatform.ANDROID])],
    }),
  ]),
  connectionPolicyMode: ConnectionPolicyMode.ENFORCE,
});

new IntegTest(app, 'ConnectionPolicyEnforced', { testCases: [stack] });
app.synth();
