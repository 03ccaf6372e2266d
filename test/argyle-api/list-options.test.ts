/**
 * Listing as Argyle's published spec documents it (argyle-all.yaml 1.0.111, `listWebhooks`): the filters
 * `from_created_at` and `to_created_at`, `ordering`, `limit` up to 200, `last_sent_at` on every subscription; and
 * our page bound, which makes an incomplete list an error instead of a silent short answer.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgyleListLimitError,
  DEFAULT_MAX_LIST_PAGES,
  type WebhookSubscriptionPage,
} from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

const JAN = (day: number) => `2026-01-${String(day).padStart(2, '0')}T12:00:00.000000Z`;

describe('ArgyleWebhooksClient.list options', () => {
  const api = useFakeArgyleApi();

  it('sends from_created_at, to_created_at and ordering, and keeps them on every page', async () => {
    // Arrange: created on Jan 1..6, stored in that order
    api.seed(...[1, 2, 3, 4, 5, 6].map((day) => ({ name: `day-${day}`, created_at: JAN(day) })));
    // Act
    const listed = await clientOf(api).list({
      limit: 2,
      fromCreatedAt: new Date('2026-01-02T00:00:00Z'),
      toCreatedAt: '2026-01-05T23:59:59Z',
      ordering: 'created_at',
    });
    // Assert
    expect(listed.map((s) => s.name)).toEqual(['day-2', 'day-3', 'day-4', 'day-5']);
    expect(api.requests).toHaveLength(2);
    for (const request of api.requests) {
      expect(request.query.get('from_created_at')).toBe('2026-01-02T00:00:00.000Z');
      expect(request.query.get('to_created_at')).toBe('2026-01-05T23:59:59Z');
      expect(request.query.get('ordering')).toBe('created_at');
      expect(request.query.get('limit')).toBe('2');
    }
  });

  it('orders by id when asked', async () => {
    const seeded = api.seed({ name: 'b', id: 'bbbb' }, { name: 'c', id: 'cccc' }, { name: 'a', id: 'aaaa' });

    const listed = await clientOf(api).list({ ordering: 'id' });

    expect(listed.map((s) => s.id)).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(seeded.map((s) => s.id)).toEqual(['bbbb', 'cccc', 'aaaa']);
  });

  it('reads last_sent_at: null until Argyle has sent a delivery, then when it last did', async () => {
    const [never, sent] = api.seed({ name: 'never' }, { name: 'sent' });
    api.recordDelivery(sent?.id ?? '', '2026-01-26T17:58:05.460904Z');

    const listed = await clientOf(api).list();

    expect(listed.find((s) => s.id === never?.id)?.last_sent_at).toBeNull();
    expect(listed.find((s) => s.id === sent?.id)?.last_sent_at).toBe('2026-01-26T17:58:05.460904Z');
  });

  it.each([
    [{ limit: 0 }, /^limit must be a whole number from 1 to 200, got 0$/],
    [{ limit: 201 }, /^limit must be a whole number from 1 to 200, got 201$/],
    [{ fromCreatedAt: 'yesterday' }, /^fromCreatedAt must be an ISO 8601 date-time/],
    [{ toCreatedAt: new Date(Number.NaN) }, /^toCreatedAt must be an ISO 8601 date-time/],
    [{ ordering: 'name' as 'id' }, /^ordering must be id or created_at, got "name"$/],
    [{ maxPages: 0 }, /^maxPages must be a whole number of pages above 0, got 0$/],
  ])('refuses %j before sending anything', async (options, message) => {
    await expect(clientOf(api).list(options)).rejects.toThrow(message);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses the created_at filters on v1, whose documented filters have other names', async () => {
    const client = clientOf(api, { apiVersion: 'v1' });

    await expect(client.list({ fromCreatedAt: '2026-01-01T00:00:00Z' })).rejects.toThrow(
      /filter the v2 list only/,
    );
    await expect(client.list({ ordering: 'id' })).resolves.toEqual([]);
  });
});

describe('the page bound of a list', () => {
  const api = useFakeArgyleApi();

  it(`reads at most ${DEFAULT_MAX_LIST_PAGES} pages unless told otherwise`, () => {
    expect(DEFAULT_MAX_LIST_PAGES).toBe(100);
  });

  it('fails loudly, not with a partial list, when Argyle has a page beyond the bound', async () => {
    // Arrange: 5 subscriptions, 2 a page, 2 pages allowed
    api.seed(...Array.from({ length: 5 }, (_, i) => ({ name: `sub-${i}` })));
    // Act
    const error = await clientOf(api)
      .list({ limit: 2, maxPages: 2 })
      .catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(ArgyleListLimitError);
    expect(error).toMatchObject({
      kind: 'list-limit',
      maxPages: 2,
      subscriptionsRead: 4,
      method: 'GET',
      status: 200,
    });
    expect((error as Error).message).toMatch(
      /^Argyle API GET \/v2\/webhooks\?.* has more than 2 pages of subscriptions \(4 read\): the list stopped at its page bound and is incomplete$/,
    );
    expect(api.requests).toHaveLength(2);
  });

  it('lists everything when the last page is exactly at the bound', async () => {
    api.seed(...Array.from({ length: 4 }, (_, i) => ({ name: `sub-${i}` })));

    await expect(clientOf(api).list({ limit: 2, maxPages: 2 })).resolves.toHaveLength(4);
  });

  it('yields the pages within the bound before it throws', async () => {
    api.seed(...Array.from({ length: 3 }, (_, i) => ({ name: `sub-${i}` })));
    const pages: WebhookSubscriptionPage[] = [];

    const iterate = async () => {
      for await (const page of clientOf(api).pages({ limit: 1, maxPages: 2 })) pages.push(page);
    };

    await expect(iterate()).rejects.toBeInstanceOf(ArgyleListLimitError);
    expect(pages.map((page) => page.results.length)).toEqual([1, 1]);
  });
});
