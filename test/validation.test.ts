import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Schedule, ServerCertificate, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';
import { GROUP_ID, newStack, requiredProps, synthBastion } from './fixtures';
import { BastionInputError } from '../src/core/errors';

function build(overrides: Partial<SsoClientVpnBastionProps>) {
  return () => new SsoClientVpnBastion(newStack(), 'Bastion', requiredProps(overrides));
}

describe('bad input fails at synth time, naming the prop, the value and what is allowed', () => {
  test.each([
    ['not a CIDR', '172.25.0.0', /vpcCidr "172.25.0.0" is invalid: it is not an IPv4 CIDR block such as 10.0.0.0\/16/],
    ['an octet above 255', '172.256.0.0/16', /vpcCidr "172.256.0.0\/16" is invalid: it is not an IPv4 CIDR block/],
    ['host bits set', '172.25.1.0/16', /vpcCidr "172.25.1.0\/16" is invalid: it has host bits set \(the network address is 172.25.0.0\/16\)/],
    ['a prefix above 32', '10.0.0.0/33', /vpcCidr "10.0.0.0\/33" is invalid: its prefix length is above 32/],
    ['wider than /16', '10.0.0.0/8', /vpcCidr "10.0.0.0\/8" is invalid: a VPC's prefix length is between \/16 and \/28/],
    ['too small for three /24 subnets', '10.0.0.0/23', /vpcCidr "10.0.0.0\/23" is too small: 3 \/24 subnets are needed \(3 tiers x 1 AZs\)/],
  ])('vpcCidr %s', (_, vpcCidr, message) => {
    expect(build({ vpcCidr })).toThrow(message);
  });

  test.each([
    ['malformed', '172.26.0.0/x', /clientCidr "172.26.0.0\/x" is invalid: it is not an IPv4 CIDR block/],
    ['narrower than /22', '172.26.0.0/24', /clientCidr "172.26.0.0\/24" is invalid: Client VPN needs a prefix length between \/12 and \/22/],
    ['wider than /12', '172.0.0.0/11', /clientCidr "172.0.0.0\/11" is invalid: Client VPN needs a prefix length between \/12 and \/22/],
    ['inside the VPC', '172.25.4.0/22', /clientCidr "172.25.4.0\/22" overlaps the VPC CIDR 172.25.0.0\/16; pick a block outside the VPC/],
    ['containing the VPC', '172.16.0.0/12', /clientCidr "172.16.0.0\/12" overlaps the VPC CIDR 172.25.0.0\/16/],
  ])('clientCidr %s', (_, clientCidr, message) => {
    expect(build({ clientCidr })).toThrow(message);
  });

  test('clientCidr overlapping a given VPC', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/8', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'],
    });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, clientCidr: '10.26.0.0/22' })))
      .toThrow(/clientCidr "10.26.0.0\/22" overlaps the VPC CIDR 10.0.0.0\/8/);
  });

  test('vpc together with vpcCidr', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, vpcCidr: '10.0.0.0/16' })))
      .toThrow(/vpcCidr "10.0.0.0\/16" cannot be used together with vpc: vpcCidr only sizes the VPC this construct creates/);
  });

  test('vpc together with vpcFlowLogs', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.8.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, vpcFlowLogs: true })))
      .toThrow(/vpcFlowLogs true cannot be used together with vpc/);
  });

  test('vpc together with egressIpAllocationIds', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, egressIpAllocationIds: ['eipalloc-1'] })))
      .toThrow(/egressIpAllocationIds \["eipalloc-1"\] cannot be used together with vpc/);
  });

  test('a vpcSubnets selection that selects nothing', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc, vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-9'])] } })))
      .toThrow(/vpcSubnets selects no subnet in the VPC TestStack\/Vpc/);
  });

  test('a given VPC without a CIDR block', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['ap-northeast-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc })))
      .toThrow(/vpc TestStack\/Vpc has no CIDR block; .* pass vpcCidrBlock to ec2.Vpc.fromVpcAttributes/);
  });

  test('egressIpAllocationIds not one per AZ', () => {
    expect(build({ maxAzs: 2, egressIpAllocationIds: ['eipalloc-1'] }))
      .toThrow(/egressIpAllocationIds \["eipalloc-1"\] has 1 entries; give one Elastic IP allocation per AZ, 2 for maxAzs 2/);
  });

  test('no group at all', () => {
    expect(build({ authorizedGroupIds: [] }))
      .toThrow(/authorizedGroupIds and authorizedGroupNames are both empty: give at least one IAM Identity Center group .* the endpoint never authorizes all users/);
    expect(build({ authorizedGroupIds: undefined, authorizedGroupNames: [] })).toThrow(/authorizedGroupIds and authorizedGroupNames are both empty/);
  });

  test.each([
    ['a group name', 'SampleQiitaGroup'],
    ['a truncated ID', '9a67f5b4-30c1-70d5-9b2e'],
    ['an ID with spaces', ` ${GROUP_ID}`],
  ])('a malformed group ID: %s', (_, groupId) => {
    expect(build({ authorizedGroupIds: [groupId] }))
      .toThrow(new RegExp(`authorizedGroupIds .* contains ${JSON.stringify(groupId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which is not an IAM Identity Center group ID; expected the ID`));
  });

  test('a group listed twice', () => {
    expect(build({ authorizedGroupIds: [GROUP_ID, GROUP_ID] })).toThrow(new RegExp(`authorizedGroupIds .* lists ${GROUP_ID} twice`));
  });

  test('more than two DNS servers', () => {
    expect(build({ dnsServers: ['172.25.0.2', '1.1.1.1', '8.8.8.8'] }))
      .toThrow(/dnsServers \["172.25.0.2","1.1.1.1","8.8.8.8"\] has 3 entries; Client VPN accepts at most 2/);
  });

  test('a DNS server that is not an IPv4 address', () => {
    expect(build({ dnsServers: ['dns.example.com'] })).toThrow(/dnsServers \["dns.example.com"\] contains "dns.example.com", which is not an IPv4 address/);
  });

  test('a banner over 1400 characters', () => {
    expect(build({ clientLoginBanner: 'x'.repeat(1401) })).toThrow(/clientLoginBanner is 1401 characters long; Client VPN accepts at most 1400/);
  });

  test('a banner of exactly 1400 characters is accepted', () => {
    expect(build({ clientLoginBanner: 'x'.repeat(1400) })).not.toThrow();
  });

  test('a session timeout other than 8, 10, 12 or 24 hours', () => {
    expect(build({ sessionTimeout: 6 as ec2.ClientVpnSessionTimeout }))
      .toThrow(/sessionTimeout 6 is invalid: Client VPN sessions last 8, 10, 12, 24 hours/);
  });

  test('a port other than 443 or 1194', () => {
    expect(build({ port: 8443 as ec2.VpnPort })).toThrow(/port 8443 is invalid: Client VPN listens on 443 or 1194/);
  });

  test.each([0, -1, 1.5])('maxAzs %p', (maxAzs) => {
    expect(build({ maxAzs })).toThrow(new RegExp(`maxAzs ${maxAzs} is invalid: use a whole number of 1 or more`));
  });

  test('a root volume size out of range', () => {
    expect(build({ rootVolumeSize: 0 })).toThrow(/rootVolumeSize 0 is invalid: use a whole number of GiB from 1 to 16384/);
  });

  test('unresolved tokens are left for deploy time', () => {
    const token = (value: string) => Lazy.string({ produce: () => value });
    expect(build({ clientCidr: token('whatever'), authorizedGroupIds: [token('group')], dnsServers: [token('dns')] })).not.toThrow();
  });
});

