import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

describe('the private SSH server', () => {
  const { template } = synthBastion();

  test('runs the latest Amazon Linux 2023 on a t3.micro in the protected subnet, without a public address', () => {
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      ImageId: { Ref: Match.stringLikeRegexp('amazonlinuxlatestal2023') },
      NetworkInterfaces: [Match.objectLike({
        AssociatePublicIpAddress: false,
        SubnetId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1Subnet') },
      })],
    });
  });

  test('requires IMDSv2 without a named launch template', () => {
    template.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: Match.objectLike({ HttpTokens: 'required' }) });
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 0);
  });

  test('has an encrypted root volume', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 8, VolumeType: 'gp3' } }],
    });
  });

  test('uses a new key pair whose private key goes to SSM', () => {
    const keyPair = logicalIdOf(template, 'AWS::EC2::KeyPair', { KeyType: 'rsa', KeyFormat: 'pem' });
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: { Ref: keyPair } });
  });

  test('admits SSH only from the endpoint security group', () => {
    const serverGroup = logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^SSH server') });
    const endpointGroup = logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^Client VPN endpoint') });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [serverGroup, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [endpointGroup, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
    });
    const serverGroupProps = template.findResources('AWS::EC2::SecurityGroup')[serverGroup].Properties;
    expect(serverGroupProps.SecurityGroupIngress).toBeUndefined();
  });

  test('allows out only SSH, HTTP and HTTPS', () => {
    const serverGroup = logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^SSH server') });
    const egress = template.findResources('AWS::EC2::SecurityGroup')[serverGroup].Properties.SecurityGroupEgress;
    expect(egress.map((rule: { IpProtocol: string; FromPort: number; ToPort: number }) => [rule.IpProtocol, rule.FromPort, rule.ToPort]))
      .toEqual([['tcp', 22, 22], ['tcp', 80, 80], ['tcp', 443, 443]]);
  });
});

describe('server options', () => {
  test('instanceType, machineImage, rootDeviceName and rootVolumeSize are used', () => {
    const { template } = synthBastion({
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL),
      machineImage: ec2.MachineImage.genericLinux({ 'ap-northeast-1': 'ami-0123456789abcdef0' }),
      rootDeviceName: '/dev/sda1',
      rootVolumeSize: 20,
    });
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't4g.small',
      ImageId: 'ami-0123456789abcdef0',
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: Match.objectLike({ Encrypted: true, VolumeSize: 20 }) }],
    });
  });

  test('a given key pair is used, and no key pair or key command is made', () => {
    const stack = newStack();
    const keyPair = ec2.KeyPair.fromKeyPairName(stack, 'Key', 'team-key');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ keyPair }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: 'team-key' });
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.includes('GetServerPrivateKeyCommand'))).toEqual([]);
  });
});
