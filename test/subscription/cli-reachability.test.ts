/**
 * The CLI when Argyle cannot be reached: an unknown host or a refused connection fails at once (a retry would
 * not help), and while it retries (a 503, a timeout) it says so, with what is left of the budget.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '#functions/subscription/cli/main';

const KEY = { ARGYLE_API_KEY_ID: 'key-id-0001', ARGYLE_API_KEY_SECRET: 'key-secret-0001' };

let flaky: Server;
let flakyUrl: string;
let requests = 0;

beforeAll(async () => {
  // 503 twice, then an empty list.
  flaky = createServer((_request, response) => {
    requests++;
    if (requests <= 2) {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{"detail":"unavailable"}');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"next":null,"previous":null,"results":[]}');
    }
  });
  await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
  flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => flaky.close(resolve));
});

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function list(env: Record<string, string>, client: CliIo['client'] = {}) {
  let stderr = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    env: { ...KEY, ...env },
    client,
  };
  return { code: await main(['list'], io), stderr };
}

describe('argyle-subscriptions when Argyle cannot be reached', () => {
  it('fails at once on a refused connection, with the default budget', async () => {
    const { code, stderr } = await list({ ARGYLE_API_BASE_URL: `http://127.0.0.1:${await closedPort()}` });

    expect(code).toBe(1);
    expect(stderr).toMatch(/ECONNREFUSED \(1 attempt in \d+ ms; not retried: nothing listens there\)/);
    expect(stderr).toContain("Argyle's API could not be reached at ARGYLE_API_BASE_URL");
    expect(stderr).not.toContain('retrying');
  });

  it('fails at once on an unknown host', async () => {
    const unknownHost = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.argyle.invalid'), { code: 'ENOTFOUND' }),
    });
    const { code, stderr } = await list(
      { ARGYLE_API_BASE_URL: 'https://api.argyle.invalid' },
      {
        fetch: async () => {
          throw unknownHost;
        },
      },
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(/ENOTFOUND \(1 attempt in \d+ ms; not retried: no such host\)/);
  });

  it('says that it is retrying a 503, and how much of the budget is left', async () => {
    requests = 0;
    const { code, stderr } = await list(
      { ARGYLE_API_BASE_URL: flakyUrl },
      { retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
    );

    expect(code).toBe(0);
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^argyle-subscriptions: GET \/v2\/webhooks answered 503; retrying in \d+\.\d s \(attempt 2; \d+\.\d s left of the 60\.0 s budget\)$/,
      ),
      expect.stringMatching(
        /^argyle-subscriptions: GET \/v2\/webhooks answered 503; retrying in .* \(attempt 3; /,
      ),
    ]);
  });
});
