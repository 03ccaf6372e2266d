/**
 * The ownership record through the real handler, with CloudFormation's event shapes and order: the migration of
 * a stack whose physical ids are Argyle ids, rollbacks, replacements and their clean-up Deletes, destroy after a
 * repair, subscriptions the stack does not own, the lease and the deploy marker. Against the fake Argyle API, the
 * Secrets Manager stand-in and the DynamoDB stand-in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { SUBSCRIPTION_PROPERTY as P } from '#functions/shared/contract';
import { LEASE_WAIT_MS } from '#functions/subscription/create-handler';
import { DEPLOY_MARKER, DEPLOY_MARKER_WINDOW_MS } from '#functions/subscription/state/markers';
import { inputOf } from '#functions/subscription/state/record-transitions';
import {
  createEvent,
  deleteEvent,
  FAST_CLIENT,
  legacyProperties,
  properties,
  rejection,
  SIGNING_SECRET,
  subscriptionIdOf,
  updateEvent,
  useTestEnvironment,
  WEBHOOK_URL,
} from './harness';

const env = useTestEnvironment();

/** Requests to Argyle up to now are not counted by {@link calls}. */
let seen = 0;
const mark = () => {
  seen = env.api.requests.length;
};
/** The methods of the requests to Argyle since the last {@link mark}. */
const calls = () => env.api.requests.slice(seen).map((r) => r.method);
beforeEach(() => {
  seen = 0;
});

