import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createArticleStack } from '../examples/article';
import {
  ConnectionCondition, ConnectionPolicy, ConnectionPolicyMode, DeviceTrustProvider, IpAddressType,
  JamfRisk, NatGateways, PolicyStatement, Schedule, ServerKeyPair,
  SsoClientVpnBastion, SwitchState,
} from '../src';
import { ACCEPTED_WARNINGS, lint } from './cfn-lint-runner';
import type { Finding } from './cfn-lint-runner';
import { externalTool } from './external-tool';
import { METADATA_XML, requiredProps } from './fixtures';

/**
 * cfn-lint (preinstalled on the CI machines) checks the synthesized templates
 * against the CloudFormation resource specification. Where it is absent the
 * test says so loudly; in CI its absence is a failure.
 */
const cfnLintFound = externalTool('cfn-lint', ['--version'], 'pip install cfn-lint');
const lintTest = cfnLintFound ? test : test.skip;

function synthTemplates(build: (app: App) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  const app = new App({ outdir });
  build(app);
  return app.synth().stacks.map((stack) => path.join(outdir, stack.templateFile));
}

describe('cfn-lint', () => {
  const templates = synthTemplates((app) => {
    createArticleStack(app);

    // The matrix: the example (DNS-validated certificate, one AZ, full tunnel)
    // and below: all defaults (self-signed certificate), split tunnel over two
    // AZs, an existing VPC with an imported certificate, groups by name with
    // the self-service portal, encrypted logs without flow logs, and (in
    // their own stack) the off-hours schedule and the NAT choices.
    const variants = new Stack(app, 'Variants', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(variants, 'Defaults', requiredProps({ vpcCidr: '10.5.0.0/16', serverCertificate: undefined }));
    new SsoClientVpnBastion(variants, 'EncryptedLogsNoFlowLogs', requiredProps({
      vpcCidr: '10.6.0.0/16',
      vpcFlowLogs: false,
      logEncryptionKey: kms.Key.fromKeyArn(variants, 'LogKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }));
    new SsoClientVpnBastion(variants, 'SplitTunnelTwoAzs', requiredProps({ splitTunnel: true, maxAzs: 2, vpcCidr: '10.0.0.0/16', serverCertificate: undefined }));
    const vpc = ec2.Vpc.fromVpcAttributes(variants, 'Existing', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.8.0.0/16',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
    });
    new SsoClientVpnBastion(variants, 'ExistingVpc', requiredProps({ vpc }));
    new SsoClientVpnBastion(variants, 'IdentityCenter', requiredProps({
      vpcCidr: '10.1.0.0/16',
      authorizedGroupNames: ['SampleQiitaGroup'],
      samlApplicationArn: 'arn:aws:sso::123456789012:application/ssoins-7758a1b2c3d4e5f6/apl-0a1b2c3d4e5f6a7b',
      permissionSet: { name: 'SampleQiitaPermissionSet', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')], sessionDuration: Duration.hours(12) },
      selfServiceSamlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
    }));

    // No account: the AZs come from Fn::GetAZs (two of them), not literals.
    const scheduled = new Stack(app, 'CostAndSchedule', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(scheduled, 'Scheduled', requiredProps({ schedule: Schedule.businessHours({ timeZone: 'America/New_York' }), maxAzs: 2 }));
    new SsoClientVpnBastion(scheduled, 'ScheduledSingleNat', requiredProps({
      vpcCidr: '10.1.0.0/16',
      maxAzs: 2,
      natGateways: NatGateways.single(),
      schedule: Schedule.cron({ switchOn: 'cron(0 8 ? * MON-SAT *)', switchOff: 'cron(0 20 ? * MON-SAT *)', timeZone: 'UTC', onHoursPerWeek: 72 }),
    }));
    new SsoClientVpnBastion(scheduled, 'WithoutNat', requiredProps({ vpcCidr: '10.2.0.0/16', splitTunnel: true, natGateways: NatGateways.none() }));
    // The conditioned templates of the off-hours switch with its idle alarm and wake function, and on demand
    // (cfn-lint evaluates the conditions: no Ref or DependsOn from an unconditioned resource to a switched one).
    const onDemand = new Stack(app, 'OnDemandAndIdle', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(onDemand, 'OnDemand', requiredProps({ schedule: Schedule.onDemand({ idleMinutes: 30 }) }));
    new SsoClientVpnBastion(onDemand, 'BusinessHoursIdle', requiredProps({
      vpcCidr: '10.3.0.0/16',
      maxAzs: 2,
      schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo', idleMinutes: 90 }),
      // Issue 18: the state in an SSM parameter, read through an SSM parameter type that the condition compares.
      switchState: SwitchState.ssmParameter('/bastion/business-hours-idle/switch-state'),
    }));
    // Issue 13: the permission set's inline policy holding the wake and the Instance Connect statements,
    // a shared key pair next to Instance Connect, the alarms to a topic, and the endpoint options turned off.
    new SsoClientVpnBastion(onDemand, 'PermissionSetOnDemand', requiredProps({
      vpcCidr: '10.4.0.0/16',
      schedule: Schedule.onDemand(),
      identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-7758a1b2c3d4e5f6',
      permissionSet: { name: 'BastionOnDemand', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] },
    }));
    const insights = new Stack(app, 'SshAndInsights', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(insights, 'SharedKeyAndAlarms', requiredProps({
      serverKeyPair: ServerKeyPair.generate(),
      alarms: { topic: new sns.Topic(insights, 'Alerts'), authenticationFailures: 3, activeConnections: 20 },
      disconnectOnSessionTimeout: false,
      clientRouteEnforcement: false,
    }));
    // Issue 22: a connection policy in shadow mode with device posture and a client connect handler, and an enforced one.
    const access = new Stack(app, 'ConnectionPolicies', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(access, 'ShadowWithPosture', requiredProps({
      devicePosture: [
        DeviceTrustProvider.crowdStrike({ tenantId: 'tenant', publicSigningKeyUrl: 'https://assets-public.falcon.crowdstrike.com/zta/jwk.json' }),
        DeviceTrustProvider.jamf({ tenantId: 'tenant' }),
      ],
      connectionPolicy: ConnectionPolicy.fromStatements([PolicyStatement.permit({
        id: 'managed', when: [ConnectionCondition.memberOfAuthorizedGroups(), ConnectionCondition.anyOf([ConnectionCondition.crowdStrikeScoreAtLeast(60), ConnectionCondition.jamfRiskAtMost(JamfRisk.LOW)])],
      })]),
      clientConnectHandler: lambda.Function.fromFunctionName(access, 'Handler', 'AWSClientVPN-inventory'),
    }));
    // Issue 23: dual-stack, full and split tunnel (the construct's own VPC), with a schedule.
    new SsoClientVpnBastion(access, 'DualStack', requiredProps({ vpcCidr: '10.10.0.0/16', ipAddressType: IpAddressType.DUAL_STACK, schedule: Schedule.onDemand() }));
    new SsoClientVpnBastion(access, 'DualStackSplit', requiredProps({ vpcCidr: '10.11.0.0/16', ipAddressType: IpAddressType.DUAL_STACK, splitTunnel: true, maxAzs: 2 }));
    // Issue 23: the Transit Gateway mode, full tunnel over two AZs with the internet route in a Transit Gateway route table,
    // and split tunnel with destinations and a schedule (both parameter values: cfn-lint evaluates the condition).
    const transit = new Stack(app, 'TransitGateway', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(transit, 'FullTunnel', requiredProps({
      vpcCidr: '10.12.0.0/16',
      maxAzs: 2,
      dnsServers: ['10.0.0.10'],
      transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0', routeTableId: 'tgw-rtb-0123456789abcdef0' },
    }));
    new SsoClientVpnBastion(transit, 'SplitScheduled', requiredProps({
      vpcCidr: '10.13.0.0/16',
      splitTunnel: true,
      schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }),
      transitGateway: { transitGatewayId: 'tgw-0123456789abcdef0', destinations: ['10.20.0.0/16', '10.30.0.0/16'] },
    }));
    new SsoClientVpnBastion(access, 'Enforced', requiredProps({
      vpcCidr: '10.9.0.0/16',
      connectionPolicy: ConnectionPolicy.fromStatements([PolicyStatement.permit({
        id: 'office', when: [ConnectionCondition.memberOfAuthorizedGroups(), ConnectionCondition.publicIpIn(['203.0.113.0/24'])],
      })]),
      connectionPolicyMode: ConnectionPolicyMode.ENFORCE,
    }));
  });

  lintTest('finds no errors and only accepted warnings in the example and its variants', () => {
    const findings = lint(templates);
    const accepted = (f: Finding) => f.Level === 'Warning' && ACCEPTED_WARNINGS[f.Rule.Id]?.templates.test(path.basename(f.Filename));
    const unexpected = findings.filter((f) => !accepted(f));
    expect(unexpected.map((f) => `${f.Level} ${f.Rule.Id} ${path.basename(f.Filename)}: ${f.Message}`)).toEqual([]);
  });

  lintTest('the connection policy properties are linted through the schema patch, and need it', () => {
    const policies = templates.filter((file) => path.basename(file).startsWith('ConnectionPolicies'));
    expect(policies).toHaveLength(1);
    // (The same stack's dual-stack variants need the route patch too: only the endpoint's properties are counted here.)
    const unpatched = lint(policies, { patched: false }).filter((f) => f.Rule.Id === 'E3002' && /^Additional properties/.test(f.Message)).map((f) => f.Message);
    // Without the patch, cfn-lint 1.51 refuses exactly the new properties: the patch adds those, nothing else.
    expect([...new Set(unpatched)].sort()).toEqual([
      'Additional properties are not allowed (\'AuthorizationPolicy\' was unexpected)',
      'Additional properties are not allowed (\'DevicePostureOptions\' was unexpected)',
      'Additional properties are not allowed (\'IncludeAuthorizationPolicyContext\' was unexpected)',
    ]);
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-bad-')), 'bad.template.json');
    const template = JSON.parse(fs.readFileSync(policies[0], 'utf8'));
    const endpoint = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::EC2::ClientVpnEndpoint' && r.Properties.DevicePostureOptions);
    endpoint.Properties.AuthorizationPolicy.ShadowMode = 'on';
    endpoint.Properties.DevicePostureOptions.TrustProviders[0].TrustProviderType = 'CrowdStrike';
    fs.writeFileSync(bad, JSON.stringify(template));
    const messages = lint([bad]).filter((f) => f.Level === 'Error').map((f) => f.Message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/'on' does not match/), expect.stringMatching(/'CrowdStrike' is not one of/)]));
  });

  lintTest('an IPv6 Client VPN route passes through the route patch, a value of neither family still fails', () => {
    const routes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-routes-')), 'routes.template.json');
    const route = (cidr: string) => ({ Type: 'AWS::EC2::ClientVpnRoute', Properties: { ClientVpnEndpointId: 'cvpn-endpoint-0123456789abcdef0', DestinationCidrBlock: cidr, TargetVpcSubnetId: 'subnet-0123456789abcdef0' } });
    fs.writeFileSync(routes, JSON.stringify({ Resources: { Ipv6: route('::/0'), Ipv4: route('0.0.0.0/0'), Neither: route('10.0.0.1/8') } }));
    const errors = lint([routes]).filter((f) => f.Level === 'Error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => /10\.0\.0\.1\/8/.test(f.Message))).toBe(true);
    expect(lint([routes], { patched: false }).some((f) => /'::\/0' is not a 'ipv4-network'/.test(f.Message))).toBe(true);
  });

  lintTest('can fail: a template with a wrong property is reported', () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-bad-')), 'bad.template.json');
    fs.writeFileSync(bad, JSON.stringify({
      Resources: { Endpoint: { Type: 'AWS::EC2::ClientVpnEndpoint', Properties: { ClientCidrBlock: '172.26.0.0/22', SplitTunnel: 'sometimes' } } },
    }));
    expect(lint([bad]).filter((f) => f.Level === 'Error').length).toBeGreaterThan(0);
  });
});
