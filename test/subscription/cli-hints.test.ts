/**
 * The CLI's advice fits the situation: a 404 on `list` points at the base URL and API version, a credentials
 * secret that does not exist says how to create it (and to run the command again, not to deploy), and a
 * missing AWS region is named.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliIo, main } from '#functions/subscription/cli/main';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { FakeSecretsManager } from '#local/secrets-manager';

let notFound: Server;
let notFoundUrl: string;
let secrets: FakeSecretsManager;

beforeAll(async () => {
  notFound = createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"detail":"Not found."}');
  });
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  notFoundUrl = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}/wrong-prefix`;
  secrets = await FakeSecretsManager.start();
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await new Promise((resolve) => notFound.close(resolve));
  await secrets.close();
});

async function run(argv: readonly string[], env: Record<string, string | undefined>) {
  let stderr = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    env,
    secrets: createSecretsManagerClient,
    client: { timeoutMs: 500, totalTimeoutMs: 1_500, retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
  };
  return { code: await main(argv, io), stderr };
}

const KEY = { ARGYLE_API_KEY_ID: 'key-id-0001', ARGYLE_API_KEY_SECRET: 'key-secret-0001' };

describe('argyle-subscriptions hints', () => {
  it('points a 404 on list at the base URL and the API version, not at an id', async () => {
    const { code, stderr } = await run(['list', '--base-url', notFoundUrl], KEY);

    expect(code).toBe(1);
    expect(stderr).toContain(
      `The list itself answered 404, so no subscriptions API is there: check --base-url (${notFoundUrl}) and --api-version (v2).`,
    );
    expect(stderr).not.toContain('No subscription has this id');
  });

  it('says how to create a credentials secret that does not exist, and to run the command again', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    const { code, stderr } = await run(
      ['list', '--credentials-secret', 'argyle-webhooks/production/api-credentials'],
      {
        AWS_REGION: 'us-east-1',
      },
    );

    expect(code).toBe(1);
    expect(stderr).toContain('"argyle-webhooks/production/api-credentials" does not exist in us-east-1');
    expect(stderr).toContain('then run the command again: aws secretsmanager create-secret');
    expect(stderr).not.toContain('deploy again');
  });

  it('names a missing AWS region when a secret is to be read', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_PROFILE', undefined);
    const { code, stderr } = await run(
      ['list', '--credentials-secret', 'argyle-webhooks/sandbox/api-credentials'],
      {},
    );

    expect(code).toBe(1);
    expect(stderr).toContain('No AWS region is set: set AWS_REGION');
  });
});
