import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { createArticleStack } from '../../examples/article';
import { CostEstimate, NatGateways, Schedule, SsoClientVpnBastion } from '../../src';
import { requiredProps } from '../fixtures';

const TOKYO = { region: 'ap-northeast-1' };

function estimate(overrides = {}): CostEstimate {
  const app = new App();
  return CostEstimate.fromStack(createArticleStack(app, 'Article', overrides), TOKYO);
}

describe('the article in ap-northeast-1', () => {
  const article = estimate();

  test('matches the hand calculation', () => {
    // 730 hours a month, one AZ:
    //   association  1 x $0.15   x 730 = $109.50
    //   NAT gateway  1 x $0.062  x 730 =  $45.26
    //   public IPv4  1 x $0.005  x 730 =   $3.65
    //   t3.micro     1 x $0.0136 x 730 =   $9.928
    //   gp3 8 GiB    8 x $0.096        =   $0.768
    //   total                           = $169.106
    expect(article.lineItems.map((i) => [i.description, i.quantity, i.monthlyCost])).toEqual([
      ['Client VPN endpoint association', 1, expect.closeTo(109.5, 6)],
      ['NAT gateway', 1, expect.closeTo(45.26, 6)],
      ['Public IPv4 address (Elastic IP)', 1, expect.closeTo(3.65, 6)],
      ['EC2 instance t3.micro', 1, expect.closeTo(9.928, 6)],
      ['EBS gp3 root volume (GiB)', 8, expect.closeTo(0.768, 6)],
    ]);
    expect(article.monthlyTotal).toBeCloseTo(169.106, 6);
  });

  test('with business hours costs at most 40% of it', () => {
    const scheduled = estimate({ schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) });
    // 50 h/week = 50 x 730 / 168 = 217.26 h/month for the association, the NAT gateway and the server;
    // the Elastic IP and the volume are billed all month.
    const onHours = 50 * 730 / 168;
    expect(scheduled.monthlyTotal).toBeCloseTo((0.15 + 0.062 + 0.0136) * onHours + 3.65 + 0.768, 6);
    expect(scheduled.monthlyTotal / article.monthlyTotal).toBeLessThanOrEqual(0.4);
  });

  test('always on, the idle floor is the whole bill and no hour is switched', () => {
    expect(article.idleMonthlyCost).toBeCloseTo(article.monthlyTotal, 6);
    expect(article.costPerOnHour).toBe(0);
    expect(article.lineItems.every((i) => !i.switched)).toBe(true);
  });

  test('on demand costs the idle floor (Elastic IP, volume) plus the used hours', () => {
    const onDemand = estimate({ schedule: Schedule.onDemand({ usedHoursPerMonth: 40 }) });
    // Off, the bastion still pays its Elastic IP and its volume: $3.65 + $0.768.
    expect(onDemand.idleMonthlyCost).toBeCloseTo(3.65 + 0.768, 6);
    // Each hour on adds the association, the NAT gateway and the t3.micro.
    expect(onDemand.costPerOnHour).toBeCloseTo(0.15 + 0.062 + 0.0136, 6);
    expect(onDemand.monthlyTotal).toBeCloseTo(3.65 + 0.768 + 40 * (0.15 + 0.062 + 0.0136), 6);
    expect(onDemand.lineItems.filter((i) => i.switched).map((i) => i.description)).toEqual([
      'Client VPN endpoint association (scheduled)', 'NAT gateway (scheduled)', 'EC2 instance t3.micro (scheduled)',
    ]);
  });

  test('without NAT drops the gateway and the Elastic IP', () => {
    const withoutNat = estimate({ splitTunnel: true, natGateways: NatGateways.none() });
    expect(withoutNat.lineItems.map((i) => i.description)).toEqual(['Client VPN endpoint association', 'EC2 instance t3.micro', 'EBS gp3 root volume (GiB)']);
    expect(withoutNat.monthlyTotal).toBeCloseTo(169.106 - 45.26 - 3.65, 6);
  });

  test('prints a Markdown table with the total', () => {
    expect(article.toMarkdown()).toContain('| **total** | | | | **$169.11** |');
  });
});

describe('other inputs', () => {
  test('us-east-1 uses its own prices', () => {
    const app = new App();
    const stack = new Stack(app, 'Virginia', { env: { region: 'us-east-1' } });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps());
    expect(CostEstimate.fromStack(stack).monthlyTotal).toBeCloseTo((0.10 + 0.045 + 0.005 + 0.0104) * 730 + 8 * 0.08, 6);
  });

  test('a shared NAT gateway in two AZs counts one gateway and one address', () => {
    const app = new App();
    const stack = new Stack(app, 'TwoAzs', { env: { region: 'ap-northeast-1', account: '123456789012' } });
    stack.node.setContext('availability-zones:account=123456789012:region=ap-northeast-1', ['ap-northeast-1a', 'ap-northeast-1c']);
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ maxAzs: 2, natGateways: NatGateways.single() }));
    const items = CostEstimate.fromStack(stack).lineItems;
    expect(items.map((i) => [i.description, i.quantity])).toEqual(expect.arrayContaining([
      ['Client VPN endpoint association', 2], ['NAT gateway', 1], ['Public IPv4 address (Elastic IP)', 1],
    ]));
  });

  test('an unknown region, instance type or missing region is refused with what is allowed', () => {
    expect(() => CostEstimate.fromTemplate({ Resources: {} }, { region: 'eu-west-9' })).toThrow('region "eu-west-9" has no prices in the table; use one of ap-northeast-1, us-east-1');
    expect(() => CostEstimate.fromTemplate({ Resources: {} }, {})).toThrow(/region is required/);
    const app = new App();
    const stack = new Stack(app, 'Big', { env: { region: 'ap-northeast-1' } });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ instanceType: new ec2.InstanceType('m7i.48xlarge') }));
    expect(() => CostEstimate.fromStack(stack)).toThrow(/instance type "m7i.48xlarge" has no price for ap-northeast-1; the table has t3.nano/);
  });
});
