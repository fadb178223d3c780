/**
 * A failure of the off-hours switch that a person must read: what was asked,
 * what AWS answered (the stack's status reason, the server's state reason),
 * and what to do. The Lambda's log and the caller (the GitHub Action, a CLI
 * invocation) show the message as it is.
 */
export class SwitchError extends Error {
  constructor(message: string) {
    super(`Off-hours switch: ${message}`);
    this.name = 'SwitchError';
  }
}

/** The name and message of an AWS SDK error, or of anything thrown. */
export function describeError(error: unknown): string {
  const { name, message } = error as Error;
  return `${name}: ${message}`;
}
