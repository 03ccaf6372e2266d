import { describe, expect, it } from 'vitest';
import { checkEvent } from '#functions/catalogue/index';

const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';

const fullySynced = (data: Record<string, unknown>) => ({
  event: 'paystubs.fully_synced',
  name: 'sub',
  data: {
    account: ACCOUNT,
    user: USER,
    available_from: '2022-04-26T17:13:07Z',
    available_to: '2025-03-25T00:00:00Z',
    available_count: 153,
    ...data,
  },
});

describe('checkEvent', () => {
  it('passes counts sent as numeric strings', () => {
    expect(checkEvent(fullySynced({ available_count: '153' }))).toBe('passed');
  });

  it.each([
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['a string that is not a number', 'many'],
    ['null', null],
  ])('fails a count that is %s', (_label, count) => {
    expect(checkEvent(fullySynced({ available_count: count }))).toBe('failed');
  });

  it('passes a sync window that is null because nothing is available yet', () => {
    expect(checkEvent(fullySynced({ available_from: null, available_to: null, available_count: 0 }))).toBe(
      'passed',
    );
  });

  it.each([
    ['accounts.connected', { user: USER }],
    ['identities.added', { account: ACCOUNT, user: USER }],
    // Without `account`: since 0.2.0 `item_id` is optional (Argyle's published example has none).
    [
      'gigs.partially_synced',
      {
        user: USER,
        item_id: 'item_000029932',
        available_from: null,
        available_to: null,
        available_count: 0,
        days_synced: 94,
      },
    ],
    ['items.removed', {}],
    ['users.fully_synced', { user: USER }],
  ])('fails %s when a required id or object is missing', (event, data) => {
    expect(checkEvent({ event, name: 'sub', data })).toBe('failed');
  });

  it('fails an id that is an empty string', () => {
    expect(checkEvent({ event: 'accounts.connected', name: 'sub', data: { account: '', user: USER } })).toBe(
      'failed',
    );
  });

  it('passes ids in a format that is not a UUID', () => {
    const data = { account: 'acc_123', user: USER, reputation: '4334r6e-a964-45eef6-b201-64464' };
    expect(checkEvent({ event: 'reputations.updated', name: 'A reputation was updated', data })).toBe(
      'passed',
    );
  });

  it('passes unknown fields at every level', () => {
    const data = {
      account: ACCOUNT,
      user: USER,
      brand_new_field: { nested: [1, 2] },
      resource: { id: ACCOUNT, connection: { status: 'connected', new_flag: true }, new_section: {} },
    };
    const envelope = { event: 'accounts.updated', name: 'sub', data, delivered_by: 'v3' };
    expect(checkEvent(envelope)).toBe('passed');
  });

  it('returns unknown-event for a name that is not in the catalogue', () => {
    expect(checkEvent({ event: 'invoices.added', name: 'sub', data: {} })).toBe('unknown-event');
  });

  it.each(['__proto__', 'constructor', 'toString', ''])('returns unknown-event for %j', (event) => {
    expect(checkEvent({ event, data: {} })).toBe('unknown-event');
  });

  it('passes both documented shapes of reports.ready', () => {
    const accounts = [{ id: ACCOUNT, last_synced_at: '2024-01-08T12:55:04.016059Z' }];
    const flat = { user: USER, external_id: null, accounts };
    const nested = { user: USER, resource: { user: USER, external_id: '', accounts, documents: [] } };
    expect(checkEvent({ event: 'reports.ready', name: 'sub', data: flat })).toBe('passed');
    expect(checkEvent({ event: 'reports.ready', name: 'sub', data: nested })).toBe('passed');
  });

  it('fails reports.ready when it has neither shape', () => {
    expect(checkEvent({ event: 'reports.ready', name: 'sub', data: { user: USER } })).toBe('failed');
  });

  it('passes items events, which carry no account or user', () => {
    const updated = {
      item: 'item_000000001',
      name: 'Whole Goods',
      status: 'issues',
      status_details: 'Investigating.',
    };
    expect(checkEvent({ event: 'items.updated', name: 'sub', data: updated })).toBe('passed');
    expect(checkEvent({ event: 'items.removed', name: 'sub', data: { item: 'item_000000001' } })).toBe(
      'passed',
    );
  });

  it('passes an unconfirmed event that carries only account and user', () => {
    expect(checkEvent({ event: 'gigs.updated', name: 'sub', data: { account: ACCOUNT, user: USER } })).toBe(
      'passed',
    );
  });

  it('fails a delivery without data', () => {
    expect(checkEvent({ event: 'accounts.connected', name: 'sub' })).toBe('failed');
  });

  it('fails a subscription name that is not a string', () => {
    expect(
      checkEvent({ event: 'accounts.connected', name: 42, data: { account: ACCOUNT, user: USER } }),
    ).toBe('failed');
  });

  it('checks only data when the caller passes no name, as the receiver does', () => {
    expect(checkEvent({ event: 'accounts.connected', data: { account: ACCOUNT, user: USER } })).toBe(
      'passed',
    );
  });
});
