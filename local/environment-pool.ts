/**
 * Execution environments for the local receiver, as Lambda keeps them: one environment (one instance of the
 * handler module, with its own logger, clients and secret cache) runs one invocation at a time, and concurrent
 * invocations get environments of their own, created on demand up to a limit. Sharing one instance between
 * concurrent invocations would let them share its logger's keys, so a log line could carry another delivery's
 * `deliveryId`.
 */

/** Any Lambda handler: an event and a context in, a promise out. */
type Handler<E, C, R> = (event: E, context: C) => Promise<R>;

/** How many environments at most; a further invocation waits for one to be free. */
export const MAX_ENVIRONMENTS = 16;

/**
 * A handler that runs each invocation in a free environment: `first`, or one `create` makes (a cold start),
 * at most `max` in all.
 */
export function pooledHandler<E, C, R>(
  first: Handler<E, C, R>,
  create: () => Promise<Handler<E, C, R>>,
  max = MAX_ENVIRONMENTS,
): Handler<E, C, R> {
  const free: Handler<E, C, R>[] = [first];
  const waiting: ((handler: Handler<E, C, R>) => void)[] = [];
  let created = 1;

  const acquire = async (): Promise<Handler<E, C, R>> => {
    const ready = free.pop();
    if (ready !== undefined) return ready;
    if (created < max) {
      created++;
      try {
        return await create();
      } catch (error) {
        created--;
        throw error;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (handler: Handler<E, C, R>) => {
    const next = waiting.shift();
    if (next !== undefined) next(handler);
    else free.push(handler);
  };

  return async (event, context) => {
    const handler = await acquire();
    try {
      return await handler(event, context);
    } finally {
      release(handler);
    }
  };
}
