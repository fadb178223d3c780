import { CONNECTION } from './schema';
import { parseIpv4Cidr } from '../core/cidr';
import { propError } from '../core/errors';

/** What a condition needs from the bastion to be written out. */
export interface RenderContext {
  /** The group IDs of the bastion's authorization rules (tokens when looked up by name at deploy time). */
  readonly authorizedGroupIds: string[];
}

/**
 * The operating system a connection comes from (`context.connection.platform`).
 * The values are those of the connection log's `device-type`; `of` takes any other.
 */
export class ClientPlatform {
  /** Windows. */
  public static readonly WINDOWS = new ClientPlatform('windows');
  /** macOS. */
  public static readonly MACOS = new ClientPlatform('mac');
  /** Linux (Ubuntu). */
  public static readonly LINUX = new ClientPlatform('linux');
  /** iOS. */
  public static readonly IOS = new ClientPlatform('ios');
  /** Android. */
  public static readonly ANDROID = new ClientPlatform('android');

  /**
   * A platform by the value Client VPN reports for it.
   *
   * @param value the platform as `context.connection.platform` holds it
   */
  public static of(value: string): ClientPlatform {
    if (!/^[A-Za-z0-9 ._-]{1,64}$/.test(value)) {
      throw propError('ClientPlatform.of', value, 'is not a platform name (letters, digits, space, dot, underscore or dash, at most 64)');
    }
    return new ClientPlatform(value);
  }

  private constructor(
    /** The value of `context.connection.platform`. */
    public readonly value: string,
  ) {}
}

/** A Jamf risk level (`context.jamf.risk`), from the safest. */
export class JamfRisk {
  /** SECURE: no risk found. */
  public static readonly SECURE = new JamfRisk('SECURE', 0);
  /** LOW. */
  public static readonly LOW = new JamfRisk('LOW', 1);
  /** MEDIUM. */
  public static readonly MEDIUM = new JamfRisk('MEDIUM', 2);
  /** HIGH. */
  public static readonly HIGH = new JamfRisk('HIGH', 3);

  private constructor(
    /** The value of `context.jamf.risk`. */
    public readonly value: string,
    private readonly rank: number,
  ) {}

  /** @internal the levels at or below this one (NOT_APPLICABLE is never among them) */
  public _atMost(): string[] {
    return [JamfRisk.SECURE, JamfRisk.LOW, JamfRisk.MEDIUM, JamfRisk.HIGH].filter((risk) => risk.rank <= this.rank).map((risk) => risk.value);
  }
}

/**
 * One condition of a connection policy's statement, written out as Cedar
 * that a reviewer reads in the template's diff. Conditions that read a
 * device's posture first test that the provider's signals are there
 * (`context has jamf && ...`): Client VPN denies a connection whose policy
 * reads an absent attribute.
 */
export class ConnectionCondition {
  /**
   * The user is a member of one of the bastion's authorized groups: the same
   * group IDs as its authorization rules (`context.saml.memberOf`).
   */
  public static memberOfAuthorizedGroups(): ConnectionCondition {
    return new ConnectionCondition((context) => memberOf(context.authorizedGroupIds));
  }

  /**
   * The user is a member of one of these IAM Identity Center groups, by group
   * ID (the SAML `memberOf` attribute carries group IDs).
   *
   * @param groupIds IAM Identity Center group IDs, at least one
   */
  public static memberOfAnyGroup(groupIds: string[]): ConnectionCondition {
    if (groupIds.length === 0) {
      throw propError('ConnectionCondition.memberOfAnyGroup groupIds', groupIds, 'is empty; give at least one group ID');
    }
    return new ConnectionCondition(() => memberOf(groupIds));
  }

  /**
   * The connection comes from one of these operating systems.
   *
   * @param platforms the platforms allowed, at least one
   */
  public static platformIs(platforms: ClientPlatform[]): ConnectionCondition {
    if (platforms.length === 0) {
      throw propError('ConnectionCondition.platformIs platforms', platforms, 'is empty; give at least one platform');
    }
    return new ConnectionCondition(() => `${cedarSet(platforms.map((platform) => platform.value))}.contains(${connection(CONNECTION.platform)})`);
  }

  /**
   * The device's public IP address is in one of these IPv4 CIDR blocks (an
   * office's egress, for example). Client VPN gives the address as a string,
   * which Cedar cannot parse as an address in a validated policy, so each
   * block is written as `like` patterns of whole octets: a /8, /16, /24 or /32
   * is one pattern, a block between those one pattern per octet it spans
   * (at most 256 in all).
   *
   * @param cidrs IPv4 CIDR blocks such as `203.0.113.0/24`, at least one
   */
  public static publicIpIn(cidrs: string[]): ConnectionCondition {
    if (cidrs.length === 0) {
      throw propError('ConnectionCondition.publicIpIn cidrs', cidrs, 'is empty; give at least one IPv4 CIDR block');
    }
    const patterns = cidrs.flatMap((cidr) => octetPatterns(cidr));
    if (patterns.length > 256) {
      throw propError('ConnectionCondition.publicIpIn cidrs', cidrs, `need ${patterns.length} address patterns, above 256; use longer prefixes or prefixes at an octet boundary (/8, /16, /24)`);
    }
    return new ConnectionCondition(() => anyOf(patterns.map((pattern) => `${connection(CONNECTION.publicIp)} like "${pattern}"`)));
  }

