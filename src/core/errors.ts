import type { IConstruct } from 'constructs';

/**
 * An error in what was given to an `SsoClientVpnBastion` (or to one of its
 * choices, such as `ServerCertificate` or `Schedule`), found at synth time,
 * before anything is deployed. One format everywhere:
 *
 *   SsoClientVpnBastion: <prop> <value, as JSON> <what is wrong and what is allowed>. [at <construct path>]
 *
 * The construct path is added once the construct that raised it is known, as
 * aws-cdk's `ValidationError(message, scope)` does; choices made before any
 * construct exists (`ServerCertificate.selfSigned(...)`) have none.
 */
export class BastionInputError extends Error {
  /** The path of the construct whose props were wrong, when known. */
  public readonly constructPath?: string;

  /** The message without the construct path (the GitHub Action words it in terms of its inputs). */
  public readonly problem: string;

  constructor(problem: string, scope?: IConstruct) {
    super(scope ? `${problem} [at ${scope.node.path}]` : problem);
    this.name = 'BastionInputError';
    this.problem = problem;
    this.constructPath = scope?.node.path;
  }
}

const PREFIX = 'SsoClientVpnBastion: ';

/** A prop's value is wrong: names the prop, shows the value, and says what is allowed. */
export function propError(prop: string, value: unknown, problem: string, scope?: IConstruct): BastionInputError {
  return new BastionInputError(`${PREFIX}${prop} ${JSON.stringify(value)} ${problem}.`, scope);
}

/** An error in the props that is not about one value (two props together, a quota); `message` starts with the prop. */
export function bastionError(message: string, scope?: IConstruct): BastionInputError {
  return new BastionInputError(`${PREFIX}${message}`, scope);
}

/** An error for a token where the value must be known at synth time. */
export function tokenRefused(prop: string, why: string): BastionInputError {
  return bastionError(`${prop} is a token (Lazy, a parameter or an import); ${why}, so give a literal value.`);
}

/** The same error with the construct path of `scope`, if it has none yet; other errors pass unchanged. */
export function withConstructPath(error: unknown, scope: IConstruct): unknown {
  if (error instanceof BastionInputError && error.constructPath === undefined) {
    const located = new BastionInputError(error.problem, scope);
    located.stack = error.stack;
    return located;
  }
  return error;
}

/**
 * Tells the errors an `SsoClientVpnBastion` raises for what it was given
 * (a prop, a choice such as `Schedule.businessHours(...)`) from other errors.
 */
export class BastionErrors {
  /**
   * The problem an input error states, without the construct path: what a
   * tool that gave the props (such as the project's GitHub Action) can reword
   * in its own terms.
   *
   * @param error any error
   * @returns the problem, or undefined when `error` is not an input error of the bastion
   */
  public static problemOf(error: any): string | undefined {
    return error instanceof BastionInputError ? error.problem : undefined;
  }

  private constructor() {}
}
