import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ArgyleNetworkError, ArgyleTimeoutError } from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi, virtualClock } from '../support/fake-argyle-api-fixture';
import { NEW_SUBSCRIPTION } from './harness';

/** A port on 127.0.0.1 that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ArgyleWebhooksClient timeouts and network errors', () => {
  const api = useFakeArgyleApi();

  it('retries a response slower than the timeout, then fails with a timeout error', async () => {
    api.setLatency(1_000);
    const started = Date.now();

    const error = await clientOf(api, {
      timeoutMs: 100,
      totalTimeoutMs: 700,
      retryBaseDelayMs: 20,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    })
      .list()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArgyleTimeoutError);
    expect(error).toBeInstanceOf(ArgyleNetworkError);
    expect(error).toMatchObject({
      name: 'ArgyleTimeoutError',
      kind: 'timeout',
      method: 'GET',
      path: '/v2/webhooks',
    });
    expect((error as Error).message).toMatch(
      /^Argyle API GET \/v2\/webhooks timed out: no complete response within/,
    );
    expect((error as ArgyleTimeoutError).attempts).toBeGreaterThanOrEqual(3);
    expect(api.requests.length).toBe((error as ArgyleTimeoutError).attempts);
    // Bounded, not tight: the slack absorbs a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(700 + 1_000);
  });

  it('succeeds when only the first response is slow', async () => {
    api.seed({ name: 'a' });
    api.delayNext(1, 1_000);

    await expect(clientOf(api, { timeoutMs: 100 }).list()).resolves.toHaveLength(1);
    expect(api.requests).toHaveLength(2);
  });

  it('does not retry a create that timed out, since it may have taken effect', async () => {
    api.delayNext(1, 1_000);

    await expect(clientOf(api, { timeoutMs: 100 }).create(NEW_SUBSCRIPTION)).rejects.toThrow(
      /timed out.*1 attempt in \d+ ms; not retried, as the request may have taken effect/,
    );
    expect(api.requests).toHaveLength(1);
  });

  it('retries a dropped connection, then succeeds', async () => {
    api.failNext(2, { drop: true });

    await expect(clientOf(api).list()).resolves.toEqual([]);
    expect(api.requests).toHaveLength(3);
  });

  it('retries a closed port until the budget is spent, then fails with a network error', async () => {
    const port = await closedPort();
    const clock = virtualClock();

    const error = await clientOf(api, {
      ...clock,
      baseUrl: `http://127.0.0.1:${port}`,
      totalTimeoutMs: 5_000,
    })
      .list()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArgyleNetworkError);
    expect(error).not.toBeInstanceOf(ArgyleTimeoutError);
    expect(error).toMatchObject({ name: 'ArgyleNetworkError', kind: 'network', status: undefined });
    expect((error as Error).message).toContain('failed with a network error: ECONNREFUSED');
    expect(clock.sleeps.length).toBeGreaterThan(1);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(5_000);
  });

  it('retries a create on a closed port, since the request never left', async () => {
    const port = await closedPort();
    const clock = virtualClock();

    const creating = clientOf(api, {
      ...clock,
      baseUrl: `http://127.0.0.1:${port}`,
      totalTimeoutMs: 2_000,
    }).create(NEW_SUBSCRIPTION);

    await expect(creating).rejects.toBeInstanceOf(ArgyleNetworkError);
    expect(clock.sleeps.length).toBeGreaterThan(1);
  });
});
