import { Stage, Token } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { PRICES, PRICES_RECORDED_ON } from './prices';
import type { RegionPrices } from './prices';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../core/hours';
import { SWITCH_METADATA_KEY } from '../schedule/switch-contract';
import type { SwitchMetadata } from '../schedule/switch-contract';

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
  /** Whether an off-hours schedule switches it (billed only while on). */
  readonly switched: boolean;
}

type Resource = {
  readonly Type: string;
  readonly Condition?: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
};

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

  /** The hours in an average month, as AWS prices a month (8,760 / 12): the default `hoursPerMonth`. */
  public static readonly HOURS_PER_MONTH = HOURS_PER_MONTH;

  /**
   * The list prices the estimate uses in a region.
   *
   * @param region a region code, such as 'ap-northeast-1'
   * @returns the region's prices, or undefined for a region the table does not cover
   */
  public static pricesOf(region: string): RegionPrices | undefined {
    return PRICES[region];
  }

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

  /**
   * What the bastion costs a month while switched off all the time: what is
   * billed whether on or off (Elastic IPs, the server's volume), plus whatever
   * no schedule switches. Without a schedule, the same as `monthlyTotal`.
   */
  public readonly idleMonthlyCost: number;

  /**
   * What each hour switched on adds, in USD: the associations, NAT gateways
   * and server that a schedule switches. 0 without a schedule.
   */
  public readonly costPerOnHour: number;

  private constructor(template: { [key: string]: any }, region: string, hoursPerMonth: number) {
    const prices = PRICES[region];
    if (prices === undefined) {
      throw new Error(`CostEstimate: region ${JSON.stringify(region)} has no prices in the table; use one of ${Object.keys(PRICES).join(', ')}.`);
    }
    if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) {
      throw new Error(`CostEstimate: hoursPerMonth ${hoursPerMonth} must be more than 0 and at most 744 (31 days).`);
    }
    this.region = region;
    const allResources = (template.Resources ?? {}) as Record<string, Resource>;
    const resources = Object.values(allResources);
    const ofType = (type: string) => resources.filter((r) => r.Type === type);

    const items: CostLineItem[] = [];
    const add = (description: string, quantity: number, unitPrice: number, hours: number, unit = 'hour', switched = false) => {
      if (quantity > 0) {
        const monthlyCost = unit === 'hour' ? quantity * unitPrice * hours : quantity * unitPrice;
        items.push({ description, quantity, unitPrice, unit, hoursPerMonth: hours, monthlyCost, switched });
      }
    };

    // The off-hours switch records, on its function, the condition the switched
    // resources carry and the server it stops; those are billed for the on-hours only.
    const switches = resources.flatMap((r) => {
      const metadata = r.Metadata?.[SWITCH_METADATA_KEY] as SwitchMetadata | undefined;
      return metadata ? [{ ...metadata, onHours: hoursPerMonth * Number(metadata.onHoursPerWeek) / HOURS_PER_WEEK }] : [];
    });
    const switchOf = (logicalId: string, resource: Resource) =>
      switches.find((sw) => sw.condition === resource.Condition || sw.instance === logicalId);
    /** Adds one line per distinct billing period: always on, and each switch's on-hours. */
    const addByHours = (description: string | ((r: Resource) => string), type: string, unitPrice: (r: Resource) => number) => {
      const groups = new Map<string, { text: string; count: number; price: number; hours: number; switched: boolean }>();
      for (const [logicalId, resource] of Object.entries(allResources).filter(([, r]) => r.Type === type)) {
        const sw = switchOf(logicalId, resource);
        const price = unitPrice(resource);
        const text = typeof description === 'string' ? description : description(resource);
        const key = `${text}/${price}/${sw ? sw.onHours : 'always'}`;
        const entry = groups.get(key) ?? { text, count: 0, price, hours: sw ? sw.onHours : hoursPerMonth, switched: sw !== undefined };
        groups.set(key, { ...entry, count: entry.count + 1 });
      }
      for (const entry of groups.values()) {
        add(`${entry.text}${entry.switched ? ' (scheduled)' : ''}`, entry.count, entry.price, entry.hours, 'hour', entry.switched);
      }
    };

    addByHours('Client VPN endpoint association', 'AWS::EC2::ClientVpnTargetNetworkAssociation', () => prices.clientVpnAssociationHour);
    // With a Transit Gateway the endpoint's AZs are its associations, assumed billed like associated subnets, and given
    // in the endpoint itself: the switch does not take them away. The Client VPN attachment is assumed to have no charge
    // of its own (AWS's announcement: standard Client VPN and Transit Gateway prices); the bastion VPC's attachment is billed.
    const transitGatewayAzs = ofType('AWS::EC2::ClientVpnEndpoint')
      .reduce((sum, endpoint) => sum + (endpoint.Properties?.TransitGatewayConfiguration?.AvailabilityZones?.length ?? 0), 0);
    add('Client VPN endpoint association (Transit Gateway AZ, not switched)', transitGatewayAzs, prices.clientVpnAssociationHour, hoursPerMonth);
    addByHours('Transit Gateway attachment (the bastion VPC)', 'AWS::EC2::TransitGatewayAttachment', () => prices.transitGatewayAttachmentHour);
    addByHours('NAT gateway', 'AWS::EC2::NatGateway', () => prices.natGatewayHour);

    // An Elastic IP is billed all month, attached or not, switched on or off. Allocations given
    // as literal IDs (egressIpAllocationIds) are not in the template but still billed.
    const literalAllocations = new Set(ofType('AWS::EC2::NatGateway').map((nat) => nat.Properties?.AllocationId).filter((id): id is string => typeof id === 'string'));
    add('Public IPv4 address (Elastic IP)', ofType('AWS::EC2::EIP').length + literalAllocations.size, prices.publicIpv4Hour, hoursPerMonth);

    let volumeGb = 0;
    for (const instance of ofType('AWS::EC2::Instance')) {
      for (const mapping of instance.Properties?.BlockDeviceMappings ?? []) {
        volumeGb += Number(mapping.Ebs?.VolumeSize ?? 0);
      }
    }
    addByHours((instance) => `EC2 instance ${instance.Properties?.InstanceType}`, 'AWS::EC2::Instance', (instance) => {
      const type = String(instance.Properties?.InstanceType);
      const price = prices.instanceHour[type];
      if (price === undefined) {
        throw new Error(`CostEstimate: instance type ${JSON.stringify(type)} has no price for ${region}; the table has ${Object.keys(prices.instanceHour).join(', ')}.`);
      }
      return price;
    });
    // A stopped instance's volume is still billed.
    add('EBS gp3 root volume (GiB)', volumeGb, prices.gp3GbMonth, hoursPerMonth, 'GB-month');

    this.lineItems = items;
    this.monthlyTotal = items.reduce((sum, item) => sum + item.monthlyCost, 0);
    this.idleMonthlyCost = items.filter((item) => !item.switched).reduce((sum, item) => sum + item.monthlyCost, 0);
    this.costPerOnHour = items.filter((item) => item.switched).reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
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
