import { WaiterState, createWaiter } from '@smithy/util-waiter';

/** How long to wait between looks: the SDK waiter's exponential backoff with jitter, in seconds. */
export interface WaitTiming {
  readonly minDelaySeconds: number;
  readonly maxDelaySeconds: number;
}

export const DEFAULT_WAIT_TIMING: WaitTiming = { minDelaySeconds: 5, maxDelaySeconds: 30 };

/** What one look found, and whether the wait is over. */
export interface Look<T> {
  readonly value: T;
  readonly state: WaiterState;
}

/**
 * Looks, with the SDK waiter's backoff, until `look` says SUCCESS or FAILURE
 * or `maxWaitSeconds` pass. Returns the waiter's final state and the last
 * value seen (undefined when no look completed).
 */
export async function pollUntil<T>(
  maxWaitSeconds: number, timing: WaitTiming, look: () => Promise<Look<T>>,
): Promise<{ state: WaiterState; last?: T }> {
  let last: T | undefined;
  // The waiter refuses a maxWaitTime not above its minDelay, before its first look; near the deadline
  // it still looks (overrunning by at most minDelay + 1 s, within the margin kept back from the Lambda timeout).
  const maxWaitTime = Math.max(1, maxWaitSeconds, timing.minDelaySeconds + 1);
  const result = await createWaiter(
    { client: undefined, maxWaitTime, minDelay: timing.minDelaySeconds, maxDelay: timing.maxDelaySeconds },
    undefined,
    async () => {
      const found = await look();
      last = found.value;
      return { state: found.state };
    },
  );
  return { state: result.state, last };
}

export { WaiterState };
