/**
 * One contract, two stores: the in-memory store of the unit tests and the DynamoDB store (against the local
 * DynamoDB stand-in, dynalite speaking the real protocol) must agree on every conditional write, the lease and
 * the markers, so that what the unit tests prove of the one holds of the other.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUBSCRIPTION_ENV } from '#functions/shared/contract';
import {
  createDynamoDbClient,
  DynamoDbStateStore,
  StateStoreError,
  stateTableFromEnvironment,
} from '#functions/subscription/state/dynamodb-store';
import { LeaseBusyError, withLease } from '#functions/subscription/state/lease';
import { MemoryStateStore } from '#functions/subscription/state/memory-store';
import type { OwnershipRecordInput } from '#functions/subscription/state/record';
import { StaleRecordError, type SubscriptionStateStore } from '#functions/subscription/state/store';
import { LocalDynamoDb } from '#local/dynamodb';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');

function record(name: string, overrides: Partial<OwnershipRecordInput> = {}): OwnershipRecordInput {
  return {
    name,
    desired: {
      name,
      events: ['items.updated', 'items.removed'],
      config: { items: ['item_000000001', 'item_000000002'] },
      url: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/webhook',
    },
    target: {
      environment: 'sandbox',
      apiVersion: 'v2',
      credentialsSecretName: 'argyle-webhooks/sandbox/api',
    },
    signingSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:signing-AbCdEf',
    physicalId: `argyle-subscription/${name}/1`,
    owned: [
      {
        id: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
        physicalId: `argyle-subscription/${name}/1`,
        secretVersionId: 'c1d2e3f4-0000-4000-8000-000000000001',
        createdAt: '2026-11-23T02:10:32.226Z',
        createdBy: 'deploy',
      },
    ],
    retired: [],
    updatedBy: 'deploy',
    ...overrides,
  };
}

interface StoreFixture {
  readonly store: SubscriptionStateStore;
  /** A second store over the same data (another Lambda instance), where the kind allows it. */
  readonly other: SubscriptionStateStore;
}

const dynamo: { local?: LocalDynamoDb } = {};

const kinds: [string, () => Promise<StoreFixture>][] = [
  [
    'the in-memory store',
    async () => {
      const store = new MemoryStateStore(() => NOW);
      return { store, other: store };
    },
  ],
  [
    'the DynamoDB store',
    async () => {
      const local = dynamo.local;
      if (local === undefined) throw new Error('the local DynamoDB is not started');
      const table = await local.createStateTable();
      return {
        store: new DynamoDbStateStore(local.client, table, () => NOW),
        other: new DynamoDbStateStore(local.client, table, () => NOW),
      };
    },
  ],
];

beforeAll(async () => {
  dynamo.local = await LocalDynamoDb.start();
});
afterAll(async () => {
  await dynamo.local?.close();
});

