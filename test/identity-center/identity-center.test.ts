import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SsoClientVpnBastion } from '../../src';
import { GROUP_ID, METADATA_XML, logicalIdOf, newStack, requiredProps, synthBastion } from '../fixtures';

const APPLICATION_ARN = 'arn:aws:sso::123456789012:application/ssoins-7758a1b2c3d4e5f6/apl-0a1b2c3d4e5f6a7b';
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6';
const LOOKUP = 'Custom::IdentityCenterLookup';

describe('groups by name', () => {
  const { template } = synthBastion({ authorizedGroupIds: [GROUP_ID], authorizedGroupNames: ['SampleQiitaGroup', 'Operators'] });
  const lookup = logicalIdOf(template, LOOKUP);

  test('are resolved at deploy time by a lookup of the names, in order', () => {
    template.hasResourceProperties(LOOKUP, { GroupNames: ['SampleQiitaGroup', 'Operators'], InstanceArn: Match.absent() });
  });

  test('each resolved group gets an authorization rule, beside the groups given by ID', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 3);
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: GROUP_ID, TargetNetworkCidr: '0.0.0.0/0' });
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: { 'Fn::GetAtt': [lookup, 'GroupId0'] }, TargetNetworkCidr: '0.0.0.0/0' });
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: { 'Fn::GetAtt': [lookup, 'GroupId1'] }, TargetNetworkCidr: '0.0.0.0/0' });
  });

  test('the lookup runs on Node.js 24 and may only list instances and read group IDs, in any account\'s identity store', () => {
    // From a delegated administrator the identity store belongs to the
    // organization's management account, not to the stack's account.
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Description: Match.stringLikeRegexp('resolves group names') });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'sso:ListInstances', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'identitystore:GetGroupId',
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':identitystore::*:identitystore/*']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':identitystore:::group/*']] },
            ],
          },
        ],
      },
    });
  });

  test('from a delegated administrator account, the lookup may read the management account\'s identity store', () => {
    const stack = newStack({ env: { account: '111122223333', region: 'ap-northeast-1' } });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ authorizedGroupNames: ['SampleQiitaGroup'] }));
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => [statement.Action].flat().includes('identitystore:GetGroupId'));
    expect(statements).toHaveLength(1);
    const storeArns = [statements[0].Resource].flat().map((resource) => JSON.stringify(resource)).filter((arn) => arn.includes(':identitystore/'));
    expect(storeArns).toEqual([JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':identitystore::*:identitystore/*']] })]);
    expect(storeArns[0]).not.toContain('111122223333');
  });

  test('the given instance is passed to the lookup', () => {
    synthBastion({ authorizedGroupNames: ['SampleQiitaGroup'], identityCenterInstanceArn: INSTANCE_ARN })
      .template.hasResourceProperties(LOOKUP, { InstanceArn: INSTANCE_ARN });
  });

  test('without names and without a permission set there is no lookup', () => {
    synthBastion().template.resourceCountIs(LOOKUP, 0);
  });
});

describe('the application assignment', () => {
  test('assigns every authorized group to the Client VPN SAML application', () => {
    const { template } = synthBastion({ authorizedGroupNames: ['SampleQiitaGroup'], samlApplicationArn: APPLICATION_ARN });
    const lookup = logicalIdOf(template, LOOKUP);
    template.resourceCountIs('AWS::SSO::ApplicationAssignment', 2);
    template.hasResourceProperties('AWS::SSO::ApplicationAssignment', { ApplicationArn: APPLICATION_ARN, PrincipalType: 'GROUP', PrincipalId: GROUP_ID });
    template.hasResourceProperties('AWS::SSO::ApplicationAssignment', {
      ApplicationArn: APPLICATION_ARN, PrincipalType: 'GROUP', PrincipalId: { 'Fn::GetAtt': [lookup, 'GroupId0'] },
    });
  });

  test('is not made without samlApplicationArn', () => {
    synthBastion().template.resourceCountIs('AWS::SSO::ApplicationAssignment', 0);
  });
});

describe('the article\'s permission set', () => {
  const { template } = synthBastion({
    permissionSet: {
      name: 'SampleQiitaPermissionSet',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
      sessionDuration: Duration.hours(12),
      accountId: '123456789012',
    },
  });
  const lookup = logicalIdOf(template, LOOKUP);
  const permissionSet = logicalIdOf(template, 'AWS::SSO::PermissionSet');

  test('is created in the looked-up instance with PowerUserAccess and 12-hour sessions', () => {
    template.hasResourceProperties(LOOKUP, { GroupNames: [] });
    template.hasResourceProperties('AWS::SSO::PermissionSet', {
      InstanceArn: { 'Fn::GetAtt': [lookup, 'InstanceArn'] },
      Name: 'SampleQiitaPermissionSet',
      ManagedPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/PowerUserAccess']] }],
      SessionDuration: 'PT12H',
    });
  });

  test('is assigned to each group on the account', () => {
    template.resourceCountIs('AWS::SSO::Assignment', 1);
    template.hasResourceProperties('AWS::SSO::Assignment', {
      InstanceArn: { 'Fn::GetAtt': [lookup, 'InstanceArn'] },
      PermissionSetArn: { 'Fn::GetAtt': [permissionSet, 'PermissionSetArn'] },
      PrincipalType: 'GROUP',
      PrincipalId: GROUP_ID,
      TargetType: 'AWS_ACCOUNT',
      TargetId: '123456789012',
    });
  });

  test('with a given instance and defaults: no lookup, 1-hour sessions, the stack\'s account', () => {
    const given = synthBastion({
      identityCenterInstanceArn: INSTANCE_ARN,
      permissionSet: { name: 'Console', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] },
    }).template;
    given.resourceCountIs(LOOKUP, 0);
    given.hasResourceProperties('AWS::SSO::PermissionSet', { InstanceArn: INSTANCE_ARN, SessionDuration: 'PT1H' });
    given.hasResourceProperties('AWS::SSO::Assignment', { TargetId: { Ref: 'AWS::AccountId' } });
  });
});

