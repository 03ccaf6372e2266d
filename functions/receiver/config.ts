/**
 * The receiver's configuration, read once from its environment at cold start. A missing or malformed
 * variable fails the cold start with a message naming it. Checked by hand rather than with zod: it runs once,
 * on the cold-start path, where every millisecond is billed.
 */
import { RECEIVER_ENV, type RoutingRule, type RoutingTable, SECRET_TTL_SECONDS } from '../shared/contract';

export interface ReceiverConfig {
  readonly secretId: string;
  readonly maxBodyBytes: number;
  readonly secretTtlMs: number;
  /** Queue URLs, in routing-table order. */
  readonly queueUrls: readonly string[];
  readonly catchAll: number;
  readonly rules: readonly RoutingRule[];
  /** The archive queue's URL, when the archive is on: every accepted delivery is sent there too. */
  readonly archiveQueueUrl?: string;
}

/** Raised when the environment is not what the stack sets; the message names the variable. */
export class ReceiverConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiverConfigError';
  }
}

export function readConfig(env: NodeJS.ProcessEnv): ReceiverConfig {
  const secretId = required(env, RECEIVER_ENV.SIGNING_SECRET_ARN);
  const maxBodyBytes = positiveInteger(env, RECEIVER_ENV.MAX_BODY_BYTES);
  const secretTtlSeconds =
    env[RECEIVER_ENV.SECRET_TTL_SECONDS] === undefined
      ? SECRET_TTL_SECONDS
      : positiveInteger(env, RECEIVER_ENV.SECRET_TTL_SECONDS);
  const prefix = required(env, RECEIVER_ENV.QUEUE_URL_PREFIX);
  const table = parseRoutingTable(required(env, RECEIVER_ENV.ROUTES));
  const archiveQueueUrl = env[RECEIVER_ENV.ARCHIVE_QUEUE_URL];
  if (archiveQueueUrl !== undefined && archiveQueueUrl !== '' && !/^https?:\/\//.test(archiveQueueUrl)) {
    throw new ReceiverConfigError(
      `environment variable ${RECEIVER_ENV.ARCHIVE_QUEUE_URL} must be a queue URL`,
    );
  }
  return {
    secretId,
    maxBodyBytes,
    secretTtlMs: secretTtlSeconds * 1000,
    queueUrls: table.queues.map((queue) => (/^https?:\/\//.test(queue) ? queue : prefix + queue)),
    catchAll: table.catchAll,
    rules: table.rules,
    ...(archiveQueueUrl ? { archiveQueueUrl } : {}),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '')
    throw new ReceiverConfigError(`environment variable ${name} is not set`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number {
  const value = Number(required(env, name));
  if (!Number.isInteger(value) || value <= 0) {
    throw new ReceiverConfigError(`environment variable ${name} must be a positive integer`);
  }
  return value;
}

function parseRoutingTable(json: string): RoutingTable {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ReceiverConfigError(`environment variable ${RECEIVER_ENV.ROUTES} is not JSON`);
  }
  const malformed = (path: string) =>
    new ReceiverConfigError(`environment variable ${RECEIVER_ENV.ROUTES} is malformed at "${path}"`);
  if (!isObject(value)) throw malformed('');
  const { queues, catchAll, rules } = value;
  if (!isStringList(queues) || queues.length === 0) throw malformed('queues');
  if (!isIndex(catchAll)) throw malformed('catchAll');
  if (!Array.isArray(rules)) throw malformed('rules');
  const parsedRules = rules.map((rule: unknown, i): RoutingRule => {
    if (!isObject(rule)) throw malformed(`rules.${i}`);
    if (!isStringList(rule.events) || rule.events.length === 0) throw malformed(`rules.${i}.events`);
    if (rule.subscriptions !== undefined && !isStringList(rule.subscriptions)) {
      throw malformed(`rules.${i}.subscriptions`);
    }
    if (!isIndex(rule.queue)) throw malformed(`rules.${i}.queue`);
    return rule.subscriptions === undefined
      ? { events: rule.events, queue: rule.queue }
      : { events: rule.events, subscriptions: rule.subscriptions, queue: rule.queue };
  });
  const outOfRange = [catchAll, ...parsedRules.map((rule) => rule.queue)].find(
    (queue) => queue >= queues.length,
  );
  if (outOfRange !== undefined) {
    throw new ReceiverConfigError(
      `environment variable ${RECEIVER_ENV.ROUTES} refers to queue ${outOfRange} of ${queues.length}`,
    );
  }
  return { queues, catchAll, rules: parsedRules };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
const isIndex = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
