import { describe, expect, it } from 'vitest';
import { exampleEvent } from '#functions/catalogue/index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

describe('exampleEvent', () => {
  it('gives the same event for the same seed', () => {
    expect(exampleEvent('accounts.updated', { seed: 42, includeResource: true })).toEqual(
      exampleEvent('accounts.updated', { seed: 42, includeResource: true }),
    );
  });

  it('gives different ids for different seeds', () => {
    expect(exampleEvent('identities.added', { seed: 1 }).data.account).not.toBe(
      exampleEvent('identities.added', { seed: 2 }).data.account,
    );
  });

  it('makes UUIDs for ids, Item ids for Items and ISO 8601 timestamps', () => {
    const { data } = exampleEvent('gigs.partially_synced', { seed: 5 });
    expect(data.account).toMatch(UUID);
    expect(data.user).toMatch(UUID);
    expect(data.item_id).toMatch(/^item_\d{9}$/);
    expect(data.available_from).toMatch(ISO);
    expect(data.available_count).toEqual(expect.any(Number));
    expect(data.days_synced).toEqual(expect.any(Number));
  });

  it('uses the ids it is given, everywhere they appear', () => {
    const ids = { account: 'acc-1', user: 'user-1', item: 'item_000000042' };
    const { data } = exampleEvent('accounts.connected', { seed: 9, ids, includeResource: true });
    expect([data.account, data.user, data.resource?.id, data.resource?.user, data.resource?.item]).toEqual([
      'acc-1',
      'user-1',
      'acc-1',
      'user-1',
      'item_000000042',
    ]);
  });

  it('uses the subscription name it is given for the envelope name', () => {
    expect(exampleEvent('accounts.added', { subscription: 'tdooner-e2e' }).name).toBe('tdooner-e2e');
  });

  it('defaults the envelope name to example-subscription', () => {
    expect(exampleEvent('accounts.added').name).toBe('example-subscription');
  });

  it('includes the resource only when asked to', () => {
    expect(exampleEvent('accounts.updated', { seed: 1 }).data).not.toHaveProperty('resource');
    expect(
      exampleEvent('accounts.updated', { seed: 1, includeResource: true }).data.resource?.connection?.status,
    ).toBe('connected');
  });

  it('uses the newer reports.ready shape when the resource is asked for', () => {
    expect(exampleEvent('reports.ready', { seed: 1 }).data).toHaveProperty('accounts');
    expect(exampleEvent('reports.ready', { seed: 1, includeResource: true }).data).toHaveProperty(
      'resource.accounts',
    );
  });

  it('dates everything at or before now', () => {
    const now = '2025-06-01T12:00:00Z';
    const { data } = exampleEvent('accounts.updated', { seed: 4, now, includeResource: true });
    expect(data.resource?.updated_at?.startsWith('2025-06-01T11:59')).toBe(true);
    expect(data.resource?.created_at && data.resource.created_at <= now).toBe(true);
  });

  it('does not depend on the clock when seeded', () => {
    expect(exampleEvent('paystubs.fully_synced', { seed: 8 }).data.available_to).toBe('2026-01-26T00:00:00Z');
  });

  it('throws a TypeError for an event that is not in the catalogue', () => {
    expect(() => exampleEvent('invoices.added' as never)).toThrow(TypeError);
  });

  it('throws a TypeError for a now that is not a date', () => {
    expect(() => exampleEvent('accounts.added', { now: 'yesterday' })).toThrow(TypeError);
  });
});
