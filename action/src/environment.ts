import { UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';

/*
 * A synthesized stack's account and region, unless they are none: absent, a
 * token (`${Token[...]}`), or the toolkit's placeholder for an
 * environment-agnostic stack.
 */

/** The stack's region, if it names one. */
export function knownRegion(region: string | undefined): string | undefined {
  return region && !region.startsWith('${') && region !== UNKNOWN_REGION ? region : undefined;
}

/** The stack's account, if it names one (twelve digits). */
export function knownAccount(account: string | undefined): string | undefined {
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
