/**
 * The signing secret's rotation function: Secrets Manager calls it for four steps, each with the rotation's
 * token (the new version's id), and a step may be called again after a failure or a lost answer, so every step
 * is safe to repeat and carries on from where a previous attempt stopped.
 *
 * As AWS's rotation function templates do, every step first checks that the secret has rotation enabled and
 * that the token is a version staged AWSPENDING (or already AWSCURRENT, when there is nothing left to do but
 * finishSecret's cleanup). The function rotates only the signing secret it was configured with.
 *
 * - createSecret: a new random value (GetRandomPassword: 64 letters and digits, like the one the stack
 *   generates) stored as AWSPENDING under the token (PutSecretValue, idempotent for the same token and value).
 *   Refused, and AWSPENDING taken off the token's version so the next rotation can start, when the last change
 *   of the value is more recent than the minimum interval, or no configured subscription is recorded.
 * - setSecret: once the new value has been readable for `SIGNING_SECRET_SETTLE_MS` (waiting here when the
 *   invocation has the time, failing with {@link RotationNotReadyError} otherwise), under the lease, a
 *   replacement of every recorded subscription signed with it (replacements.ts).
 * - testSecret: every replacement is live in Argyle with the new value.
 * - finishSecret: AWSCURRENT moved to the token (AWSPREVIOUS follows, Secrets Manager moves it), then, under the
 *   lease, the replaced subscriptions deleted. AWSPENDING stays on the new current version, a state AWS
 *   documents for a finished rotation, so a receiver that reads AWSPENDING late still finds the new value.
 *
 * Until finishSecret moves AWSCURRENT, the previous value and subscriptions are untouched and keep working: a
 * failure at any earlier step costs nothing but the replacements' duplicate deliveries while it lasts.
 */
import {
  GetRandomPasswordCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SIGNING_SECRET_SETTLE_MS } from '../../shared/contract';
import {
  argyleClientFor,
  CALL_BUDGET_MS,
  type ClientTuning,
  type InvocationContext,
} from '../create-handler';
import type { SubscriptionLog } from '../log';
import type { ApiTarget } from '../properties';
import { type ApiCredentials, readCredentials } from '../secrets';
import { sleep as realSleep } from '../signing-secret-settle';
import { withLease } from '../state/lease';
import type { OwnershipRecord } from '../state/record';
import type { SubscriptionStateStore } from '../state/store';
import { RotationError, RotationNotReadyError, RotationRefusedError } from './errors';
import { type RotationEvent, readRotationEvent } from './event';
import {
  LAST_ROTATION_MARKER,
  lastChange,
  PENDING_MARKER,
  pendingReadableAt,
  tooSoonProblem,
} from './interval';
import {
  type ArgyleClient,
  checkReplacements,
  placeReplacement,
  type ReplacementContext,
  retireReplaced,
} from './replacements';
import {
  describeSecret,
  namesSecret,
  readStageValues,
  readVersion,
  type SecretDescription,
  type SecretsClient,
  versionWith,
} from './secret-state';

export interface RotationDependencies {
  readonly secrets: SecretsClient;
  readonly store: SubscriptionStateStore;
  readonly log: SubscriptionLog;
  /** The signing secret (ARN, or name): the only secret this function rotates. */
  readonly signingSecretArn: string;
  /** Least time between the last change of the value and the start of a rotation. */
  readonly minimumIntervalMs: number;
  /** Overrides of the Argyle client's time budget and runtime (tests use a short budget). */
  readonly client?: ClientTuning;
  readonly now?: () => number;
  /** Waits; tests pass one that returns at once (and may move their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default SIGNING_SECRET_SETTLE_MS */
  readonly settleMs?: number;
  /** How long to wait for a lease held by a deploy or a repair. @default 60 s */
  readonly leaseWaitMs?: number;
  /** A unique lease holder per invocation. */
  readonly holderId?: () => string;
}

/** Time kept free at the end of an invocation to report the outcome. */
const REPORT_RESERVE_MS = 5_000;
/** What a step is assumed to have when the caller gives no Lambda context. */
const DEFAULT_INVOCATION_MS = 5 * 60_000;
/** The new value: as the stack generates the first one (lib/constructs/argyle-webhook-ingest.ts). */
const NEW_VALUE = { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false } as const;

export type RotationHandler = (event: unknown, context?: InvocationContext) => Promise<void>;

