import { describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE, MAX_LIST_PAGES } from '#functions/subscription/lifecycle';
import { credentialsJson } from '../support/fake-argyle-api-fixture';
import {
  CREDENTIALS_SECRET_NAME,
  createEvent,
  deleteEvent,
  FAST_CLIENT,
  properties,
  rejection,
  SIGNING_SECRET,
  subscriptionIdOf,
  useTestEnvironment,
  WEBHOOK_URL,
} from './harness';

const env = useTestEnvironment();

describe('subscription custom resource against a failing Argyle API', () => {
  it('finds the subscription to adopt across several pages of the list', async () => {
    // Arrange: the match is the oldest, so it is on the last of three pages (newest first).
    const [match] = env.api.seed({
      name: 'all-events',
      events: ['*'],
      url: WEBHOOK_URL,
      secret: SIGNING_SECRET,
    });
    env.api.seed(
      ...Array.from({ length: 2 * LIST_PAGE_SIZE + 10 }, (_, i) => ({
        name: `other-${i}`,
        url: WEBHOOK_URL,
      })),
    );

    // Act
    const result = await env.handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(subscriptionIdOf(result)).toBe(match?.id);
    const lists = env.api.requests.filter((r) => r.method === 'GET');
    expect(lists).toHaveLength(3);
    expect(lists.map((r) => r.query.get('limit'))).toEqual(['200', '200', '200']);
    expect(lists.slice(1).every((r) => r.query.has('cursor'))).toBe(true);
    expect(env.api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('fails loudly, creating nothing, when the list goes past its page bound', async () => {
    // Arrange: the match is the oldest, so it is on the page after the last one read (newest first).
    env.api.seed({ name: 'all-events', events: ['*'], url: WEBHOOK_URL, secret: SIGNING_SECRET });
    env.api.seed(
      ...Array.from({ length: MAX_LIST_PAGES * LIST_PAGE_SIZE }, (_, i) => ({
        name: `other-${i}`,
        url: WEBHOOK_URL,
      })),
    );

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(error.message).toContain(
      `Argyle (sandbox) lists more than ${MAX_LIST_PAGES * LIST_PAGE_SIZE} subscriptions, the most this stack reads; it cannot tell whether "all-events" already exists, so it creates nothing rather than a possible duplicate`,
    );
    expect(error.message).toContain('npx argyle-subscriptions list --environment sandbox');
    expect(env.api.requests.filter((r) => r.method === 'GET')).toHaveLength(MAX_LIST_PAGES);
    expect(env.api.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(env.api.subscriptions).toHaveLength(MAX_LIST_PAGES * LIST_PAGE_SIZE + 1);
  });

  it('retries a 429 and then succeeds', async () => {
    // Arrange
    env.api.failNext(1, { status: 429, retryAfter: '0' });

    // Act
    const result = await env.handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('retries a 500 on the list and then succeeds', async () => {
    // Arrange
    env.api.failNext(1, { status: 500 });

    // Act
    const result = await env.handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
  });

  it('after a 500 on the create, looks for the subscription before sending the create again', async () => {
    // Arrange: the first list succeeds, the create then answers 500 without making anything.
    const handler = env.handlerWith({
      ...FAST_CLIENT,
      fetch: async (input, init) => {
        if (init?.method === 'POST' && env.api.requests.filter((r) => r.method === 'POST').length === 0) {
          env.api.failNext(1, { status: 500 });
        }
        return fetch(input, init);
      },
    });

    // Act
    const result = await handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
  });

  it('adopts what a create made when its answer was lost', async () => {
    // Arrange: Argyle makes the subscription, but the answer is a 502 from a proxy.
    const handler = env.handlerWith({
      ...FAST_CLIENT,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        return init?.method === 'POST' ? new Response('<html>Bad gateway</html>', { status: 502 }) : response;
      },
    });

    // Act
    const result = await handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
  });

  it("fails in bounded time with Argyle's status when the API keeps answering 500", async () => {
    // Arrange
    env.api.failNext(1_000, { status: 500, body: { detail: 'upstream unavailable' } });
    const started = Date.now();

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert: the call budget is 1.5 s in these tests (40 s in Lambda, whose timeout is 5 minutes).
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(
      /^could not list the Argyle subscriptions \(sandbox\) to look for "all-events": Argyle API GET \/v2\/webhooks\?limit=200 returned 500 Internal Server Error: upstream unavailable \(after \d+ attempts\)$/,
    );
    expect(env.api.subscriptions).toEqual([]);
  });

  it('fails with the field errors of a 400, creating nothing', async () => {
    // Arrange: the list succeeds, the create is refused as Argyle refuses config on other events.
    const handler = env.handlerWith({
      ...FAST_CLIENT,
      fetch: async (input, init) => {
        if (init?.method === 'POST') {
          env.api.failNext(1, {
            status: 400,
            body: {
              config: ['only allowed for accounts.added, accounts.connected'],
              url: ['Enter a valid URL.'],
            },
          });
        }
        return fetch(input, init);
      },
    });

    // Act
    const error = await rejection(handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(error.message).toBe(
      'could not create Argyle subscription "all-events" (sandbox): Argyle API POST /v2/webhooks returned 400 Bad Request: config: only allowed for accounts.added, accounts.connected; url: Enter a valid URL.',
    );
    expect(env.api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(env.api.subscriptions).toEqual([]);
  });

  it('fails with a message about the key and the environment on a 401', async () => {
    // Arrange
    env.secrets.put(CREDENTIALS_SECRET_NAME, credentialsJson('wrong-key-id', 'wrong-key-secret'));

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(error.message).toMatch(
      /^could not list the Argyle subscriptions \(sandbox\) to look for "all-events": Argyle API GET \/v2\/webhooks\?limit=200 returned 401 Unauthorized: the API key id or secret is wrong, or belongs to the other environment/,
    );
    expect(error.message).not.toContain('wrong-key-secret');
  });

  it('retries a list whose answer comes after the timeout', async () => {
    // Arrange
    env.api.delayNext(1, 600);

    // Act
    const result = await env.handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
  });

  it('after a create timed out, looks for it and creates again only when it does not exist', async () => {
    // Arrange: the list answers at once, the first create too late (the fake then makes nothing).
    const handler = env.handlerWith({
      ...FAST_CLIENT,
      fetch: async (input, init) => {
        if (init?.method === 'POST' && env.api.requests.filter((r) => r.method === 'POST').length === 0) {
          env.api.delayNext(1, 600);
        }
        return fetch(input, init);
      },
    });

    // Act
    const result = await handler(createEvent(properties(env.signingSecretArn)));

    // Assert
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
  });

  it('fails in bounded time, naming the timeout, when every answer is too slow', async () => {
    // Arrange
    env.api.setLatency(600);
    const started = Date.now();

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/timed out: no complete response within \d+ ms/);
  });

  it('refuses to start a create it could not clean up after in the time left', async () => {
    // Arrange: 6 s left, less than three 1.5 s calls plus the 5 s kept to report.
    const context = { getRemainingTimeInMillis: () => 6_000 };

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn)), context));

    // Assert
    expect(error.message).toBe(
      'not enough time left to create Argyle subscription "all-events" safely; nothing was created, deploy again',
    );
    expect(env.api.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('fails a delete Argyle cannot be reached for, naming the id and the command that removes it later', async () => {
    // Arrange
    const props = properties(env.signingSecretArn);
    const created = await env.handler(createEvent(props));
    const id = subscriptionIdOf(created);
    env.api.failNext(1_000, { status: 503 });

    // Act
    const error = await rejection(env.handler(deleteEvent(created.PhysicalResourceId, props)));

    // Assert
    expect(error.message).toMatch(
      new RegExp(
        `^could not delete Argyle subscription ${id} \\(sandbox\\): Argyle API DELETE /v2/webhooks/${id} returned 503 Service Unavailable: injected failure 503 \\(after \\d+ attempts\\)\\. Remove it later with: npx argyle-subscriptions delete ${id} --environment sandbox --credentials-secret ${CREDENTIALS_SECRET_NAME}$`,
      ),
    );
    expect(env.api.subscriptions.map((s) => s.id)).toEqual([id]);
  });
});
