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
