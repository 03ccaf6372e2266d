import { describe, expect, it } from 'vitest';
import { clientOf, useFakeArgyleApi, virtualClock } from '../support/fake-argyle-api-fixture';
import { NEW_SUBSCRIPTION } from './harness';

describe('ArgyleWebhooksClient.create', () => {
  const api = useFakeArgyleApi();

  it('creates a subscription and returns it as Argyle stored it', async () => {
    const created = await clientOf(api).create(NEW_SUBSCRIPTION);

    expect(created).toMatchObject({
      name: 'aws-receiver',
      events: ['accounts.connected'],
      url: 'https://hooks.example.com/argyle',
      secret: 'whsec-test-0123456789',
      config: { include_resource: true },
      last_sent_at: null,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.subscriptions).toEqual([created]);
  });

  it('posts JSON to /v2/webhooks with HTTP Basic auth', async () => {
    await clientOf(api).create(NEW_SUBSCRIPTION);

    const [request] = api.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v2/webhooks');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${api.apiKeyId}:${api.apiKeySecret}`).toString('base64')}`,
    );
    expect(JSON.parse(request?.body ?? '')).toEqual(NEW_SUBSCRIPTION);
  });

  it('leaves secret and config out of the body when not given, and Argyle answers with config {}', async () => {
    const created = await clientOf(api).create({ name: 'plain', events: ['*'], url: 'https://x.example/h' });

    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({
      name: 'plain',
      events: ['*'],
      url: 'https://x.example/h',
    });
    expect(created.config).toEqual({});
    expect(created.secret).toBeNull();
  });

  it('sends config null when asked to, as Argyle accepts', async () => {
    await clientOf(api).create({ ...NEW_SUBSCRIPTION, config: null });

    expect(JSON.parse(api.requests[0]?.body ?? '')).toMatchObject({ config: null });
  });

  it('retries a create that was answered 429, since Argyle did not process it', async () => {
    api.failNext(1, { status: 429, retryAfter: '1' });
    const clock = virtualClock();

    const created = await clientOf(api, clock).create(NEW_SUBSCRIPTION);

    expect(created.name).toBe('aws-receiver');
    expect(clock.sleeps).toEqual([1000]);
    expect(api.subscriptions).toHaveLength(1);
  });

  it('does not retry a create answered 500, which may have created the subscription', async () => {
    api.failNext(1, { status: 500 });

    await expect(clientOf(api).create(NEW_SUBSCRIPTION)).rejects.toMatchObject({
      name: 'ArgyleApiError',
      status: 500,
      attempts: 1,
    });
    expect(api.requests).toHaveLength(1);
  });
});