describe('one error format, with the construct path', () => {
  test('a bad prop names the prop, the value and what is allowed, then the bastion that raised it', () => {
    expect(() => synthBastion({ vpcCidr: '10.0.0.0/33' })).toThrow(/^SsoClientVpnBastion: vpcCidr "10\.0\.0\.0\/33" is invalid: .*\. \[at TestStack\/Bastion\]$/);
  });

  test('the error carries the path and the problem apart, like aws-cdk\'s ValidationError', () => {
    try {
      synthBastion({ maxAzs: 0 });
      throw new Error('expected a BastionInputError');
    } catch (error) {
      expect(error).toBeInstanceOf(BastionInputError);
      expect((error as BastionInputError).constructPath).toBe('TestStack/Bastion');
      expect((error as BastionInputError).problem).toMatch(/^SsoClientVpnBastion: maxAzs 0 is invalid/);
    }
  });

  test('a choice made before any construct exists uses the same format, without a path', () => {
    expect(() => ServerCertificate.fromCertificateArn('arn:aws:iam::123456789012:server-certificate/vpn'))
      .toThrow(/^SsoClientVpnBastion: serverCertificate "arn:aws:iam::123456789012:server-certificate\/vpn" is not an ACM certificate ARN[^[]*$/);
    expect(() => Schedule.businessHours({ timeZone: 'Mars/Olympus' })).toThrow(/^SsoClientVpnBastion: schedule timeZone "Mars\/Olympus"/);
  });
});
