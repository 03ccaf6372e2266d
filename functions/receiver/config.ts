/**
 * The receiver's configuration, read once from its environment at cold start. A missing or malformed
 * variable fails the cold start with a message naming it.
 */
import * as z from 'zod/mini';
import { RECEIVER_ENV, type RoutingRule, type RoutingTable } from '../shared/contract';

export interface ReceiverConfig {
  readonly secretId: string;
  readonly maxBodyBytes: number;
  readonly secretTtlMs: number;
  /** Queue URLs, in routing-table order. */
  readonly queueUrls: readonly string[];
  readonly catchAll: number;
  readonly rules: readonly RoutingRule[];
}

const nonEmpty = z.string().check(z.minLength(1));
const index = z.number().check(z.int(), z.nonnegative());
const routingTableSchema = z.object({
  queues: z.array(nonEmpty).check(z.minLength(1)),
  catchAll: index,
  rules: z.array(
    z.object({
      events: z.array(nonEmpty).check(z.minLength(1)),
      subscriptions: z.optional(z.array(nonEmpty)),
      queue: index,
    }),
  ),
});
const positiveInt = z.pipe(
  nonEmpty,
  z.transform((value, ctx) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) {
      ctx.issues.push({ code: 'custom', message: 'must be a positive integer', input: value });
      return z.NEVER;
    }
    return number;
  }),
);

/** Raised when the environment is not what the stack sets; the message names the variable. */
export class ReceiverConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiverConfigError';
  }
}

export function readConfig(env: NodeJS.ProcessEnv): ReceiverConfig {
  const secretId = required(env, RECEIVER_ENV.SIGNING_SECRET_ARN, nonEmpty);
  const maxBodyBytes = required(env, RECEIVER_ENV.MAX_BODY_BYTES, positiveInt);
  const secretTtlSeconds =
    env[RECEIVER_ENV.SECRET_TTL_SECONDS] === undefined
      ? 300
      : required(env, RECEIVER_ENV.SECRET_TTL_SECONDS, positiveInt);
  const prefix = required(env, RECEIVER_ENV.QUEUE_URL_PREFIX, nonEmpty);
  const table = parseRoutingTable(required(env, RECEIVER_ENV.ROUTES, nonEmpty));
  return {
    secretId,
    maxBodyBytes,
    secretTtlMs: secretTtlSeconds * 1000,
    queueUrls: table.queues.map((queue) => (/^https?:\/\//.test(queue) ? queue : prefix + queue)),
    catchAll: table.catchAll,
    rules: table.rules,
  };
}

function required<T>(env: NodeJS.ProcessEnv, name: string, schema: z.ZodMiniType<T, string | undefined>): T {
  const parsed = schema.safeParse(env[name]);
  if (parsed.success) return parsed.data;
  const problem =
    env[name] === undefined ? 'is not set' : (parsed.error.issues[0]?.message ?? 'is malformed');
  throw new ReceiverConfigError(`environment variable ${name} ${problem}`);
}

function parseRoutingTable(json: string): RoutingTable {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ReceiverConfigError(`environment variable ${RECEIVER_ENV.ROUTES} is not JSON`);
  }
  const parsed = routingTableSchema.safeParse(value);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new ReceiverConfigError(`environment variable ${RECEIVER_ENV.ROUTES} is malformed at "${path}"`);
  }
  const table = parsed.data;
  const outOfRange = [table.catchAll, ...table.rules.map((rule) => rule.queue)].find(
    (queue) => queue >= table.queues.length,
  );
  if (outOfRange !== undefined) {
    throw new ReceiverConfigError(
      `environment variable ${RECEIVER_ENV.ROUTES} refers to queue ${outOfRange} of ${table.queues.length}`,
    );
  }
  return table;
}
