/**
 * The checks of routes and their queues, the body size, the source IP allow list, throttling and the size of the
 * receiver's routing table: what both the cdk.json configuration and the ingest construct's props set. Pure, like
 * every check re-exported by `validation.ts`.
 */
import {
  EVENT_PATTERN,
  MAX_DELIVERABLE_BODY_BYTES,
  RECEIVER_ENV,
  type RoutingTable,
} from '../functions/shared/contract.js';
import type { RoutingTableOf } from './routing-table.js';
import { integerRangeProblem, show } from './value-checks.js';

/** Name that addresses the catch-all queue; no route may take it. */
export const CATCH_ALL_NAME = 'catch-all';

/** Grammar of a route name: it becomes part of construct ids and output names. */
export const ROUTE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Smallest `maxBodyBytes` accepted: Argyle's envelopes alone are a few hundred bytes. */
export const MIN_BODY_BYTES = 1024;

/** Lambda's limit on the total size of a function's environment variables (names and values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** Upper bound for the receiver's variables other than the routing table (names and values). */
export const OTHER_RECEIVER_ENVIRONMENT_BYTES = 600;

/** Upper bound for a queue name CloudFormation generates (SQS names are at most 80 characters). */
export const GENERATED_QUEUE_NAME_BYTES = 80;

/** Assumed length of an imported queue's URL when it is only known at deploy time. */
export const UNRESOLVED_QUEUE_URL_BYTES = 256;

export function routeNameProblem(name: string): string | undefined {
  if (name === CATCH_ALL_NAME) {
    return `"${CATCH_ALL_NAME}" is reserved for the catch-all queue; give the route another name, e.g. "unmatched-events"`;
  }
  if (!ROUTE_NAME_PATTERN.test(name)) {
    return `${show(name)} is not a route name; write 1 to 40 lower-case letters, digits or "-", starting with a letter, e.g. "accounts"`;
  }
  return undefined;
}

/** One problem per repeated name, reported at every occurrence after the first. */
export function duplicateNameProblems(names: readonly string[]): { index: number; problem: string }[] {
  const firstIndex = new Map<string, number>();
  const problems: { index: number; problem: string }[] = [];
  names.forEach((name, index) => {
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
    } else {
      problems.push({
        index,
        problem: `${show(name)} is already the name of route ${first}; give every route its own name`,
      });
    }
  });
  return problems;
}

/** Prefix of a route's stack outputs: `all-events` → `AllEvents` (`AllEventsQueueUrl`). */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Routes whose output names would repeat an earlier route's: `a-1` and `a1` both give `A1QueueUrl`. Exact
 * duplicates are left to {@link duplicateNameProblems}.
 */
export function outputNameClashProblems(names: readonly string[]): { index: number; problem: string }[] {
  const firstByPrefix = new Map<string, string>();
  const problems: { index: number; problem: string }[] = [];
  names.forEach((name, index) => {
    const prefix = pascalCase(name);
    const first = firstByPrefix.get(prefix);
    if (first === undefined) {
      firstByPrefix.set(prefix, name);
    } else if (first !== name) {
      problems.push({
        index,
        problem: `${show(name)} and ${show(first)} would both name their stack outputs ${prefix}QueueUrl; rename one of them`,
      });
    }
  });
  return problems;
}

export function eventPatternProblem(pattern: string): string | undefined {
  if (EVENT_PATTERN.test(pattern)) return undefined;
  return `${show(pattern)} is not an event pattern; write "<resource>.<action>" in lower case where either part may be "*", e.g. "accounts.connected", "accounts.*" or "*"`;
}

export function subscriptionNameProblem(name: string): string | undefined {
  return name.length > 0
    ? undefined
    : `"" is not a subscription name; write the name of an Argyle webhook subscription, or leave "subscriptions" out to take deliveries from all of them`;
}

export function maxBodyBytesProblem(bytes: number): string | undefined {
  if (!Number.isInteger(bytes) || bytes < MIN_BODY_BYTES) {
    return `${show(bytes)} is not a body size; write a whole number of bytes from ${MIN_BODY_BYTES} to ${MAX_DELIVERABLE_BODY_BYTES}, e.g. 131072`;
  }
  if (bytes > MAX_DELIVERABLE_BODY_BYTES) {
    return `${bytes} bytes is too large: a body must fit one SQS message (256 KiB) together with its attributes, after base64 encoding (which adds a third), so the largest is ${MAX_DELIVERABLE_BODY_BYTES}; write a value from ${MIN_BODY_BYTES} to ${MAX_DELIVERABLE_BODY_BYTES}`;
  }
  return undefined;
}

/** SQS's limits on the queue settings that both the cdk.json routes and the construct's props set. */
export const QUEUE_LIMITS = {
  maxReceiveCount: { min: 1, max: 1000 },
  visibilityTimeoutSeconds: { min: 0, max: 43_200 },
  /** 1 minute to 14 days. */
  retentionSeconds: { min: 60, max: 1_209_600 },
  /** The whole days within {@link QUEUE_LIMITS.retentionSeconds}. */
  retentionDays: { min: 1, max: 14 },
} as const;

