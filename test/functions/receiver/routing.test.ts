import { describe, expect, it } from 'vitest';
import type { Envelope, EnvelopeResult } from '#functions/receiver/envelope';
import { compilePattern, compileRules, routeDelivery } from '#functions/receiver/routing';
import { EVENT_PATTERN, type RoutingTable } from '#functions/shared/contract';

const table: RoutingTable = {
  queues: ['accounts', 'payroll.fifo', 'everything', 'partner-only', 'catch-all'],
  catchAll: 4,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['paystubs.*', 'payroll_documents.added'], queue: 1 },
    { events: ['*.fully_synced', 'users.fully_synced'], queue: 2 },
    { events: ['*'], subscriptions: ['partner-sub'], queue: 3 },
  ],
};
const rules = compileRules(table);

function delivery(event: string, subscription?: string): EnvelopeResult {
  const envelope: Envelope = {
    event,
    subscription,
    data: {},
    account: undefined,
    user: undefined,
    item: undefined,
  };
  return { ok: true, envelope };
}

describe('event patterns', () => {
  it.each([
    ['*', 'accounts.connected', true],
    ['*', 'anything', true],
    ['accounts.*', 'accounts.connected', true],
    ['accounts.*', 'accounts_x.connected', false],
    ['accounts.*', 'accounts', false],
    ['accounts.*', 'accounts.connected.extra', false],
    ['*.fully_synced', 'gigs.fully_synced', true],
    ['*.fully_synced', 'gigs.partially_synced', false],
    ['accounts.connected', 'accounts.connected', true],
    ['accounts.connected', 'accounts.connectedx', false],
    ['*.*', 'identities.added', true],
  ])('pattern %s applied to %s gives %s', (pattern, event, expected) => {
    expect(EVENT_PATTERN.test(pattern)).toBe(true);
    expect(compilePattern(pattern)(event)).toBe(expected);
  });

  it.each([
    '',
    '**',
    'accounts',
    'accounts.',
    '.connected',
    'Accounts.*',
    'accounts.**',
    'a.b.c',
    'accounts .x',
  ])('the contract grammar refuses %j', (pattern) => {
    expect(EVENT_PATTERN.test(pattern)).toBe(false);
  });
});

describe('routeDelivery', () => {
  it('sends an event to every queue whose rule matches', () => {
    expect(routeDelivery(rules, 4, delivery('users.fully_synced', 'partner-sub'))).toEqual({
      queues: [2, 3],
    });
  });

  it('lists a queue once even when several of its patterns match', () => {
    expect(routeDelivery(rules, 4, delivery('users.fully_synced'))).toEqual({ queues: [2] });
  });

  it('keeps a rule limited to named subscriptions away from other subscriptions', () => {
    expect(routeDelivery(rules, 4, delivery('accounts.connected', 'other-sub'))).toEqual({ queues: [0] });
    expect(routeDelivery(rules, 4, delivery('accounts.connected'))).toEqual({ queues: [0] });
    expect(routeDelivery(rules, 4, delivery('accounts.connected', 'partner-sub'))).toEqual({
      queues: [0, 3],
    });
  });

  it('sends an event that no rule matches to the catch-all, marked unmatched', () => {
    expect(routeDelivery(rules, 4, delivery('vehicles.added'))).toEqual({
      queues: [4],
      catchAllReason: 'unmatched',
    });
  });

  it('sends a delivery that could not be parsed to the catch-all with the reason', () => {
    expect(routeDelivery(rules, 4, { ok: false, reason: 'invalid-json' })).toEqual({
      queues: [4],
      catchAllReason: 'invalid-json',
    });
  });

  it('sends everything to the catch-all when there are no rules', () => {
    expect(routeDelivery([], 0, delivery('accounts.connected'))).toEqual({
      queues: [0],
      catchAllReason: 'unmatched',
    });
  });
});
