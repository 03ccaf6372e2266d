import { describe, expect, it } from 'vitest';
import { ArgyleApiError } from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi, virtualClock } from '../support/fake-argyle-api-fixture';

describe('ArgyleWebhooksClient retries', () => {
  const api = useFakeArgyleApi();

  it('retries a 429 after the Retry-After seconds, then succeeds', async () => {
    api.seed({ name: 'a' });
    api.failNext(1, { status: 429, retryAfter: '2', body: { detail: 'Request was throttled.' } });
    const clock = virtualClock();

    const listed = await clientOf(api, clock).list();

    expect(listed).toHaveLength(1);
    expect(clock.sleeps).toEqual([2000]);
    expect(api.requests).toHaveLength(2);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const clock = virtualClock();
    api.failNext(1, { status: 429, retryAfter: new Date(clock.now() + 3000).toUTCString() });

    await clientOf(api, clock).list();

    expect(clock.sleeps).toEqual([3000]);
  });

  it('retries a 500 after a jittered backoff, then succeeds', async () => {
    api.failNext(1, { status: 500 });
    const clock = virtualClock();

    await expect(clientOf(api, { ...clock, random: () => 0.5 }).list()).resolves.toEqual([]);

    // full jitter: half (random 0.5) of the first cap, retryBaseDelayMs = 500
    expect(clock.sleeps).toEqual([250]);
  });

  it('doubles the backoff cap on each retry up to retryMaxDelayMs', async () => {
    api.failNext(5, { status: 502 });
    const clock = virtualClock();

    await clientOf(api, {
      ...clock,
      random: () => 0.999,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 500,
    }).list();

    expect(clock.sleeps).toEqual([99, 199, 399, 499, 499]);
  });

  it('gives up on a persistent 500 once the next retry would pass the budget, and throws the last error', async () => {
    api.failNext(1000, { status: 500, body: { detail: 'Server Error (500)' } });
    const clock = virtualClock();

    const error = await clientOf(api, { ...clock, random: () => 1, totalTimeoutMs: 10_000 })
      .list()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArgyleApiError);
    expect(error).toMatchObject({ status: 500, detail: 'Server Error (500)', kind: 'http' });
    // sleeps 500, 1000, 2000, 4000 (7.5 s); the next, 8 s, would end past 10 s
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect((error as ArgyleApiError).attempts).toBe(5);
    expect((error as Error).message).toContain('after 5 attempts');
  });

  it('fails a persistent 500 within the real time budget', async () => {
    api.failNext(1000, { status: 500 });
    const started = Date.now();

    const listing = clientOf(api, {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
      totalTimeoutMs: 600,
    }).list();

    // On a loaded machine the budget can run out while an attempt is in flight: that attempt is then cut
    // and reported as a timeout. Either way the call fails, and within the budget.
    const error = await listing.catch((caught: unknown) => caught);
    expect(error).toSatisfy(
      (e) =>
        (e instanceof ArgyleApiError && e.status === 500) ||
        (e instanceof Error && e.name === 'ArgyleTimeoutError'),
    );
    const elapsed = Date.now() - started;
    // Bounded, not tight: the slack absorbs a loaded CI machine; without the budget it would run 1000 attempts.
    expect(elapsed).toBeLessThan(600 + 1_000);
    expect(api.requests.length).toBeGreaterThan(2);
  });

  it('does not wait for a Retry-After longer than the budget', async () => {
    api.failNext(1, { status: 429, retryAfter: '3600' });
    const clock = virtualClock();

    await expect(clientOf(api, clock).list()).rejects.toMatchObject({ status: 429, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
  });

  it('fails at once on a 4xx other than 429', async () => {
    api.failNext(1, { status: 403, body: { detail: 'You do not have permission to perform this action.' } });

    await expect(clientOf(api).list()).rejects.toThrow(
      'Argyle API GET /v2/webhooks returned 403 Forbidden: You do not have permission to perform this action.',
    );
    expect(api.requests).toHaveLength(1);
  });
});
