import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CertificateKeyAlgorithm, ServerCertificate, SsoClientVpnBastion } from '../../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from '../fixtures';

const CUSTOM_RESOURCE = 'Custom::SelfSignedServerCertificate';
const CERTIFICATES_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm:ap-northeast-1:', { Ref: 'AWS::AccountId' }, ':certificate/*']],
};
/** The owner tag's value: the UUID at the end of the stack ID, 36 characters whatever the stack's name. */
const STACK_UUID = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };

describe('the default server certificate: self-signed', () => {
  const { template } = synthBastion({ serverCertificate: undefined });

  test('is issued by a custom resource with the default names, validity and key size', () => {
    template.resourceCountIs(CUSTOM_RESOURCE, 1);
    template.hasResourceProperties(CUSTOM_RESOURCE, {
      CommonName: 'server.sso-client-vpn-bastion.internal',
      CaCommonName: 'SsoClientVpnBastion CA',
      CaValidityDays: '3650',
      ServerValidityDays: '1825',
      KeySize: '2048',
      Owner: STACK_UUID,
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('the endpoint uses the imported certificate\'s ARN', () => {
    const certificate = logicalIdOf(template, CUSTOM_RESOURCE);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ServerCertificateArn: { 'Fn::GetAtt': [certificate, 'CertificateArn'] },
    });
  });

  test('the handlers run on Node.js 24 from the bundled assets', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Description: Match.stringLikeRegexp('^Issues a self-signed CA'),
      Timeout: 60,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Description: Match.stringLikeRegexp('^Deletes a self-signed'),
    });
  });

  test('the import handler may import and tag only certificates tagged with this stack', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
          Resource: CERTIFICATES_ARN,
          Condition: { StringEquals: { 'aws:RequestTag/sso-client-vpn-bastion:stack-id': STACK_UUID } },
        }],
      },
    });
  });

  test('the cleanup handler may delete only certificates tagged with this stack (as now, or with the whole stack ID as before), and read any', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'acm:DeleteCertificate',
            Resource: CERTIFICATES_ARN,
            Condition: { StringEquals: { 'aws:ResourceTag/sso-client-vpn-bastion:stack-id': [STACK_UUID, { Ref: 'AWS::StackId' }] } },
          },
          { Effect: 'Allow', Action: 'acm:DescribeCertificate', Resource: CERTIFICATES_ARN, Condition: Match.absent() },
        ],
      },
    });
  });

  test('no policy grants ACM actions beyond those', () => {
    const acmActions = new Set<string>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of [statement.Action].flat()) {
          if (String(action).startsWith('acm:')) {
            acmActions.add(action);
          }
        }
      }
    }
    expect([...acmActions].sort()).toEqual(['acm:AddTagsToCertificate', 'acm:DeleteCertificate', 'acm:DescribeCertificate', 'acm:ImportCertificate']);
  });

  test('deletion waits for the endpoint to release the certificate, up to 30 minutes', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toMatch(/\\"IntervalSeconds\\":30/);
    expect(definition).toMatch(/\\"MaxAttempts\\":60/);
  });
});

describe('ServerCertificate.selfSigned options', () => {
  test('are passed to the custom resource', () => {
    const { template } = synthBastion({
      serverCertificate: ServerCertificate.selfSigned({
        commonName: 'vpn.corp.internal',
        caCommonName: 'Corp VPN CA',
        caValidity: Duration.days(7300),
        serverValidity: Duration.days(730),
        keyAlgorithm: CertificateKeyAlgorithm.RSA_2048,
      }),
    });
    template.hasResourceProperties(CUSTOM_RESOURCE, {
      CommonName: 'vpn.corp.internal',
      CaCommonName: 'Corp VPN CA',
      CaValidityDays: '7300',
      ServerValidityDays: '730',
      KeySize: '2048',
    });
  });

  test('two bastions in one stack share one provider, each with its own certificate', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Team1', requiredProps({ serverCertificate: undefined }));
    new SsoClientVpnBastion(stack, 'Team2', requiredProps({ serverCertificate: undefined, vpcCidr: '10.0.0.0/16' }));
    const template = Template.fromStack(stack);
    template.resourceCountIs(CUSTOM_RESOURCE, 2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(Object.keys(template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Issues a self-signed CA') },
    }))).toHaveLength(1);
  });

  test.each([
    [{ commonName: 'not a name' }, /^SsoClientVpnBastion: serverCertificate commonName "not a name" is invalid \(ServerCertificate.selfSigned\); expected a DNS name of at most 64 characters/],
    [{ commonName: `${'a'.repeat(60)}.internal` }, /serverCertificate commonName "a{60}\.internal" is invalid .*; expected a DNS name of at most 64 characters/],
    [{ commonName: '*.vpn.internal' }, /serverCertificate commonName "\*\.vpn\.internal" is invalid .*; expected a DNS name .* without wildcard/],
    [{ caCommonName: '' }, /serverCertificate caCommonName "" is invalid .*; expected 1 to 64 characters/],
    [{ serverValidity: Duration.hours(36) }, /serverCertificate serverValidity "1 day 12 hours" or caValidity "3650 days" is invalid .*; expected whole numbers of days, at least one/],
    [{ serverValidity: Duration.days(4000) }, /serverCertificate serverValidity "4000 days" is longer than caValidity \(3650 days\) .*; a certificate cannot outlive the CA/],
  ])('rejects %p', (options, message) => {
    expect(() => ServerCertificate.selfSigned(options)).toThrow(message);
  });
});
