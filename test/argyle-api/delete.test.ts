import { describe, expect, it } from 'vitest';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

describe('ArgyleWebhooksClient.delete', () => {
  const api = useFakeArgyleApi();

  it('deletes a subscription and reports it deleted', async () => {
    const [stored] = api.seed({ name: 'gone-soon' });

    const outcome = await clientOf(api).delete(stored?.id ?? '');

    expect(outcome).toBe('deleted');
    expect(api.subscriptions).toEqual([]);
    expect(api.requests[0]).toMatchObject({ method: 'DELETE', path: `/v2/webhooks/${stored?.id}` });
  });

  it('reports not-found for an unknown id, so a caller can treat it as deleted', async () => {
    const outcome = await clientOf(api).delete('3f1c0b8e-0000-4000-8000-000000000000');

    expect(outcome).toBe('not-found');
    expect(api.requests).toHaveLength(1);
  });

  it('accepts a 200 with an empty body as success', async () => {
    api.failNext(1, { status: 200, body: '' });

    await expect(clientOf(api).delete('any-id')).resolves.toBe('deleted');
  });

  it('retries a delete answered 503, and a retry that finds it gone reports not-found', async () => {
    const [stored] = api.seed({ name: 'x' });
    api.failNext(1, { status: 503 });

    await expect(clientOf(api).delete(stored?.id ?? '')).resolves.toBe('deleted');
    await expect(clientOf(api).delete(stored?.id ?? '')).resolves.toBe('not-found');
    expect(api.requests).toHaveLength(3);
  });

  it('refuses an empty id instead of deleting the collection path', async () => {
    await expect(clientOf(api).delete('')).rejects.toThrow('subscription id must not be empty');
    expect(api.requests).toHaveLength(0);
  });
});
