import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ArgyleInvalidResponseError, ArgyleNotFoundError } from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

describe('ArgyleWebhooksClient.retrieve and list', () => {
  const api = useFakeArgyleApi();

  it('retrieves one subscription by id', async () => {
    const [stored] = api.seed({ name: 'one', secret: 's3cret' });

    const found = await clientOf(api).retrieve(stored?.id ?? '');

    expect(found).toEqual(stored);
    expect(api.requests[0]?.path).toBe(`/v2/webhooks/${stored?.id}`);
  });

  it('fails with ArgyleNotFoundError when retrieving an unknown id', async () => {
    await expect(clientOf(api).retrieve('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      name: 'ArgyleNotFoundError',
      kind: 'not-found',
      status: 404,
      detail: 'Not found.',
    });
    await expect(clientOf(api).retrieve('nope')).rejects.toBeInstanceOf(ArgyleNotFoundError);
  });

  it('lists every subscription over several pages, following the next URLs as given', async () => {
    const seeded = api.seed(...Array.from({ length: 25 }, (_, i) => ({ name: `sub-${i}` })));

    const listed = await clientOf(api).list({ limit: 10 });

    expect(listed.map((s) => s.name)).toEqual(seeded.map((s) => s.name).reverse());
    const requests = api.requests;
    expect(requests).toHaveLength(3);
    expect(requests[0]?.query.get('cursor')).toBeNull();
    expect(requests[0]?.query.get('limit')).toBe('10');
    expect(requests[1]?.query.get('cursor')).toBeTruthy();
    expect(requests[2]?.query.get('limit')).toBe('10');
  });

  it("uses Argyle's default page size when no limit is given", async () => {
    api.seed(...Array.from({ length: 11 }, (_, i) => ({ name: `sub-${i}` })));

    const listed = await clientOf(api).list();

    expect(listed).toHaveLength(11);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]?.query.has('limit')).toBe(false);
  });

  it('yields the pages one by one, with their cursor URLs', async () => {
    api.seed(...Array.from({ length: 3 }, (_, i) => ({ name: `sub-${i}` })));
    const pages = [];

    for await (const page of clientOf(api).pages({ limit: 2 })) pages.push(page);

    expect(pages.map((p) => p.results.length)).toEqual([2, 1]);
    expect(pages[0]?.previous).toBeNull();
    expect(pages[0]?.next).toMatch(new RegExp(`^${api.url}/v2/webhooks\\?.*cursor=`));
    expect(pages[1]?.next).toBeNull();
    expect(pages[1]?.previous).toMatch(/cursor=/);
  });

  it('returns an empty list when there are no subscriptions', async () => {
    await expect(clientOf(api).list()).resolves.toEqual([]);
  });

  it('refuses a next URL on another origin, so the credentials are not sent there', async () => {
    const foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          next: 'https://elsewhere.example/v2/webhooks?cursor=x',
          previous: null,
          results: [],
        }),
      );
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const { port } = foreign.address() as AddressInfo;
    try {
      const listing = clientOf(api, { baseUrl: `http://127.0.0.1:${port}` }).list();

      await expect(listing).rejects.toBeInstanceOf(ArgyleInvalidResponseError);
      await expect(listing).rejects.toThrow(/elsewhere\.example.*not sent there/);
    } finally {
      foreign.closeAllConnections();
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});
