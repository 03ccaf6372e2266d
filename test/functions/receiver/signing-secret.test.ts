/**
 * The signing secret cache against the Secrets Manager stand-in: the current version is required, the previous
 * and pending ones optional (the pending one read only when a signature needs it), and a stage holding no
 * string value counts as absent.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SigningSecret, SigningSecretUnavailableError } from '#functions/receiver/signing-secret';
import { type FakeSecretsManager, startFakeSecretsManager } from '#local/secrets-manager';

let secrets: FakeSecretsManager;

beforeEach(async () => {
  secrets = await startFakeSecretsManager('secret-two');
  secrets.setStage('AWSPREVIOUS', 'secret-one');
});

afterEach(async () => {
  await secrets.close();
});

const signingSecret = () =>
  new SigningSecret({
    client: new SecretsManagerClient({ endpoint: secrets.endpoint, maxAttempts: 1 }),
    secretId: secrets.arn,
    ttlMs: 300_000,
    minRefreshIntervalMs: 30_000,
  });

describe('the signing secret', () => {
  it('verifies with the current and the previous value', async () => {
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(2);
    expect(secret.previousUnavailable()).toBe(false);
  });

  it('reads only the current value for the current key, and the previous and pending ones when the keys are asked for', async () => {
    const secret = signingSecret();
    await secret.currentKey();
    expect(secrets.calls()).toBe(1);
    expect(await secret.keys()).toHaveLength(2);
    expect(await secret.keys()).toHaveLength(2);
    expect(secrets.calls()).toBe(3);
  });

  it('gives the current key at once, without a promise, while the cached read is fresh', async () => {
    const secret = signingSecret();
    const first = secret.currentKey();
    expect(first).toBeInstanceOf(Promise);
    const key = await first;
    expect(secret.currentKey()).toBe(key);
  });

  it('uses the current value alone when reading the previous one fails, and says the previous one is unavailable', async () => {
    secrets.failStage('AWSPREVIOUS', 'InternalServiceError');
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(1);
    expect(secret.previousUnavailable()).toBe(true);
  });

  it('does not wait for a slow previous value, and adds it once it arrives', async () => {
    // Arrange
    secrets.delay(1_500, 'AWSPREVIOUS');
    const secret = signingSecret();
    // Act
    const started = Date.now();
    const keys = await secret.keys();
    // Assert: well before the previous value's answer (generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(keys).toHaveLength(1);
    expect(secret.previousUnavailable()).toBe(true);
    await expect.poll(() => secret.previousUnavailable(), { timeout: 10_000, interval: 50 }).toBe(false);
    expect(await secret.keys()).toHaveLength(2);
  });

  it('counts a previous version without a string value as absent, not as an outage', async () => {
    secrets.setStage('AWSPREVIOUS', null);
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(1);
    expect(secret.previousUnavailable()).toBe(false);
  });

  it('counts a secret never rotated as having no previous value', async () => {
    secrets.setStage('AWSPREVIOUS', undefined);
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(1);
    expect(secret.previousUnavailable()).toBe(false);
  });

  it('pays no attention to an AWSPENDING version left without a value by a failed rotation', async () => {
    secrets.setStage('AWSPENDING', null);
    expect(await signingSecret().keys()).toHaveLength(2);
  });

  it('verifies with the pending value during a rotation, reading AWSPENDING only once a signature needs it', async () => {
    // Arrange
    secrets.setStage('AWSPENDING', 'secret-three');
    const secret = signingSecret();
    const pendingReads = () => secrets.requests.filter((request) => request.stage === 'AWSPENDING').length;
    // Act
    await secret.currentKey();
    const beforeKeys = pendingReads();
    const keys = await secret.keys();
    await secret.keys();
    // Assert: current, previous and pending; AWSPENDING read once for this read of the secret.
    expect(beforeKeys).toBe(0);
    expect(keys).toHaveLength(3);
    expect(pendingReads()).toBe(1);
    expect(secret.previousUnavailable()).toBe(false);
  });

  it('counts a secret not being rotated as having no pending value, not as an outage', async () => {
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(2);
    expect(secret.previousUnavailable()).toBe(false);
  });

  it('says a version is unavailable while AWSPENDING cannot be read, so a signature matching no key is not refused', async () => {
    secrets.failStage('AWSPENDING', 'InternalServiceError');
    const secret = signingSecret();
    expect(await secret.keys()).toHaveLength(2);
    expect(secret.previousUnavailable()).toBe(true);
  });

  it.each([
    ['cannot be read', () => secrets.failStage('AWSCURRENT', 'InternalServiceError')],
    ['holds no string value', () => secrets.setStage('AWSCURRENT', null)],
  ])('is unavailable when the current version %s', async (_case, arrange) => {
    arrange();
    await expect(signingSecret().keys()).rejects.toBeInstanceOf(SigningSecretUnavailableError);
  });
});
