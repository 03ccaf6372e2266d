import { describe, expect, it } from 'vitest';
import { readConfig } from '#functions/receiver/config';
import { RECEIVER_ENV } from '#functions/shared/contract';

const valid = {
  [RECEIVER_ENV.SIGNING_SECRET_ARN]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf',
  [RECEIVER_ENV.ROUTES]: JSON.stringify({
    queues: [
      'Stack-AccountsQueue-1',
      'https://sqs.eu-west-1.amazonaws.com/999999999999/theirs',
      'Stack-CatchAll-2',
    ],
    catchAll: 2,
    rules: [
      { events: ['accounts.*'], queue: 0 },
      { events: ['*'], subscriptions: ['partner'], queue: 1 },
    ],
  }),
  [RECEIVER_ENV.QUEUE_URL_PREFIX]: 'https://sqs.us-east-1.amazonaws.com/123456789012/',
  [RECEIVER_ENV.MAX_BODY_BYTES]: '131072',
};

describe('readConfig', () => {
  it('reads the environment the stack sets', () => {
    expect(readConfig(valid)).toEqual({
      secretId: valid[RECEIVER_ENV.SIGNING_SECRET_ARN],
      maxBodyBytes: 131_072,
      secretTtlMs: 300_000,
      queueUrls: [
        'https://sqs.us-east-1.amazonaws.com/123456789012/Stack-AccountsQueue-1',
        'https://sqs.eu-west-1.amazonaws.com/999999999999/theirs',
        'https://sqs.us-east-1.amazonaws.com/123456789012/Stack-CatchAll-2',
      ],
      catchAll: 2,
      rules: [
        { events: ['accounts.*'], queue: 0 },
        { events: ['*'], subscriptions: ['partner'], queue: 1 },
      ],
    });
  });

  it('uses the secret TTL when given', () => {
    expect(readConfig({ ...valid, [RECEIVER_ENV.SECRET_TTL_SECONDS]: '60' }).secretTtlMs).toBe(60_000);
  });

  it.each(Object.keys(valid))('fails at cold start naming %s when it is not set', (name) => {
    const env: Record<string, string | undefined> = { ...valid, [name]: undefined };
    expect(() => readConfig(env)).toThrow(`environment variable ${name} is not set`);
  });

  it.each([
    [RECEIVER_ENV.MAX_BODY_BYTES, '12kb', /ARGYLE_MAX_BODY_BYTES must be a positive integer/],
    [RECEIVER_ENV.ROUTES, '{', /ARGYLE_ROUTES is not JSON/],
    [RECEIVER_ENV.ROUTES, '{"queues":[],"catchAll":0,"rules":[]}', /ARGYLE_ROUTES is malformed at "queues"/],
    [RECEIVER_ENV.ROUTES, '{"queues":["a"],"catchAll":3,"rules":[]}', /refers to queue 3 of 1/],
  ])('fails at cold start when %s is %s', (name, value, message) => {
    expect(() => readConfig({ ...valid, [name]: value })).toThrow(message);
  });
});
