/** The CLI's `create` checks event names as `cdk synth` does, before calling Argyle. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, main } from '#functions/subscription/cli/main';
import { FakeArgyleApi } from '../support/fake-argyle-api';

let api: FakeArgyleApi;

beforeAll(async () => {
  api = await FakeArgyleApi.start();
});
beforeEach(() => api.reset());
afterAll(async () => {
  await api.close();
});

async function create(events: string, ...extra: string[]) {
  let stderr = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    env: {
      ARGYLE_API_KEY_ID: api.apiKeyId,
      ARGYLE_API_KEY_SECRET: api.apiKeySecret,
      ARGYLE_API_BASE_URL: api.url,
    },
    // Every Secrets Manager call answers with the signing secret's value.
    secrets: () => ({ send: async () => ({ SecretString: 'whsec-cli-events-0123456789' }) }) as never,
    client: { timeoutMs: 500, totalTimeoutMs: 1_500, retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
  };
  const argv = [
    'create',
    '--name',
    'accounts',
    '--events',
    events,
    '--url',
    'https://hooks.example.com/argyle',
  ];
  const code = await main([...argv, '--signing-secret', 'signing', ...extra], io);
  return { code, stderr };
}

describe('argyle-subscriptions create, event names', () => {
  it('refuses an event the catalogue does not know, with the closest one, before calling Argyle', async () => {
    const { code, stderr } = await create('accounts.conected');

    expect(code).toBe(2);
    expect(stderr).toContain(
      '"accounts.conected" is not an Argyle event this release knows (did you mean "accounts.connected"?)',
    );
    expect(stderr).toContain('pass --allow-unknown-events');
    expect(api.requests).toEqual([]);
  });

  it('refuses a pattern, which Argyle does not take, in the words synth uses', async () => {
    const { code, stderr } = await create('accounts.*');

    expect(code).toBe(2);
    expect(stderr).toContain('"accounts.*" is not an event name');
    expect(api.requests).toEqual([]);
  });

  it('sends an unknown event with --allow-unknown-events', async () => {
    const { code } = await create('accounts.reconnected', '--allow-unknown-events');

    expect(code).toBe(0);
    expect(api.subscriptions.map((s) => s.events)).toEqual([['accounts.reconnected']]);
  });
});
