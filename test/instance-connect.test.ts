import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Schedule, ServerKeyPair, SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

const PERMISSION_SET = { name: 'Bastion', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')], sessionDuration: Duration.hours(8) };

/** The statements of the permission set's inline policy, resolved. */
function inlineStatements(template: Template): any[] {
  const sets = Object.values(template.findResources('AWS::SSO::PermissionSet'));
  expect(sets).toHaveLength(1);
  return (sets[0] as any).Properties.InlinePolicy?.Statement ?? [];
}

function outputValue(template: Template, name: string): string {
  const outputs = template.findOutputs('*');
  const ids = Object.keys(outputs).filter((id) => id.startsWith(`Bastion${name}`));
  expect(ids).toHaveLength(1);
  return JSON.stringify(outputs[ids[0]].Value);
}

const outputIds = (template: Template) => Object.keys(template.findOutputs('*'));

describe('per-person SSH with EC2 Instance Connect, by default', () => {
  const { template } = synthBastion();
  const server = logicalIdOf(template, 'AWS::EC2::Instance');

  test('the server takes no shared key and needs no user data: Amazon Linux 2023 ships EC2 Instance Connect', () => {
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    const instance = template.toJSON().Resources[server].Properties;
    expect(instance.KeyName).toBeUndefined();
    // Adding user data to a running server would stop and start it; the default image needs none.
    const userData = JSON.stringify(instance.UserData ?? '');
    expect(userData).not.toMatch(/ec2-instance-connect|AuthorizedKeysCommand/);
  });

  test('a managed policy allows pushing a key to this server, for ec2-user only, and finding its address', () => {
    const policyId = logicalIdOf(template, 'AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('EC2 Instance Connect') });
    const statements = template.toJSON().Resources[policyId].Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Sid: 'SendSshPublicKeyToBastion',
        Effect: 'Allow',
        Action: 'ec2-instance-connect:SendSSHPublicKey',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:ap-northeast-1:', { Ref: 'AWS::AccountId' }, ':instance/', { Ref: server }]] },
        Condition: { StringEquals: { 'ec2:osuser': 'ec2-user' } },
      },
      { Sid: 'FindBastionAddress', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
    ]);
    expect(outputValue(template, 'InstanceConnectPolicyArn')).toBe(JSON.stringify({ Ref: policyId }));
  });

  test('the outputs give the AWS CLI v2 command and the send-ssh-public-key + ssh pair', () => {
    expect(outputValue(template, 'SshCommand')).toBe(JSON.stringify({
      'Fn::Join': ['', ['aws ec2-instance-connect ssh --region ap-northeast-1 --instance-id ', { Ref: server }, ' --os-user ec2-user --connection-type direct']],
    }));
    const pair = outputValue(template, 'SendSshPublicKeyCommand');
    expect(pair).toContain(`aws ec2-instance-connect send-ssh-public-key --region ap-northeast-1 --instance-id \",{\"Ref\":\"${server}\"},\" --instance-os-user ec2-user --ssh-public-key file://`);
    expect(pair).toContain(`&& ssh -i $HOME/.ssh/id_ed25519 ec2-user@\",{\"Fn::GetAtt\":[\"${server}\",\"PrivateIp\"]}`);
    expect(outputValue(template, 'ServerInstanceId')).toBe(JSON.stringify({ Ref: server }));
  });

  test('no shared-key output', () => {
    expect(outputIds(template).filter((id) => /GetServerPrivateKeyCommand|SshWithKeyPairCommand/.test(id))).toEqual([]);
  });
});

describe('with a permission set, the authorized groups may push keys', () => {
  test('its inline policy holds the Instance Connect statements', () => {
    const { template } = synthBastion({ permissionSet: PERMISSION_SET, identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6' });
    const server = logicalIdOf(template, 'AWS::EC2::Instance');
    const statements = inlineStatements(template);
    expect(statements.map((s) => s.Sid)).toEqual(['SendSshPublicKeyToBastion', 'FindBastionAddress']);
    expect(statements[0]).toEqual(expect.objectContaining({
      Action: 'ec2-instance-connect:SendSSHPublicKey',
      Condition: { StringEquals: { 'ec2:osuser': 'ec2-user' } },
      Resource: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: server }])] },
    }));
  });

  test('merged with the off-hours switch\'s wake statement, not written over it', () => {
    const { template } = synthBastion({
      permissionSet: PERMISSION_SET,
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6',
      schedule: Schedule.businessHours({ timeZone: 'UTC' }),
    });
    const statements = inlineStatements(template);
    expect(statements.map((s) => s.Sid)).toEqual(['SwitchBastionOn', 'SendSshPublicKeyToBastion', 'FindBastionAddress']);
    expect(statements[0]).toEqual(expect.objectContaining({ Effect: 'Allow', Action: 'lambda:InvokeFunction' }));
  });
});

describe('the shared key pair, an option', () => {
  test('ServerKeyPair.generate() is the earlier default: the same construct ID, so a stack that had it keeps its key pair and server', () => {
    const { template, bastion } = synthBastion({ serverKeyPair: ServerKeyPair.generate() });
    const keyPair = logicalIdOf(template, 'AWS::EC2::KeyPair', { KeyType: 'rsa', KeyFormat: 'pem' });
    expect(keyPair).toMatch(/^BastionKeyPair[0-9A-F]{8}$/);
    expect(bastion.keyPair).toBeDefined();
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: { Ref: keyPair } });
    expect(outputValue(template, 'GetServerPrivateKeyCommand')).toMatch(/aws ssm get-parameter --region ap-northeast-1 --name \/ec2\/keypair\/".*KeyPairId.*--with-decryption/);
    expect(outputValue(template, 'SshWithKeyPairCommand')).toContain('ssh -i server-key.pem ec2-user@');
    // Instance Connect stays available next to the key pair.
    expect(outputValue(template, 'SshCommand')).toContain('aws ec2-instance-connect ssh');
  });

  test('ServerKeyPair.fromKeyPair() uses yours: no key pair resource and no fetch command', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ serverKeyPair: ServerKeyPair.fromKeyPair(ec2.KeyPair.fromKeyPairName(stack, 'Key', 'team-key')) }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: 'team-key' });
    expect(outputIds(template).filter((id) => id.includes('GetServerPrivateKeyCommand'))).toEqual([]);
    expect(outputValue(template, 'SshWithKeyPairCommand')).toContain('ssh -i <private key of team-key> ec2-user@');
  });

  test('the deprecated keyPair prop still means "this key pair of mine"', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Key', 'team-key') }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::Instance', { KeyName: 'team-key' });
  });

  test('ServerKeyPair.none() is the default', () => {
    const explicit = synthBastion({ serverKeyPair: ServerKeyPair.none() }).template.toJSON();
    expect(explicit).toEqual(synthBastion().template.toJSON());
  });

  test('keyPair and serverKeyPair together are refused, naming the way out', () => {
    const stack = newStack();
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({
      keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Key', 'team-key'),
      serverKeyPair: ServerKeyPair.generate(),
    }))).toThrow(/serverKeyPair and keyPair are both given.*ServerKeyPair\.fromKeyPair\(keyPair\)/);
  });
});
