import { describe, expect, it } from 'vitest';
import { checkSubscriptionRules, type SubscriptionToCheck } from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

const fields = (s: SubscriptionToCheck) => checkSubscriptionRules(s).map((p) => p.field);

describe('checkSubscriptionRules', () => {
  it('accepts subscriptions without config, including *', () => {
    expect(checkSubscriptionRules({ events: ['*'] })).toEqual([]);
    expect(
      checkSubscriptionRules({ events: ['paystubs.added', 'users.fully_synced'], config: null }),
    ).toEqual([]);
    expect(checkSubscriptionRules({ events: ['accounts.updated'], config: {} })).toEqual([]);
  });

  it('fails an empty event list', () => {
    expect(checkSubscriptionRules({ events: [] })).toEqual([
      { field: 'events', message: "events is empty: list at least one event, or '*' for all events" },
    ]);
  });

  it('fails config on *, and says to subscribe those events on their own', () => {
    const [problem] = checkSubscriptionRules({ events: ['*'], config: { include_resource: true } });

    expect(problem?.field).toBe('config');
    expect(problem?.message).toMatch(/^config cannot be used with events \['\*'\]: subscribe to the events/);
  });

  it('fails config with an event outside the allow-list, naming the event to move', () => {
    const problems = checkSubscriptionRules({
      events: ['accounts.connected', 'paystubs.added'],
      config: { include_resource: true },
    });

    expect(problems).toEqual([
      {
        field: 'config',
        message:
          'config is only allowed when every event is one of accounts.added, accounts.connected, accounts.failed, accounts.updated, gigs.partially_synced, items.removed, items.updated, paystubs.partially_synced, shifts.partially_synced, verifications.updated; move paystubs.added to a subscription without config',
      },
    ]);
  });

  it('accepts include_resource on the four accounts events', () => {
    const events = ['accounts.added', 'accounts.connected', 'accounts.failed', 'accounts.updated'];

    expect(checkSubscriptionRules({ events, config: { include_resource: true } })).toEqual([]);
  });

  it('accepts include_resource on verifications.updated, as Argyle documents it', () => {
    // https://docs.argyle.com/api-reference/verifications-webhooks/updated
    expect(
      checkSubscriptionRules({ events: ['verifications.updated'], config: { include_resource: true } }),
    ).toEqual([]);
  });

  it('fails include_resource on verifications.creation_failed, which Argyle allows no config on', () => {
    const problems = checkSubscriptionRules({
      events: ['verifications.creation_failed'],
      config: { include_resource: true },
    });

    expect(problems.map((problem) => problem.field)).toEqual(['config']);
  });

  it('fails include_resource on other events Argyle allows config on', () => {
    const problems = checkSubscriptionRules({
      events: ['accounts.updated', 'paystubs.partially_synced'],
      config: { include_resource: true },
    });

    expect(problems).toEqual([
      {
        field: 'config.include_resource',
        message:
          'config.include_resource only applies to accounts.added, accounts.connected, accounts.failed, accounts.updated, verifications.updated; move paystubs.partially_synced to a subscription without include_resource',
      },
    ]);
  });

  it('accepts days_synced on the partially_synced events', () => {
    const events = ['gigs.partially_synced', 'paystubs.partially_synced', 'shifts.partially_synced'];

    expect(checkSubscriptionRules({ events, config: { days_synced: 90 } })).toEqual([]);
  });

  it('fails days_synced on other events, and a days_synced that is not a whole positive number', () => {
    expect(fields({ events: ['accounts.connected'], config: { days_synced: 90 } })).toEqual([
      'config.days_synced',
    ]);
    expect(checkSubscriptionRules({ events: ['gigs.partially_synced'], config: { days_synced: 0 } })).toEqual(
      [
        {
          field: 'config.days_synced',
          message: 'config.days_synced must be a whole number of days above 0, got 0',
        },
      ],
    );
    expect(fields({ events: ['gigs.partially_synced'], config: { days_synced: 1.5 } })).toEqual([
      'config.days_synced',
    ]);
  });

  it('accepts items on items.updated and items.removed', () => {
    expect(
      checkSubscriptionRules({
        events: ['items.updated', 'items.removed'],
        config: { items: ['item_000000001'] },
      }),
    ).toEqual([]);
  });

  it('requires items for items.updated and items.removed', () => {
    expect(checkSubscriptionRules({ events: ['items.updated'] })).toEqual([
      {
        field: 'config.items',
        message: 'items.updated require config.items: list the 1 to 30 Item ids (item_...) to follow',
      },
    ]);
    expect(fields({ events: ['items.removed'], config: {} })).toEqual(['config.items']);
  });

  it('fails items on other events', () => {
    expect(fields({ events: ['accounts.connected'], config: { items: ['item_1'] } })).toEqual([
      'config.items',
    ]);
  });

  it('fails an items list of 0 or more than 30 ids, and accepts exactly 30', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `item_${i}`);

    expect(fields({ events: ['items.updated'], config: { items: [] } })).toEqual(['config.items']);
    expect(
      checkSubscriptionRules({ events: ['items.updated'], config: { items: ids(31) } })[0]?.message,
    ).toBe(
      'config.items must list between 1 and 30 Item ids, got 31 ids; split larger sets over several subscriptions',
    );
    expect(checkSubscriptionRules({ events: ['items.updated'], config: { items: ids(30) } })).toEqual([]);
  });

  it('fails an option Argyle does not know', () => {
    expect(
      checkSubscriptionRules({ events: ['accounts.connected'], config: { include_resources: true } }),
    ).toEqual([
      {
        field: 'config.include_resources',
        message:
          'config.include_resources is not an option Argyle accepts; use include_resource, days_synced, items',
      },
    ]);
  });

  it('ignores options set to undefined', () => {
    expect(
      checkSubscriptionRules({ events: ['paystubs.added'], config: { days_synced: undefined } }),
    ).toEqual([]);
  });
});

describe('checkSubscriptionRules against the fake API', () => {
  const api = useFakeArgyleApi({ resetBeforeEach: false });

  const cases: SubscriptionToCheck[] = [
    { events: ['*'] },
    { events: ['*'], config: { include_resource: true } },
    { events: ['accounts.connected'], config: { include_resource: true } },
    { events: ['accounts.connected', 'paystubs.added'], config: { include_resource: true } },
    { events: ['paystubs.partially_synced'], config: { include_resource: true } },
    { events: ['verifications.updated'], config: { include_resource: true } },
    { events: ['verifications.updated', 'accounts.updated'], config: { include_resource: true } },
    { events: ['verifications.creation_failed'], config: { include_resource: true } },
    { events: ['paystubs.partially_synced'], config: { days_synced: 90 } },
    { events: ['accounts.updated'], config: { days_synced: 90 } },
    { events: ['items.updated'] },
    { events: ['items.updated'], config: { items: ['item_1'] } },
    { events: ['items.removed'], config: { items: [] } },
  ];

  it.each(cases)('agrees with the API on %j', async (subscription) => {
    const created = clientOf(api).create({ name: 'rules', url: 'https://h.example/a', ...subscription });

    if (checkSubscriptionRules(subscription).length === 0) await expect(created).resolves.toBeDefined();
    else
      await expect(created).rejects.toMatchObject({
        status: 400,
        fieldErrors: { config: expect.any(Array) },
      });
  });
});
