import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '#functions/receiver/envelope';
import { argyleBody, capturedDeliveries } from '../../support/argyle-fixtures';

describe('parseEnvelope', () => {
  it.each(capturedDeliveries().deliveries.map((delivery) => [delivery.event, delivery.body] as const))(
    'reads the captured %s delivery',
    (event, body) => {
      const result = parseEnvelope(Buffer.from(body, 'utf8'));
      expect(result.ok && result.envelope.event).toBe(event);
    },
  );

  it('takes the subscription name and the account, user and item ids from the envelope', () => {
    const body = argyleBody({
      event: 'accounts.connected',
      name: 'sub-1',
      data: { account: 'a-1', user: 'u-1' },
    });
    expect(parseEnvelope(Buffer.from(body))).toEqual({
      ok: true,
      envelope: {
        event: 'accounts.connected',
        subscription: 'sub-1',
        data: { account: 'a-1', user: 'u-1' },
        account: 'a-1',
        user: 'u-1',
        item: undefined,
      },
    });
  });

  it('ignores ids that are not strings', () => {
    const body = argyleBody({ event: 'items.updated', name: 's', data: { item: 42, account: null } });
    const result = parseEnvelope(Buffer.from(body));
    expect(result.ok && [result.envelope.account, result.envelope.item]).toEqual([undefined, undefined]);
  });

  it.each([
    ['not JSON', 'not json', 'invalid-json'],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'invalid-json'],
    ['an array', '[1,2]', 'invalid-envelope'],
    ['without an event', '{"name":"s","data":{}}', 'invalid-envelope'],
    ['with an empty event', '{"event":"","data":{}}', 'invalid-envelope'],
    ['with a numeric event', '{"event":7}', 'invalid-envelope'],
  ])('classifies a body %s', (_case, body, reason) => {
    expect(parseEnvelope(Buffer.isBuffer(body) ? body : Buffer.from(body))).toEqual({ ok: false, reason });
  });
});
