/**
 * When the hourly-billed parts of the bastion are switched on: business hours
 * in a time zone, or a pair of cron expressions.
 */
import { Token } from 'aws-cdk-lib';
import { bastionError, propError } from '../core/errors';
import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../core/hours';

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/**
 * Client VPN publishes its CloudWatch metrics every 5 minutes, so the idle
 * alarm's period is 5 minutes and the idle time a whole number of periods.
 */
export const IDLE_PERIOD_MINUTES = 5;
const MIN_IDLE_MINUTES = 15;
/** CloudWatch refuses alarms whose evaluation periods span more than a day. */
const MAX_IDLE_MINUTES = 1440;
const DEFAULT_ON_DEMAND_IDLE_MINUTES = 60;
const DEFAULT_USED_HOURS_PER_MONTH = 40;
/** An EventBridge Scheduler cron expression: minutes hours day-of-month month day-of-week year. */
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

/** An error in a schedule, caught at synth time. */
function invalid(prop: string, value: unknown, problem: string): Error {
  return propError(`schedule ${prop}`, value, problem);
}

/** The areas of IANA location zones (Area/Location), as opposed to legacy aliases such as US/Eastern. */
const IANA_AREAS = ['Africa', 'America', 'Antarctica', 'Arctic', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific'];
/** An IANA name as spelled in the database: each part starts with a capital (America/Port-au-Prince too). */
const IANA_SPELLING = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;

let runtimeTimeZones: Set<string> | undefined;
/** The IANA zones the runtime ships (its ICU copy of the tz database), and UTC. */
function knownTimeZones(): Set<string> {
  runtimeTimeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return runtimeTimeZones;
}

/**
 * Throws unless the time zone is an IANA location zone (or UTC) spelled
 * exactly as EventBridge Scheduler expects: the scheduler reads the name as
 * the tz database spells it, case included, and an abbreviation such as EST
 * is a fixed offset that ignores daylight saving time. Tokens are left for deploy time.
 * @see https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html (ScheduleExpressionTimezone)
 */
function checkTimeZone(timeZone: string): void {
  if (Token.isUnresolved(timeZone) || knownTimeZones().has(timeZone)) {
    return;
  }
  let resolved: string;
  try {
    // Intl also knows aliases, and ignores case.
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw invalid('timeZone', timeZone, 'is not an IANA time zone; use a name such as "Asia/Tokyo", "America/New_York" or "UTC"');
  }
  if (resolved.toLowerCase() === timeZone.toLowerCase() || resolved === 'UTC') {
    throw invalid('timeZone', timeZone, `is not spelled as the IANA time zone database spells it, which EventBridge Scheduler requires; did you mean "${resolved}"?`);
  }
  if (!timeZone.includes('/')) {
    throw invalid('timeZone', timeZone,
      'is an abbreviation or a fixed offset, not a location: it does not follow daylight saving time; ' +
      'use a location zone such as "America/New_York" (US Eastern time), "Europe/London" or "Asia/Tokyo", or "UTC"');
  }
  // A current IANA name that this runtime's ICU lists under an older one (Asia/Kolkata as Asia/Calcutta).
  if (IANA_AREAS.includes(timeZone.split('/')[0]) && IANA_SPELLING.test(timeZone)) {
    return;
  }
  throw invalid('timeZone', timeZone, `is a legacy alias or not spelled as the IANA time zone database spells it; did you mean "${resolved}"?`);
}

/** Throws when a number that shapes the schedule is a token: it must be known at synth time. */
function checkLiteral(prop: string, value: number | undefined): void {
  if (value !== undefined && Token.isUnresolved(value)) {
    throw bastionError(`schedule ${prop} is a token (Lazy, a parameter or an import); ` +
      'the schedule\'s expressions, alarm and cost estimate are computed from it at synth time, so give a literal value.');
  }
}

/** The days a `days` expression ("MON-FRI", "MON,WED,FRI", "SAT-SUN") names, as indexes 0 (SUN) to 6. */
function parseDays(days: string): Set<number> {
  const result = new Set<number>();
  for (const part of days.split(',')) {
    const [from, to] = part.trim().toUpperCase().split('-');
    const start = DAY_NAMES.indexOf(from);
    const end = to === undefined ? start : DAY_NAMES.indexOf(to);
    if (start < 0 || end < 0 || part.split('-').length > 2) {
      throw invalid('days', days, `is not a list of days or day ranges; use names from ${DAY_NAMES.join(', ')}, for example "MON-FRI" or "MON,WED,FRI"`);
    }
    for (let day = start; ; day = (day + 1) % 7) {
      result.add(day);
      if (day === end) {
        break;
      }
    }
  }
  return result;
}

function checkIdleMinutes(idleMinutes: number | undefined): void {
  checkLiteral('idleMinutes', idleMinutes);
  if (idleMinutes === undefined) {
    return;
  }
  if (!Number.isInteger(idleMinutes) || idleMinutes < MIN_IDLE_MINUTES || idleMinutes > MAX_IDLE_MINUTES || idleMinutes % IDLE_PERIOD_MINUTES !== 0) {
    throw invalid('idleMinutes', idleMinutes,
      `must be a whole number of minutes from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES} (a day, CloudWatch's longest alarm window) in steps of ` +
      `${IDLE_PERIOD_MINUTES} (Client VPN publishes its connection count every ${IDLE_PERIOD_MINUTES} minutes)`);
  }
}

function checkHour(prop: string, hour: number): void {
  checkLiteral(prop, hour);
  if (!Number.isInteger(hour) || hour < 0 || hour > 24) {
    throw invalid(prop, hour, 'must be a whole hour from 0 to 24');
  }
}

/** Options of `Schedule.businessHours`. */
export interface BusinessHoursOptions {
  /**
   * The IANA time zone the hours are in, for example `Asia/Tokyo`.
   * EventBridge Scheduler follows its daylight saving time.
   */
  readonly timeZone: string;

  /**
   * The hour (0-23) at which everything is switched on.
   *
   * Association takes 5 to 15 minutes, so the VPN is usable that long after this hour.
   *
   * @default 9
   */
  readonly startHour?: number;

  /**
   * The hour (1-24) at which everything is switched off; after `startHour`.
   *
   * @default 19
   */
  readonly endHour?: number;

  /**
   * The days on which the bastion is switched on, as EventBridge Scheduler
   * day names and ranges: `MON-FRI`, `MON,WED,FRI`, `SAT-SUN`.
   *
   * @default 'MON-FRI'
   */
  readonly days?: string;

  /**
   * Switch off early after this many minutes with no VPN client connected,
   * and stay off until the next switch-on (scheduled, or woken by hand).
   *
   * From 15 to 1440, in steps of 5 (Client VPN publishes its connection
   * count every 5 minutes). Never while someone is connected.
   *
   * @default - no idle switch-off: on for the whole business hours
   */
  readonly idleMinutes?: number;
}

/** Options of `Schedule.cron`. */
export interface CronScheduleOptions {
  /**
   * When to switch on: an EventBridge Scheduler cron expression, for example
   * `cron(0 9 ? * MON-FRI *)`.
   *
   * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
   */
  readonly switchOn: string;

  /**
   * When to switch off: an EventBridge Scheduler cron expression, for example
   * `cron(0 19 ? * MON-FRI *)`.
   */
  readonly switchOff: string;

  /** The IANA time zone the expressions are in, for example `Asia/Tokyo`. */
  readonly timeZone: string;

  /**
   * How many hours a week the expressions keep the bastion on. Used only by
   * `CostEstimate`; cron expressions are not evaluated to find it.
   *
   * @default 168 - the estimate assumes always on, an upper bound
   */
  readonly onHoursPerWeek?: number;

  /**
   * Switch off early after this many minutes with no VPN client connected.
   *
   * From 15 to 1440, in steps of 5. Never while someone is connected.
   *
   * @default - no idle switch-off
   */
  readonly idleMinutes?: number;
}

/** Options of `Schedule.onDemand`. */
export interface OnDemandOptions {
  /**
   * Switch off after this many minutes with no VPN client connected.
   *
   * From 15 to 1440, in steps of 5 (Client VPN publishes its connection
   * count every 5 minutes). Never while someone is connected.
   *
   * @default 60
   */
  readonly idleMinutes?: number;

  /**
   * How many hours a month the bastion is expected to be on. Used only by
   * `CostEstimate`.
   *
   * @default 40
   */
  readonly usedHoursPerMonth?: number;
}

/**
 * When the hourly-billed parts of the bastion (the target network
 * associations, the NAT gateways and the server) are on.
 *
 * Outside the on-hours the associations are removed (which ends every VPN
 * connection), the NAT gateways deleted (their Elastic IPs stay) and the
 * server stopped. EventBridge Scheduler switches, in the given time zone;
 * with `idleMinutes`, an idle bastion also switches itself off early.
 * `Schedule.onDemand()` has no hours at all: off until woken, off again
 * when idle.
 */
export abstract class Schedule {
  /**
   * On from `startHour` to `endHour` on `days`, in `timeZone`.
   *
   * The default, 9 to 19 on weekdays, is on 50 of the week's 168 hours.
   *
   * @param options the time zone, and the hours and days to be on
   */
  public static businessHours(options: BusinessHoursOptions): Schedule {
    checkTimeZone(options.timeZone);
    const startHour = options.startHour ?? 9;
    const endHour = options.endHour ?? 19;
    checkHour('startHour', startHour);
    checkHour('endHour', endHour);
    if (startHour >= endHour || startHour === 24) {
      throw invalid('endHour', endHour, `must be after startHour (${startHour}); an on-period crossing midnight needs Schedule.cron`);
    }
    const days = options.days ?? 'MON-FRI';
    const dayCount = parseDays(days).size;
    const normalizedDays = days.toUpperCase().replace(/\s/g, '');
    checkIdleMinutes(options.idleMinutes);
    const switchOff = endHour === 24
      // 24:00 is midnight of the next day; cron has no hour 24.
      ? `cron(59 23 ? * ${normalizedDays} *)`
      : `cron(0 ${endHour} ? * ${normalizedDays} *)`;
    return new FixedSchedule({
      switchOnExpression: `cron(0 ${startHour} ? * ${normalizedDays} *)`,
      switchOffExpression: switchOff,
      timeZone: options.timeZone,
      onHoursPerWeek: (endHour - startHour) * dayCount,
      idleMinutes: options.idleMinutes,
      onAtFirstDeploy: true,
    });
  }

  /**
   * On and off at the times two EventBridge Scheduler cron expressions give.
   *
   * @param options the two cron expressions, their time zone, and the on-hours per week for the cost estimate
   */
  public static cron(options: CronScheduleOptions): Schedule {
    checkTimeZone(options.timeZone);
    for (const [prop, expression] of [['switchOn', options.switchOn], ['switchOff', options.switchOff]]) {
      if (!Token.isUnresolved(expression) && !CRON.test(expression)) {
        throw invalid(prop, expression, 'is not an EventBridge Scheduler cron expression "cron(minutes hours day-of-month month day-of-week year)", for example "cron(0 9 ? * MON-FRI *)"');
      }
    }
    checkLiteral('onHoursPerWeek', options.onHoursPerWeek);
    const onHours = options.onHoursPerWeek ?? HOURS_PER_WEEK;
    if (!(onHours >= 0 && onHours <= HOURS_PER_WEEK)) {
      throw invalid('onHoursPerWeek', onHours, `must be from 0 to ${HOURS_PER_WEEK}`);
    }
    checkIdleMinutes(options.idleMinutes);
    return new FixedSchedule({
      switchOnExpression: options.switchOn,
      switchOffExpression: options.switchOff,
      timeZone: options.timeZone,
      onHoursPerWeek: onHours,
      idleMinutes: options.idleMinutes,
      onAtFirstDeploy: true,
    });
  }

  /**
   * Off until woken, and off again after `idleMinutes` with nobody connected.
   *
   * No hours are scheduled. Wake the bastion with the `SwitchOnCommand` stack
   * output, the GitHub Action's `mode: switch-on`, or by anyone the
   * `SwitchOnPolicy` (or the permission set) allows; it is usable 5 to 15
   * minutes later. A first deployment leaves it off. For a bastion used a
   * few hours a month, this costs the idle floor (Elastic IPs, the stopped
   * server's volume) plus the hours used.
   *
   * @param options the idle time before switching off, and the used hours for the cost estimate
   */
  public static onDemand(options: OnDemandOptions = {}): Schedule {
    const idleMinutes = options.idleMinutes ?? DEFAULT_ON_DEMAND_IDLE_MINUTES;
    checkIdleMinutes(idleMinutes);
    checkLiteral('usedHoursPerMonth', options.usedHoursPerMonth);
    const usedHours = options.usedHoursPerMonth ?? DEFAULT_USED_HOURS_PER_MONTH;
    if (!(usedHours >= 0 && usedHours <= HOURS_PER_MONTH)) {
      throw invalid('usedHoursPerMonth', usedHours, `must be from 0 to ${HOURS_PER_MONTH}`);
    }
    return new FixedSchedule({
      onHoursPerWeek: usedHours * HOURS_PER_WEEK / HOURS_PER_MONTH,
      idleMinutes,
      onAtFirstDeploy: false,
    });
  }

  /**
   * The EventBridge Scheduler expression that switches on.
   *
   * @default - none: on demand
   */
  public abstract readonly switchOnExpression?: string;

  /**
   * The EventBridge Scheduler expression that switches off.
   *
   * @default - none: on demand
   */
  public abstract readonly switchOffExpression?: string;

  /**
   * The IANA time zone of both expressions.
   *
   * @default - none: on demand
   */
  public abstract readonly timeZone?: string;

  /** Hours a week the bastion is on, as the cost estimate counts them. */
  public abstract readonly onHoursPerWeek: number;

  /**
   * Minutes with no VPN client connected after which the bastion switches itself off.
   *
   * @default - no idle switch-off
   */
  public abstract readonly idleMinutes?: number;

  /** Whether a first deployment leaves the bastion on (a schedule) or off (on demand). */
  public abstract readonly onAtFirstDeploy: boolean;
}

interface FixedScheduleValues {
  readonly switchOnExpression?: string;
  readonly switchOffExpression?: string;
  readonly timeZone?: string;
  readonly onHoursPerWeek: number;
  readonly idleMinutes?: number;
  readonly onAtFirstDeploy: boolean;
}

class FixedSchedule extends Schedule {
  public readonly switchOnExpression?: string;
  public readonly switchOffExpression?: string;
  public readonly timeZone?: string;
  public readonly onHoursPerWeek: number;
  public readonly idleMinutes?: number;
  public readonly onAtFirstDeploy: boolean;

  constructor(values: FixedScheduleValues) {
    super();
    this.switchOnExpression = values.switchOnExpression;
    this.switchOffExpression = values.switchOffExpression;
    this.timeZone = values.timeZone;
    this.onHoursPerWeek = values.onHoursPerWeek;
    this.idleMinutes = values.idleMinutes;
    this.onAtFirstDeploy = values.onAtFirstDeploy;
  }
}
