/**
 * The article's IAM Identity Center setup, automated: groups authorized by
 * name (resolved at deploy time), assigned to the Client VPN SAML application,
 * and given the article's permission set (PowerUserAccess, 12 hours) on the
 * account.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SsoClientVpnBastion } from '../src';
import { METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionGroupsByName');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupNames: ['SampleQiitaGroup'],
  samlApplicationArn: 'arn:aws:sso::123456789012:application/ssoins-7758a1b2c3d4e5f6/apl-0a1b2c3d4e5f6a7b',
  permissionSet: {
    name: 'SampleQiitaPermissionSet',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
    sessionDuration: Duration.hours(12),
  },
});

new IntegTest(app, 'GroupsByName', { testCases: [stack] });
app.synth();
