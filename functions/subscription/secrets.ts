/**
 * The two secrets the custom resource reads at run time: the Argyle API credentials (by name, created by the
 * user before deploying) and the webhook signing secret (by ARN, created by the stack). Errors say exactly what
 * to create or fix and never quote a secret's value.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ArgyleEnvironment } from '../argyle-api';
import { CREDENTIALS_SECRET_KEY } from '../shared/contract';
import { SubscriptionError } from './errors';

export interface ApiCredentials {
  readonly apiKeyId: string;
  readonly apiKeySecret: string;
}

export type SecretsReader = Pick<SecretsManagerClient, 'send'>;

/**
 * A Secrets Manager client with bounded retries and timeouts (3 attempts, 2 s to connect, 5 s to answer), so a
 * read fails within about 20 s instead of holding the deployment.
 */
export function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
}

/** The `aws` command that creates the credentials secret, with placeholders for the key. */
export function createCredentialsSecretCommand(name: string, region?: string): string {
  const json = `{"${CREDENTIALS_SECRET_KEY.ID}":"<API key id>","${CREDENTIALS_SECRET_KEY.SECRET}":"<API key secret>"}`;
  return `aws secretsmanager create-secret${region ? ` --region ${region}` : ''} --name ${name} --secret-string '${json}'`;
}

function putCredentialsSecretCommand(name: string, region?: string): string {
  const json = `{"${CREDENTIALS_SECRET_KEY.ID}":"<API key id>","${CREDENTIALS_SECRET_KEY.SECRET}":"<API key secret>"}`;
  return `aws secretsmanager put-secret-value${region ? ` --region ${region}` : ''} --secret-id ${name} --secret-string '${json}'`;
}

/**
 * Reads the API credentials: a JSON object with `api_key_id` and `api_key_secret`.
 *
 * @throws SubscriptionError when the secret is missing, unreadable or malformed, with the command that fixes it
 */
export async function readCredentials(
  client: SecretsReader,
  name: string,
  environment: ArgyleEnvironment,
  region: string | undefined = process.env.AWS_REGION,
  /** What to do once the secret exists: the custom resource's caller deploys again, the CLI's runs again. */
  next = 'then deploy again',
): Promise<ApiCredentials> {
  const what = `the Argyle API credentials secret "${name}"`;
  const key = `your Argyle ${environment} API key id and secret`;
  let text: string;
  try {
    text = await readString(client, name);
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      throw new SubscriptionError(
        `${what} does not exist${region ? ` in ${region}` : ''}. Create it with ${key}, ${next}: ${createCredentialsSecretCommand(name, region)}`,
      );
    }
    throw unreadable(what, name, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
  const missing = [CREDENTIALS_SECRET_KEY.ID, CREDENTIALS_SECRET_KEY.SECRET].filter((field) => {
    const value = record?.[field];
    return typeof value !== 'string' || value.trim() === '';
  });
  if (record === undefined || missing.length > 0) {
    const problem =
      record === undefined ? 'is not a JSON object' : `lacks ${missing.map((f) => `"${f}"`).join(' and ')}`;
    throw new SubscriptionError(
      `${what} ${problem}; it must be JSON with "${CREDENTIALS_SECRET_KEY.ID}" and "${CREDENTIALS_SECRET_KEY.SECRET}". Store ${key} with: ${putCredentialsSecretCommand(name, region)}`,
    );
  }
  return {
    apiKeyId: String(record[CREDENTIALS_SECRET_KEY.ID]).trim(),
    apiKeySecret: String(record[CREDENTIALS_SECRET_KEY.SECRET]).trim(),
  };
}

/**
 * Reads the webhook signing secret's current value.
 *
 * @throws SubscriptionError when it cannot be read or is empty
 */
export async function readSigningSecret(client: SecretsReader, arn: string): Promise<string> {
  return (await readSigningSecretVersion(client, arn)).value;
}

/**
 * Reads the webhook signing secret's current value and the `VersionId` it is stored under (what the ownership
 * record notes a subscription signs with).
 *
 * @throws SubscriptionError when it cannot be read or is empty
 */
export async function readSigningSecretVersion(
  client: SecretsReader,
  arn: string,
): Promise<{ readonly value: string; readonly versionId?: string }> {
  const what = `the signing secret ${arn}`;
  let read: { value: string; versionId?: string };
  try {
    read = await readVersion(client, arn);
  } catch (error) {
    throw unreadable(what, arn, error);
  }
  if (read.value === '') throw new SubscriptionError(`${what} is empty; give it a value`);
  return read;
}

async function readString(client: SecretsReader, secretId: string): Promise<string> {
  return (await readVersion(client, secretId)).value;
}

async function readVersion(
  client: SecretsReader,
  secretId: string,
): Promise<{ value: string; versionId?: string }> {
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (output.SecretString === undefined) {
    throw new SubscriptionError(`the secret "${secretId}" has no string value (only a binary one)`);
  }
  return {
    value: output.SecretString,
    ...(output.VersionId === undefined ? {} : { versionId: output.VersionId }),
  };
}

function unreadable(what: string, id: string, error: unknown): SubscriptionError {
  if (error instanceof SubscriptionError) return error;
  const name = errorName(error);
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
  const hint =
    name === 'ResourceNotFoundException'
      ? ' It does not exist.'
      : name === 'InvalidRequestException' && /deletion/i.test(detail)
        ? ` It is scheduled for deletion: restore it with aws secretsmanager restore-secret --secret-id ${id}.`
        : name === 'AccessDeniedException' || name === 'DecryptionFailure'
          ? ' The custom resource function may not read it (or decrypt it with its KMS key).'
          : /region is missing/i.test(detail)
            ? " No AWS region is set: set AWS_REGION (or a region in your AWS profile) to the secret's region."
            : '';
  return new SubscriptionError(`could not read ${what}: ${name ?? 'error'}: ${detail}.${hint}`, {
    cause: error,
  });
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
