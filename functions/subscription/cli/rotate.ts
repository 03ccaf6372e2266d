/**
 * `argyle-subscriptions rotate --secret <arn|name>`: starts a rotation of the signing secret now (Secrets
 * Manager's RotateSecret, which calls the stack's rotation function for its four steps) and follows it by
 * polling DescribeSecret: the new version staged as AWSPENDING, its value stored (createSecret), promoted to
 * AWSCURRENT (finishSecret), and the rotation recorded as finished (`LastRotatedDate`). setSecret and testSecret
 * leave no trace in Secrets Manager; they run between the two.
 *
 * Before it starts, it refuses a rotation sooner than `--minimum-interval-hours` (24 by default, the stack's
 * default) after the last change of the value, as the rotation function would. Exit 0 once the rotation
 * finished; 1 when it was refused, failed or did not finish within `--timeout`; 2 for wrong usage. Never prints
 * a secret value.
 */
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS } from '../../shared/contract';
import { SubscriptionError } from '../errors';
import type { SecretsReader } from '../secrets';
import { sleep as realSleep } from '../signing-secret-settle';
import { secretsOf } from './client';
import { type CliIo, required, UsageError, type Values } from './options';

/** Seconds between two looks at the secret. */
export const ROTATE_POLL_SECONDS = 5;
/** How long `rotate` follows a rotation unless `--timeout` says otherwise: two steps of 5 minutes, and more. */
export const DEFAULT_ROTATE_TIMEOUT_SECONDS = 900;

type Outcome = 'finished' | 'refused' | 'failed' | 'timeout';

interface ProgressEvent {
  readonly step: 'started' | 'createSecret' | 'setSecret' | 'finishSecret' | 'finished' | 'stopped';
  readonly detail: string;
}

export async function rotate(values: Values, io: CliIo): Promise<number> {
  const secretId = required(
    values.secret,
    '--secret',
    "the signing secret to rotate, e.g. --secret <the stack's SigningSecretArn output>",
    'rotate',
  );
  const timeoutSeconds = wholeOption(values.timeout, '--timeout', DEFAULT_ROTATE_TIMEOUT_SECONDS);
  const minimumIntervalHours = wholeOption(
    values['minimum-interval-hours'],
    '--minimum-interval-hours',
    DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS,
  );
  const client = secretsOf(io);
  const wait = io.sleep ?? realSleep;
  const events: ProgressEvent[] = [];
  const report = (event: ProgressEvent) => {
    events.push(event);
    if (!values.json) io.stdout(`${event.step}: ${event.detail}\n`);
  };
  const finish = (
    outcome: Outcome,
    versionId: string | undefined,
    described?: DescribeSecretCommandOutput,
  ) => {
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          {
            secret: described?.ARN ?? secretId,
            versionId: versionId ?? null,
            outcome,
            lastRotatedDate: described?.LastRotatedDate?.toISOString() ?? null,
            events,
          },
          null,
          2,
        )}\n`,
      );
    }
    return outcome === 'finished' ? 0 : 1;
  };

  const before = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const refusal = refusalBeforeStart(before, minimumIntervalHours, io.now?.() ?? Date.now());
  if (refusal !== undefined) {
    report({ step: 'stopped', detail: refusal });
    if (!values.json) io.stderr(`rotation not started: ${refusal}\n`);
    return finish('refused', undefined, before);
  }

  const startedAt = io.now?.() ?? Date.now();
  let token: string;
  try {
    const started = await client.send(new RotateSecretCommand({ SecretId: secretId }));
    token = started.VersionId ?? '';
  } catch (error) {
    throw new SubscriptionError(rotateSecretFailure(error, before, secretId), { cause: error });
  }
  report({
    step: 'started',
    detail: `Secrets Manager is rotating ${before.ARN ?? secretId}; new version ${token}`,
  });

  let stored = false;
  let promoted = false;
  let described = before;
  for (let waited = 0; waited <= timeoutSeconds; waited += ROTATE_POLL_SECONDS) {
    described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const stages = described.VersionIdsToStages?.[token] ?? [];
    if (!stored && (await holdsValue(client, secretId, token, stages))) {
      stored = true;
      report({ step: 'createSecret', detail: 'the new value is stored as AWSPENDING' });
      report({
        step: 'setSecret',
        detail:
          'every subscription is being replaced by one signed with the new value, 40 s after it was stored (both deliver until the rotation finishes)',
      });
    }
    if (!promoted && stages.includes('AWSCURRENT')) {
      promoted = true;
      report({
        step: 'finishSecret',
        detail:
          'the replacements are live; the new value is AWSCURRENT, the old one AWSPREVIOUS; deleting the replaced subscriptions',
      });
    }
    const lastRotated = described.LastRotatedDate?.getTime();
    if (promoted && lastRotated !== undefined && lastRotated >= startedAt - 1_000) {
      report({
        step: 'finished',
        detail: `rotation finished at ${described.LastRotatedDate?.toISOString()}`,
      });
      return finish('finished', token, described);
    }
    if (!promoted && !stages.includes('AWSPENDING')) {
      const detail = stored
        ? 'AWSPENDING was taken off the new version before it became AWSCURRENT: the rotation was cancelled'
        : `the rotation function refused or failed before storing a new value (too soon after the last rotation, or no subscription recorded): its log says why (${described.RotationLambdaARN ?? 'the rotation function'})`;
      report({ step: 'stopped', detail });
      if (!values.json) io.stderr(`rotation stopped: ${detail}\n`);
      return finish(stored ? 'failed' : 'refused', token, described);
    }
    if (waited + ROTATE_POLL_SECONDS <= timeoutSeconds) await wait(ROTATE_POLL_SECONDS * 1000);
    else break;
  }
  const where = promoted
    ? 'the new value is AWSCURRENT, but finishSecret has not ended'
    : 'AWSPENDING is still on the new version';
  const detail = `not finished after ${timeoutSeconds} s (${where}): a step is failing or still running. The previous value and subscriptions keep working; see the rotation function's log (${described.RotationLambdaARN ?? 'the rotation function'}) and docs/rotation.md, "When a step fails"`;
  report({ step: 'stopped', detail });
  if (!values.json) io.stderr(`rotation ${detail}\n`);
  return finish('timeout', token, described);
}

