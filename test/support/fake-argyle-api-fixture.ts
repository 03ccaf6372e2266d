/**
 * The one set-up of the fake Argyle API for tests: started once per file and reset before each test, its API
 * key as the credentials secret holds it, and clients pointed at it.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ArgyleWebhooksClient, type ArgyleWebhooksClientOptions } from '#functions/argyle-api/index';
import { CREDENTIALS_SECRET_KEY } from '#functions/shared/contract';
import type { FakeSecretsManager } from '#local/secrets-manager';
import { FakeArgyleApi, type FakeArgyleApiOptions } from './fake-argyle-api';

export interface FakeArgyleApiFixtureOptions extends FakeArgyleApiOptions {
  /** Forget subscriptions, requests and injected failures before each test. @default true */
  readonly resetBeforeEach?: boolean;
}

/**
 * Registers the hooks that start the fake API before the tests of the current file (or `describe` block),
 * reset it before each test and close it after them. The API it returns has its `url` once the tests run.
 */
export function useFakeArgyleApi(options: FakeArgyleApiFixtureOptions = {}): FakeArgyleApi {
  const { resetBeforeEach = true, ...apiOptions } = options;
  const api = new FakeArgyleApi(apiOptions);
  beforeAll(() => api.listen());
  if (resetBeforeEach) beforeEach(() => api.reset());
  afterAll(() => api.close());
  return api;
}

/**
 * A clock that only moves when slept on, so backoff tests do not wait. `sleeps` records every wait asked for.
 * Starts at a whole second so `Retry-After` dates line up.
 */
export function virtualClock(start = Math.floor(Date.now() / 1000) * 1000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A sandbox client of the fake API with its credentials, a virtual clock and mid-range jitter. */
export function clientOf(
  api: FakeArgyleApi,
  overrides: Partial<ArgyleWebhooksClientOptions> = {},
): ArgyleWebhooksClient {
  const clock = virtualClock();
  return new ArgyleWebhooksClient({
    apiKeyId: api.apiKeyId,
    apiKeySecret: api.apiKeySecret,
    environment: 'sandbox',
    baseUrl: api.url,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...overrides,
  });
}

/** An Argyle API key as the credentials secret holds it. */
export function credentialsJson(id: string, secret: string): string {
  return JSON.stringify({ [CREDENTIALS_SECRET_KEY.ID]: id, [CREDENTIALS_SECRET_KEY.SECRET]: secret });
}

/** The fake API's own key, as the credentials secret holds it. */
export function credentialsOf(api: FakeArgyleApi): string {
  return credentialsJson(api.apiKeyId, api.apiKeySecret);
}

/** Stores the fake API's key in `secrets` as the credentials secret `name`; returns the secret's ARN. */
export function putCredentials(secrets: FakeSecretsManager, name: string, api: FakeArgyleApi): string {
  return secrets.put(name, credentialsOf(api));
}
