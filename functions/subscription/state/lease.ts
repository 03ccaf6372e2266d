/**
 * Running work under the one lease that deploy, repair and rotation share, so that no two of them create
 * subscriptions at the same time.
 */
import type { Lease } from './record';
import type { LeaseRequest, SubscriptionStateStore } from './store';

/** The lease is held by someone else and did not come free in time. */
export class LeaseBusyError extends Error {
  override readonly name = 'LeaseBusyError';
  constructor(readonly heldBy: Lease) {
    super(
      `another ${heldBy.actor} (${heldBy.holder}) is changing the Argyle subscriptions since ${new Date(heldBy.acquiredAt).toISOString()}; its lease ends by ${new Date(heldBy.expiresAt).toISOString()}`,
    );
  }
}

export interface WithLeaseOptions {
  /** How long to keep trying while the lease is held by someone else: 0 tries once. */
  readonly waitMs?: number;
  /** Time between tries. */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Takes the lease, runs `work`, and releases the lease whatever happens.
 *
 * @throws LeaseBusyError when the lease stays held by someone else for `waitMs`
 */
export async function withLease<T>(
  store: SubscriptionStateStore,
  request: Omit<LeaseRequest, 'now'>,
  work: (lease: Lease) => Promise<T>,
  options: WithLeaseOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const giveUpAt = now() + (options.waitMs ?? 0);
  for (;;) {
    const outcome = await store.acquireLease({ ...request, now: now() });
    if (outcome.acquired) {
      try {
        return await work(outcome.lease);
      } finally {
        await store.releaseLease(outcome.lease);
      }
    }
    if (now() >= giveUpAt) throw new LeaseBusyError(outcome.heldBy);
    await sleep(Math.min(options.pollMs ?? 2_000, Math.max(0, giveUpAt - now())));
  }
}
