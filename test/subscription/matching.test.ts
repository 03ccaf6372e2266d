import { describe, expect, it } from 'vitest';
import type { WebhookSubscription } from '#functions/argyle-api/index';
import {
  canonicalConfig,
  differences,
  matchingSubscriptions,
  sameProperties,
} from '#functions/subscription/matching';
import type { SubscriptionProperties } from '#functions/subscription/properties';

const DESIRED = {
  name: 'accounts',
  events: ['accounts.connected', 'accounts.updated'],
  config: { include_resource: true },
  url: 'https://example.com/webhook',
};

function live(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    id: '85fab193-1195-47e3-951b-fbbfbbac3d3e',
    name: 'accounts',
    events: ['accounts.updated', 'accounts.connected'],
    config: { include_resource: true },
    secret: 'the-secret',
    url: 'https://example.com/webhook',
    created_at: '2025-03-18T21:10:32.226533Z',
    updated_at: '2025-03-18T21:10:32.228399Z',
    last_sent_at: null,
    ...overrides,
  };
}

describe('canonicalConfig', () => {
  it('reads null, {} and Argyle defaults alike, and ignores key and item order', () => {
    expect(canonicalConfig(null)).toBe('{}');
    expect(canonicalConfig({ include_resource: false })).toBe('{}');
    expect(canonicalConfig({ items: ['b', 'a', 'b'], days_synced: 30 })).toBe(
      canonicalConfig({ days_synced: 30, items: ['a', 'b'] }),
    );
  });
});

describe('differences', () => {
  it('finds none for the same subscription with events in another order', () => {
    expect(differences(live(), DESIRED, 'the-secret')).toEqual([]);
  });

  it('names each differing field, and the secret only by name', () => {
    const other = live({ name: 'x', url: 'https://x', events: ['*'], config: {}, secret: 'old-secret' });

    const fields = differences(other, DESIRED, 'the-secret');

    expect(fields).toEqual(['name', 'url', 'events', 'config', 'secret']);
  });

  it('compares an absent secret only when asked to', () => {
    const { secret: _, ...withoutSecret } = live();

    expect(differences(withoutSecret, DESIRED, 'the-secret')).toEqual(['secret']);
    expect(differences(withoutSecret, DESIRED, 'the-secret', { compareAbsentSecret: false })).toEqual([]);
  });
});

describe('matchingSubscriptions', () => {
  it('prefers the given id, then the oldest', () => {
    const older = live({ id: 'older', created_at: '2024-01-01T00:00:00Z' });
    const newer = live({ id: 'newer', created_at: '2025-01-01T00:00:00Z' });
    const unsigned = live({ id: 'unsigned', secret: null, created_at: '2023-01-01T00:00:00Z' });

    expect(matchingSubscriptions([newer, unsigned, older], DESIRED, 'the-secret').map((s) => s.id)).toEqual([
      'older',
      'newer',
    ]);
    expect(matchingSubscriptions([older, newer], DESIRED, 'the-secret', 'newer').map((s) => s.id)).toEqual([
      'newer',
      'older',
    ]);
  });
});

describe('sameProperties', () => {
  const base: SubscriptionProperties = {
    subscription: DESIRED,
    signingSecretArn: 'arn:signing',
    signingSecretGeneration: '1',
    target: { environment: 'sandbox', apiVersion: 'v2', credentialsSecretName: 'creds' },
  };

  it('holds across event order and config spelling', () => {
    const reordered = {
      ...base,
      subscription: { ...DESIRED, events: [...DESIRED.events].reverse(), config: { include_resource: true } },
    };

    expect(sameProperties(base, reordered)).toBe(true);
  });

  it.each([
    ['the name', { subscription: { ...DESIRED, name: 'other' } }],
    ['the URL', { subscription: { ...DESIRED, url: 'https://other' } }],
    ['the events', { subscription: { ...DESIRED, events: ['accounts.connected'] } }],
    ['the config', { subscription: { ...DESIRED, config: {} } }],
    ['the signing secret', { signingSecretArn: 'arn:other' }],
    ['the signing secret generation', { signingSecretGeneration: '2' }],
    ['the environment', { target: { ...base.target, environment: 'production' as const } }],
    ['the API version', { target: { ...base.target, apiVersion: 'v1' as const } }],
    ['the base URL', { target: { ...base.target, baseUrl: 'https://proxy' } }],
    ['the credentials secret', { target: { ...base.target, credentialsSecretName: 'other' } }],
  ])('fails when %s changes', (_, change) => {
    expect(sameProperties(base, { ...base, ...change })).toBe(false);
  });
});
