import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ARGYLE_API_BASE_URL_ENV,
  ArgyleWebhooksClient,
  resolveArgyleBaseUrl,
} from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';
import { NEW_SUBSCRIPTION } from './harness';

describe('API versions', () => {
  const api = useFakeArgyleApi();

  it('calls /v1/webhooks for every operation when configured for v1', async () => {
    const client = clientOf(api, { apiVersion: 'v1' });

    const created = await client.create(NEW_SUBSCRIPTION);
    await client.retrieve(created.id);
    await client.list();
    await client.delete(created.id);

    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/webhooks',
      `GET /v1/webhooks/${created.id}`,
      'GET /v1/webhooks',
      `DELETE /v1/webhooks/${created.id}`,
    ]);
  });

  it('calls /v2/webhooks by default', async () => {
    await clientOf(api).list();

    expect(api.requests[0]?.path).toBe('/v2/webhooks');
  });
});

describe('ARGYLE_API_BASE_URL', () => {
  const api = useFakeArgyleApi({ resetBeforeEach: false });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sends a client configured for production to the server the variable names', async () => {
    vi.stubEnv(ARGYLE_API_BASE_URL_ENV, `${api.url}/`);
    const client = new ArgyleWebhooksClient({
      apiKeyId: api.apiKeyId,
      apiKeySecret: api.apiKeySecret,
      environment: 'production',
      baseUrl: 'https://api.argyle.com',
    });

    await expect(client.list()).resolves.toEqual([]);
    expect(client.baseUrl).toBe(api.url);
    expect(api.requests.length).toBeGreaterThan(0);
  });
});

describe('resolveArgyleBaseUrl', () => {
  it("uses the environment's URL by default", () => {
    expect(resolveArgyleBaseUrl({ environment: 'sandbox' }, {})).toBe('https://api-sandbox.argyle.com');
    expect(resolveArgyleBaseUrl({ environment: 'production' }, {})).toBe('https://api.argyle.com');
  });

  it('uses baseUrl when given, without a trailing slash and keeping a path prefix', () => {
    expect(
      resolveArgyleBaseUrl({ environment: 'sandbox', baseUrl: 'http://proxy.local:8080/argyle/' }, {}),
    ).toBe('http://proxy.local:8080/argyle');
  });

  it('lets ARGYLE_API_BASE_URL override baseUrl and the environment', () => {
    const env = { ARGYLE_API_BASE_URL: 'http://127.0.0.1:9999' };

    expect(resolveArgyleBaseUrl({ environment: 'production', baseUrl: 'https://api.argyle.com' }, env)).toBe(
      'http://127.0.0.1:9999',
    );
  });

  it('ignores an empty ARGYLE_API_BASE_URL', () => {
    expect(resolveArgyleBaseUrl({ environment: 'sandbox' }, { ARGYLE_API_BASE_URL: ' ' })).toBe(
      'https://api-sandbox.argyle.com',
    );
  });

  it('fails on a value that is not an http(s) URL, or that carries credentials', () => {
    expect(() => resolveArgyleBaseUrl({ environment: 'sandbox' }, { ARGYLE_API_BASE_URL: 'nope' })).toThrow(
      'ARGYLE_API_BASE_URL is not a URL',
    );
    expect(() =>
      resolveArgyleBaseUrl({ environment: 'sandbox', baseUrl: 'https://u:p@x.example' }, {}),
    ).toThrow('baseUrl must not contain credentials');
  });
});
