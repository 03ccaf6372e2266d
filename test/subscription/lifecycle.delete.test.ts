import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_PROPERTY as P } from '#functions/shared/contract';
import {
  createEvent,
  deleteEvent,
  FAST_CLIENT,
  properties,
  RESPONSE_URL_SIGNATURE,
  rejection,
  SIGNING_SECRET,
  useTestEnvironment,
} from './harness';

const env = useTestEnvironment();

describe('subscription custom resource lifecycle', () => {
  describe('delete', () => {
    it('deletes the subscription by its id', async () => {
      // Arrange
      const props = properties(env.signingSecretArn);
      const { PhysicalResourceId: id } = await env.handler(createEvent(props));

      // Act
      const result = await env.handler(deleteEvent(id, props));

      // Assert
      expect(result).toEqual({ PhysicalResourceId: id });
      expect(env.api.subscriptions).toEqual([]);
    });

    it('counts a subscription Argyle no longer knows as deleted', async () => {
      const id = crypto.randomUUID();

      const result = await env.handler(deleteEvent(id, properties(env.signingSecretArn)));

      expect(result).toEqual({ PhysicalResourceId: id });
      expect(env.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v2/webhooks/${id}`]);
    });

    it("deletes with whatever properties the subscription was made with, even ones today's rules refuse", async () => {
      // Arrange
      const [stored] = env.api.seed({ name: 'legacy', events: ['*'], config: { include_resource: true } });
      const legacy = properties(env.signingSecretArn, { [P.CONFIG]: '{"include_resource":true}' });
      const id = stored?.id ?? '';

      // Act
      await env.handler(deleteEvent(id, legacy));

      // Assert
      expect(env.api.subscriptions).toEqual([]);
    });

    it('does nothing for a physical id that never was an Argyle id', async () => {
      // Arrange: e.g. the marker the provider framework writes when it gets no physical id.
      const id = 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID';

      // Act
      const result = await env.handler(deleteEvent(id, properties(env.signingSecretArn)));

      // Assert
      expect(result).toEqual({ PhysicalResourceId: id });
      expect(env.api.requests).toEqual([]);
      expect(env.secrets.reads).toEqual([]);
    });
  });

  describe('compensation', () => {
    it('deletes a subscription it created before reporting a failure, leaving nothing behind', async () => {
      // Arrange: Argyle stores the subscription but answers with a different config than requested.
      const handler = env.handlerWith({
        ...FAST_CLIENT,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (init?.method !== 'POST') return response;
          const body = (await response.json()) as Record<string, unknown>;
          return new Response(JSON.stringify({ ...body, config: {} }), { status: response.status });
        },
      });
      const props = properties(env.signingSecretArn, {
        [P.NAME]: 'accounts',
        [P.EVENTS]: ['accounts.connected'],
        [P.CONFIG]: '{"include_resource":true}',
      });

      // Act
      const error = await rejection(handler(createEvent(props)));

      // Assert
      expect(error.message).toMatch(
        /^Argyle created subscription [0-9a-f-]{36} \("accounts"\) with a different config than requested; the subscription was deleted again, nothing is left behind$/,
      );
      expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'DELETE']);
      expect(env.api.subscriptions).toEqual([]);
    });
  });

  describe('what it never reveals', () => {
    it('puts no secret and no presigned ResponseURL in its results, errors or logs', async () => {
      // Arrange
      const props = properties(env.signingSecretArn);
      const results: unknown[] = [];

      // Act: a create, a failing create (401), and a delete.
      const created = await env.handler(createEvent(props));
      results.push(created);
      env.api.failNext(1, {
        status: 401,
        body: { detail: `Invalid username/password. ${env.api.apiKeySecret}` },
      });
      results.push((await rejection(env.handler(createEvent({ ...props, [P.NAME]: 'other' })))).message);
      results.push(await env.handler(deleteEvent(created.PhysicalResourceId, props)));

      // Assert
      const everything = `${JSON.stringify(results)}\n${env.log.text()}`;
      for (const secret of [SIGNING_SECRET, env.api.apiKeyId, env.api.apiKeySecret, RESPONSE_URL_SIGNATURE]) {
        expect(everything).not.toContain(secret);
      }
      expect(env.log.lines.map((line) => line.message)).toContain('event');
    });
  });
});
