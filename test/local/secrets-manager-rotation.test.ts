/**
 * What rotation needs from the Secrets Manager stand-in, through the real SDK client: versions under a client
 * request token, staging labels that move as AWS's API reference says, DescribeSecret, GetRandomPassword and
 * RotateSecret calling the rotation function's four steps.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSecretsManager,
  type RotationInvocation,
  startFakeSecretsManager,
} from '#local/secrets-manager';

let secrets: FakeSecretsManager;
let client: SecretsManagerClient;

beforeEach(async () => {
  secrets = await startFakeSecretsManager('value-one');
  client = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await secrets.close();
});

const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => error.name,
  );

const currentVersionId = () =>
  Object.entries(secrets.stagesOf()).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0] ?? '';

describe('PutSecretValue with a client request token', () => {
  it('stores a version as AWSPENDING only, leaving AWSCURRENT where it was', async () => {
    // Act
    const output = await client.send(
      new PutSecretValueCommand({
        SecretId: secrets.arn,
        ClientRequestToken: 'token-1-abcdefghijklmnopqrstuvwxyz',
        SecretString: 'value-two',
        VersionStages: ['AWSPENDING'],
      }),
    );
    // Assert
    expect(output.VersionId).toBe('token-1-abcdefghijklmnopqrstuvwxyz');
    expect(secrets.valueOf('AWSCURRENT')).toBe('value-one');
    expect(secrets.valueOf('AWSPENDING')).toBe('value-two');
  });

  it('ignores the same token with the same value, and refuses it with another value', async () => {
    // Arrange
    const put = (SecretString: string) =>
      client.send(
        new PutSecretValueCommand({
          SecretId: secrets.arn,
          ClientRequestToken: 'token-2-abcdefghijklmnopqrstuvwxyz',
          SecretString,
          VersionStages: ['AWSPENDING'],
        }),
      );
    await put('value-two');
    // Act / Assert
    expect(await errorName(put('value-two'))).toBe('resolved');
    expect(await errorName(put('value-three'))).toBe('ResourceExistsException');
    expect(secrets.valueOf('AWSPENDING')).toBe('value-two');
  });

  it('moves AWSCURRENT to a new version without stages named, and AWSPREVIOUS to the one it left', async () => {
    // Act
    await client.send(new PutSecretValueCommand({ SecretId: secrets.arn, SecretString: 'value-two' }));
    // Assert
    expect([secrets.valueOf('AWSCURRENT'), secrets.valueOf('AWSPREVIOUS')]).toEqual([
      'value-two',
      'value-one',
    ]);
  });
});

describe('UpdateSecretVersionStage', () => {
  const stagePending = async () => {
    await client.send(
      new PutSecretValueCommand({
        SecretId: secrets.arn,
        ClientRequestToken: 'pending-abcdefghijklmnopqrstuvwxyz12',
        SecretString: 'value-two',
        VersionStages: ['AWSPENDING'],
      }),
    );
    return 'pending-abcdefghijklmnopqrstuvwxyz12';
  };

  it('moves AWSCURRENT to the pending version, and AWSPREVIOUS follows to the version it left', async () => {
    // Arrange
    const pending = await stagePending();
    const current = currentVersionId();
    // Act
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secrets.arn,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pending,
        RemoveFromVersionId: current,
      }),
    );
    // Assert
    expect(secrets.stagesOf()).toEqual({
      [pending]: ['AWSCURRENT', 'AWSPENDING'],
      [current]: ['AWSPREVIOUS'],
    });
  });

  it('refuses to move a label attached elsewhere unless RemoveFromVersionId names that version', async () => {
    const pending = await stagePending();
    expect(
      await errorName(
        client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: secrets.arn,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: pending,
          }),
        ),
      ),
    ).toBe('InvalidParameterException');
    expect(secrets.valueOf('AWSCURRENT')).toBe('value-one');
  });

  it('removes AWSPENDING from a version, but never removes AWSCURRENT without moving it', async () => {
    // Arrange
    const pending = await stagePending();
    const remove = (VersionStage: string, RemoveFromVersionId: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({ SecretId: secrets.arn, VersionStage, RemoveFromVersionId }),
      );
    // Act / Assert
    expect(await errorName(remove('AWSPENDING', pending))).toBe('resolved');
    expect(await errorName(remove('AWSCURRENT', currentVersionId()))).toBe('InvalidParameterException');
    expect(secrets.valueOf('AWSPENDING')).toBeUndefined();
    expect(secrets.stagesOf()).not.toHaveProperty(pending);
  });
});

describe('DescribeSecret and GetRandomPassword', () => {
  it('describe the versions by stage and whether rotation is on', async () => {
    // Arrange
    secrets.enableRotation(async () => {}, { automaticallyAfterDays: 30 });
    // Act
    const described = await client.send(new DescribeSecretCommand({ SecretId: secrets.arn }));
    // Assert
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationRules?.AutomaticallyAfterDays).toBe(30);
    expect(described.VersionIdsToStages).toEqual({ [currentVersionId()]: ['AWSCURRENT'] });
    expect(described.LastRotatedDate).toBeUndefined();
  });

  it('generate a password of the length and characters asked for, with each kind included', async () => {
    const { RandomPassword = '' } = await client.send(
      new GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false }),
    );
    expect(RandomPassword).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(RandomPassword).toMatch(/[a-z]/);
    expect(RandomPassword).toMatch(/[A-Z]/);
    expect(RandomPassword).toMatch(/[0-9]/);
  });
});

describe('RotateSecret', () => {
  it('calls the rotation function for the four steps in order, with the token of an AWSPENDING version', async () => {
    // Arrange: a rotation function that puts a value at createSecret and promotes it at finishSecret.
    const calls: RotationInvocation[] = [];
    secrets.enableRotation(async (event) => {
      calls.push(event);
      if (event.Step === 'createSecret') {
        await client.send(
          new PutSecretValueCommand({
            SecretId: event.SecretId,
            ClientRequestToken: event.ClientRequestToken,
            SecretString: 'value-two',
            VersionStages: ['AWSPENDING'],
          }),
        );
      }
      if (event.Step === 'finishSecret') {
        await client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: event.SecretId,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: event.ClientRequestToken,
            RemoveFromVersionId: currentVersionId(),
          }),
        );
      }
    });
    // Act
    const started = await client.send(new RotateSecretCommand({ SecretId: secrets.arn }));
    const run = await secrets.rotationSettled();
    // Assert
    expect(await run?.done).toBe(true);
    expect(calls.map((call) => call.Step)).toEqual([
      'createSecret',
      'setSecret',
      'testSecret',
      'finishSecret',
    ]);
    expect(new Set(calls.map((call) => call.ClientRequestToken))).toEqual(new Set([started.VersionId]));
    expect(calls.every((call) => call.SecretId === secrets.arn)).toBe(true);
    expect([secrets.valueOf('AWSCURRENT'), secrets.valueOf('AWSPREVIOUS')]).toEqual([
      'value-two',
      'value-one',
    ]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: secrets.arn }));
    expect(described.LastRotatedDate).toBeInstanceOf(Date);
  });

  it('stops at the first step that fails, and refuses another rotation while AWSPENDING is not on AWSCURRENT', async () => {
    // Arrange
    const steps: string[] = [];
    secrets.enableRotation(async (event) => {
      steps.push(event.Step);
      if (event.Step === 'setSecret') throw new Error('Argyle is down');
    });
    // Act
    await client.send(new RotateSecretCommand({ SecretId: secrets.arn }));
    const run = await secrets.rotationSettled();
    const again = await errorName(client.send(new RotateSecretCommand({ SecretId: secrets.arn })));
    // Assert
    expect(await run?.done).toBe(false);
    expect(steps).toEqual(['createSecret', 'setSecret']);
    expect(run?.steps.at(-1)?.error).toBe('Error: Argyle is down');
    expect(again).toBe('InvalidRequestException');
    expect(secrets.valueOf('AWSCURRENT')).toBe('value-one');
  });

  it('refuses a secret with no rotation function', async () => {
    expect(await errorName(client.send(new RotateSecretCommand({ SecretId: secrets.arn })))).toBe(
      'InvalidRequestException',
    );
  });

  it('reads a version by id, and an AWSPENDING version staged without a value holds no string', async () => {
    // Arrange: a rotation whose createSecret never stores a value.
    secrets.enableRotation(async () => {
      throw new Error('stopped');
    });
    const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: secrets.arn }));
    await secrets.rotationSettled();
    // Act
    const pending = await client.send(
      new GetSecretValueCommand({ SecretId: secrets.arn, VersionId, VersionStage: 'AWSPENDING' }),
    );
    // Assert
    expect(pending.VersionId).toBe(VersionId);
    expect(pending.SecretString).toBeUndefined();
  });
});
