/** Shared set-up for the Argyle API client tests: the fake API, clients pointed at it, and a virtual clock. */
import { ArgyleWebhooksClient, type ArgyleWebhooksClientOptions } from '../../functions/argyle-api';
import type { FakeArgyleApi } from '../support/fake-argyle-api';

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

export const NEW_SUBSCRIPTION = {
  name: 'aws-receiver',
  events: ['accounts.connected'],
  url: 'https://hooks.example.com/argyle',
  secret: 'whsec-test-0123456789',
  config: { include_resource: true },
} as const;
