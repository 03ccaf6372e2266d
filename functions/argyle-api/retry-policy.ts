/** Statuses worth sending the same request again for. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Milliseconds to wait according to a `Retry-After` header: delta-seconds or an HTTP date (relative to `nowMs`).
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter: a random delay between 0 and `min(maxMs, baseMs * 2^retry)`, where
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** retry));
}