describe('the self-service portal', () => {
  test('is off by default: no second provider, portal disabled, no portal output', () => {
    const { template } = synthBastion();
    template.resourceCountIs('AWS::IAM::SAMLProvider', 1);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      SelfServicePortal: 'disabled',
      AuthenticationOptions: [{ Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: Match.anyValue(), SelfServiceSAMLProviderArn: Match.absent() } }],
    });
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.includes('SelfService'))).toEqual([]);
  });

  test('a second metadata document turns it on, with its URL and ACS URL as outputs', () => {
    const { template } = synthBastion({ selfServiceSamlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML) });
    template.resourceCountIs('AWS::IAM::SAMLProvider', 2);
    const providers = Object.keys(template.findResources('AWS::IAM::SAMLProvider'));
    const selfService = providers.find((id) => id.includes('SelfService'))!;
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      SelfServicePortal: 'enabled',
      AuthenticationOptions: [{
        Type: 'federated-authentication',
        FederatedAuthentication: {
          SAMLProviderArn: { Ref: providers.find((id) => id !== selfService) },
          SelfServiceSAMLProviderArn: { Ref: selfService },
        },
      }],
    });
    template.hasOutput('*', {
      Description: Match.stringLikeRegexp('self-service portal'),
      Value: { 'Fn::Join': ['', ['https://self-service.clientvpn.amazonaws.com/endpoints/', { Ref: Match.stringLikeRegexp('BastionEndpoint') }]] },
    });
    template.hasOutput('*', { Value: 'https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml' });
  });
});

describe('bad Identity Center input fails at synth time', () => {
  const build = (overrides: Parameters<typeof requiredProps>[0]) => () => new SsoClientVpnBastion(newStack(), 'Bastion', requiredProps(overrides));
  const powerUser = [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')];

  test.each([
    [{ authorizedGroupNames: [''] }, /authorizedGroupNames \[""\] contains ""; a group name is 1 to 1024 characters without leading or trailing spaces/],
    [{ authorizedGroupNames: [' SampleQiitaGroup'] }, /authorizedGroupNames .* contains " SampleQiitaGroup"; a group name is/],
    [{ authorizedGroupNames: ['A', 'A'] }, /authorizedGroupNames \["A","A"\] lists "A" twice/],
    [{ samlApplicationArn: 'apl-0a1b2c3d4e5f6a7b' },
      /samlApplicationArn "apl-0a1b2c3d4e5f6a7b" is not an IAM Identity Center application ARN; expected arn:aws:sso::<account-id>:application\//],
    [{ identityCenterInstanceArn: 'ssoins-7758a1b2c3d4e5f6' }, /identityCenterInstanceArn "ssoins-7758a1b2c3d4e5f6" is not an IAM Identity Center instance ARN/],
    [{ permissionSet: { name: 'Sample Qiita', managedPolicies: powerUser } }, /permissionSet.name "Sample Qiita" is invalid: use 1 to 32 letters, digits and \+=,\.@-_/],
    [{ permissionSet: { name: 'P', managedPolicies: powerUser, sessionDuration: Duration.hours(24) } },
      /permissionSet.sessionDuration "1 day" is invalid: a permission set session lasts 1 to 12 hours/],
    [{ permissionSet: { name: 'P', managedPolicies: powerUser, accountId: '1234' } }, /permissionSet.accountId "1234" is not an AWS account ID \(12 digits\)/],
    [{ permissionSet: { name: 'P', managedPolicies: [] } }, /permissionSet.managedPolicies \[\] is empty: attach at least one AWS managed policy/],
    [{ permissionSet: { name: 'P', managedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(newStack(), 'Own', 'arn:aws:iam::123456789012:policy/Own')] } },
      /permissionSet.managedPolicies "arn:aws:iam::123456789012:policy\/Own" is not an AWS managed policy/],
  ])('%p', (overrides, message) => {
    expect(build(overrides)).toThrow(message);
  });

  test('a group name alone is enough', () => {
    expect(build({ authorizedGroupIds: undefined, authorizedGroupNames: ['SampleQiitaGroup'] })).not.toThrow();
  });
});
