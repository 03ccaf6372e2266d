/**
 * The wait before a subscription signs with a signing secret value: a warm receiver that read the secret just
 * before the value changed reads it again, after a failed check, at most every 30 s (so that forged requests
 * cannot drive calls to Secrets Manager). A delivery signed with a value the receiver could not have read yet
 * would be answered 401, and Argyle does not retry a 401. So nothing creates a subscription with a value until
 * it has been readable for {@link SIGNING_SECRET_SETTLE_MS}; having read it ourselves is the proof it is readable.
 */
import { SIGNING_SECRET_SETTLE_MS } from '../shared/contract';

/** How long to wait, from `now`, before signing with a value first read at `readAt`. */
export function settleDelayMs(
  readAt: number,
  now: number,
  settleMs: number = SIGNING_SECRET_SETTLE_MS,
): number {
  return Math.max(0, readAt + settleMs - now);
}

/** A real wait. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
