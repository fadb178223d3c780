import { Stage, Token } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { PRICES, PRICES_RECORDED_ON } from './prices';
import { SWITCH_METADATA_KEY, SWITCH_RESOURCE_TYPE } from '../schedule/off-hours-switch';
import { OWNER_TAG_KEY } from '../schedule/switch-configuration';
import type { SwitchConfiguration } from '../schedule/switch-configuration';

/** The hours in a month, as AWS bills them (8,760 / 12). */
/** Hours in an average month, as AWS prices a month. */
export const HOURS_PER_MONTH = 730;
const HOURS_PER_WEEK = 168;

/** Options of a cost estimate. */
export interface CostEstimateOptions {
  /**
   * The region whose prices apply: 'ap-northeast-1' or 'us-east-1'.
   *
   * @default - the stack's region (`fromStack` only; `fromTemplate` requires it)
   */
  readonly region?: string;

  /**
   * The hours in a month.
   *
   * @default 730
   */
  readonly hoursPerMonth?: number;
}

/** One line of a cost estimate. */
export interface CostLineItem {
  /** What is billed, for example 'Client VPN endpoint association'. */
  readonly description: string;
  /** How many of it: associations, gateways, addresses, instances, or GiB of a volume. */
  readonly quantity: number;
  /** The price of one unit: per hour, or per GB-month for a volume. */
  readonly unitPrice: number;
  /** 'hour' or 'GB-month'. */
  readonly unit: string;
  /** The hours a month each unit is billed; for a volume, the whole month. */
  readonly hoursPerMonth: number;
  /** The monthly cost in USD. */
  readonly monthlyCost: number;
}

type Resource = { readonly Type: string; readonly Properties?: Record<string, any>; readonly Metadata?: Record<string, any> };

/**
 * The monthly fixed cost of a synthesized bastion: associations, NAT
 * gateways, public IPv4 addresses, the server and its volume, each for the
 * hours it exists (all month, or the on-hours of a `schedule`). Data
 * transfer, per-connection charges and the switch's Lambda and Scheduler
 * runs (within the free tier at this volume) are not included.
 *
 * Prices are list prices recorded in the repository (see `PRICES_RECORDED_ON`).
 */
export class CostEstimate {
  /** The date the price table was recorded. */
  public static readonly PRICES_RECORDED_ON = PRICES_RECORDED_ON;

  /**
   * Estimates the cost of a synthesized CloudFormation template (the JSON
   * object, as in `cdk.out/*.template.json`).
   *
   * @param template the template, parsed from JSON
   * @param options the region (required here) and the hours per month the bastion is on
   */
  public static fromTemplate(template: { [key: string]: any }, options: CostEstimateOptions): CostEstimate {
    if (options.region === undefined) {
      throw new Error(`CostEstimate: region is required with fromTemplate; use one of ${Object.keys(PRICES).join(', ')}.`);
    }
    return new CostEstimate(template, options.region, options.hoursPerMonth ?? HOURS_PER_MONTH);
  }

  /**
   * Estimates the cost of a stack, synthesizing its app.
   *
   * @param stack a stack that contains one or more bastions
   * @param options the region (default: the stack's) and the hours per month the bastion is on
   */
  public static fromStack(stack: Stack, options: CostEstimateOptions = {}): CostEstimate {
    const region = options.region ?? (Token.isUnresolved(stack.region) ? undefined : stack.region);
    if (region === undefined) {
      throw new Error(`CostEstimate: stack ${stack.stackName} has no region; pass region (one of ${Object.keys(PRICES).join(', ')}).`);
    }
    const assembly = Stage.of(stack)!.synth();
    return CostEstimate.fromTemplate(assembly.getStackArtifact(stack.artifactId).template, { ...options, region });
  }

  /** The region whose prices were used. */
  public readonly region: string;

  /** The line items, in a fixed order: associations, NAT gateways, public IPv4, instances, volumes. */
  public readonly lineItems: CostLineItem[];

  /** The sum of the line items, in USD per month. */
  public readonly monthlyTotal: number;

  private constructor(template: { [key: string]: any }, region: string, hoursPerMonth: number) {
    const prices = PRICES[region];
    if (prices === undefined) {
      throw new Error(`CostEstimate: region ${JSON.stringify(region)} has no prices in the table; use one of ${Object.keys(PRICES).join(', ')}.`);
    }
    if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) {
      throw new Error(`CostEstimate: hoursPerMonth ${hoursPerMonth} must be more than 0 and at most 744 (31 days).`);
    }
    this.region = region;
    const resources = Object.values((template.Resources ?? {}) as Record<string, Resource>);
    const ofType = (type: string) => resources.filter((r) => r.Type === type);

