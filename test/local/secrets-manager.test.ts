/** The one Secrets Manager stand-in, read through the real SDK client, as the receiver and the subscriptions read it. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSecretsManager, SIGNING_SECRET_NAME, startFakeSecretsManager } from '#local/secrets-manager';

let secrets: FakeSecretsManager | undefined;
afterEach(async () => {
  await secrets?.close();
  secrets = undefined;
});

const clientOf = (endpoint: string) =>
  new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('the Secrets Manager stand-in', () => {
  it('finds a secret by name or by ARN, and counts the reads', async () => {
    // Arrange
    secrets = await startFakeSecretsManager('value-one');
    const client = clientOf(secrets.endpoint);
    // Act
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: secrets.arn }));
    const byName = await client.send(new GetSecretValueCommand({ SecretId: SIGNING_SECRET_NAME }));
    // Assert
    expect([byArn.SecretString, byName.SecretString]).toEqual(['value-one', 'value-one']);
    expect(secrets.reads).toEqual([secrets.arn, SIGNING_SECRET_NAME]);
    expect(secrets.calls()).toBe(2);
    client.destroy();
  });

  it('holds several secrets, with staging labels, binary-only and deleted ones', async () => {
    // Arrange
    secrets = await FakeSecretsManager.start();
    const client = clientOf(secrets.endpoint);
    const read = (SecretId: string, VersionStage?: string) =>
      client.send(new GetSecretValueCommand({ SecretId, VersionStage })).then(
        (output) => ({ string: output.SecretString, binary: output.SecretBinary !== undefined }),
        (error: Error) => error.name,
      );
    const arn = secrets.put('a', 'one');
    secrets.put('b', undefined);
    secrets.put('c', 'three');
    // Act
    secrets.rotate('two', 'a');
    secrets.setStage('AWSPENDING', null, 'a');
    secrets.scheduleDeletion('c');
    // Assert
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:a-[0-9a-f]{6}$/);
    expect(await read('a')).toEqual({ string: 'two', binary: false });
    expect(await read(arn, 'AWSPREVIOUS')).toEqual({ string: 'one', binary: false });
    expect(await read('a', 'AWSPENDING')).toEqual({ string: undefined, binary: false });
    expect(await read('b')).toEqual({ string: undefined, binary: true });
    expect(await read('c')).toBe('InvalidRequestException');
    expect(await read('d')).toBe('ResourceNotFoundException');
    client.destroy();
  });
});
