import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type ArgyleApiError,
  ArgyleInvalidResponseError,
  ArgyleUnauthorizedError,
  ArgyleWebhooksClient,
} from '#functions/argyle-api/index';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';
import { NEW_SUBSCRIPTION } from './harness';

/** The fake's allow-list: Argyle's March 2025 one plus verifications.updated, which Argyle documents with include_resource. */
const CONFIG_MESSAGE =
  'only allowed for accounts.added, accounts.connected, accounts.failed, accounts.updated, gigs.partially_synced, items.removed, items.updated, paystubs.partially_synced, shifts.partially_synced, verifications.updated';

/** Every way an error could show its content: message, JSON, and the inspector used by console.log. */
function everythingShown(error: unknown): string {
  return `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5, showHidden: true })}`;
}

describe('ArgyleWebhooksClient errors', () => {
  const api = useFakeArgyleApi({ apiKeyId: 'key-id-7f3a', apiKeySecret: 'key-secret-9c1e' });

  it("surfaces Argyle's field errors of a 400 as a readable message", async () => {
    const error: ArgyleApiError = await clientOf(api)
      .create({ ...NEW_SUBSCRIPTION, events: ['paystubs.added'], config: { days_synced: 90 } })
      .catch((e) => e);

    expect(error.name).toBe('ArgyleApiError');
    expect(error.message).toBe(
      `Argyle API POST /v2/webhooks returned 400 Bad Request: config: ${CONFIG_MESSAGE}`,
    );
    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      method: 'POST',
      path: '/v2/webhooks',
      detail: `config: ${CONFIG_MESSAGE}`,
      fieldErrors: { config: [CONFIG_MESSAGE] },
      attempts: 1,
    });
  });

  it("surfaces a 400's detail as the message", async () => {
    api.failNext(1, {
      status: 400,
      body: { detail: 'INVALID_ARGUMENT: Code: 5030, error: No matching account types apply' },
    });

    await expect(clientOf(api).list()).rejects.toThrow(
      'returned 400 Bad Request: INVALID_ARGUMENT: Code: 5030, error: No matching account types apply',
    );
  });

  it('explains a 401 as wrong keys or keys of the other environment, without the credentials', async () => {
    const client = clientOf(api, { apiKeyId: 'wrong-id-1234', apiKeySecret: 'wrong-secret-5678' });

    const error = await client.list().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArgyleUnauthorizedError);
    expect(error).toMatchObject({ name: 'ArgyleUnauthorizedError', kind: 'unauthorized', status: 401 });
    expect((error as Error).message).toContain(
      'the API key id or secret is wrong, or belongs to the other environment',
    );
    expect((error as Error).message).toContain('configured for the sandbox environment');
    expect((error as Error).message).toContain('Argyle says: Invalid username/password.');
    const shown = everythingShown(error);
    expect(shown).not.toContain('wrong-id-1234');
    expect(shown).not.toContain('wrong-secret-5678');
    expect(shown).not.toContain(Buffer.from('wrong-id-1234:wrong-secret-5678').toString('base64'));
  });

  it('names the environment API when a 401 comes from the standard URL', async () => {
    const client = new ArgyleWebhooksClient({
      apiKeyId: 'x-id-0000',
      apiKeySecret: 'x-secret-0000',
      environment: 'production',
      fetch: async () => new Response('{"detail":"Invalid username/password."}', { status: 401 }),
    });

    await expect(client.list()).rejects.toThrow(
      'this client calls the production API at https://api.argyle.com',
    );
  });

  it('removes the credentials from anything Argyle echoes back', async () => {
    api.failNext(1, { status: 400, body: { detail: `key ${api.apiKeyId} with ${api.apiKeySecret} is bad` } });

    const error = await clientOf(api)
      .list()
      .catch((e: unknown) => e);

    const shown = everythingShown(error);
    expect(shown).toContain('key [redacted] with [redacted] is bad');
    expect(shown).not.toContain(api.apiKeyId);
    expect(shown).not.toContain(api.apiKeySecret);
  });

  it('keeps the credentials out of the client when it is printed', () => {
    const shown = inspect(clientOf(api), { depth: 5, showHidden: true }) + JSON.stringify(clientOf(api));

    expect(shown).not.toContain(api.apiKeySecret);
    expect(shown).not.toContain(Buffer.from(`${api.apiKeyId}:${api.apiKeySecret}`).toString('base64'));
  });

  it('reports a success body of the wrong shape without quoting it', async () => {
    api.failNext(1, { status: 200, body: { id: 'x', name: 'y', secret: 'leak-me-not' } });

    const error = await clientOf(api)
      .retrieve('x')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArgyleInvalidResponseError);
    expect((error as Error).message).toMatch(
      /^Argyle API GET \/v2\/webhooks\/x returned 200 with an unexpected body: events: invalid_type/,
    );
    expect(everythingShown(error)).not.toContain('leak-me-not');
  });

  it('reports a success body that is not JSON without quoting it', async () => {
    api.failNext(1, { status: 200, body: 'secret-ish <html>' });

    await expect(clientOf(api).retrieve('x')).rejects.toThrow(
      'Argyle API GET /v2/webhooks/x returned 200 with an unexpected body: not JSON (17 characters)',
    );
  });

  it('refuses options that cannot work, without echoing the secret', () => {
    const base = { apiKeyId: 'id', apiKeySecret: 'secret', environment: 'sandbox' } as const;

    expect(() => new ArgyleWebhooksClient({ ...base, apiKeySecret: '' })).toThrow(
      'apiKeyId and apiKeySecret are required',
    );
    expect(() => new ArgyleWebhooksClient({ ...base, timeoutMs: 0 })).toThrow(
      'timeoutMs must be a positive number',
    );
    expect(() => new ArgyleWebhooksClient({ ...base, baseUrl: 'ftp://x' })).toThrow(
      'baseUrl must use https or http',
    );
  });
});
