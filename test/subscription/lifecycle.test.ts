import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_PROPERTY as P, SIGNING_SECRET_SETTLE_MS } from '#functions/shared/contract';
import {
  createEvent,
  deleteEvent,
  properties,
  SIGNING_SECRET,
  SIGNING_SECRET_NAME,
  subscriptionIdOf,
  updateEvent,
  useTestEnvironment,
  WEBHOOK_URL,
} from './harness';

const env = useTestEnvironment();

describe('subscription custom resource lifecycle', () => {
  describe('create', () => {
    it('creates the subscription, answering with its Argyle id and a physical id of its own that is no Argyle id', async () => {
      // Arrange
      const props = properties(env.signingSecretArn, {
        [P.NAME]: 'accounts',
        [P.EVENTS]: ['accounts.connected', 'accounts.updated'],
        [P.CONFIG]: '{"include_resource":true}',
      });

      // Act
      const result = await env.handler(createEvent(props));

      // Assert
      const [stored] = env.api.subscriptions;
      expect(env.api.subscriptions).toHaveLength(1);
      expect(stored).toMatchObject({
        name: 'accounts',
        events: ['accounts.connected', 'accounts.updated'],
        config: { include_resource: true },
        url: WEBHOOK_URL,
        secret: SIGNING_SECRET,
      });
      expect(result).toEqual({
        PhysicalResourceId: 'argyle-subscription/accounts/1',
        Data: { SubscriptionId: stored?.id, SubscriptionName: 'accounts' },
      });
      expect(await env.store.get('accounts')).toMatchObject({
        physicalId: 'argyle-subscription/accounts/1',
        owned: [{ id: stored?.id, physicalId: 'argyle-subscription/accounts/1', createdBy: 'deploy' }],
        retired: [],
        desired: { name: 'accounts', events: ['accounts.connected', 'accounts.updated'], url: WEBHOOK_URL },
        signingSecretArn: env.signingSecretArn,
        target: { environment: 'sandbox', apiVersion: 'v2' },
        revision: 1,
      });
    });

    it('sends no config when the subscription has none', async () => {
      await env.handler(createEvent(properties(env.signingSecretArn)));

      const create = env.api.requests.find((request) => request.method === 'POST');
      expect(JSON.parse(create?.body ?? '{}')).toEqual({
        name: 'all-events',
        events: ['*'],
        url: WEBHOOK_URL,
        secret: SIGNING_SECRET,
      });
    });

    it('adopts a live subscription with the same name, URL, events, config and secret instead of creating', async () => {
      // Arrange: the same subscription, with events in another order.
      const [existing] = env.api.seed({
        name: 'paystubs',
        events: ['paystubs.partially_synced', 'gigs.partially_synced'],
        config: { days_synced: 90 },
        url: WEBHOOK_URL,
        secret: SIGNING_SECRET,
      });
      const props = properties(env.signingSecretArn, {
        [P.NAME]: 'paystubs',
        [P.EVENTS]: ['gigs.partially_synced', 'paystubs.partially_synced'],
        [P.CONFIG]: '{"days_synced":90}',
      });

      // Act
      const result = await env.handler(createEvent(props));

      // Assert
      expect(subscriptionIdOf(result)).toBe(existing?.id);
      expect(env.api.requests.map((r) => r.method)).toEqual(['GET']);
      expect(env.api.subscriptions).toHaveLength(1);
    });

    it('does not adopt a subscription that differs in secret, URL, events or config', async () => {
      // Arrange
      const same = { name: 'all-events', events: ['*'], url: WEBHOOK_URL, secret: SIGNING_SECRET };
      env.api.seed(
        { ...same, secret: 'an-old-secret' },
        { ...same, secret: null },
        { ...same, url: 'https://old.example.com/webhook' },
        { ...same, events: ['accounts.connected'] },
        { ...same, name: 'all-events-2' },
      );

      // Act
      const result = await env.handler(createEvent(properties(env.signingSecretArn)));

      // Assert
      expect(env.api.subscriptions).toHaveLength(6);
      expect(env.api.subscriptions.at(-1)?.id).toBe(subscriptionIdOf(result));
    });

    it('makes no duplicate when a create is retried: the second run adopts the first one', async () => {
      // Arrange
      const event = createEvent(properties(env.signingSecretArn));

      // Act
      const first = await env.handler(event);
      const second = await env.handler(event);

      // Assert
      expect(subscriptionIdOf(second)).toBe(subscriptionIdOf(first));
      expect(env.api.subscriptions).toHaveLength(1);
      expect((await env.store.get('all-events'))?.owned.map((s) => s.id)).toEqual([subscriptionIdOf(first)]);
    });

    it('calls the v1 API when the resource says so', async () => {
      await env.handler(createEvent(properties(env.signingSecretArn, { [P.API_VERSION]: 'v1' })));

      expect(env.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v1/webhooks',
        'POST /v1/webhooks',
      ]);
    });
  });

  describe('a new signing secret value', () => {
    it('is first used to sign about 40 s after it was read, so every receiver can verify with it', async () => {
      // Act
      await env.handler(createEvent(properties(env.signingSecretArn)));

      // Assert: one wait, of the settle time less what reading and listing took.
      expect(env.sleeps).toHaveLength(1);
      expect(env.sleeps[0]).toBeGreaterThan(SIGNING_SECRET_SETTLE_MS - 5_000);
      expect(env.sleeps[0]).toBeLessThanOrEqual(SIGNING_SECRET_SETTLE_MS);
      expect(env.log.lines.map((line) => line.message)).toContain(
        'waiting until every receiver can read the signing secret',
      );
    });

    it('needs no wait to adopt a subscription that already signs with it', async () => {
      env.api.seed({ name: 'all-events', events: ['*'], url: WEBHOOK_URL, secret: SIGNING_SECRET });

      await env.handler(createEvent(properties(env.signingSecretArn)));

      expect(env.sleeps).toEqual([]);
    });
  });

  describe('update', () => {
    it('replaces the subscription when something Argyle stores changes, returning the new id', async () => {
      // Arrange
      const before = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(before));
      const oldId = subscriptionIdOf(created);
      const after = properties(env.signingSecretArn, { [P.EVENTS]: ['accounts.connected'] });

      // Act
      const result = await env.handler(updateEvent(created.PhysicalResourceId, after, before));

      // Assert: the old one stays (retired) until CloudFormation deletes its physical id, after the update succeeded.
      expect(result.PhysicalResourceId).toBe('argyle-subscription/all-events/2');
      expect(env.api.subscriptions.map((s) => [s.id, s.events])).toEqual([
        [oldId, ['*']],
        [subscriptionIdOf(result), ['accounts.connected']],
      ]);
      expect(result.Data).toEqual({
        SubscriptionId: subscriptionIdOf(result),
        SubscriptionName: 'all-events',
      });
      expect(await env.store.get('all-events')).toMatchObject({
        physicalId: 'argyle-subscription/all-events/2',
        owned: [{ id: subscriptionIdOf(result), physicalId: 'argyle-subscription/all-events/2' }],
        retired: [{ id: oldId, physicalId: 'argyle-subscription/all-events/1' }],
      });
    });

    it('completes a replacement with the delete CloudFormation sends for the old id', async () => {
      // Arrange
      const before = properties(env.signingSecretArn);
      const { PhysicalResourceId: oldId } = await env.handler(createEvent(before));
      const after = properties(env.signingSecretArn, { [P.NAME]: 'renamed' });
      const updated = await env.handler(updateEvent(oldId, after, before));

      // Act: the clean-up phase deletes the old physical id, with the old properties.
      await env.handler(deleteEvent(oldId, before));

      // Assert
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(updated)]);
      expect((await env.store.list()).map((r) => r.name)).toEqual(['renamed']);
    });

    it('makes no call to Argyle when nothing Argyle stores changed', async () => {
      // Arrange
      const before = properties(env.signingSecretArn, {
        [P.NAME]: 'accounts',
        [P.EVENTS]: ['accounts.added', 'accounts.connected'],
        [P.CONFIG]: '{"include_resource":true}',
      });
      const created = await env.handler(createEvent(before));
      const id = created.PhysicalResourceId;
      env.api.reset();
      env.secrets.reads.length = 0;
      // A new handler function (service token), events in another order, config written differently.
      const after = {
        ...before,
        ServiceToken: `${before.ServiceToken}-v2`,
        [P.EVENTS]: ['accounts.connected', 'accounts.added'],
        [P.CONFIG]: '{ "include_resource": true }',
      };

      // Act
      const result = await env.handler(updateEvent(id, after, before));

      // Assert
      expect(result).toEqual({
        PhysicalResourceId: id,
        Data: { SubscriptionId: subscriptionIdOf(created), SubscriptionName: 'accounts' },
      });
      expect(env.api.requests).toEqual([]);
      expect(env.secrets.reads).toEqual([]);
    });

    it('lands a rolled-back update on the original subscription, which is still live', async () => {
      // Arrange: an update replaced A with B; a later resource fails, and CloudFormation rolls back.
      const original = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(original));
      const a = subscriptionIdOf(created);
      const changed = properties(env.signingSecretArn, { [P.EVENTS]: ['users.fully_synced'] });
      const { PhysicalResourceId: b } = await env.handler(
        updateEvent(created.PhysicalResourceId, changed, original),
      );

      // Act: the rollback is an update from the new properties back to the old, on physical id B.
      const rollback = await env.handler(updateEvent(b, original, changed));
      await env.handler(deleteEvent(b, changed)); // the rollback's clean-up

      // Assert
      expect(subscriptionIdOf(rollback)).toBe(a);
      expect(rollback.PhysicalResourceId).toBe('argyle-subscription/all-events/3');
      expect(env.api.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([a]);
      expect(await env.store.get('all-events')).toMatchObject({ owned: [{ id: a }], retired: [] });
    });

    it('replaces the subscription with one signing with the rotated secret when the generation is raised', async () => {
      // Arrange: a deployed subscription, then a new value put in the signing secret.
      const before = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(before));
      const oldId = subscriptionIdOf(created);
      env.secrets.put(SIGNING_SECRET_NAME, 'rotated-signing-secret-9b8a7c6d5e4f');
      const after = properties(env.signingSecretArn, { [P.SIGNING_SECRET_GENERATION]: '2' });

      // Act
      const result = await env.handler(updateEvent(created.PhysicalResourceId, after, before));

      // Assert: a new subscription with the new secret; the old one stays until CloudFormation deletes it.
      expect(result.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
      expect(env.api.subscriptions.map((s) => [s.id, s.secret])).toEqual([
        [oldId, SIGNING_SECRET],
        [subscriptionIdOf(result), 'rotated-signing-secret-9b8a7c6d5e4f'],
      ]);
    });

    it('recreates a subscription deleted behind its back when a setting changes', async () => {
      // Arrange
      const before = properties(env.signingSecretArn);
      const { PhysicalResourceId: id } = await env.handler(createEvent(before));
      env.api.reset();
      const after = properties(env.signingSecretArn, { [P.NAME]: 'everything' });

      // Act
      const result = await env.handler(updateEvent(id, after, before));

      // Assert
      expect(env.api.subscriptions.map((s) => [s.id, s.name])).toEqual([
        [subscriptionIdOf(result), 'everything'],
      ]);
    });
  });
});
