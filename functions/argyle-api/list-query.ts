/**
 * The query parameters of a subscription list (`GET /v2/webhooks`, argyle-all.yaml 1.0.111 `listWebhooks`):
 * `limit`, `from_created_at`, `to_created_at` and `ordering`, checked before anything is sent.
 */

import {
  type ListWebhookSubscriptionsOptions,
  MAX_LIST_LIMIT,
  WEBHOOK_LIST_ORDERINGS,
} from './webhook-schema';
import type { ArgyleApiVersion } from './webhooks-client';

/**
 * `[name, value]` pairs to add to the first page's URL. Throws an `Error` saying what to fix when an option is
 * out of range, or when a filter is asked of v1, whose documented filters have other names.
 */
export function listQuery(
  options: ListWebhookSubscriptionsOptions,
  apiVersion: ArgyleApiVersion,
): [string, string][] {
  const query: [string, string][] = [];
  const { limit, fromCreatedAt, toCreatedAt, ordering } = options;
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new Error(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
    }
    query.push(['limit', String(limit)]);
  }
  if ((fromCreatedAt !== undefined || toCreatedAt !== undefined) && apiVersion !== 'v2') {
    throw new Error('fromCreatedAt and toCreatedAt filter the v2 list only (from_created_at, to_created_at)');
  }
  if (fromCreatedAt !== undefined) query.push(['from_created_at', instant('fromCreatedAt', fromCreatedAt)]);
  if (toCreatedAt !== undefined) query.push(['to_created_at', instant('toCreatedAt', toCreatedAt)]);
  if (ordering !== undefined) {
    if (!WEBHOOK_LIST_ORDERINGS.includes(ordering)) {
      throw new Error(
        `ordering must be ${WEBHOOK_LIST_ORDERINGS.join(' or ')}, got ${JSON.stringify(ordering)}`,
      );
    }
    query.push(['ordering', ordering]);
  }
  return query;
}

/** A `Date` as ISO 8601; a string as given, once it is known to be a date-time. */
function instant(option: string, value: Date | string): string {
  const time = value instanceof Date ? value.getTime() : Date.parse(value.trim());
  if (Number.isNaN(time)) {
    throw new Error(
      `${option} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z, got ${String(value)}`,
    );
  }
  return value instanceof Date ? value.toISOString() : value.trim();
}
