/** Repair: what is missing, changed or signs with the wrong secret is restored; nothing not ours is deleted. */
import { describe, expect, it } from 'vitest';
import { ArgyleApiError } from '#functions/argyle-api/index';
import { SIGNING_SECRET_SETTLE_MS } from '#functions/shared/contract';
import type { OwnershipRecord, OwnershipRecordInput } from '#functions/subscription/state/record';
import { StaleRecordError } from '#functions/subscription/state/store';
import { clientOf } from '../../support/fake-argyle-api-fixture';
import { ACCOUNTS, PAYSTUBS, SIGNING_SECRET, useWatcherEnvironment, WEBHOOK_URL } from './harness';

const env = useWatcherEnvironment();

const ownedIds = async (name: string) => (await env.store.get(name))?.owned.map((owned) => owned.id);

describe('repair', () => {
  it('is off by default: a subscription deleted in Console is reported, not restored', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);

    await env.run();

    expect(env.api.subscriptions).toEqual([]);
    expect(env.driftMetrics()).toEqual(['missing/accounts']);
    expect(env.repairMetrics()).toEqual([]);
    expect(await ownedIds('accounts')).toEqual([live.id]);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('repair is off') }),
    );
  });

  it('restores a subscription deleted in Console and records the new one as owned', async () => {
    const live = await env.deployed(ACCOUNTS);
    await env.deployed(PAYSTUBS);
    await clientOf(env.api).delete(live.id);

    const run = await env.run({ repair: true });

    expect(run.errors).toEqual([]);
    const restored = env.api.subscriptions.find((s) => s.name === 'accounts');
    expect(restored).toMatchObject({
      events: ['accounts.connected', 'accounts.updated'],
      config: { include_resource: true },
      url: WEBHOOK_URL,
      secret: SIGNING_SECRET,
    });
    const record = await env.store.get('accounts');
    expect(record?.owned).toEqual([
      expect.objectContaining({ id: restored?.id, createdBy: 'repair', physicalId: record?.physicalId }),
    ]);
    expect(record?.updatedBy).toBe('repair');
    expect(env.repairMetrics()).toEqual(['created/accounts']);
    expect(await env.store.readLease()).toBeUndefined();
  });

  it('waits until every receiver can read the signing secret before creating', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);

    await env.run({ repair: true });

    expect(env.sleeps).toEqual([SIGNING_SECRET_SETTLE_MS]);
  });

  it('finds nothing to do on the next run after a repair', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);
    await env.run({ repair: true });
    env.emf.length = 0;

    await env.run({ repair: true });

    expect(env.driftMetrics()).toEqual([]);
    expect(env.repairMetrics()).toEqual([]);
    expect(env.api.subscriptions).toHaveLength(1);
  });

  it('adopts an identical live subscription instead of creating one', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);
    const [recreated] = env.api.seed({
      name: 'accounts',
      events: ['accounts.updated', 'accounts.connected'],
      config: { include_resource: true },
      url: WEBHOOK_URL,
      secret: SIGNING_SECRET,
    });

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).toEqual([recreated?.id]);
    expect(await ownedIds('accounts')).toEqual([recreated?.id]);
    expect(env.repairMetrics()).toEqual(['adopted/accounts']);
    expect(env.sleeps).toEqual([]);
  });

  it('replaces a changed subscription the stack owns: creates the configured one, then deletes the wrong one', async () => {
    const changed = await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).not.toContain(changed.id);
    const [restored] = env.api.subscriptions;
    expect(env.api.subscriptions).toHaveLength(1);
    expect(restored?.events).toEqual(['accounts.connected', 'accounts.updated']);
    expect(await ownedIds('accounts')).toEqual([restored?.id]);
    expect(env.repairMetrics()).toEqual(['created/accounts', 'deleted/accounts']);
    const creates = env.api.requests.findIndex((r) => r.method === 'POST');
    const deletes = env.api.requests.findIndex((r) => r.method === 'DELETE');
    expect(creates).toBeGreaterThan(-1);
    expect(deletes).toBeGreaterThan(creates);
  });

  it('recreates a subscription the stack owns that signs with another secret, outside a rotation', async () => {
    const wrong = await env.deployed(ACCOUNTS, { secret: 'whsec-someone-else-000' });

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).not.toContain(wrong.id);
    expect(env.api.subscriptions).toEqual([expect.objectContaining({ secret: SIGNING_SECRET })]);
  });

  it('never deletes a subscription the stack does not own: a duplicate at its URL is only reported', async () => {
    await env.deployed(ACCOUNTS);
    const [stray] = env.api.seed({ name: 'manual-test', events: ['*'], url: WEBHOOK_URL });

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).toContain(stray?.id);
    expect(env.api.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(env.driftMetrics()).toEqual(['duplicate/accounts']);
  });

  it('never deletes a changed subscription of the same name it does not own, and creates the configured one beside it', async () => {
    await env.record(ACCOUNTS, []);
    const [foreign] = env.api.seed({
      name: 'accounts',
      events: ['accounts.connected'],
      url: WEBHOOK_URL,
      secret: SIGNING_SECRET,
    });

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).toContain(foreign?.id);
    expect(env.api.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(env.api.subscriptions).toHaveLength(2);
    const owned = await ownedIds('accounts');
    expect(owned).toHaveLength(1);
    expect(owned).not.toContain(foreign?.id);
  });

  it('deletes a second subscription the stack owns outside a rotation, keeping the configured one', async () => {
    const first = await env.deployed(ACCOUNTS);
    const [second] = env.api.seed({
      name: 'accounts',
      events: [...ACCOUNTS.events],
      config: { include_resource: true },
      url: WEBHOOK_URL,
      secret: SIGNING_SECRET,
    });
    await env.record(ACCOUNTS, [first.id, second?.id ?? '']);

    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).toEqual([first.id]);
    expect(await ownedIds('accounts')).toEqual([first.id]);
    expect(env.repairMetrics()).toEqual(['deleted/accounts']);
  });

  it('drops owned ids Argyle no longer lists when the one kept is still live', async () => {
    const live = await env.deployed(ACCOUNTS);
    await env.record(ACCOUNTS, [live.id, '00000000-0000-4000-8000-00000000dead']);

    await env.run({ repair: true });

    expect(await ownedIds('accounts')).toEqual([live.id]);
    expect(env.repairMetrics()).toEqual(['recorded/accounts']);
  });

  it('skips this run, and says so, when the lease is held by someone else', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);
    const lease = await env.store.acquireLease({
      holder: 'deploy-1',
      actor: 'deploy',
      durationMs: 60_000,
      now: env.now(),
    });
    // Taken after the watcher looked (as a deploy starting meanwhile would).
    const deps = {
      store: Object.assign(Object.create(env.store) as typeof env.store, {
        readLease: async () => undefined,
      }),
    };

    const run = await env.run({ repair: true }, deps);

    expect(lease.acquired).toBe(true);
    expect(env.api.subscriptions).toEqual([]);
    expect(env.repairMetrics()).toEqual(['skipped/accounts']);
    expect(run.groups[0]?.repairSkipped).toMatch(/lease is held/);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('repair skipped this run') }),
    );
  });

  it('stops when the record changed meanwhile, and adopts what it created on the next run', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);
    let refusals = 1;
    const store = env.store;
    const racing = Object.assign(Object.create(store) as typeof store, {
      put: async (record: OwnershipRecordInput, expected: number | undefined): Promise<OwnershipRecord> => {
        if (refusals-- > 0) throw new StaleRecordError('changed since it was read');
        return store.put(record, expected);
      },
    });

    await env.run({ repair: true }, { store: racing });

    const [created] = env.api.subscriptions;
    expect(env.api.subscriptions).toHaveLength(1);
    expect(await ownedIds('accounts')).toEqual([live.id]);
    expect(env.repairMetrics()).toEqual(['created/accounts', 'skipped/accounts']);

    env.emf.length = 0;
    await env.run({ repair: true });

    expect(env.api.subscriptions.map((s) => s.id)).toEqual([created?.id]);
    expect(await ownedIds('accounts')).toEqual([created?.id]);
    expect(env.repairMetrics()).toEqual(['adopted/accounts']);
  });

  it('repairs nothing while the list is incomplete', async () => {
    await env.record(ACCOUNTS, ['00000000-0000-4000-8000-000000000000']);
    for (let i = 0; i < 201; i++) env.api.seed({ name: `other-${i}`, url: 'https://other.example.com/hook' });

    await env.run({ repair: true, maxPages: 1 });

    expect(env.api.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('repairs nothing during a rotation', async () => {
    env.secrets.setStage('AWSPENDING', 'whsec-pending-123', env.signingSecretArn);
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });

    await env.run({ repair: true });

    expect(env.api.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('fails the run, leaving the record as it was, when Argyle refuses the create', async () => {
    const live = await env.deployed(ACCOUNTS);
    await clientOf(env.api).delete(live.id);
    const refusing = async () => {
      const client = clientOf(env.api);
      return {
        pages: client.pages.bind(client),
        list: client.list.bind(client),
        delete: client.delete.bind(client),
        create: async () => {
          throw new ArgyleApiError('Argyle answered 400: events: Invalid event', 'http', {
            method: 'POST',
            path: '/v2/webhooks',
            attempts: 1,
            status: 400,
          });
        },
      };
    };

    const run = await env.run({ repair: true }, { argyle: refusing });

    expect(run.errors).toHaveLength(1);
    expect(await ownedIds('accounts')).toEqual([live.id]);
    expect(env.repairMetrics()).toEqual(['failed/accounts']);
    expect(env.documents().flatMap((d) => d.metrics)).toContain('SubscriptionWatcherRuns');
    expect(await env.store.readLease()).toBeUndefined();
  });
});
