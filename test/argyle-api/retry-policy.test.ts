import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '#functions/argyle-api/retry-policy';

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable Retry-After', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-1', 0)).toBeUndefined();
  });

  it('draws the backoff below a cap that doubles per retry up to the maximum', () => {
    expect(backoffDelay(0, 500, 10_000, () => 0.999)).toBe(499);
    expect(backoffDelay(3, 500, 10_000, () => 0.999)).toBe(3996);
    expect(backoffDelay(10, 500, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(2, 500, 10_000, () => 0)).toBe(0);
  });
});
