/**
 * When the hourly-billed parts of the bastion are switched on: business hours
 * in a time zone, or a pair of cron expressions.
 */

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const HOURS_PER_WEEK = 168;
/** An EventBridge Scheduler cron expression: minutes hours day-of-month month day-of-week year. */
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

/** An error in a schedule, caught at synth time. */
function invalid(prop: string, value: unknown, problem: string): Error {
  return new Error(`SsoClientVpnBastion: schedule ${prop} ${JSON.stringify(value)} ${problem}.`);
}

/** Throws unless the runtime knows the IANA time zone (EventBridge Scheduler uses the same database). */
function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw invalid('timeZone', timeZone, 'is not an IANA time zone; use a name such as "Asia/Tokyo", "America/New_York" or "UTC"');
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

function checkHour(prop: string, hour: number): void {
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
}

/**
 * When the hourly-billed parts of the bastion (the target network
 * associations, the NAT gateways and the server) are on.
 *
 * Outside the on-hours the associations are removed (which ends every VPN
 * connection), the NAT gateways deleted (their Elastic IPs stay) and the
 * server stopped. EventBridge Scheduler switches, in the given time zone.
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
    const switchOff = endHour === 24
      // 24:00 is midnight of the next day; cron has no hour 24.
      ? `cron(59 23 ? * ${normalizedDays} *)`
      : `cron(0 ${endHour} ? * ${normalizedDays} *)`;
    return new FixedSchedule(`cron(0 ${startHour} ? * ${normalizedDays} *)`, switchOff, options.timeZone, (endHour - startHour) * dayCount);
  }

  /**
   * On and off at the times two EventBridge Scheduler cron expressions give.
   *
   * @param options the two cron expressions, their time zone, and the on-hours per week for the cost estimate
   */
  public static cron(options: CronScheduleOptions): Schedule {
    checkTimeZone(options.timeZone);
    for (const [prop, expression] of [['switchOn', options.switchOn], ['switchOff', options.switchOff]]) {
      if (!CRON.test(expression)) {
        throw invalid(prop, expression, 'is not an EventBridge Scheduler cron expression "cron(minutes hours day-of-month month day-of-week year)", for example "cron(0 9 ? * MON-FRI *)"');
      }
    }
    const onHours = options.onHoursPerWeek ?? HOURS_PER_WEEK;
    if (!(onHours >= 0 && onHours <= HOURS_PER_WEEK)) {
      throw invalid('onHoursPerWeek', onHours, `must be from 0 to ${HOURS_PER_WEEK}`);
    }
    return new FixedSchedule(options.switchOn, options.switchOff, options.timeZone, onHours);
  }

  /** The EventBridge Scheduler expression that switches on. */
  public abstract readonly switchOnExpression: string;

  /** The EventBridge Scheduler expression that switches off. */
  public abstract readonly switchOffExpression: string;

  /** The IANA time zone of both expressions. */
  public abstract readonly timeZone: string;

  /** Hours a week the bastion is on, as the cost estimate counts them. */
  public abstract readonly onHoursPerWeek: number;
}

class FixedSchedule extends Schedule {
  constructor(
    public readonly switchOnExpression: string,
    public readonly switchOffExpression: string,
    public readonly timeZone: string,
    public readonly onHoursPerWeek: number,
  ) {
    super();
  }
}
