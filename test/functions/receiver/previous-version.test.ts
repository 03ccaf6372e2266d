/**
 * The previous version of the signing secret is read, and waited for, only when the current value does not
 * verify a delivery. The receiver's pipeline with its real secret cache, against a Secrets Manager client whose AWSPREVIOUS
 * answers the test gives by hand (so nothing here depends on timing), and SQS stubbed.
 */
import type {
  GetSecretValueCommand,
  GetSecretValueCommandOutput,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ResourceNotFoundException, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from '#functions/receiver/config';
import { createLogger, createMetrics } from '#functions/receiver/observability';
import { createHandler } from '#functions/receiver/pipeline';
import { signBody } from '#functions/receiver/signature';
import { SigningSecret } from '#functions/receiver/signing-secret';
import { RECEIVER_ENV } from '#functions/shared/contract';
import { apiGatewayEvent } from '../../support/api-gateway-event';

const BODY = JSON.stringify({ event: 'accounts.updated', name: 'prod', data: { account: 'acc_1' } });
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:signing-AbCdEf';

/** The previous version's read as the test settles it: a value, absent (never rotated), or a failed read. */
type PreviousAnswer = { value: string } | 'absent' | 'unreadable';

/** A Secrets Manager client: AWSCURRENT answers at once, each AWSPREVIOUS read waits for the test. */
function secretsManager(current: string) {
  const pending: ((answer: PreviousAnswer) => void)[] = [];
  let previousReads = 0;
  const client = {
    send: (command: GetSecretValueCommand): Promise<Partial<GetSecretValueCommandOutput>> => {
      if (command.input.VersionStage !== 'AWSPREVIOUS') return Promise.resolve({ SecretString: current });
      previousReads++;
      return new Promise((resolve, reject) => {
        pending.push((answer) => {
          if (answer === 'absent') {
            reject(new ResourceNotFoundException({ message: 'no AWSPREVIOUS version', $metadata: {} }));
          } else if (answer === 'unreadable') {
            reject(
              new SecretsManagerServiceException({
                name: 'InternalServiceError',
                $fault: 'server',
                message: 'internal error',
                $metadata: {},
              }),
            );
          } else {
            resolve({ SecretString: answer.value });
          }
        });
      });
    },
  };
  return {
    client: client as unknown as Pick<SecretsManagerClient, 'send'>,
    /** How many AWSPREVIOUS reads wait for an answer. */
    waiting: () => pending.length,
    /** How many AWSPREVIOUS reads were made. */
    previousReads: () => previousReads,
    /** Answers every AWSPREVIOUS read on its way. */
    answerPrevious(answer: PreviousAnswer) {
      for (const settle of pending.splice(0)) settle(answer);
    },
  };
}

/** A warm receiver whose clock stands still (so no failed check may read the secret again). */
function receiver(sm: ReturnType<typeof secretsManager>) {
  const sent: string[] = [];
  const sqs = {
    send: async () => {
      sent.push('message');
      return { MessageId: 'stand-in' };
    },
  } as unknown as Pick<SQSClient, 'send'>;
  const handle = createHandler({
    config: readConfig({
      [RECEIVER_ENV.SIGNING_SECRET_ARN]: SECRET_ARN,
      [RECEIVER_ENV.ROUTES]: JSON.stringify({ queues: ['accounts'], catchAll: 0, rules: [] }),
      [RECEIVER_ENV.QUEUE_URL_PREFIX]: 'https://sqs.us-east-1.amazonaws.com/123456789012/',
      [RECEIVER_ENV.MAX_BODY_BYTES]: '8192',
    }),
    secret: new SigningSecret({
      client: sm.client,
      secretId: SECRET_ARN,
      ttlMs: 300_000,
      minRefreshIntervalMs: 30_000,
      // Far longer than any test: a delivery that waited for the grace time would time the test out.
      previousGraceMs: 600_000,
      now: () => 1_000_000,
    }),
    sqs,
    logger: createLogger(),
    metrics: createMetrics(),
  });
  return { handle, sent };
}

const signedWith = (secret: string) =>
  apiGatewayEvent(BODY, { headers: { 'X-Argyle-Signature': signBody(secret, BODY) } });

/** Whether `promise` has settled once pending I/O callbacks and timers of 20 ms have run. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return settled;
}

beforeEach(() => {
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the previous version of the signing secret', () => {
  it('is not read for a delivery signed with the current value', async () => {
    // Arrange
    const sm = secretsManager('value-two');
    const { handle, sent } = receiver(sm);

    // Act
    const response = await handle(signedWith('value-two'));

    // Assert: answered and stored without asking for AWSPREVIOUS.
    expect(response.statusCode).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sm.previousReads()).toBe(0);
  });

  it('is waited for by a delivery signed with the previous value, which then verifies', async () => {
    // Arrange
    const sm = secretsManager('value-two');
    const { handle } = receiver(sm);

    // Act
    const response = handle(signedWith('value-one'));
    const answeredBeforePrevious = await settledSoon(response);
    sm.answerPrevious({ value: 'value-one' });

    // Assert
    expect(answeredBeforePrevious).toBe(false);
    expect(((await response) as APIGatewayProxyResult).statusCode).toBe(200);
  });

  it('is read once, by the first delivery the current value does not verify, for every one after it', async () => {
    // Arrange: a delivery signed with the current value first, then two with the previous value.
    const sm = secretsManager('value-two');
    const { handle } = receiver(sm);
    expect((await handle(signedWith('value-two'))).statusCode).toBe(200);

    // Act
    const first = handle(signedWith('value-one'));
    await vi.waitFor(() => expect(sm.waiting()).toBe(1));
    sm.answerPrevious({ value: 'value-one' });
    const second = await handle(signedWith('value-one'));

    // Assert
    expect((await first).statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(sm.previousReads()).toBe(1);
  });

  it.each([
    ['holds a value', { value: 'value-one' }],
    ['is absent (never rotated)', 'absent'],
  ] as const)('lets a forged delivery be refused 401 once it is known: when it %s', async (_case, answer) => {
    // Arrange: the forged delivery arrives while the AWSPREVIOUS read is on its way.
    const sm = secretsManager('value-two');
    const { handle } = receiver(sm);

    // Act
    const forged = handle(signedWith('forged'));
    const answeredBeforePrevious = await settledSoon(forged);
    sm.answerPrevious(answer);

    // Assert: and so is the next one, with the previous version known.
    expect(answeredBeforePrevious).toBe(false);
    expect((await forged).statusCode).toBe(401);
    expect((await handle(signedWith('forged'))).statusCode).toBe(401);
  });

  it('makes a forged delivery 503, not 401, while it cannot be read: it may be signed with it', async () => {
    // Arrange
    const sm = secretsManager('value-two');
    const { handle } = receiver(sm);

    // Act
    const forged = handle(signedWith('forged'));
    await settledSoon(forged);
    sm.answerPrevious('unreadable');

    // Assert
    expect((await forged).statusCode).toBe(503);
    expect((await handle(signedWith('value-two'))).statusCode).toBe(200);
  });
});