/** Why a rotation must not start now, or undefined. */
function refusalBeforeStart(
  described: DescribeSecretCommandOutput,
  minimumIntervalHours: number,
  now: number,
): string | undefined {
  if (described.RotationEnabled !== true) {
    return 'rotation is not on for this secret: set "signingSecret": {"rotation": {"enabled": true}} in cdk.json and deploy (docs/rotation.md)';
  }
  const pending = Object.entries(described.VersionIdsToStages ?? {}).find(
    ([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'),
  );
  if (pending !== undefined) return inProgress(described.ARN ?? '', pending[0]);
  const last = described.LastRotatedDate?.getTime();
  if (last !== undefined && now - last < minimumIntervalHours * 3_600_000) {
    const next = new Date(last + minimumIntervalHours * 3_600_000).toISOString();
    return `the secret was last rotated at ${described.LastRotatedDate?.toISOString()}, less than ${minimumIntervalHours} h ago; rotate again after ${next} (a rotation sooner takes the value before the last one out of AWSPREVIOUS while Argyle may still retry deliveries signed with it). If the stack's signingSecret.rotation.minimumIntervalHours is smaller, pass it as --minimum-interval-hours`;
  }
  return undefined;
}

function inProgress(arn: string, versionId: string): string {
  return `a rotation is in progress (AWSPENDING is on version ${versionId}): let it finish, or abandon it by taking AWSPENDING off that version (the next rotation deletes the subscriptions it made): aws secretsmanager update-secret-version-stage --secret-id ${arn} --version-stage AWSPENDING --remove-from-version-id ${versionId}`;
}

function rotateSecretFailure(error: unknown, before: DescribeSecretCommandOutput, secretId: string): string {
  const name = error instanceof Error ? error.name : 'error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'InvalidRequestException' && /previous rotation/i.test(message)) {
    const pending = Object.entries(before.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes('AWSPENDING'),
    );
    return `Secrets Manager did not start a rotation: ${message} ${pending ? inProgress(before.ARN ?? secretId, pending[0]) : ''}`.trim();
  }
  return `Secrets Manager did not start a rotation of ${secretId}: ${name}: ${message}`;
}

/** Whether the token's version holds a value yet (read, never printed). */
async function holdsValue(
  client: SecretsReader,
  secretId: string,
  token: string,
  stages: readonly string[],
): Promise<boolean> {
  if (stages.length === 0) return false;
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token }));
    return output.SecretString !== undefined && output.SecretString !== '';
  } catch {
    return false;
  }
}

function wholeOption(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${option} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  }
  return value;
}