describe('the ownership record', () => {
  describe("the migration of a stack deployed with today's template (physical id = Argyle id)", () => {
    /** Today's template deployed: a subscription whose physical id is its Argyle id. */
    async function deployedToday() {
      const legacy = legacyProperties(env.signingSecretArn);
      const created = await env.handler(createEvent(legacy));
      expect(created.PhysicalResourceId).toBe(subscriptionIdOf(created));
      mark();
      return { legacy, id: created.PhysicalResourceId };
    }

    it('keeps the subscription through the update to the new template, creating nothing', async () => {
      // Arrange
      const { legacy, id } = await deployedToday();

      // Act: the new StateTable property is what makes CloudFormation send the Update.
      const result = await env.handler(updateEvent(id, properties(env.signingSecretArn), legacy));

      // Assert
      expect(result).toEqual({
        PhysicalResourceId: 'argyle-subscription/all-events/1',
        Data: { SubscriptionId: id, SubscriptionName: 'all-events' },
      });
      expect(calls()).toEqual(['GET']);
      expect(await env.store.get('all-events')).toMatchObject({
        physicalId: 'argyle-subscription/all-events/1',
        owned: [{ id, physicalId: 'argyle-subscription/all-events/1', createdBy: 'migration' }],
        retired: [],
        updatedBy: 'migration',
      });
    });

    it("leaves the subscription alone at CloudFormation's later Delete of the old Argyle-id physical id", async () => {
      // Arrange
      const { legacy, id } = await deployedToday();
      await env.handler(updateEvent(id, properties(env.signingSecretArn), legacy));
      mark();

      // Act: the clean-up Delete carries the old properties, without StateTable (the table comes from the
      // function's environment).
      await env.handler(deleteEvent(id, legacy));

      // Assert
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([id]);
      expect(calls()).toEqual([]);
      expect((await env.store.get('all-events'))?.owned.map((s) => s.id)).toEqual([id]);
    });

    it('removes the subscription when the migrated stack is destroyed', async () => {
      // Arrange
      const { legacy, id } = await deployedToday();
      const migrated = await env.handler(updateEvent(id, properties(env.signingSecretArn), legacy));
      await env.handler(deleteEvent(id, legacy));

      // Act
      await env.handler(deleteEvent(migrated.PhysicalResourceId, properties(env.signingSecretArn)));

      // Assert
      expect(env.api.subscriptions).toEqual([]);
      expect(await env.store.get('all-events')).toBeUndefined();
    });

    it('rolls back onto the same, still working subscription, and makes the clean-up Delete of the new physical id harmless', async () => {
      // Arrange: the update migrated the resource; a later resource of the stack update fails.
      const { legacy, id } = await deployedToday();
      const current = properties(env.signingSecretArn);
      const { PhysicalResourceId: migrated } = await env.handler(updateEvent(id, current, legacy));

      // Act: the rollback updates back to the legacy properties, then cleans up the new physical id.
      const rollback = await env.handler(updateEvent(migrated, legacy, current));
      mark();
      await env.handler(deleteEvent(migrated, current));

      // Assert
      expect(rollback).toEqual({
        PhysicalResourceId: id,
        Data: { SubscriptionId: id, SubscriptionName: 'all-events' },
      });
      expect(calls()).toEqual([]);
      expect(env.api.subscriptions.map((s) => [s.id, s.secret])).toEqual([[id, SIGNING_SECRET]]);
      expect(await env.store.get('all-events')).toBeUndefined();
    });

    it('migrates again after a rollback, as the first time', async () => {
      // Arrange
      const { legacy, id } = await deployedToday();
      const current = properties(env.signingSecretArn);
      const { PhysicalResourceId: migrated } = await env.handler(updateEvent(id, current, legacy));
      const { PhysicalResourceId: back } = await env.handler(updateEvent(migrated, legacy, current));
      await env.handler(deleteEvent(migrated, current));

      // Act
      const again = await env.handler(updateEvent(back, current, legacy));

      // Assert
      expect(subscriptionIdOf(again)).toBe(id);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([id]);
      expect((await env.store.get('all-events'))?.owned.map((s) => s.id)).toEqual([id]);
    });

    it('replaces the subscription when the events change in the same deploy, deleting the old one only at the Delete of its Argyle id', async () => {
      // Arrange
      const { legacy, id } = await deployedToday();
      const changed = properties(env.signingSecretArn, { [P.EVENTS]: ['accounts.connected'] });

      // Act
      const result = await env.handler(updateEvent(id, changed, legacy));
      const liveBeforeCleanup = env.api.subscriptions.map((s) => s.id);
      await env.handler(deleteEvent(id, legacy));

      // Assert
      const replacement = subscriptionIdOf(result);
      expect(replacement).not.toBe(id);
      expect(liveBeforeCleanup).toEqual([id, replacement]);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([replacement]);
      expect(await env.store.get('all-events')).toMatchObject({ owned: [{ id: replacement }], retired: [] });
    });

    it('rolls back a migration that changed the events onto the original, deleting the new subscription', async () => {
      // Arrange
      const { legacy, id } = await deployedToday();
      const changed = properties(env.signingSecretArn, { [P.EVENTS]: ['accounts.connected'] });
      const { PhysicalResourceId: migrated } = await env.handler(updateEvent(id, changed, legacy));

      // Act
      const rollback = await env.handler(updateEvent(migrated, legacy, changed));
      await env.handler(deleteEvent(migrated, changed));

      // Assert: the older handler that cleans up after a real rollback ignores the new physical id, so the
      // rollback's Update itself removed the new subscription.
      expect(rollback.PhysicalResourceId).toBe(id);
      expect(env.api.subscriptions.map((s) => [s.id, s.events])).toEqual([[id, ['*']]]);
      expect(await env.store.get('all-events')).toBeUndefined();
    });

    it('deletes a legacy subscription removed from the template in the deploy that brings the table', async () => {
      // Arrange: no record ever took it over.
      const { legacy, id } = await deployedToday();

      // Act
      await env.handler(deleteEvent(id, legacy));

      // Assert
      expect(env.api.subscriptions).toEqual([]);
    });
  });

  describe('a change of configuration', () => {
    it('creates the new subscription and deletes the old one only at the Delete of the old physical id', async () => {
      // Arrange
      const before = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(before));
      const after = properties(env.signingSecretArn, { [P.EVENTS]: ['paystubs.added'] });
      const updated = await env.handler(updateEvent(created.PhysicalResourceId, after, before));
      const liveAfterUpdate = env.api.subscriptions.map((s) => s.id);

      // Act: CloudFormation's clean-up, once the whole update succeeded.
      await env.handler(deleteEvent(created.PhysicalResourceId, before));

      // Assert
      expect(liveAfterUpdate).toEqual([subscriptionIdOf(created), subscriptionIdOf(updated)]);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(updated)]);
      expect(await env.store.get('all-events')).toMatchObject({
        physicalId: updated.PhysicalResourceId,
        owned: [{ id: subscriptionIdOf(updated) }],
        retired: [],
      });
    });

    it('rolled back, keeps the original live and deletes the new one at the clean-up', async () => {
      // Arrange
      const before = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(before));
      const after = properties(env.signingSecretArn, { [P.EVENTS]: ['paystubs.added'] });
      const updated = await env.handler(updateEvent(created.PhysicalResourceId, after, before));

      // Act
      const rollback = await env.handler(updateEvent(updated.PhysicalResourceId, before, after));
      await env.handler(deleteEvent(updated.PhysicalResourceId, after));

      // Assert
      expect(subscriptionIdOf(rollback)).toBe(subscriptionIdOf(created));
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(created)]);
      expect(await env.store.get('all-events')).toMatchObject({
        physicalId: rollback.PhysicalResourceId,
        owned: [{ id: subscriptionIdOf(created), physicalId: rollback.PhysicalResourceId }],
        retired: [],
      });
    });
  });

  describe('destroy', () => {
    it('removes whatever subscription is live after repairs changed the record', async () => {
      // Arrange: deployed; then deleted in Argyle Console, and repaired with a new subscription.
      const props = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(props));
      env.api.reset();
      mark();
      const [repaired] = env.api.seed({
        name: 'all-events',
        events: ['*'],
        url: WEBHOOK_URL,
        secret: SIGNING_SECRET,
      });
      const record = await env.store.get('all-events');
      if (record === undefined || repaired === undefined) throw new Error('not deployed');
      await env.store.put(
        {
          ...inputOf(record),
          owned: [
            { ...record.owned[0], id: repaired.id, createdBy: 'repair' } as (typeof record.owned)[number],
          ],
          updatedBy: 'repair',
        },
        record.revision,
      );

      // Act
      await env.handler(deleteEvent(created.PhysicalResourceId, props));

      // Assert
      expect(env.api.subscriptions).toEqual([]);
      expect(calls()).toEqual(['DELETE']);
      expect(await env.store.get('all-events')).toBeUndefined();
    });

    it('removes both subscriptions a rotation overlaps', async () => {
      // Arrange
      const props = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(props));
      const [next] = env.api.seed({
        name: 'all-events',
        events: ['*'],
        url: WEBHOOK_URL,
        secret: 'next-value',
      });
      const record = await env.store.get('all-events');
      if (record === undefined || next === undefined) throw new Error('not deployed');
      const first = record.owned[0];
      if (first === undefined) throw new Error('nothing owned');
      await env.store.put(
        {
          ...inputOf(record),
          owned: [first, { ...first, id: next.id, createdBy: 'rotation' }],
          updatedBy: 'rotation',
        },
        record.revision,
      );

      // Act
      await env.handler(deleteEvent(created.PhysicalResourceId, props));

      // Assert
      expect(env.api.subscriptions).toEqual([]);
    });
  });

  describe('subscriptions the stack does not own', () => {
    it('are never deleted, not by a replacement, its clean-up, or destroy', async () => {
      // Arrange: someone else's subscriptions to the same URL, one even with the same name and events.
      const others = env.api.seed(
        { name: 'all-events', events: ['*'], url: WEBHOOK_URL, secret: 'someone-elses-secret' },
        { name: 'manual-test', events: ['accounts.updated'], url: WEBHOOK_URL, secret: SIGNING_SECRET },
      );
      const before = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(before));
      const after = properties(env.signingSecretArn, { [P.EVENTS]: ['accounts.updated'] });

      // Act
      const updated = await env.handler(updateEvent(created.PhysicalResourceId, after, before));
      await env.handler(deleteEvent(created.PhysicalResourceId, before));
      await env.handler(deleteEvent(updated.PhysicalResourceId, after));

      // Assert
      expect(env.api.subscriptions.map((s) => s.id)).toEqual(others.map((s) => s.id));
    });

    it('are not deleted by a clean-up Delete of their Argyle id while a record owns them', async () => {
      // Arrange: a subscription the record owns, and a stale legacy Delete naming it.
      const props = properties(env.signingSecretArn);
      const created = await env.handler(createEvent(props));

      // Act
      await env.handler(deleteEvent(subscriptionIdOf(created), legacyProperties(env.signingSecretArn)));

      // Assert
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(created)]);
    });

    it('leave a Delete of a physical id with no record deleting nothing, and saying so', async () => {
      // Act
      await env.handler(deleteEvent('argyle-subscription/all-events/4', properties(env.signingSecretArn)));

      // Assert
      expect(calls()).toEqual([]);
      expect(env.log.lines.map((l) => l.message)).toContainEqual(
        expect.stringMatching(
          /^no ownership record of "all-events" \(was the state table replaced\?\); nothing deleted/,
        ),
      );
    });
  });

  describe('the lease', () => {
    it('makes a deploy wait while another holds it, then fail saying who, changing nothing', async () => {
      // Arrange: another subscription's event (or a repair) holds the lease.
      await env.store.acquireLease({
        holder: 'deploy/SubscriptionsAccounts1A2B3C4D/4d2c0f7e',
        actor: 'deploy',
        durationMs: 6 * 60_000,
        now: env.now(),
      });

      // Act
      const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

      // Assert
      expect(error.message).toMatch(
        /^another deploy \(deploy\/SubscriptionsAccounts1A2B3C4D\/4d2c0f7e\) is changing the Argyle subscriptions since \S+; its lease ends by \S+\. Waited 120 s for it; nothing was changed\. Deploy again once it is done$/,
      );
      const waited = env.sleeps.reduce((a, b) => a + b, 0);
      expect(waited).toBeGreaterThan(LEASE_WAIT_MS - 5_000);
      expect(waited).toBeLessThanOrEqual(LEASE_WAIT_MS);
      expect(env.api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(await env.store.get('all-events')).toBeUndefined();
    });

    it('lets a waiting deploy go on once the holder releases it', async () => {
      // Arrange
      const taken = await env.store.acquireLease({
        holder: 'repair/watcher/1',
        actor: 'repair',
        durationMs: 6 * 60_000,
        now: env.now(),
      });
      if (!taken.acquired) throw new Error('not acquired');
      env.onSleep(async () => {
        if (env.sleeps.length === 3) await env.store.releaseLease(taken.lease);
      });

      // Act
      const result = await env.handler(createEvent(properties(env.signingSecretArn)));

      // Assert
      expect(env.sleeps.slice(0, 3)).toEqual([2_000, 2_000, 2_000]);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
      expect(await env.store.readLease()).toBeUndefined();
    });

    it('serializes two subscriptions deployed at once', async () => {
      // Act: CloudFormation sends the events of independent resources together.
      const [accounts, paystubs] = await Promise.all([
        env.handler(createEvent(properties(env.signingSecretArn, { [P.NAME]: 'accounts' }), 'Accounts')),
        env.handler(createEvent(properties(env.signingSecretArn, { [P.NAME]: 'paystubs' }), 'Paystubs')),
      ]);

      // Assert
      expect(env.api.subscriptions.map((s) => s.id).sort()).toEqual(
        [subscriptionIdOf(accounts), subscriptionIdOf(paystubs)].sort(),
      );
      expect((await env.store.list()).map((r) => r.name)).toEqual(['accounts', 'paystubs']);
      expect(await env.store.readLease()).toBeUndefined();
    });
  });

  describe('the deploy marker', () => {
    it('says a deploy is in progress for 20 minutes after each event', async () => {
      // Act
      const created = await env.handler(createEvent(properties(env.signingSecretArn)));
      const at = env.now();

      // Assert
      expect(await env.store.getMarker(DEPLOY_MARKER, at)).toMatchObject({
        values: {
          requestType: 'Create',
          name: 'all-events',
          logicalResourceId: 'SubscriptionsAllEvents5B3A1C2D',
        },
      });
      await env.handler(deleteEvent(created.PhysicalResourceId, properties(env.signingSecretArn)));
      const marker = await env.store.getMarker(DEPLOY_MARKER, env.now());
      expect(marker?.values).toMatchObject({
        requestType: 'Delete',
        physicalResourceId: created.PhysicalResourceId,
      });
      expect(await env.store.getMarker(DEPLOY_MARKER, (marker?.expiresAt ?? 0) - 1)).toBeDefined();
      expect(marker?.expiresAt).toBeGreaterThanOrEqual(at + DEPLOY_MARKER_WINDOW_MS);
      expect(
        await env.store.getMarker(DEPLOY_MARKER, env.now() + DEPLOY_MARKER_WINDOW_MS + 1_000),
      ).toBeUndefined();
    });
  });

  describe('permissions that IAM has not applied yet', () => {
    it('are waited for a few seconds on the first call to the table', async () => {
      // Arrange: the deploy that brings the table also brings the function's permissions on it.
      env.dynamoDb.failNext(2, 'AccessDeniedException');

      // Act
      const result = await env.handler(createEvent(properties(env.signingSecretArn)));

      // Assert
      expect(env.sleeps.slice(0, 2)).toEqual([2_000, 4_000]);
      expect(env.api.subscriptions.map((s) => s.id)).toEqual([subscriptionIdOf(result)]);
    });

    it('fail the event, naming the table, when they never come', async () => {
      env.dynamoDb.failNext(4, 'AccessDeniedException');

      const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

      expect(error.message).toBe(
        `Create of the Argyle subscription failed: DynamoDB PutItem on the subscriptions' state table ${env.stateTable} failed: AccessDeniedException: injected AccessDeniedException. The function may not use the table (or its KMS key).`,
      );
      expect(env.api.requests).toEqual([]);
    });
  });

  describe('a failed record write', () => {
    it('deletes the subscription it just created, so the rollback leaves nothing behind', async () => {
      // Arrange: the record write after the create fails on every attempt.
      const handler = env.handlerWith({
        ...FAST_CLIENT,
        fetch: async (input, init) => {
          if (init?.method === 'POST') env.dynamoDb.failNext(3);
          return fetch(input, init);
        },
      });

      // Act
      const error = await rejection(handler(createEvent(properties(env.signingSecretArn))));

      // Assert
      expect(error.message).toMatch(
        /^DynamoDB PutItem on the subscriptions' state table \S+ failed: InternalServerError: injected InternalServerError\.; the subscription was deleted again, nothing is left behind$/,
      );
      expect(env.api.subscriptions).toEqual([]);
      expect(calls()).toEqual(['GET', 'POST', 'DELETE']);
    });
  });
});
