/**
 * What the rotation function reads of the signing secret in Secrets Manager: its versions by stage
 * (DescribeSecret's `VersionIdsToStages`), whether rotation is on, when it last rotated, and the values of the
 * current, previous and pending versions. Values stay in memory; nothing here logs or reports one.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { RotationError } from './errors';

export type SecretsClient = Pick<SecretsManagerClient, 'send'>;

export interface SecretDescription {
  readonly arn: string;
  readonly name: string;
  readonly rotationEnabled: boolean;
  /** Epoch ms of the last completed rotation, as Secrets Manager records it. */
  readonly lastRotatedAt?: number;
  /** Version id → staging labels, for every version that has one. */
  readonly stages: ReadonlyMap<string, readonly string[]>;
}

export async function describeSecret(client: SecretsClient, secretId: string): Promise<SecretDescription> {
  const output = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  return {
    arn: output.ARN ?? secretId,
    name: output.Name ?? secretId,
    rotationEnabled: output.RotationEnabled === true,
    ...(output.LastRotatedDate === undefined ? {} : { lastRotatedAt: output.LastRotatedDate.getTime() }),
    stages: new Map(Object.entries(output.VersionIdsToStages ?? {})),
  };
}

/** The id of the version holding `stage`, if any. */
export function versionWith(description: SecretDescription, stage: string): string | undefined {
  for (const [id, stages] of description.stages) if (stages.includes(stage)) return id;
  return undefined;
}

export interface VersionValue {
  readonly versionId: string;
  /** The string value; undefined when the version holds none (staged by RotateSecret, not yet created). */
  readonly value?: string;
  /** Epoch ms: when Secrets Manager created the version. */
  readonly createdAt?: number;
}

/** A version by id and/or stage; undefined when there is no such version (ResourceNotFoundException). */
export async function readVersion(
  client: SecretsClient,
  secretId: string,
  select: { readonly versionId?: string; readonly stage?: string },
): Promise<VersionValue | undefined> {
  try {
    const output = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        ...(select.versionId === undefined ? {} : { VersionId: select.versionId }),
        ...(select.stage === undefined ? {} : { VersionStage: select.stage }),
      }),
    );
    return {
      versionId: output.VersionId ?? select.versionId ?? '',
      ...(output.SecretString === undefined || output.SecretString === ''
        ? {}
        : { value: output.SecretString }),
      ...(output.CreatedDate === undefined ? {} : { createdAt: output.CreatedDate.getTime() }),
    };
  } catch (error) {
    if (
      error instanceof ResourceNotFoundException ||
      (error as Error)?.name === 'ResourceNotFoundException'
    ) {
      return undefined;
    }
    throw error;
  }
}

/** The values the receiver accepts now, and the new one: what a live subscription may sign with. */
export interface StageValues {
  readonly current: string;
  readonly previous?: string;
  readonly pending: string;
}

/** @throws RotationError when AWSCURRENT or the token's pending value cannot be read */
export async function readStageValues(
  client: SecretsClient,
  secretId: string,
  token: string,
): Promise<StageValues> {
  const [current, previous, pending] = await Promise.all([
    readVersion(client, secretId, { stage: 'AWSCURRENT' }),
    readVersion(client, secretId, { stage: 'AWSPREVIOUS' }),
    readVersion(client, secretId, { versionId: token }),
  ]);
  if (current?.value === undefined) {
    throw new RotationError("the signing secret's AWSCURRENT version holds no string value");
  }
  if (pending?.value === undefined) {
    throw new RotationError(
      `version ${token} of the signing secret holds no value: createSecret has not stored one, so this step cannot run yet`,
    );
  }
  return {
    current: current.value,
    ...(previous?.value === undefined ? {} : { previous: previous.value }),
    pending: pending.value,
  };
}

/** Whether `configured` (an ARN, possibly without the random suffix, or a name) names the described secret. */
export function namesSecret(configured: string, description: SecretDescription): boolean {
  if (!configured.startsWith('arn:')) return configured === description.name;
  return description.arn === configured || description.arn.startsWith(`${configured}-`);
}
