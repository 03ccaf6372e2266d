import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_PROPERTY as P } from '#functions/shared/contract';
import {
  CREDENTIALS_SECRET_NAME,
  createEvent,
  deleteEvent,
  properties,
  rejection,
  SIGNING_SECRET_NAME,
  subscriptionIdOf,
  useTestEnvironment,
} from './harness';

const env = useTestEnvironment();

const CREATE_COMMAND = `aws secretsmanager create-secret --region us-east-1 --name ${CREDENTIALS_SECRET_NAME} --secret-string '{"api_key_id":"<API key id>","api_key_secret":"<API key secret>"}'`;
const PUT_COMMAND = `aws secretsmanager put-secret-value --region us-east-1 --secret-id ${CREDENTIALS_SECRET_NAME} --secret-string '{"api_key_id":"<API key id>","api_key_secret":"<API key secret>"}'`;

describe('subscription custom resource secrets', () => {
  it('reads the credentials by name and the signing secret by ARN', async () => {
    await env.handler(createEvent(properties(env.signingSecretArn)));

    expect([...env.secrets.reads].sort()).toEqual([CREDENTIALS_SECRET_NAME, env.signingSecretArn].sort());
  });

  it('fails with the command that creates a missing credentials secret, calling Argyle not at all', async () => {
    // Arrange
    env.secrets.remove(CREDENTIALS_SECRET_NAME);

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(error.message).toBe(
      `the Argyle API credentials secret "${CREDENTIALS_SECRET_NAME}" does not exist in us-east-1. Create it with your Argyle sandbox API key id and secret, then deploy again: ${CREATE_COMMAND}`,
    );
    expect(env.api.requests).toEqual([]);
  });

  it.each([
    ['not JSON', 'key-id:key-secret-value', 'is not a JSON object'],
    ['a JSON string', '"key-secret-value"', 'is not a JSON object'],
    ['missing the secret', '{"api_key_id":"key-id"}', 'lacks "api_key_secret"'],
    [
      'with empty fields',
      '{"api_key_id":"","api_key_secret":" "}',
      'lacks "api_key_id" and "api_key_secret"',
    ],
    [
      'with the wrong field names',
      '{"id":"key-id","secret":"key-secret-value"}',
      'lacks "api_key_id" and "api_key_secret"',
    ],
  ])(
    'fails for a credentials secret %s, saying how to store it, without quoting it',
    async (_, value, problem) => {
      // Arrange
      env.secrets.put(CREDENTIALS_SECRET_NAME, value);

      // Act
      const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

      // Assert
      expect(error.message).toBe(
        `the Argyle API credentials secret "${CREDENTIALS_SECRET_NAME}" ${problem}; it must be JSON with "api_key_id" and "api_key_secret". Store your Argyle sandbox API key id and secret with: ${PUT_COMMAND}`,
      );
      expect(error.message).not.toContain('key-secret-value');
    },
  );

  it('fails for a credentials secret without a string value', async () => {
    env.secrets.put(CREDENTIALS_SECRET_NAME, undefined);

    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    expect(error.message).toBe(
      `the secret "${CREDENTIALS_SECRET_NAME}" has no string value (only a binary one)`,
    );
  });

  it('says how to restore a credentials secret scheduled for deletion', async () => {
    env.secrets.scheduleDeletion(CREDENTIALS_SECRET_NAME);

    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    expect(error.message).toMatch(
      new RegExp(
        `^could not read the Argyle API credentials secret "${CREDENTIALS_SECRET_NAME}": InvalidRequestException: .*marked for deletion\\. It is scheduled for deletion: restore it with aws secretsmanager restore-secret --secret-id ${CREDENTIALS_SECRET_NAME}\\.$`,
      ),
    );
  });

  it('explains a refused read of the signing secret', async () => {
    // Arrange: both reads run at once; make every read fail.
    env.secrets.failNext(2, 'AccessDeniedException');

    // Act
    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    // Assert
    expect(error.message).toMatch(
      /^could not read (the signing secret arn:aws:secretsmanager:\S+|the Argyle API credentials secret "\S+"): AccessDeniedException: injected AccessDeniedException\. The custom resource function may not read it \(or decrypt it with its KMS key\)\.$/,
    );
  });

  it('fails for an empty signing secret rather than registering an unsigned subscription', async () => {
    env.secrets.put(SIGNING_SECRET_NAME, '');

    const error = await rejection(env.handler(createEvent(properties(env.signingSecretArn))));

    expect(error.message).toBe(`the signing secret ${env.signingSecretArn} is empty; give it a value`);
    expect(env.api.subscriptions).toEqual([]);
  });

  it('fails a delete whose credentials secret is gone, with both ways out', async () => {
    // Arrange
    const props = properties(env.signingSecretArn);
    const created = await env.handler(createEvent(props));
    const id = subscriptionIdOf(created);
    env.secrets.remove(CREDENTIALS_SECRET_NAME);

    // Act
    const error = await rejection(env.handler(deleteEvent(created.PhysicalResourceId, props)));

    // Assert
    expect(error.message).toBe(
      `could not delete Argyle subscription ${id}: the Argyle API credentials secret "${CREDENTIALS_SECRET_NAME}" does not exist in us-east-1. Create it with your Argyle sandbox API key id and secret, then deploy again: ${CREATE_COMMAND}; once the secret is fixed, delete the stack again, or remove the subscription with: npx argyle-subscriptions delete ${id} --environment sandbox --credentials-secret ${CREDENTIALS_SECRET_NAME}`,
    );
  });

  it('uses the credentials secret the resource names, in the environment it names', async () => {
    // Arrange
    env.secrets.put('team/argyle-production', JSON.stringify({ api_key_id: 'x', api_key_secret: 'y' }));
    const props = properties(env.signingSecretArn, {
      [P.CREDENTIALS_SECRET_NAME]: 'team/argyle-production',
      [P.ENVIRONMENT]: 'production',
    });

    // Act
    const error = await rejection(env.handler(createEvent(props)));

    // Assert: the fake refuses that key; the message names the production environment.
    expect(env.secrets.reads).toContain('team/argyle-production');
    expect(error.message).toMatch(/configured for the production environment/);
  });
});
