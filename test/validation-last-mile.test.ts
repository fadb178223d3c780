import { App, CfnParameter, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Schedule, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';
import { GROUP_ID, newStack, requiredProps } from './fixtures';

/*
 * The last mile of bad input (issue 14): values that crashed, were silently
 * accepted, miscounted, or failed with a message that named no prop.
 */

function build(overrides: Partial<SsoClientVpnBastionProps>, stack: Stack = newStack()) {
  return () => new SsoClientVpnBastion(stack, 'Bastion', requiredProps(overrides));
}

/** A stack that knows its AZs: with account and region, from the context a lookup would fill. */
function stackWithAzs(azs: string[]): Stack {
  const app = new App({
    context: { 'availability-zones:account=123456789012:region=ap-northeast-1': azs },
  });
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'ap-northeast-1' } });
}

describe('construct IDs derived from group names never collide', () => {
  test('names that differ only in a slash and an underscore make distinct rules', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ authorizedGroupNames: ['a/b', 'a_b', 'a%2Fb'] }));
    // Three names, plus the group given by ID.
    Template.fromStack(stack).resourceCountIs('AWS::EC2::ClientVpnAuthorizationRule', 4);
  });

  test('a name without a slash or percent sign keeps its construct ID (part of the deployed logical ID)', () => {
    const stack = newStack();
    const bastion = new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ authorizedGroupNames: ['Sample_Group-1 x'] }));
    expect(bastion.endpoint.node.tryFindChild('Authorize-name-Sample_Group-1 x')).toBeDefined();
  });
});

describe('numeric props that shape the template must be known at synth time', () => {
  test('a Lazy maxAzs is refused, naming maxAzs', () => {
    expect(build({ maxAzs: Lazy.number({ produce: () => 2 }) }))
      .toThrow(/^SsoClientVpnBastion: maxAzs is a token .* decides how many subnets/);
  });

  test('a CfnParameter maxAzs is refused, naming maxAzs', () => {
    const stack = newStack();
    const maxAzs = new CfnParameter(stack, 'MaxAzs', { type: 'Number' }).valueAsNumber;
    expect(build({ maxAzs }, stack)).toThrow(/^SsoClientVpnBastion: maxAzs is a token/);
  });

  test('a token vpcCidr is refused, naming vpcCidr', () => {
    expect(build({ vpcCidr: Fn.importValue('VpcCidr') }))
      .toThrow(/^SsoClientVpnBastion: vpcCidr is a token .* subnets are computed from it at synth time/);
  });

  test('numbers that pass straight into a property may stay tokens', () => {
    const stack = newStack();
    const rootVolumeSize = new CfnParameter(stack, 'Size', { type: 'Number' }).valueAsNumber;
    const sessionTimeout = Lazy.number({ produce: () => 12 });
    expect(build({ rootVolumeSize, sessionTimeout, port: Lazy.number({ produce: () => 1194 }) }, stack)).not.toThrow();
  });

  test('schedule hours and idle minutes that are tokens are refused, naming them', () => {
    expect(() => Schedule.businessHours({ timeZone: 'UTC', startHour: Lazy.number({ produce: () => 8 }) }))
      .toThrow(/^SsoClientVpnBastion: schedule startHour is a token/);
    expect(() => Schedule.onDemand({ idleMinutes: Lazy.number({ produce: () => 30 }) }))
      .toThrow(/^SsoClientVpnBastion: schedule idleMinutes is a token/);
  });
});

describe('CIDRs AWS refuses', () => {
  test.each([
    ['multicast', '224.0.0.0/16'],
    ['loopback', '127.0.0.0/16'],
    ['link-local', '169.254.0.0/16'],
    ['"this network"', '0.0.0.0/16'],
    ['reserved (class E)', '240.0.0.0/16'],
  ])('a %s vpcCidr', (kind, vpcCidr) => {
    expect(build({ vpcCidr })).toThrow(new RegExp(`^SsoClientVpnBastion: vpcCidr "${vpcCidr.replace('/', '\\/')}" is in the ${kind.replace(/[()]/g, '\\$&')} range`));
  });

  test.each([
    ['multicast', '224.0.0.0/22'],
    ['loopback', '127.0.0.0/22'],
    ['link-local', '169.254.0.0/22'],
    ['"this network"', '0.0.0.0/12'],
    ['reserved (class E)', '255.255.252.0/22'],
  ])('a %s clientCidr', (kind, clientCidr) => {
    expect(build({ clientCidr })).toThrow(new RegExp(`^SsoClientVpnBastion: clientCidr "${clientCidr.replace('/', '\\/')}" is in the ${kind.replace(/[()]/g, '\\$&')} range`));
  });

  test('a block that only touches a refused range is refused too', () => {
    // 160.0.0.0/12 does not reach 169.254.0.0/16, 168.0.0.0/12... does not either; 169.240.0.0/12 does.
    expect(build({ clientCidr: '169.240.0.0/12' })).toThrow(/clientCidr "169.240.0.0\/12" is in the link-local range 169.254.0.0\/16/);
    expect(build({ clientCidr: '168.0.0.0/12' })).not.toThrow();
  });

  test('publicly routable and shared (100.64.0.0/10) blocks are accepted: AWS allows them', () => {
    expect(build({ vpcCidr: '100.64.0.0/16' })).not.toThrow();
    expect(build({ clientCidr: '203.0.112.0/22' })).not.toThrow();
  });
});