    const items: CostLineItem[] = [];
    const add = (description: string, quantity: number, unitPrice: number, hours: number, unit = 'hour') => {
      if (quantity > 0) {
        const monthlyCost = unit === 'hour' ? quantity * unitPrice * hours : quantity * unitPrice;
        items.push({ description, quantity, unitPrice, unit, hoursPerMonth: hours, monthlyCost });
      }
    };

    const switches = ofType(SWITCH_RESOURCE_TYPE).map((r) => {
      const perWeek = Number(r.Metadata?.[SWITCH_METADATA_KEY] ?? HOURS_PER_WEEK);
      return { config: r.Properties!.Configuration as SwitchConfiguration, onHours: hoursPerMonth * perWeek / HOURS_PER_WEEK };
    });

    add('Client VPN endpoint association', ofType('AWS::EC2::ClientVpnTargetNetworkAssociation').length, prices.clientVpnAssociationHour, hoursPerMonth);
    for (const s of switches) {
      add('Client VPN endpoint association (scheduled)', s.config.AssociatedSubnetIds.length, prices.clientVpnAssociationHour, s.onHours);
    }

    const natGateways = ofType('AWS::EC2::NatGateway');
    add('NAT gateway', natGateways.length, prices.natGatewayHour, hoursPerMonth);
    for (const s of switches) {
      add('NAT gateway (scheduled)', s.config.NatGateways.length, prices.natGatewayHour, s.onHours);
    }

    // An Elastic IP is billed all month, attached or not. Allocations given
    // as literal IDs (egressIpAllocationIds) are not in the template but still billed.
    const literalAllocations = new Set([
      ...natGateways.map((nat) => nat.Properties?.AllocationId),
      ...switches.flatMap((s) => s.config.NatGateways.map((nat) => nat.AllocationId)),
    ].filter((id): id is string => typeof id === 'string'));
    add('Public IPv4 address (Elastic IP)', ofType('AWS::EC2::EIP').length + literalAllocations.size, prices.publicIpv4Hour, hoursPerMonth);

    const owners = new Set(switches.map((s) => JSON.stringify(s.config.Owner)));
    const onHoursOf = (instance: Resource) => {
      const tag = ((instance.Properties?.Tags ?? []) as { Key: string; Value: unknown }[]).find((t) => t.Key === OWNER_TAG_KEY);
      const s = tag && switches.find((sw) => JSON.stringify(sw.config.Owner) === JSON.stringify(tag.Value));
      return s && owners.has(JSON.stringify(tag.Value)) ? s.onHours : undefined;
    };
    const instances = new Map<string, { count: number; price: number; hours: number; scheduled: boolean }>();
    let volumeGb = 0;
    for (const instance of ofType('AWS::EC2::Instance')) {
      const type = String(instance.Properties?.InstanceType);
      const price = prices.instanceHour[type];
      if (price === undefined) {
        throw new Error(`CostEstimate: instance type ${JSON.stringify(type)} has no price for ${region}; the table has ${Object.keys(prices.instanceHour).join(', ')}.`);
      }
      const scheduledHours = onHoursOf(instance);
      const key = `${type}${scheduledHours === undefined ? '' : ' (scheduled)'}`;
      const entry = instances.get(key) ?? { count: 0, price, hours: scheduledHours ?? hoursPerMonth, scheduled: scheduledHours !== undefined };
      instances.set(key, { ...entry, count: entry.count + 1 });
      for (const mapping of instance.Properties?.BlockDeviceMappings ?? []) {
        volumeGb += Number(mapping.Ebs?.VolumeSize ?? 0);
      }
    }
    for (const [key, entry] of instances) {
      add(`EC2 instance ${key}`, entry.count, entry.price, entry.hours);
    }
    // A stopped instance's volume is still billed.
    add('EBS gp3 root volume (GiB)', volumeGb, prices.gp3GbMonth, hoursPerMonth, 'GB-month');

    this.lineItems = items;
    this.monthlyTotal = items.reduce((sum, item) => sum + item.monthlyCost, 0);
  }

  /** The estimate as a Markdown table, for a job summary or a terminal. */
  public toMarkdown(): string {
    const money = (n: number) => `$${n.toFixed(2)}`;
    const lines = [
      `| item (${this.region}) | quantity | unit price | hours / month | per month |`,
      '|---|---:|---:|---:|---:|',
      ...this.lineItems.map((item) =>
        `| ${item.description} | ${item.quantity} | $${item.unitPrice} / ${item.unit} | ${item.unit === 'hour' ? Math.round(item.hoursPerMonth) : '-'} | ${money(item.monthlyCost)} |`),
      `| **total** | | | | **${money(this.monthlyTotal)}** |`,
    ];
    return lines.join('\n');
  }
}
