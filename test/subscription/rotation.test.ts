/**
 * The signing secret's rotation, end to end: Secrets Manager (the stand-in) calls the rotation function for the
 * four steps, the function replaces every recorded subscription in the fake Argyle API under the lease, and the
 * ownership records live in the local DynamoDB stand-in. Deploy, repair and destroy go through the records as
 * the custom resource and the watcher do (rotation-harness.ts).
 */
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it, vi } from 'vitest';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { HOUR_MS, useRotationEnvironment } from './rotation-harness';

const env = useRotationEnvironment();

const stage = (label: 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING') =>
  env.secrets.valueOf(label, env.signingSecretArn);

/** What Argyle holds, by name, with the stage each one's secret is. */
function liveByName() {
  const stageOf = (secret: string | null) =>
    secret === stage('AWSCURRENT')
      ? 'current'
      : secret === stage('AWSPENDING')
        ? 'pending'
        : secret === stage('AWSPREVIOUS')
          ? 'previous'
          : 'none';
  return env.api.subscriptions
    .map((s) => ({ name: s.name, id: s.id, signs: stageOf(s.secret) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function ownedIds(name: string) {
  return (await env.store.get(name))?.owned.map((owned) => owned.id) ?? [];
}

describe('a rotation of the signing secret', () => {
  it('replaces every subscription: create, rotate, repair after a Console delete, rotate again, destroy leave nothing behind', async () => {
    // Arrange: two configured subscriptions, deployed.
    await env.deploy(['accounts', 'all-events']);
    const first = stage('AWSCURRENT');

    // Act 1: rotate.
    const rotation = await env.rotate();

    // Assert 1: the new value is current, the old one previous, one subscription each, signed with the new one.
    expect(rotation.steps).toEqual([
      { step: 'createSecret' },
      { step: 'setSecret' },
      { step: 'testSecret' },
      { step: 'finishSecret' },
    ]);
    expect(stage('AWSPREVIOUS')).toBe(first);
    expect(stage('AWSCURRENT')).not.toBe(first);
    expect(stage('AWSCURRENT')).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(liveByName().map(({ name, signs }) => [name, signs])).toEqual([
      ['accounts', 'current'],
      ['all-events', 'current'],
    ]);
    for (const { name, id } of liveByName()) expect(await ownedIds(name)).toEqual([id]);
    expect((await env.store.get('accounts'))?.owned[0]).toMatchObject({
      secretVersionId: rotation.token,
      createdBy: 'rotation',
    });

    // Act 2: an hour later (the deploy's marker has expired), someone deletes one in Argyle Console; the
    // watcher's repair recreates it.
    env.clock.advance(HOUR_MS);
    const [, allEvents] = liveByName();
    await env.console().delete(allEvents?.id ?? '');
    const repaired = await env.repair('all-events');

    // Act 3: rotate again, a day later.
    env.clock.advance(25 * HOUR_MS);
    const second = await env.rotate();

    // Assert 3: the repaired one was replaced too.
    expect(second.steps.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(liveByName().map(({ name, signs }) => [name, signs])).toEqual([
      ['accounts', 'current'],
      ['all-events', 'current'],
    ]);
    expect(liveByName().map((s) => s.id)).not.toContain(repaired);

    // No value ever reached the log.
    for (const value of [first, stage('AWSPREVIOUS'), stage('AWSCURRENT')]) {
      expect(env.log.text()).not.toContain(value);
    }

    // Act 4: destroy.
    await env.destroy();

    // Assert 4: nothing in Argyle, no record, no lease left.
    expect(env.api.subscriptions).toEqual([]);
    expect(await env.store.list()).toEqual([]);
    const lease = await env.store.readLease();
    expect(lease === undefined || lease.expiresAt <= env.clock.now()).toBe(true);
  });

  it('refuses a second rotation inside the minimum interval, without leaving a rotation in progress', async () => {
    // Arrange
    await env.deploy();
    await env.rotate();
    const current = stage('AWSCURRENT');
    const before = liveByName();
    env.clock.advance(3 * HOUR_MS);

    // Act
    const refused = await env.rotate();

    // Assert: refused at createSecret with what to do, nothing changed, and a later rotation may start.
    expect(refused.steps).toHaveLength(1);
    expect(refused.steps[0]?.error).toMatch(
      /^RotationRefusedError: rotation refused: the signing secret last changed at .*, 3 h ago, and two rotations must be at least 24 h apart \(signingSecret\.rotation\.minimumIntervalHours\).*Rotate again after /,
    );
    expect(stage('AWSCURRENT')).toBe(current);
    expect([undefined, current]).toContain(stage('AWSPENDING'));
    expect(liveByName()).toEqual(before);
    env.clock.advance(22 * HOUR_MS);
    expect((await env.rotate()).steps.map((s) => s.error)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('leaves the old value and subscription working when setSecret fails', async () => {
    // Arrange
    await env.deploy();
    const [before] = liveByName();
    const old = stage('AWSCURRENT');
    env.api.failNext(20, { status: 400, body: { detail: 'injected refusal' } });

    // Act
    const run = await env.rotate();

    // Assert: the value is still current, the subscription still live with it, still the one owned.
    expect(run.steps.map((s) => s.step)).toEqual(['createSecret', 'setSecret']);
    expect(run.steps[1]?.error).toMatch(/injected refusal/);
    expect(stage('AWSCURRENT')).toBe(old);
    expect(liveByName()).toEqual([{ name: 'all-events', id: before?.id, signs: 'current' }]);
    expect(await ownedIds('all-events')).toEqual([before?.id]);
    expect(env.log.text()).not.toContain(stage('AWSPENDING'));
  });

  it('resumes a retried rotation where it stopped, adopting what it made before a lost answer: no duplicate, no orphan', async () => {
    // Arrange: the first record write of setSecret fails after the replacement was created in Argyle.
    await env.deploy(['accounts', 'all-events']);
    const put = vi.spyOn(env.store, 'put').mockRejectedValueOnce(new Error('DynamoDB did not answer'));
    const failed = await env.rotate();
    put.mockRestore();
    expect(failed.steps.at(-1)).toMatchObject({ step: 'setSecret', error: 'Error: DynamoDB did not answer' });
    expect(env.api.subscriptions).toHaveLength(3);

    // Act: Secrets Manager tries the rotation again with the same token; setSecret is also repeated once more.
    for (const step of ['setSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      await env.rotation({ Step: step, SecretId: env.signingSecretArn, ClientRequestToken: failed.token });
    }

    // Assert
    expect(liveByName().map(({ name, signs }) => [name, signs])).toEqual([
      ['accounts', 'current'],
      ['all-events', 'current'],
    ]);
    for (const { name, id } of liveByName()) expect(await ownedIds(name)).toEqual([id]);
    expect(env.log.lines.some((line) => line.message === 'adopting existing subscription')).toBe(true);
  });

  it('finishes the clean-up when finishSecret is called again after it promoted the value but failed in Argyle', async () => {
    // Arrange: Argyle refuses the calls of finishSecret's clean-up, once.
    await env.deploy();
    env.hook = async (step, run) => {
      if (step === 'finishSecret') env.api.failNext(1, { status: 400, body: { detail: 'injected refusal' } });
      return run();
    };
    const run = await env.rotate();
    expect(run.steps.at(-1)).toMatchObject({
      step: 'finishSecret',
      error: expect.stringMatching(/injected refusal/),
    });
    expect(
      liveByName()
        .map((s) => s.signs)
        .sort(),
    ).toEqual(['current', 'previous']);

    // Act
    await env.rotation({
      Step: 'finishSecret',
      SecretId: env.signingSecretArn,
      ClientRequestToken: run.token,
    });

    // Assert
    const live = liveByName();
    expect(live.map((s) => s.signs)).toEqual(['current']);
    expect(await ownedIds('all-events')).toEqual([live[0]?.id]);
  });

  it('deletes the replacement of a rotation that was abandoned, when the next one runs', async () => {
    // Arrange: a rotation stops after setSecret, and the operator takes AWSPENDING off its version.
    await env.deploy();
    const [original] = liveByName();
    env.hook = async (step, run) => {
      if (step === 'testSecret') throw new Error('stopped by the test');
      return run();
    };
    const abandoned = await env.rotate();
    env.hook = (_step, run) => run();
    const client = createSecretsManagerClient();
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: env.signingSecretArn,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: abandoned.token,
      }),
    );
    client.destroy();
    expect(liveByName().map((s) => s.signs)).toEqual(['current', 'none']);

    // Act
    const next = await env.rotate();

    // Assert: the abandoned replacement and the original are gone; the new replacement is the one owned.
    expect(next.steps.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]);
    const live = liveByName();
    expect(live.map((s) => s.signs)).toEqual(['current']);
    expect(live[0]?.id).not.toBe(original?.id);
    expect(await ownedIds('all-events')).toEqual([live[0]?.id]);
  });
});

describe('the rotation function', () => {
  it('rotates only the signing secret it was given', async () => {
    // Arrange
    const other = env.secrets.put('some-other-secret', 'x');
    env.secrets.enableRotation(async () => {}, { name: other });
    // Act / Assert
    await expect(
      env.rotation({
        Step: 'createSecret',
        SecretId: other,
        ClientRequestToken: 'token-abcdefghijklmnopqrstuvwxyz12',
      }),
    ).rejects.toThrow(/rotates the signing secret .* only, not .*some-other-secret/);
  });

  it('refuses a token that is no staged version, and an event that is not a rotation step', async () => {
    await env.deploy();
    await expect(
      env.rotation({
        Step: 'setSecret',
        SecretId: env.signingSecretArn,
        ClientRequestToken: 'not-a-version-0123456789abcdef',
      }),
    ).rejects.toThrow(/has no stage for rotation/);
    await expect(env.rotation({ Step: 'rotate', SecretId: env.signingSecretArn })).rejects.toThrow(
      /not a Secrets Manager rotation event: Step "rotate" is not one of createSecret, setSecret, testSecret, finishSecret; ClientRequestToken is missing/,
    );
  });

  it('refuses to rotate when no subscription is recorded for the secret', async () => {
    const run = await env.rotate();
    expect(run.steps[0]?.error).toMatch(/rotation refused: no configured subscription is recorded/);
    expect(stage('AWSPENDING')).toBeUndefined();
  });

  it('waits until the new value has been readable for 40 s before any subscription signs with it', async () => {
    // Arrange
    await env.deploy();
    let storedAt = 0;
    let firstSignedAt = 0;
    env.hook = async (step, run) => {
      const result = await run();
      if (step === 'createSecret') storedAt = env.clock.now();
      if (step === 'setSecret') {
        const pending = stage('AWSPENDING');
        firstSignedAt = env.api.subscriptions.some((s) => s.secret === pending) ? env.clock.now() : 0;
      }
      return result;
    };
    // Act
    await env.rotate();
    // Assert
    expect(firstSignedAt - storedAt).toBeGreaterThanOrEqual(40_000);
  });
});
