import type { IIoHost, IoMessage, IoRequest } from '@aws-cdk/toolkit-lib';

/** Where the action writes: @actions/core in a workflow, a recorder in tests. */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** The toolkit's message for each CloudFormation stack event. */
const STACK_EVENT = 'CDK_TOOLKIT_I5502';
/**
 * The toolkit's report of the app's annotations and policy checks: level
 * error whatever it holds, even warnings and info alone; each entry carries
 * its own severity.
 */
const VALIDATION_REPORT = 'CDK_TOOLKIT_E9600';
/**
 * A line the app command (the `app` input) wrote to stderr: level error,
 * though apps write progress and warnings there. A failing app fails the
 * synthesis, which the action reports as its error.
 */
const APP_STDERR = 'CDK_ASSEMBLY_E1002';

interface ValidationReport {
  readonly pluginReports?: ReadonlyArray<{
    readonly violations?: ReadonlyArray<{
      readonly ruleName?: string;
      readonly description?: string;
      readonly severity?: string;
      readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath?: string }>;
    }>;
  }>;
}

interface StackEventData {
  readonly event?: {
    readonly LogicalResourceId?: string;
    readonly ResourceType?: string;
    readonly ResourceStatus?: string;
    readonly ResourceStatusReason?: string;
  };
}

/**
 * Streams the CDK toolkit's messages to the workflow log, answers its
 * confirmation prompts with their defaults (a workflow cannot answer), and
 * keeps the reasons of failed resources so a failure can say what broke.
 */
export class ActionIoHost implements IIoHost {
  /** "LogicalId (Type): reason" of every resource that failed, in order. */
  public readonly failedResources: string[] = [];

  constructor(private readonly log: Log) {}

  public async notify(message: IoMessage<unknown>): Promise<void> {
    if (message.code === STACK_EVENT) {
      this.recordFailure(message.data as StackEventData);
    }
    const text = stripAnsi(message.message);
    if (message.code === VALIDATION_REPORT && (message.data as ValidationReport | undefined)?.pluginReports) {
      this.logValidationReport(message.data as ValidationReport);
      return;
    }
    if (message.code === APP_STDERR) {
      this.log.info(text);
      return;
    }
    switch (message.level) {
      case 'error':
        this.log.error(text);
        break;
      case 'warn':
        this.log.warning(text);
        break;
      case 'info':
      case 'result':
        this.log.info(text);
        break;
      case 'debug':
        this.log.debug(text);
        break;
      default:
        // trace: every SDK call; too much even for debug logs.
        break;
    }
  }

  public async requestResponse<T>(request: IoRequest<unknown, T>): Promise<T> {
    await this.notify(request);
    return request.defaultResponse;
  }

  /** One line per annotation, at its own severity: a warning is core.warning, not an error annotation. */
  private logValidationReport(report: ValidationReport): void {
    for (const violation of (report.pluginReports ?? []).flatMap((plugin) => plugin.violations ?? [])) {
      const where = (violation.violatingConstructs ?? []).map((construct) => construct.constructPath).filter(Boolean).join(', ');
      const text = `${violation.description ?? ''} (${violation.ruleName ?? 'annotation'})${where ? ` at ${where}` : ''}`;
      switch (violation.severity) {
        case 'error':
          this.log.error(text);
          break;
        case 'warning':
          this.log.warning(text);
          break;
        default:
          this.log.info(text);
      }
    }
  }

  private recordFailure(data: StackEventData): void {
    const event = data?.event;
    if (event?.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
      this.failedResources.push(`${event.LogicalResourceId} (${event.ResourceType}): ${event.ResourceStatusReason}`);
    }
  }
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
