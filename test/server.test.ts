import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ServerImage, SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

describe('the private SSH server', () => {
  const { template } = synthBastion();

  test('runs Amazon Linux 2023 on a t3.micro in the protected subnet, without a public address', () => {
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't3.micro',
      // The pin's physical ID is the image ID (server-image-pin.test.ts).
      ImageId: { Ref: logicalIdOf(template, 'Custom::SsoClientVpnBastionImagePin') },
      NetworkInterfaces: [Match.objectLike({
        AssociatePublicIpAddress: false,
        SubnetId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1Subnet') },
      })],
    });
  });

  test('the image is looked up once and kept: no parameter that CloudFormation resolves again at every update', () => {
    // A AWS::SSM::Parameter::Value parameter is resolved at every UpdateStack, and a new image ID replaces the server.
    expect(Object.values(template.toJSON().Parameters).map((p: any) => p.Type)).toEqual(['AWS::SSM::Parameter::Value<String>']);
    const lookup = template.toJSON().Resources[logicalIdOf(template, 'Custom::AWS')];
    // The same call on create and update; CloudFormation sends an update only when these properties change (the revision).
    expect(JSON.parse(lookup.Properties.Create)).toEqual(expect.objectContaining({
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64' },
      physicalResourceId: { id: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64@first-deploy' },
    }));
    expect(lookup.Properties.Update).toEqual(lookup.Properties.Create);
    // The lookup runs again on any Update of its resource; the pin takes its answer only on create and when the revision changes.
    template.hasResourceProperties('Custom::SsoClientVpnBastionImagePin', {
      Candidate: { 'Fn::GetAtt': [logicalIdOf(template, 'Custom::AWS'), 'Parameter.Value'] },
      Revision: 'first-deploy',
    });
  });

  test('a revision moves to a newer image on purpose; a Graviton instance type gets the arm64 image', () => {
    const { template: revised } = synthBastion({ machineImage: ServerImage.amazonLinux2023({ revision: '2027-01' }) });
    expect(JSON.parse(revised.toJSON().Resources[logicalIdOf(revised, 'Custom::AWS')].Properties.Create).physicalResourceId.id).toMatch(/@2027-01$/);
    revised.hasResourceProperties('Custom::SsoClientVpnBastionImagePin', { Revision: '2027-01' });
    const { template: graviton } = synthBastion({ instanceType: new ec2.InstanceType('t4g.micro') });
    expect(graviton.toJSON().Resources[logicalIdOf(graviton, 'Custom::AWS')].Properties.Create).toContain('al2023-ami-kernel-6.1-arm64');
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

  test('takes no shared key pair: SSH is per person, with EC2 Instance Connect (instance-connect.test.ts)', () => {
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.hasResourceProperties('AWS::EC2::Instance', { KeyName: Match.absent() });
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