describe('a client CIDR overlapping a VPC made in the same app', () => {
  test('is found through the literal on the VPC\'s CfnVPC', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
    expect(build({ vpc, clientCidr: '10.0.4.0/22' }, stack)).toThrow(/^SsoClientVpnBastion: clientCidr "10.0.4.0\/22" overlaps the VPC CIDR 10.0.0.0\/16/);
  });

  test('a VPC outside the client block is accepted', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
    expect(build({ vpc, clientCidr: '10.1.0.0/22' }, stack)).not.toThrow();
  });
});

describe('maxAzs above what the stack knows', () => {
  test('in an environment-agnostic stack (2 AZs) is an error that says how to fix it', () => {
    expect(build({ maxAzs: 10 })).toThrow(/^SsoClientVpnBastion: maxAzs 10 is more than the 2 AZs this stack knows: .*env: \{ account, region \}/);
  });

  test('with account and region, the AZs of the region count', () => {
    const azs = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];
    expect(build({ maxAzs: 3 }, stackWithAzs(azs))).not.toThrow();
    expect(build({ maxAzs: 4 }, stackWithAzs(azs))).toThrow(/maxAzs 4 is more than the 3 AZs this stack knows/);
  });

  test('three egress IPs with maxAzs 3 in an agnostic stack are not silently cut to two', () => {
    expect(build({ maxAzs: 3, egressIpAllocationIds: ['eipalloc-1', 'eipalloc-2', 'eipalloc-3'] })).toThrow(/^SsoClientVpnBastion: maxAzs 3 is more than the 2 AZs/);
  });

  test('a list token for egressIpAllocationIds is refused: its length is unknown', () => {
    const stack = newStack();
    const ids = new CfnParameter(stack, 'Eips', { type: 'CommaDelimitedList' }).valueAsList;
    expect(build({ egressIpAllocationIds: ids }, stack)).toThrow(/^SsoClientVpnBastion: egressIpAllocationIds is a list token/);
  });

  test('with a given VPC, maxAzs above its AZs is an error', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(build({ vpc, maxAzs: 2 }, stack)).toThrow(/^SsoClientVpnBastion: maxAzs 2 is more than the 1 AZs the vpc has/);
  });
});

describe('time zones are checked against the runtime\'s IANA list, spelled as EventBridge Scheduler expects', () => {
  test('wrong case gets "did you mean"', () => {
    expect(() => Schedule.businessHours({ timeZone: 'asia/tokyo' })).toThrow(/^SsoClientVpnBastion: schedule timeZone "asia\/tokyo" .*did you mean "Asia\/Tokyo"/);
  });

  test('an abbreviation gets a location zone suggested', () => {
    expect(() => Schedule.cron({ timeZone: 'EST', switchOn: 'cron(0 9 ? * MON-FRI *)', switchOff: 'cron(0 19 ? * MON-FRI *)' }))
      .toThrow(/^SsoClientVpnBastion: schedule timeZone "EST" is an abbreviation.*America\/New_York/);
  });

  test('a legacy alias gets its location zone suggested', () => {
    expect(() => Schedule.businessHours({ timeZone: 'US/Eastern' })).toThrow(/did you mean "America\/New_York"/);
  });

  test.each(['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires'])('%s is accepted', (timeZone) => {
    expect(() => Schedule.businessHours({ timeZone })).not.toThrow();
  });
});

describe('the login banner counts characters (Unicode code points) as Client VPN does', () => {
  test('800 emoji are 800 characters and accepted', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ clientLoginBanner: '😀'.repeat(800) }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientLoginBannerOptions: { Enabled: true, BannerText: '😀'.repeat(800) },
    });
  });

  test('1401 emoji are refused as 1401 characters', () => {
    expect(build({ clientLoginBanner: '😀'.repeat(1401) })).toThrow(/^SsoClientVpnBastion: clientLoginBanner is 1401 characters long/);
  });
});

describe('Client VPN quotas are checked at synth', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);

  test('groups x destinations over 200 authorization rules fail with the numbers', () => {
    expect(build({ authorizedGroupIds: ids(150), authorizedGroupNames: ids(51).map((id) => `name-${id}`) }))
      .toThrow(/^SsoClientVpnBastion: authorizedGroupIds .*201 groups x 1 destination = 201 authorization rules; Client VPN allows 200 per endpoint/);
  });

  test('200 rules are accepted', () => {
    expect(build({ authorizedGroupIds: ids(200) })).not.toThrow();
  });

  test('routes added to the endpoint beyond 100 per association fail at synth', () => {
    const stack = newStack();
    const bastion = new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ authorizedGroupIds: [GROUP_ID] }));
    const subnet = bastion.vpc.privateSubnets[0];
    // A full tunnel's internet route and the association's own VPC route, plus 99: 101.
    for (let i = 0; i < 99; i++) {
      bastion.endpoint.addRoute(`Extra${i}`, { cidr: `10.${i}.0.0/16`, target: ec2.ClientVpnRouteTarget.subnet(subnet) });
    }
    expect(() => Template.fromStack(stack)).toThrow(/101 routes through the association with subnet BastionVpcProtectedSubnet1Subnet\w+ \(100 added, 1 for the VPC\); Client VPN allows 100 per association/);
  });

  test('a sixth endpoint in one region is a warning, not an error: the quota is adjustable', () => {
    const stack = newStack();
    for (let i = 0; i < 6; i++) {
      new SsoClientVpnBastion(stack, `Bastion${i}`, requiredProps({ vpcCidr: `10.${i}.0.0/16` }));
    }
    const warnings = Template.fromStack(stack) && stack.node.findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data)));
    expect(warnings.some((w) => /6 Client VPN endpoints in ap-northeast-1.*5 per Region by default/.test(w))).toBe(true);
  });
});
