import { describe, expect, it } from 'vitest';
import type { OwnedSubscription, OwnershipRecord } from '#functions/subscription/state/record';
import {
  afterDeploy,
  type DeployInput,
  isArgyleId,
  parsePhysicalId,
  physicalIdOf,
  planDelete,
  planLegacyUpdate,
  preferredIds,
} from '#functions/subscription/state/record-transitions';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const AT = '2026-12-01T10:00:00.000Z';
const P1 = 'argyle-subscription/all-events/1';
const P2 = 'argyle-subscription/all-events/2';

const owned = (id: string, physicalId: string, createdBy: OwnedSubscription['createdBy'] = 'deploy') => ({
  id,
  physicalId,
  createdAt: AT,
  createdBy,
});

function record(overrides: Partial<OwnershipRecord> = {}): OwnershipRecord {
  return {
    name: 'all-events',
    desired: { name: 'all-events', events: ['*'], config: {}, url: 'https://example.com/webhook' },
    target: { environment: 'sandbox', apiVersion: 'v2', credentialsSecretName: 'credentials' },
    signingSecretArn: 'arn:signing',
    physicalId: P1,
    owned: [owned(A, P1)],
    retired: [],
    revision: 3,
    updatedAt: AT,
    updatedBy: 'deploy',
    ...overrides,
  };
}

function input(ensured: string, overrides: Partial<DeployInput> = {}): DeployInput {
  const { desired, target, signingSecretArn } = record();
  return {
    requestType: 'Update',
    desired,
    target,
    signingSecretArn,
    ensured: { id: ensured },
    at: AT,
    ...overrides,
  };
}

describe('physical ids', () => {
  it('name the subscription and a generation, never in the shape of an Argyle id', () => {
    expect(physicalIdOf('all-events', 1)).toBe(P1);
    expect(physicalIdOf('a/b c', 12)).toBe('argyle-subscription/a%2Fb%20c/12');
    expect(parsePhysicalId('argyle-subscription/a%2Fb%20c/12')).toEqual({ name: 'a/b c', generation: 12 });
    expect(isArgyleId(P1)).toBe(false);
    expect(isArgyleId(A)).toBe(true);
  });

  it('are not read from anything else', () => {
    for (const id of [
      A,
      'argyle-subscription/x/0',
      'argyle-subscription/x',
      'AWSCDK::MISSING',
      'argyle-subscription/%E0/1',
    ]) {
      expect(parsePhysicalId(id)).toBeUndefined();
    }
  });
});

describe('preferredIds', () => {
  it('puts the owned ones first, then the retired ones, then a legacy Argyle id', () => {
    expect(preferredIds(record({ retired: [owned(B, 'x')] }), C)).toEqual([A, B, C]);
    expect(preferredIds(undefined, P1)).toEqual([]);
  });
});

describe('afterDeploy', () => {
  it('a Create owns the subscription under generation 1', () => {
    const next = afterDeploy(undefined, input(A, { requestType: 'Create' }));

    expect(next.physicalId).toBe(P1);
    expect(next.record).toMatchObject({
      physicalId: P1,
      owned: [owned(A, P1)],
      retired: [],
      updatedBy: 'deploy',
    });
  });

  it('an Update that lands on an owned subscription keeps the physical id and retires nothing', () => {
    const next = afterDeploy(
      record(),
      input(A, { previousPhysicalId: P1, ensured: { id: A, secretVersionId: 'v2' } }),
    );

    expect(next.physicalId).toBe(P1);
    expect(next.retired).toEqual([]);
    expect(next.record.owned).toEqual([{ ...owned(A, P1), secretVersionId: 'v2' }]);
  });

  it('an Update to a new subscription retires the owned ones under the old physical id', () => {
    const next = afterDeploy(record(), input(B, { previousPhysicalId: P1 }));

    expect(next.physicalId).toBe(P2);
    expect(next.record.owned).toEqual([owned(B, P2)]);
    expect(next.record.retired).toEqual([owned(A, P1)]);
    expect(next.retired).toEqual([owned(A, P1)]);
  });

  it('a rollback takes the original back from the retired ones under a new generation', () => {
    const replaced = record({ physicalId: P2, owned: [owned(B, P2)], retired: [owned(A, P1)] });

    const next = afterDeploy(replaced, input(A, { previousPhysicalId: P2 }));

    expect(next.physicalId).toBe('argyle-subscription/all-events/3');
    expect(next.record.owned).toEqual([owned(A, 'argyle-subscription/all-events/3')]);
    expect(next.record.retired).toEqual([owned(B, P2)]);
  });

  it('the migration takes the legacy subscription over when it is still what is wanted', () => {
    const next = afterDeploy(undefined, input(A, { previousPhysicalId: A }));

    expect(next.physicalId).toBe(P1);
    expect(next.record).toMatchObject({
      owned: [owned(A, P1, 'migration')],
      retired: [],
      updatedBy: 'migration',
    });
  });

  it('the migration with a changed setting retires the legacy subscription under its Argyle id', () => {
    const next = afterDeploy(undefined, input(B, { previousPhysicalId: A }));

    expect(next.record.owned).toEqual([owned(B, P1)]);
    expect(next.record.retired).toEqual([owned(A, A, 'migration')]);
  });

  it('a Create over an existing record (the name moved to another resource) moves everything owned under a new id', () => {
    const rotating = record({ owned: [owned(A, P1), owned(B, P1, 'rotation')] });

    const next = afterDeploy(rotating, input(B, { requestType: 'Create' }));

    expect(next.physicalId).toBe(P2);
    expect(next.record.owned.map((s) => [s.id, s.physicalId])).toEqual([
      [B, P2],
      [A, P2],
    ]);
  });
});

describe('planDelete', () => {
  it('destroys everything owned and retired at the current physical id', () => {
    const current = record({ owned: [owned(A, P2), owned(C, P2)], physicalId: P2, retired: [owned(B, P1)] });

    expect(planDelete(P2, current, [current])).toEqual({ kind: 'destroy', deleteIds: [A, C, B] });
  });

  it('cleans up only what was retired under a replaced physical id', () => {
    const current = record({
      physicalId: P2,
      owned: [owned(B, P2)],
      retired: [owned(A, P1), owned(C, 'other')],
    });

    const plan = planDelete(P1, current, [current]);

    expect(plan).toMatchObject({ kind: 'cleanup', deleteIds: [A], record: { retired: [owned(C, 'other')] } });
  });

  it('deletes a legacy Argyle id only when no record owns it', () => {
    const migrated = record({ owned: [owned(A, P1, 'migration')] });

    expect(planDelete(A, migrated, [migrated])).toEqual({ kind: 'nothing' });
    expect(planDelete(B, undefined, [migrated])).toEqual({
      kind: 'cleanup',
      deleteIds: [B],
      record: undefined,
    });
  });

  it('deletes nothing for an unknown physical id of ours', () => {
    expect(planDelete('argyle-subscription/all-events/9', record(), [record()])).toEqual({ kind: 'nothing' });
    expect(planDelete(P1, undefined, [])).toEqual({ kind: 'nothing' });
  });
});

describe('planLegacyUpdate', () => {
  it('deletes everything the record held but the subscription kept', () => {
    expect(planLegacyUpdate(record({ owned: [owned(B, P1)], retired: [owned(A, A)] }), A)).toEqual([B]);
    expect(planLegacyUpdate(undefined, A)).toEqual([]);
  });
});
