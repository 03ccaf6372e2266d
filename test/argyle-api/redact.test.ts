import { describe, expect, it } from 'vitest';
import { REDACTED, redactSubscription } from '#functions/argyle-api/index';

const subscription = {
  id: '85fab193-1195-47e3-951b-fbbfbbac3d3e',
  name: 'george-test-delete-later',
  events: ['accounts.connected'],
  config: { include_resource: true },
  secret: 'optional-secret',
  url: 'https://your-webhook-backend.com',
  created_at: '2025-03-18T21:10:32.226533Z',
  updated_at: '2025-03-18T21:10:32.228399Z',
  last_sent_at: null,
};

describe('redactSubscription', () => {
  it('replaces a secret and keeps every other field', () => {
    expect(redactSubscription(subscription)).toEqual({ ...subscription, secret: REDACTED });
    expect(REDACTED).toBe('[redacted]');
  });

  it('leaves the original untouched', () => {
    redactSubscription(subscription);

    expect(subscription.secret).toBe('optional-secret');
  });

  it('keeps a null secret as null, and an absent one absent', () => {
    expect(redactSubscription({ ...subscription, secret: null }).secret).toBeNull();
    const { secret: _secret, ...unsigned } = subscription;
    expect('secret' in redactSubscription(unsigned)).toBe(false);
  });

  it('redacts an empty secret too, as it is still a secret value', () => {
    expect(redactSubscription({ ...subscription, secret: '' }).secret).toBe(REDACTED);
  });
});
