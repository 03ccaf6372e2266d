/**
 * The signing secret's values by stage, for comparing with what Argyle signs with: AWSCURRENT (it must exist),
 * and AWSPREVIOUS and AWSPENDING when they exist (a rotation in progress has AWSPENDING). Never printed.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SigningSecrets } from './drift';
import { readSigningSecret, type SecretsReader } from './secrets';

/** @throws SubscriptionError when AWSCURRENT cannot be read or is empty (as {@link readSigningSecret}) */
export async function readSigningSecretStages(
  client: SecretsReader,
  secretId: string,
): Promise<SigningSecrets> {
  const current = await readSigningSecret(client, secretId);
  const [previous, pending] = await Promise.all([
    readStage(client, secretId, 'AWSPREVIOUS'),
    readStage(client, secretId, 'AWSPENDING'),
  ]);
  return {
    current,
    ...(previous === undefined ? {} : { previous }),
    ...(pending === undefined ? {} : { pending }),
  };
}

/** A stage's string value; undefined when the stage does not exist or holds no string. */
async function readStage(
  client: SecretsReader,
  secretId: string,
  stage: 'AWSPREVIOUS' | 'AWSPENDING',
): Promise<string | undefined> {
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    return output.SecretString === '' ? undefined : output.SecretString;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