export function createRotationHandler(deps: RotationDependencies): RotationHandler {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const settleMs = deps.settleMs ?? SIGNING_SECRET_SETTLE_MS;
  const budgetMs = deps.client?.totalTimeoutMs ?? CALL_BUDGET_MS;

  return async function rotate(raw, context) {
    const event = readRotationEvent(raw);
    const deadline =
      now() + (context?.getRemainingTimeInMillis() ?? DEFAULT_INVOCATION_MS) - REPORT_RESERVE_MS;
    const fields = { step: event.Step, secretVersionId: event.ClientRequestToken };
    deps.log.info('rotation step', fields);
    try {
      const secret = await describeSecret(deps.secrets, event.SecretId);
      const stages = checkStaged(event, secret);
      if (stages.includes('AWSCURRENT')) {
        if (event.Step !== 'finishSecret') {
          deps.log.info('version is already AWSCURRENT; nothing to do', fields);
          return;
        }
        // Promoted by an earlier attempt: finish the cleanup.
        await finishSecret(event, secret, deadline);
        return;
      }
      switch (event.Step) {
        case 'createSecret':
          return await createSecret(event, secret);
        case 'setSecret':
          return await setSecret(event, secret, deadline);
        case 'testSecret':
          return await testSecret(event, secret, deadline);
        case 'finishSecret':
          return await finishSecret(event, secret, deadline);
      }
    } catch (error) {
      deps.log.error('rotation step failed', {
        ...fields,
        error: error instanceof Error ? error.name : 'error',
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };

  /** The token's stages, after the checks of AWS's templates. */
  function checkStaged(event: RotationEvent, secret: SecretDescription): readonly string[] {
    if (!namesSecret(deps.signingSecretArn, secret)) {
      throw new RotationError(
        `this function rotates the signing secret ${deps.signingSecretArn} only, not ${secret.arn}`,
      );
    }
    if (!secret.rotationEnabled) throw new RotationError(`secret ${secret.arn} is not enabled for rotation`);
    const stages = secret.stages.get(event.ClientRequestToken);
    if (stages === undefined) {
      throw new RotationError(
        `version ${event.ClientRequestToken} has no stage for rotation of secret ${secret.arn}`,
      );
    }
    if (!stages.includes('AWSCURRENT') && !stages.includes('AWSPENDING')) {
      throw new RotationError(
        `version ${event.ClientRequestToken} is not AWSPENDING for rotation of secret ${secret.arn}`,
      );
    }
    return stages;
  }

  async function createSecret(event: RotationEvent, secret: SecretDescription): Promise<void> {
    const token = event.ClientRequestToken;
    const existing = await readVersion(deps.secrets, secret.arn, { versionId: token });
    if (existing?.value !== undefined) {
      // Stored by an earlier attempt: make sure its readable time is recorded, then carry on.
      const marker = await deps.store.getMarker(PENDING_MARKER, now());
      if (marker?.values.versionId !== token) await markPending(token);
      deps.log.info('new value already stored', { secretVersionId: token });
      return;
    }
    const records = await recordsOf(secret);
    if (records.length === 0) {
      await refuse(
        secret,
        token,
        'no configured subscription is recorded for this signing secret, so a rotation would replace none: subscriptions made by hand would keep signing with the value the rotation retires. Deploy with subscriptions configured first, or rotate by hand',
      );
    }
    const [marker, current] = await Promise.all([
      deps.store.getMarker(LAST_ROTATION_MARKER, now()),
      readVersion(deps.secrets, secret.arn, { stage: 'AWSCURRENT' }),
    ]);
    const last = lastChange({
      ...(marker === undefined ? {} : { marker }),
      ...(secret.lastRotatedAt === undefined ? {} : { lastRotatedAt: secret.lastRotatedAt }),
      ...(current?.createdAt === undefined ? {} : { currentCreatedAt: current.createdAt }),
      hasPrevious: versionWith(secret, 'AWSPREVIOUS') !== undefined,
    });
    const tooSoon = tooSoonProblem(last, now(), deps.minimumIntervalMs);
    if (tooSoon !== undefined) await refuse(secret, token, tooSoon);

    const { RandomPassword } = await deps.secrets.send(new GetRandomPasswordCommand(NEW_VALUE));
    if (RandomPassword === undefined || RandomPassword === '') {
      throw new RotationError('GetRandomPassword returned no password');
    }
    await deps.secrets.send(
      new PutSecretValueCommand({
        SecretId: secret.arn,
        ClientRequestToken: token,
        SecretString: RandomPassword,
        VersionStages: ['AWSPENDING'],
      }),
    );
    await markPending(token);
    deps.log.info('new value stored as AWSPENDING', { secretVersionId: token });
  }

  async function setSecret(event: RotationEvent, secret: SecretDescription, deadline: number): Promise<void> {
    const token = event.ClientRequestToken;
    const values = await readStageValues(deps.secrets, secret.arn, token);
    await settled(token, secret, deadline);
    await underLease(token, deadline, async () => {
      const context = replacementContext(token, values, deadline);
      const records = await recordsOf(secret);
      if (records.length === 0)
        throw new RotationError('no configured subscription is recorded for this signing secret');
      for (const record of records) await placeReplacement(context, record);
    });
  }

  async function testSecret(
    event: RotationEvent,
    secret: SecretDescription,
    deadline: number,
  ): Promise<void> {
    const token = event.ClientRequestToken;
    const values = await readStageValues(deps.secrets, secret.arn, token);
    const context = replacementContext(token, values, deadline);
    const problems: string[] = [];
    for (const record of await recordsOf(secret))
      problems.push(...(await checkReplacements(context, record)));
    if (problems.length > 0) {
      throw new RotationError(
        `the replacements are not all live with the new value: ${problems.join('; ')}. The previous value and subscriptions keep working; the next attempt of the rotation replaces what is missing`,
      );
    }
    deps.log.info('every replacement is live with the new value', { secretVersionId: token });
  }

  /**
   * finishSecret: under the lease (so no deploy or repair sees the value promoted and the replaced subscriptions
   * not yet deleted), AWSCURRENT moved to the token unless it is there already, then the cleanup.
   */
  async function finishSecret(
    event: RotationEvent,
    secret: SecretDescription,
    deadline: number,
  ): Promise<void> {
    const token = event.ClientRequestToken;
    const values = await readStageValues(deps.secrets, secret.arn, token);
    await underLease(token, deadline, async () => {
      const current = versionWith(secret, 'AWSCURRENT');
      if (current !== token) {
        await deps.secrets.send(
          new UpdateSecretVersionStageCommand({
            SecretId: secret.arn,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: token,
            ...(current === undefined ? {} : { RemoveFromVersionId: current }),
          }),
        );
        deps.log.info('new value is AWSCURRENT', { secretVersionId: token, previousVersionId: current });
      }
      const context = replacementContext(token, values, deadline);
      for (const record of await recordsOf(secret)) await retireReplaced(context, record);
    });
    const marker = await deps.store.getMarker(LAST_ROTATION_MARKER, now());
    if (marker?.values.versionId !== token) {
      await deps.store.putMarker({
        name: LAST_ROTATION_MARKER,
        values: { versionId: token, finishedAt: new Date(now()).toISOString() },
      });
    }
  }

  /** Waits until the pending value has been readable for the settle time, or says to come back later. */
  async function settled(token: string, secret: SecretDescription, deadline: number): Promise<void> {
    const [marker, version] = await Promise.all([
      deps.store.getMarker(PENDING_MARKER, now()),
      readVersion(deps.secrets, secret.arn, { versionId: token }),
    ]);
    let readableAt = pendingReadableAt(marker, token, version?.createdAt);
    if (readableAt === undefined) readableAt = await markPending(token);
    const waitMs = readableAt + settleMs - now();
    if (waitMs <= 0) return;
    // Room for the wait, then a create (and the look-up and delete that may follow it) per call budget.
    if (now() + waitMs + 3 * budgetMs > deadline) {
      throw new RotationNotReadyError(
        `the new value has been readable for ${Math.round((settleMs - waitMs) / 1000)} s, less than the ${settleMs / 1000} s every receiver needs before Argyle signs with it; call setSecret again in ${Math.ceil(waitMs / 1000)} s`,
      );
    }
    deps.log.info('waiting until every receiver can read the new value', { secretVersionId: token, waitMs });
    await sleep(waitMs);
  }

  async function markPending(token: string): Promise<number> {
    const at = now();
    await deps.store.putMarker({
      name: PENDING_MARKER,
      values: { versionId: token, readableAt: new Date(at).toISOString() },
    });
    return at;
  }

  /** Takes AWSPENDING off the token's version (nothing was stored yet) and throws the refusal. */
  async function refuse(secret: SecretDescription, token: string, why: string): Promise<never> {
    await deps.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secret.arn,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: token,
      }),
    );
    throw new RotationRefusedError(`rotation refused: ${why}`);
  }

  async function recordsOf(secret: SecretDescription): Promise<OwnershipRecord[]> {
    const records = await deps.store.list();
    return records
      .filter(
        (record) => record.signingSecretArn === secret.arn || namesSecret(record.signingSecretArn, secret),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  function underLease<T>(token: string, deadline: number, work: () => Promise<T>): Promise<T> {
    const holder = `rotation:${token}:${deps.holderId?.() ?? crypto.randomUUID()}`;
    return withLease(
      deps.store,
      { holder, actor: 'rotation', durationMs: Math.max(60_000, deadline - now() + REPORT_RESERVE_MS) },
      work,
      { waitMs: deps.leaseWaitMs ?? 60_000, now, sleep },
    );
  }

  function replacementContext(token: string, values: ReplacementContext['values'], deadline: number) {
    const clients = new Map<string, Promise<ArgyleClient>>();
    return {
      store: deps.store,
      token,
      values,
      log: deps.log,
      now,
      timeLeftToCreate: () => now() + 3 * budgetMs <= deadline,
      argyle: (target: ApiTarget) => {
        const key = JSON.stringify(target);
        let client = clients.get(key);
        if (client === undefined) {
          client = argyleClient(target);
          clients.set(key, client);
        }
        return client;
      },
    } satisfies ReplacementContext;
  }

  async function argyleClient(target: ApiTarget): Promise<ArgyleClient> {
    const credentials: ApiCredentials = await readCredentials(
      deps.secrets,
      target.credentialsSecretName,
      target.environment,
      process.env.AWS_REGION,
      'then let the rotation run again',
    );
    return argyleClientFor(target, credentials, budgetMs, deps.client);
  }
}
