import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SsoClientVpnBastion } from '../src';
import { GROUP_ID, METADATA_XML, OTHER_GROUP_ID, logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';
import { SELF_SERVICE_PORTAL_URL_ID } from '../src/endpoint/client-vpn';

describe('the IAM SAML provider and federated authentication', () => {
  const { template } = synthBastion();

  test('creates the SAML provider from the metadata document, without a physical name', () => {
    template.resourceCountIs('AWS::IAM::SAMLProvider', 1);
    template.hasResourceProperties('AWS::IAM::SAMLProvider', { SamlMetadataDocument: METADATA_XML, Name: Match.absent() });
  });

  test('the endpoint authenticates users through the SAML provider, with the self-service portal off', () => {
    const provider = logicalIdOf(template, 'AWS::IAM::SAMLProvider');
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthenticationOptions: [{ Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: { Ref: provider } } }],
      SelfServicePortal: 'disabled',
    });
  });
});

describe('the Client VPN endpoint', () => {
  const { template } = synthBastion();

  test('has the article client CIDR, full tunnel, and the VPC resolver as DNS server', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientCidrBlock: '172.26.0.0/22',
      SplitTunnel: false,
      DnsServers: ['172.25.0.2'],
      VpcId: { Ref: logicalIdOf(template, 'AWS::EC2::VPC') },
    });
  });

  test('logs connections to a log group kept for a year and retained with the stack', () => {
    const endpoint = Object.values(template.findResources('AWS::EC2::ClientVpnEndpoint'))[0];
    expect(endpoint.Properties.ConnectionLogOptions.Enabled).toBe(true);
    const logGroup = template.findResources('AWS::Logs::LogGroup')[endpoint.Properties.ConnectionLogOptions.CloudwatchLogGroup.Ref];
    expect(logGroup).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('uses a dedicated security group, not the VPC default one', () => {
    const endpointGroup = logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^Client VPN endpoint') });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [endpointGroup, 'GroupId'] }],
    });
  });

  test('is associated with the protected (NAT) subnet', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 1);
    template.hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', {
      ClientVpnEndpointId: { Ref: logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint') },
      SubnetId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1Subnet') },
    });
  });

  test('authorizes the group to 0.0.0.0/0 and never all users', () => {
    template.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 1);
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', {
      TargetNetworkCidr: '0.0.0.0/0',
      AccessGroupId: GROUP_ID,
      AuthorizeAllGroups: false,
    });
    expect(template.findResources('AWS::EC2::ClientVpnAuthorizationRule', { Properties: { AuthorizeAllGroups: true } })).toEqual({});
  });

  test('routes 0.0.0.0/0 through the associated subnet, after the association exists', () => {
    const association = logicalIdOf(template, 'AWS::EC2::ClientVpnTargetNetworkAssociation');
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 1);
    template.hasResource('AWS::EC2::ClientVpnRoute', {
      Properties: {
        ClientVpnEndpointId: { Ref: logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint') },
        DestinationCidrBlock: '0.0.0.0/0',
        TargetVpcSubnetId: { Ref: Match.stringLikeRegexp('VpcProtectedSubnet1Subnet') },
        Description: Match.anyValue(),
      },
      DependsOn: [association],
    });
  });

  test('neither the server nor the endpoint waits for the other', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;
    const idsOf = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
    const [server] = idsOf('AWS::EC2::Instance');
    const [endpoint] = idsOf('AWS::EC2::ClientVpnEndpoint');
    expect(JSON.stringify(resources[server])).not.toContain(endpoint);
    expect(JSON.stringify(resources[endpoint])).not.toContain(server);
  });
});