  /**
   * The AWS provided client is at least this version (`major.minor.patch`).
   * Versions are strings in the context, so the condition is written as "a
   * version, and not one of the older ones", with a pattern per older major,
   * minor and patch; a client that reports no version does not pass.
   *
   * @param version the oldest version allowed, such as `6.2.0`
   */
  public static minimumAwsClientVersion(version: string): ConnectionCondition {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(version);
    if (!match) {
      throw propError('ConnectionCondition.minimumAwsClientVersion version', version, 'is not a version such as 6.2.0 (major.minor.patch)');
    }
    const [major, minor, patch] = match.slice(1).map(Number);
    const older = [
      ...range(major).map((m) => `${m}.*`),
      ...range(minor).map((m) => `${major}.${m}.*`),
      ...range(patch).map((p) => `${major}.${minor}.${p}`),
    ];
    const attribute = connection(CONNECTION.awsClientVersion);
    // A client that reports no version (another OpenVPN client) is not "at least" any version.
    const reported = `${attribute} like "*.*.*"`;
    return new ConnectionCondition(() => (older.length === 0 ? reported
      : `${reported} && !${anyOf(older.map((pattern) => `${attribute} like "${pattern}"`), true)}`));
  }

  /**
   * The device has a CrowdStrike Zero Trust Assessment overall score of at
   * least this (1 to 100).
   *
   * @param score the lowest overall score allowed, 1 to 100
   */
  public static crowdStrikeScoreAtLeast(score: number): ConnectionCondition {
    if (!Number.isInteger(score) || score < 1 || score > 100) {
      throw propError('ConnectionCondition.crowdStrikeScoreAtLeast score', score, 'is not a whole number from 1 to 100 (the assessment\'s range)');
    }
    return new ConnectionCondition(() => `context has crowdstrike && context.crowdstrike.assessment.overall >= ${score}`);
  }

  /**
   * The device's Jamf risk is at most this level (NOT_APPLICABLE never passes).
   *
   * @param risk the highest risk allowed
   */
  public static jamfRiskAtMost(risk: JamfRisk): ConnectionCondition {
    return new ConnectionCondition(() => `context has jamf && ${cedarSet(risk._atMost())}.contains(context.jamf.risk)`);
  }

  /** The device is managed by JumpCloud. */
  public static jumpCloudManaged(): ConnectionCondition {
    return new ConnectionCondition(() => 'context has jumpcloud && context.jumpcloud.device.is_managed');
  }

  /**
   * A Cedar expression of your own over the context, checked with the rest of
   * the policy at synth time (for example `context.connection["platform-version"] like "14.*"`).
   *
   * @param expression a Cedar boolean expression over `context`
   */
  public static cedar(expression: string): ConnectionCondition {
    if (expression.trim() === '') {
      throw propError('ConnectionCondition.cedar expression', expression, 'is empty; give a Cedar boolean expression over the context');
    }
    return new ConnectionCondition(() => `(${expression})`);
  }

  /**
   * At least one of these conditions holds.
   *
   * @param conditions the alternatives, at least one
   */
  public static anyOf(conditions: ConnectionCondition[]): ConnectionCondition {
    if (conditions.length === 0) {
      throw propError('ConnectionCondition.anyOf conditions', conditions, 'is empty; give at least one condition');
    }
    return new ConnectionCondition((context) => anyOf(conditions.map((condition) => condition._render(context))));
  }

  /**
   * The condition does not hold.
   *
   * @param condition the condition to negate
   */
  public static not(condition: ConnectionCondition): ConnectionCondition {
    return new ConnectionCondition((context) => `!(${condition._render(context)})`);
  }

  private constructor(private readonly render: (context: RenderContext) => string) {}

  /** @internal the condition as a Cedar expression */
  public _render(context: RenderContext): string {
    return this.render(context);
  }
}

function connection(attribute: string): string {
  return `context.connection["${attribute}"]`;
}

function memberOf(groupIds: string[]): string {
  return `context.saml.memberOf.containsAny(${cedarSet(groupIds)})`;
}

function cedarSet(values: string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/** The expressions joined with `||`, in parentheses when there are several (or always, for a negation). */
function anyOf(expressions: string[], parenthesized = false): string {
  return expressions.length === 1 && !parenthesized ? expressions[0] : `(${expressions.join(' || ')})`;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** The `like` patterns of whole octets that cover exactly the addresses of an IPv4 block. */
function octetPatterns(cidr: string): string[] {
  const parsed = parseIpv4Cidr(cidr);
  if (typeof parsed === 'string') {
    throw propError('ConnectionCondition.publicIpIn cidrs', cidr, `is not usable: ${parsed}`);
  }
  if (parsed.prefixLength === 0) {
    throw propError('ConnectionCondition.publicIpIn cidrs', cidr, 'is every address; leave the condition out instead');
  }
  // Round the prefix up to the next octet boundary and list the blocks of that size it spans.
  const boundary = Math.ceil(parsed.prefixLength / 8) * 8;
  const count = 2 ** (boundary - parsed.prefixLength);
  const octets = parsed.network.toByteArray();
  const index = boundary / 8 - 1;
  return range(count).map((step) => {
    const parts = octets.slice(0, index + 1);
    parts[index] += step;
    return boundary === 32 ? parts.join('.') : `${parts.join('.')}.*`;
  });
}
