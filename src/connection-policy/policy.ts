import * as fs from 'fs';
import { Token } from 'aws-cdk-lib';
import type { ConnectionCondition, RenderContext } from './conditions';
import { formatted } from './engine';
import { propError, tokenRefused } from '../core/errors';

/** An `@id` a reviewer reads in the diff and a decision names: no quote or escape to get wrong. */
const STATEMENT_ID = /^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,63}$/;

/** Options of one statement of a connection policy. */
export interface PolicyStatementOptions {
  /**
   * The statement's name, written as its `@id` annotation: decisions and
   * errors name the statement by it. Letters, digits, space, `.`, `_`, `:`
   * and `-`, at most 64.
   */
  readonly id: string;

  /**
   * The conditions, all of which must hold for the statement to apply.
   *
   * @default - none: the statement applies to every connection (a permit lets
   *   every authenticated user in; a forbid with no condition is refused)
   */
  readonly when?: ConnectionCondition[];

  /**
   * A line of explanation, written as a comment above the statement.
   *
   * @default - no comment
   */
  readonly description?: string;
}

/** One `permit` or `forbid` statement; a connection is allowed when a permit applies and no forbid does. */
export class PolicyStatement {
  /**
   * Allows the connections for which all the conditions hold.
   *
   * @param options the statement's `@id`, conditions and comment
   */
  public static permit(options: PolicyStatementOptions): PolicyStatement {
    return new PolicyStatement('permit', options);
  }

  /**
   * Denies the connections for which all the conditions hold, whatever the permits say.
   *
   * @param options the statement's `@id`, conditions and comment
   */
  public static forbid(options: PolicyStatementOptions): PolicyStatement {
    return new PolicyStatement('forbid', options);
  }

  /** The statement's `@id`. */
  public readonly id: string;

  private constructor(private readonly effect: 'permit' | 'forbid', private readonly options: PolicyStatementOptions) {
    if (!STATEMENT_ID.test(options.id)) {
      throw propError(`PolicyStatement.${effect} id`, options.id,
        'is not a statement name: start with a letter or digit, then letters, digits, space, ".", "_", ":" or "-", at most 64');
    }
    if (options.description !== undefined && /[\r\n]/.test(options.description)) {
      throw propError(`PolicyStatement.${effect} description`, options.description, 'has a line break; give one line');
    }
    this.id = options.id;
  }

  /** @internal the statement as Cedar */
  public _render(context: RenderContext): string {
    const conditions = (this.options.when ?? []).map((condition) => condition._render(context));
    return [
      ...(this.options.description !== undefined ? [`// ${this.options.description}`] : []),
      `@id("${this.id}")`,
      `${this.effect} (principal, action, resource)${conditions.length > 0 ? ` when { ${conditions.join(' && ')} }` : ''};`,
    ].join('\n');
  }
}

/**
 * Who may connect, decided by a Cedar policy that Client VPN evaluates when
 * a device connects and every 5 minutes of the session, over the user's SAML
 * groups, the connection (platform, public IP, client version) and the
 * device's posture. The policy's text is what the template carries, so a
 * reviewer reads it in the diff; the construct checks it at synth time with
 * the Cedar engine.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-policies.html
 */
export class ConnectionPolicy {
  /**
   * A policy from Cedar text: one or more `permit` and `forbid` statements on `(principal, action, resource)`.
   *
   * @param text the policy's Cedar text
   */
  public static fromCedar(text: string): ConnectionPolicy {
    if (Token.isUnresolved(text)) {
      throw tokenRefused('connectionPolicy', 'the policy is checked with the Cedar engine at synth time');
    }
    return new ConnectionPolicy(() => text, 'connectionPolicy');
  }

  /**
   * A policy from a Cedar file (read at synth time; errors give its path with the line and column).
   *
   * @param path the path of a `.cedar` file
   */
  public static fromFile(path: string): ConnectionPolicy {
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (error) {
      throw propError('ConnectionPolicy.fromFile path', path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return new ConnectionPolicy(() => text, path);
  }

  /**
   * A policy from these statements, written out as formatted Cedar in this order.
   *
   * @param statements the statements, at least one, each with its own `@id`
   */
  public static fromStatements(statements: PolicyStatement[]): ConnectionPolicy {
    if (statements.length === 0) {
      throw propError('ConnectionPolicy.fromStatements statements', statements, 'is empty; a policy without a permit lets nobody in');
    }
    const ids = statements.map((statement) => statement.id);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) {
      throw propError('ConnectionPolicy.fromStatements statements', ids, `name "${repeated}" twice; give each statement its own id`);
    }
    return new ConnectionPolicy((context) => formatted(statements.map((statement) => statement._render(context)).join('\n\n')),
      'connectionPolicy');
  }

  private constructor(
    private readonly render: (context: RenderContext) => string,
    /** What errors name as the policy's source: the prop, or the file. */
    private readonly source: string,
  ) {}

  /** @internal the policy as Cedar, and where it comes from */
  public _render(context: RenderContext): { text: string; source: string } {
    return { text: this.render(context), source: this.source };
  }
}

/** Whether Client VPN enforces the connection policy or only logs its decisions. */
export class ConnectionPolicyMode {
  /**
   * Evaluate and log each decision (`authorization-policy-evaluation` in the
   * connection logs) without blocking anyone: the way to start, and to read
   * what a change would do before it does it.
   */
  public static readonly SHADOW = new ConnectionPolicyMode('enabled');

  /**
   * Deny the connections the policy does not allow, and disconnect sessions
   * that stop meeting it. Client VPN disconnects every active session when an
   * enforced policy is added or changed, or when shadow mode is turned off.
   */
  public static readonly ENFORCE = new ConnectionPolicyMode('disabled');

  private constructor(
    /** The endpoint's `ShadowMode` (`enabled` for shadow, `disabled` to enforce). */
    public readonly shadowMode: string,
  ) {}
}
