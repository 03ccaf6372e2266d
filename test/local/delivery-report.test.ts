import { describe, expect, it } from 'vitest';
import type { RoutingTable } from '#functions/shared/contract';
import { deliveryReporter, formatDeliveryReport } from '#local/delivery-report';

const TABLE: RoutingTable = {
  queues: ['accounts', 'everything', 'catch-all'],
  catchAll: 2,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['*'], subscriptions: ['partner'], queue: 1 },
  ],
};
const report = deliveryReporter(TABLE);
const input = (body: string, status: number, responseBody = '{"status":"accepted"}') => ({
  requestId: 'req-1',
  receivedAt: Date.UTC(2026, 10, 23, 10, 0, 0, 123),
  method: 'POST',
  path: '/webhook',
  body: Buffer.from(body),
  status,
  responseBody,
  durationMs: 12.4,
});

describe('deliveryReporter', () => {
  it('names every queue an accepted delivery went to', () => {
    // Act
    const result = report(input('{"event":"accounts.added","name":"partner","data":{}}', 200));
    // Assert
    expect(result).toMatchObject({
      event: 'accounts.added',
      subscription: 'partner',
      queues: ['accounts', 'everything'],
    });
    expect(formatDeliveryReport(result)).toBe(
      '10:00:00.123  200  accounts.added → accounts, everything  (12 ms)',
    );
  });

  it('says why a delivery went to the catch-all', () => {
    // Act
    const result = report(input('not json', 200));
    // Assert
    expect(formatDeliveryReport(result)).toBe(
      '10:00:00.123  200  (not an Argyle envelope) → catch-all (invalid-json)  (12 ms)',
    );
  });

  it('names no queue for a refused delivery, and gives the answer', () => {
    // Act
    const result = report(input('{"event":"accounts.added"}', 401, '{"message":"signature mismatch"}'));
    // Assert
    expect(result.queues).toEqual([]);
    expect(formatDeliveryReport(result)).toBe(
      '10:00:00.123  401  accounts.added ✗ signature mismatch  (12 ms)',
    );
  });
});