describe('endpoint options', () => {
  test('each group gets its own rule, named after the group so that reordering the list replaces nothing', () => {
    const first = synthBastion({ authorizedGroupIds: [GROUP_ID, OTHER_GROUP_ID] }).template;
    const reordered = synthBastion({ authorizedGroupIds: [OTHER_GROUP_ID, GROUP_ID] }).template;
    first.resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 2);
    for (const groupId of [GROUP_ID, OTHER_GROUP_ID]) {
      expect(logicalIdOf(first, 'AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: groupId }))
        .toBe(logicalIdOf(reordered, 'AWS::EC2::ClientVpnAuthorizationRule', { AccessGroupId: groupId }));
    }
  });

  test('splitTunnel: true authorizes only the VPC and adds no internet route', () => {
    const { template } = synthBastion({ splitTunnel: true });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { SplitTunnel: true });
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', { TargetNetworkCidr: '172.25.0.0/16', AccessGroupId: GROUP_ID });
    template.resourceCountIs('AWS::EC2::ClientVpnRoute', 0);
  });

  test('the endpoint settings pass through as the L2 names them', () => {
    const { template } = synthBastion({
      clientCidr: '10.100.0.0/16',
      sessionTimeout: ec2.ClientVpnSessionTimeout.TWELVE_HOURS,
      clientLoginBanner: 'Authorized use only',
      transportProtocol: ec2.TransportProtocol.TCP,
      port: ec2.VpnPort.OPENVPN,
      dnsServers: ['1.1.1.1', '172.25.0.2'],
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientCidrBlock: '10.100.0.0/16',
      SessionTimeoutHours: 12,
      ClientLoginBannerOptions: { Enabled: true, BannerText: 'Authorized use only' },
      TransportProtocol: 'tcp',
      VpnPort: 1194,
      DnsServers: ['1.1.1.1', '172.25.0.2'],
    });
  });

  test('the default DNS server follows vpcCidr', () => {
    synthBastion({ vpcCidr: '10.1.0.0/16' }).template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: ['10.1.0.2'] });
    synthBastion({ vpcCidr: '10.1.240.0/20' }).template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: ['10.1.240.2'] });
  });

  test('an existing VPC whose CIDR is known at synth time (a new ec2.Vpc in the same app) gets its resolver, with no warning', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'OwnVpc', { ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'), maxAzs: 1 });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: ['10.20.0.2'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('set dnsServers'))).toEqual([]);
  });

  test('an imported VPC with a literal vpcCidrBlock gets its resolver too', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.30.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'],
    });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: ['10.30.0.2'] });
  });

  test('a VPC whose CIDR is truly unknown at synth time (an import of another stack\'s export) gets no DNS servers and a warning', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: Fn.importValue('NetworkVpcCidr'), availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'],
    });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { DnsServers: Match.absent() });
    Annotations.fromStack(stack).hasWarning('/TestStack/Bastion', Match.stringLikeRegexp('set dnsServers'));
  });

  test('logRetention and logRemovalPolicy apply to the connection log group, the flow log group and the handlers\' log groups', () => {
    const { template } = synthBastion({ logRetention: logs.RetentionDays.ONE_MONTH, logRemovalPolicy: RemovalPolicy.DESTROY });
    const groups = template.findResources('AWS::Logs::LogGroup');
    // Besides the Lambda handlers' log groups (kept alike: handler-logs.test.ts).
    expect(Object.keys(groups).filter((id) => /ConnectionLogs|FlowLogs/.test(id))).toHaveLength(2);
    for (const group of Object.values(groups)) {
      expect(group).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
    }
  });

  test('connections lets other resources admit VPN clients', () => {
    const stack = newStack();
    const bastion = new SsoClientVpnBastion(stack, 'Bastion', requiredProps());
    const database = new ec2.SecurityGroup(stack, 'Database', { vpc: bastion.vpc });
    database.connections.allowFrom(bastion, ec2.Port.tcp(5432));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('BastionEndpointSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('two bastions in one stack', () => {
  const stack = newStack();
  new SsoClientVpnBastion(stack, 'Team1', requiredProps());
  new SsoClientVpnBastion(stack, 'Team2', requiredProps({ vpcCidr: '10.0.0.0/16', clientCidr: '10.200.0.0/22' }));
  const template = Template.fromStack(stack);

  test('synthesize side by side', () => {
    template.resourceCountIs('AWS::EC2::VPC', 2);
    template.resourceCountIs('AWS::EC2::ClientVpnEndpoint', 2);
    template.resourceCountIs('AWS::IAM::SAMLProvider', 2);
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.includes('EndpointId'))).toHaveLength(2);
  });

  test('set no physical name that could collide', () => {
    const all = Object.values(template.toJSON().Resources) as Array<{ Type: string; Properties?: Record<string, unknown> }>;
    // Saved Logs Insights queries are named after the bastion's construct path; the service allows equal names anyway.
    const queryNames = all.filter((r) => r.Type === 'AWS::Logs::QueryDefinition').map((r) => r.Properties?.Name);
    expect(new Set(queryNames).size).toBe(queryNames.length);
    const resources = all.filter((r) => r.Type !== 'AWS::Logs::QueryDefinition');
    const names = ['LogGroupName', 'Name', 'LaunchTemplateName', 'GroupName', 'RoleName', 'InstanceProfileName'];
    for (const resource of resources) {
      for (const name of names) {
        // A reference (the flow log's LogGroupName is the Ref of our own group) is no name of its own.
        expect(typeof resource.Properties?.[name]).not.toBe('string');
      }
    }
    const keyNames = resources.map((r) => r.Properties?.KeyName).filter((k) => typeof k === 'string');
    expect(new Set(keyNames).size).toBe(keyNames.length);
  });
});

describe('the self-service portal URL output', () => {
  test('is found under the child ID aws-cdk-lib gives it, and described (fails if aws-cdk-lib renames that child)', () => {
    const { template, bastion } = synthBastion({ selfServiceSamlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML) });
    expect(bastion.endpoint.node.tryFindChild(SELF_SERVICE_PORTAL_URL_ID)).toBeDefined();
    template.hasOutput('*', {
      Description: 'The Client VPN self-service portal, where people sign in and download the client configuration',
      Value: { 'Fn::Join': ['', ['https://self-service.clientvpn.amazonaws.com/endpoints/', { Ref: Match.stringLikeRegexp('^BastionEndpoint') }]] },
    });
  });
});