export function maxReceiveCountProblem(count: number): string | undefined {
  const { min, max } = QUEUE_LIMITS.maxReceiveCount;
  return integerRangeProblem(count, min, max, 'receives');
}

export function visibilityTimeoutSecondsProblem(seconds: number): string | undefined {
  const { min, max } = QUEUE_LIMITS.visibilityTimeoutSeconds;
  return integerRangeProblem(seconds, min, max, 'seconds');
}

export function retentionDaysProblem(days: number): string | undefined {
  const { min, max } = QUEUE_LIMITS.retentionDays;
  return integerRangeProblem(days, min, max, 'days');
}

export function retentionSecondsProblem(seconds: number): string | undefined {
  const { min, max } = QUEUE_LIMITS.retentionSeconds;
  const problem = integerRangeProblem(seconds, min, max, 'seconds');
  return problem === undefined ? undefined : `${problem} (1 minute to 14 days)`;
}

/** A route's list of event patterns (each pattern is {@link eventPatternProblem}'s). */
export function routeEventsProblem(patterns: readonly unknown[]): string | undefined {
  return patterns.length > 0 ? undefined : '[] is empty; write at least one, e.g. ["accounts.*"]';
}

/** A route's list of subscription names, when given (each name is {@link subscriptionNameProblem}'s). */
export function routeSubscriptionsProblem(names: readonly unknown[]): string | undefined {
  return names.length > 0
    ? undefined
    : '[] is empty; write at least one, e.g. ["my-app-production"], or leave "subscriptions" out';
}

/** How the caller names the source IP settings, for {@link sourceIpAllowListProblem}'s message. */
export interface SourceIpSettingNames {
  /** The switch, e.g. `"restrict"`. */
  readonly restrict: string;
  /** The allow list, e.g. `"allow"`. */
  readonly allow: string;
  /** What leaving the allow list out gives, e.g. `Argyle's`. */
  readonly defaultAllow: string;
}

/** An empty allow list while the restriction is on would block every caller, Argyle included. */
export function sourceIpAllowListProblem(
  restrict: boolean,
  allow: readonly unknown[],
  names: SourceIpSettingNames,
): string | undefined {
  if (!restrict || allow.length > 0) return undefined;
  return `[] would block every caller while ${names.restrict} is true; list the addresses allowed to call the webhook (leave ${names.allow} out for ${names.defaultAllow}), or set ${names.restrict} to false`;
}

/** API Gateway's steady-state rate, in requests per second. */
export function rateLimitProblem(rate: number): string | undefined {
  return rate > 0 ? undefined : `${show(rate)} is not positive; write requests per second above 0, e.g. 50`;
}

/** API Gateway's burst, in requests. */
export function burstLimitProblem(burst: number): string | undefined {
  return Number.isInteger(burst) && burst > 0
    ? undefined
    : `${show(burst)} is not a positive whole number; write how many requests may arrive at once, e.g. 100`;
}

/**
 * Whether the receiver's environment stays within Lambda's 4 KB. `table` is the routing table with each queue
 * replaced by a string as long as its longest possible value (see {@link GENERATED_QUEUE_NAME_BYTES} and
 * {@link UNRESOLVED_QUEUE_URL_BYTES}); the rest of the environment counts as
 * {@link OTHER_RECEIVER_ENVIRONMENT_BYTES}.
 */
export function receiverEnvironmentProblem(routesVariable: string, table: RoutingTable): string | undefined {
  const bytes = (t: RoutingTable) =>
    OTHER_RECEIVER_ENVIRONMENT_BYTES + routesVariable.length + Buffer.byteLength(JSON.stringify(t));
  const total = bytes(table);
  if (total <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return undefined;
  const catchAllQueue = table.queues[table.catchAll] ?? '';
  const withoutRules = bytes({ queues: [catchAllQueue], catchAll: 0, rules: [] });
  const routes = table.rules.length;
  const perRoute = (total - withoutRules) / Math.max(routes, 1);
  const fit = Math.max(0, Math.floor((LAMBDA_ENVIRONMENT_LIMIT_BYTES - withoutRules) / perRoute));
  return (
    `${routes} routes need up to ${total} bytes of environment variables on the receiver, above Lambda's limit of ` +
    `${LAMBDA_ENVIRONMENT_LIMIT_BYTES}; about ${fit} routes like these fit. Use fewer routes: put several event ` +
    'patterns on one route (one queue), e.g. events: ["accounts.*", "users.*"], and let consumers filter on ' +
    'the "argyle.event" message attribute'
  );
}

/**
 * {@link receiverEnvironmentProblem} for the receiver's `ARGYLE_ROUTES` variable, given the routing table with
 * each queue as the length of its longest possible entry: {@link GENERATED_QUEUE_NAME_BYTES} for a queue the
 * stack creates, a URL's length (or {@link UNRESOLVED_QUEUE_URL_BYTES}) for any other.
 */
export function routingTableSizeProblem(longest: RoutingTableOf<number>): string | undefined {
  return receiverEnvironmentProblem(RECEIVER_ENV.ROUTES, {
    ...longest,
    queues: longest.queues.map((bytes) => 'x'.repeat(bytes)),
  });
}
