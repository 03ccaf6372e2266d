/**
 * `npm run dev -- --verbose` under concurrent deliveries (simulate's default of 8 at a time): every log line of
 * the receiver carries its own delivery's id, as on Lambda, where one execution environment runs one
 * invocation at a time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DevServer, startDevServer } from '#local/dev-server';
import { pooledHandler } from '#local/environment-pool';
import { simulate } from '#local/simulate';
import { parseConfig } from '../../lib/config';

const SECRET = 'concurrent-logs-secret-2b9d';
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: SECRET,
    config: parseConfig({}),
    receiverLogs: true,
  });
});
afterAll(async () => {
  await server?.close();
});

describe('the receiver’s logs on the dev server', () => {
  it('never carry another delivery’s deliveryId when deliveries arrive concurrently', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
      const text = String(chunk);
      if (text.includes('"deliveryId"'))
        lines.push(...text.split('\n').filter((line) => line.startsWith('{')));
      else return write(chunk, ...(rest as []));
      return true;
    });
    let results: Awaited<ReturnType<typeof simulate>>;
    try {
      const events = Array.from({ length: 5 }, () => [
        'accounts.connected',
        'paystubs.added',
        'gigs.added',
        'users.fully_synced',
        'identities.added',
        'shifts.added',
        'accounts.updated',
        'paystubs.fully_synced',
      ]).flat();
      results = await simulate({ url: server.webhookUrl, secret: SECRET, events, seed: 3, concurrency: 8 });
    } finally {
      spy.mockRestore();
    }
    const eventOf = new Map(results.map((result) => [result.deliveryId, result.event]));
    const accepted = lines
      .map((line) => JSON.parse(line) as { message?: string; deliveryId?: string; event?: string })
      .filter((entry) => entry.message === 'delivery accepted');

    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(accepted).toHaveLength(results.length);
    expect(accepted.filter((entry) => eventOf.get(entry.deliveryId) !== entry.event)).toEqual([]);
  });
});

describe('pooledHandler', () => {
  it('runs one invocation at a time per environment, creating environments up to the limit', async () => {
    let created = 0;
    const busy = new Set<number>();
    let overlapped = false;
    const environment = async () => {
      const id = created++;
      return async (ms: number) => {
        if (busy.has(id)) overlapped = true;
        busy.add(id);
        await new Promise((resolve) => setTimeout(resolve, ms));
        busy.delete(id);
        return id;
      };
    };
    const handler = pooledHandler(await environment(), environment, 3);

    const used = await Promise.all(Array.from({ length: 12 }, () => handler(5, undefined)));

    expect(overlapped).toBe(false);
    expect(created).toBe(3);
    expect(new Set(used).size).toBe(3);
  });
});