describe.each(kinds)('%s', (_kind, make) => {
  let store: SubscriptionStateStore;
  let other: SubscriptionStateStore;
  beforeEach(async () => {
    ({ store, other } = await make());
  });

  describe('ownership records', () => {
    it('has no record of a name never written', async () => {
      expect(await store.get('all-events')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('writes a new record at revision 1 and reads back exactly what was written', async () => {
      // Act
      const written = await store.put(record('accounts'), undefined);

      // Assert
      expect(written).toEqual({ ...record('accounts'), revision: 1, updatedAt: new Date(NOW).toISOString() });
      expect(await other.get('accounts')).toEqual(written);
    });

    it('refuses to create a record that exists already', async () => {
      await store.put(record('accounts'), undefined);

      await expect(other.put(record('accounts'), undefined)).rejects.toBeInstanceOf(StaleRecordError);
    });

    it('writes over the revision it read, and refuses a write over a revision someone else replaced', async () => {
      // Arrange: two writers read revision 1.
      await store.put(record('accounts'), undefined);

      // Act
      const first = await store.put(record('accounts', { updatedBy: 'repair' }), 1);
      const second = other.put(record('accounts', { updatedBy: 'rotation' }), 1);

      // Assert
      expect(first.revision).toBe(2);
      await expect(second).rejects.toBeInstanceOf(StaleRecordError);
      expect((await store.get('accounts'))?.updatedBy).toBe('repair');
    });

    it('refuses to write over a revision when the record does not exist', async () => {
      await expect(store.put(record('accounts'), 3)).rejects.toBeInstanceOf(StaleRecordError);
    });

    it('deletes a record only at the revision it read', async () => {
      // Arrange
      await store.put(record('accounts'), undefined);
      await store.put(record('accounts'), 1);

      // Act
      const stale = store.delete('accounts', 1);

      // Assert
      await expect(stale).rejects.toBeInstanceOf(StaleRecordError);
      await store.delete('accounts', 2);
      expect(await store.get('accounts')).toBeUndefined();
      await expect(store.delete('accounts', 2)).rejects.toBeInstanceOf(StaleRecordError);
    });

    it('lists every record and nothing else of the table', async () => {
      // Arrange
      await store.put(record('paystubs'), undefined);
      await store.put(record('accounts', { retired: record('accounts').owned }), undefined);
      await store.putMarker({ name: 'deploy', values: { requestType: 'Update' } });
      await store.acquireLease({ holder: 'h', actor: 'deploy', durationMs: 1_000, now: NOW });

      // Act
      const names = (await other.list()).map((r) => r.name).sort();

      // Assert
      expect(names).toEqual(['accounts', 'paystubs']);
    });
  });

  describe('the lease', () => {
    const request = (holder: string, now = NOW, durationMs = 60_000) =>
      ({ holder, actor: 'deploy', durationMs, now }) as const;

    it('is taken when free, and refused to another holder until it expires', async () => {
      // Act
      const first = await store.acquireLease(request('deploy-1'));
      const second = await other.acquireLease({ ...request('repair-1', NOW + 59_999), actor: 'repair' });

      // Assert
      const lease = { holder: 'deploy-1', actor: 'deploy', acquiredAt: NOW, expiresAt: NOW + 60_000 };
      expect(first).toEqual({ acquired: true, lease });
      expect(second).toEqual({ acquired: false, heldBy: lease });
    });

    it('is taken over by another holder from the moment it expires', async () => {
      // Arrange
      await store.acquireLease(request('deploy-1'));

      // Act
      const takeover = await other.acquireLease({ ...request('repair-1', NOW + 60_000), actor: 'repair' });

      // Assert
      expect(takeover).toEqual({
        acquired: true,
        lease: { holder: 'repair-1', actor: 'repair', acquiredAt: NOW + 60_000, expiresAt: NOW + 120_000 },
      });
      expect(await store.readLease()).toEqual({ ...(takeover.acquired ? takeover.lease : {}) });
    });

    it('is renewed by its holder, which keeps the time it was first taken', async () => {
      await store.acquireLease(request('deploy-1'));

      const renewed = await other.acquireLease(request('deploy-1', NOW + 30_000));

      expect(renewed).toEqual({
        acquired: true,
        lease: { holder: 'deploy-1', actor: 'deploy', acquiredAt: NOW, expiresAt: NOW + 90_000 },
      });
    });

    it('is free again once its holder releases it', async () => {
      // Arrange
      const taken = await store.acquireLease(request('deploy-1'));
      if (!taken.acquired) throw new Error('not acquired');

      // Act
      await store.releaseLease(taken.lease);

      // Assert
      expect(await store.readLease()).toBeUndefined();
      expect((await other.acquireLease(request('repair-1'))).acquired).toBe(true);
    });

    it('is not released by a former holder after someone else took it over', async () => {
      // Arrange
      const expired = await store.acquireLease(request('deploy-1'));
      if (!expired.acquired) throw new Error('not acquired');
      await other.acquireLease(request('repair-1', NOW + 60_001));

      // Act
      await store.releaseLease(expired.lease);

      // Assert
      expect((await store.readLease())?.holder).toBe('repair-1');
    });

    it('reads as stored, expired or not', async () => {
      await store.acquireLease(request('deploy-1', NOW, 1));

      expect(await other.readLease()).toEqual({
        holder: 'deploy-1',
        actor: 'deploy',
        acquiredAt: NOW,
        expiresAt: NOW + 1,
      });
    });

    it('goes to exactly one of two holders asking at the same time', async () => {
      const outcomes = await Promise.all([
        store.acquireLease(request('deploy-1')),
        other.acquireLease(request('deploy-2')),
      ]);

      expect(outcomes.filter((o) => o.acquired)).toHaveLength(1);
      const loser = outcomes.find((o) => !o.acquired);
      const winner = outcomes.find((o) => o.acquired);
      expect(loser?.acquired === false && loser.heldBy.holder).toBe(winner?.acquired && winner.lease.holder);
    });

    it('makes a second holder wait under withLease, then fail saying who holds it', async () => {
      // Arrange
      let clock = NOW;
      const options = {
        waitMs: 10_000,
        pollMs: 2_000,
        now: () => clock,
        sleep: async (ms: number) => {
          clock += ms;
        },
      };
      await store.acquireLease({ ...request('repair-7'), actor: 'repair' });

      // Act
      const error = await withLease(
        other,
        { holder: 'deploy-2', actor: 'deploy', durationMs: 1_000 },
        async () => 1,
        options,
      ).catch((e: unknown) => e);

      // Assert
      expect(error).toBeInstanceOf(LeaseBusyError);
      expect((error as Error).message).toBe(
        'another repair (repair-7) is changing the Argyle subscriptions since 2026-12-01T10:00:00.000Z; its lease ends by 2026-12-01T10:01:00.000Z',
      );
      expect(clock).toBe(NOW + 10_000);
    });
  });

  describe('markers', () => {
    it('reads a marker back until it expires', async () => {
      // Arrange
      const marker = {
        name: 'deploy',
        values: { requestType: 'Update', name: 'accounts' },
        expiresAt: NOW + 1_000,
      };

      // Act
      await store.putMarker(marker);

      // Assert
      expect(await other.getMarker('deploy', NOW + 999)).toEqual(marker);
      expect(await other.getMarker('deploy', NOW + 1_000)).toBeUndefined();
    });

    it('keeps a marker without expiry, and the last one written of a name', async () => {
      await store.putMarker({ name: 'rotation', values: { at: 'first' } });
      await store.putMarker({ name: 'rotation', values: { at: 'second' } });

      expect(await other.getMarker('rotation', NOW + 10 ** 12)).toEqual({
        name: 'rotation',
        values: { at: 'second' },
      });
      expect(await other.getMarker('deploy', NOW)).toBeUndefined();
    });
  });
});

describe('the DynamoDB store', () => {
  it('reads every item strongly consistently (the stand-in refuses any other read)', async () => {
    // Arrange
    const local = dynamo.local as LocalDynamoDb;
    const store = new DynamoDbStateStore(local.client, await local.createStateTable());
    local.requests.length = 0;

    // Act
    await store.get('accounts');
    await store.list();
    await store.readLease();
    await store.getMarker('deploy', NOW);

    // Assert
    expect(local.requests.map((r) => [r.operation, r.input.ConsistentRead])).toEqual([
      ['GetItem', true],
      ['Scan', true],
      ['GetItem', true],
      ['GetItem', true],
    ]);
  });

  it('retries a failed call within its bound, then names the table and the error', async () => {
    // Arrange: the client the functions use, pointed at the stand-in.
    const local = dynamo.local as LocalDynamoDb;
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', local.endpoint);
    const table = await local.createStateTable();
    const store = new DynamoDbStateStore(createDynamoDbClient(), table);

    try {
      // Act
      local.failNext(2);
      const recovered = await store.get('accounts');
      local.failNext(3);
      const error = await store.get('accounts').catch((e: unknown) => e);

      // Assert
      expect(recovered).toBeUndefined();
      expect(error).toBeInstanceOf(StateStoreError);
      expect((error as Error).message).toBe(
        `DynamoDB GetItem on the subscriptions' state table ${table} failed: InternalServerError: injected InternalServerError.`,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('says when the table does not exist', async () => {
    const local = dynamo.local as LocalDynamoDb;
    const store = new DynamoDbStateStore(local.client, 'no-such-table');

    const error = await store.get('accounts').catch((e: unknown) => e);

    expect((error as Error).message).toMatch(/ResourceNotFoundException: .*The table does not exist/);
  });

  it('finds its table in the environment, and says when it is not set', () => {
    expect(stateTableFromEnvironment({ [SUBSCRIPTION_ENV.STATE_TABLE]: 'State-1' })).toBe('State-1');
    expect(() => stateTableFromEnvironment({})).toThrow(
      "ARGYLE_SUBSCRIPTION_STATE_TABLE is not set: the function does not know the subscriptions' state table",
    );
  });
});
