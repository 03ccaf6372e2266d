/**
 * The custom resource's `onEvent` handler, for the CDK provider framework: one configured Argyle webhook
 * subscription per resource. Which Argyle subscriptions the resource owns is kept in the ownership record
 * (`state/`), which deploy, repair and rotation share; the physical id is `argyle-subscription/<name>/<n>`
 * (`state/record-transitions.ts` decides both).
 *
 * - Create and Update, under the lease: adopt a live subscription identical in name, URL, events, config and
 *   secret (the owned ones first), or create one, but only once the signing secret has been readable for
 *   `SIGNING_SECRET_SETTLE_MS` (about 40 s), so that no receiver answers 401 to the new subscription's first
 *   deliveries; then write the record. An Update that changes nothing Argyle stores calls nothing. A replaced
 *   subscription stays live (retired in the record) until CloudFormation's Delete of the old physical id, sent
 *   only after the whole update succeeded; a rollback lands back on it.
 * - The migration: an Update from a physical id that is an Argyle id (a stack deployed before the record) takes
 *   that subscription over, creating nothing when nothing changed. An Update back to properties without the
 *   state table (its rollback) returns to the Argyle id and removes everything else the record held.
 * - Delete of the current physical id: every subscription the record owns or retired, then the record. Delete
 *   of another one: only what was retired under it, or a legacy Argyle id no record owns. Never anything else.
 * - Every event marks a deploy in progress (`state/markers.ts`) for the watcher.
 *
 * A thrown error reaches CloudFormation as the failure reason (the provider framework reports it), so every
 * message says what to do, and none carries a secret.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ArgyleWebhooksClient, type ArgyleWebhooksClientOptions } from '../argyle-api';
import { SUBSCRIPTION_ATTRIBUTE, SUBSCRIPTION_ENV } from '../shared/contract';
import { SubscriptionError } from './errors';
import { ensureSubscription, type LifecycleContext, removeSubscription, undoCreate } from './lifecycle';
import type { SubscriptionLog } from './log';
import { sameProperties } from './matching';
import {
  type ApiTarget,
  readIdentity,
  readProperties,
  readTarget,
  type SubscriptionProperties,
} from './properties';
import { cliDeleteCommand, cliListCommand } from './remedies';
import {
  type ApiCredentials,
  readCredentials,
  readSigningSecretVersion,
  type SecretsReader,
} from './secrets';
import { settleDelayMs, sleep } from './signing-secret-settle';
import { createDynamoDbClient, type DynamoDbSender, DynamoDbStateStore } from './state/dynamodb-store';
import { LeaseBusyError, withLease } from './state/lease';
import { deployMarker } from './state/markers';
import {
  afterDeploy,
  isArgyleId,
  parsePhysicalId,
  planDelete,
  planLegacyUpdate,
  preferredIds,
} from './state/record-transitions';
import type { SubscriptionStateStore } from './state/store';

/** What the provider framework expects back from `onEvent`. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/** The part of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** Time allowed for one request to Argyle. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Time allowed for one call to Argyle, retries included: well below the function's timeout. */
export const CALL_BUDGET_MS = 40_000;
/** Time kept free at the end of an invocation to report the outcome. */
const REPORT_RESERVE_MS = 5_000;

/**
 * How long an event waits for the lease while a repair, a rotation or another subscription's event holds it,
 * at most: 2 minutes, and never so long that too little time is left to create a subscription afterwards.
 */
export const LEASE_WAIT_MS = 120_000;
/** Time between tries for the lease. */
export const LEASE_POLL_MS = 2_000;
/** Tries of the first call to the state table while it answers AccessDenied (new permissions spreading). */
const ACCESS_ATTEMPTS = 4;
/** How long a lease the handler takes holds unless released: longer than the function may run (5 minutes). */
export const LEASE_DURATION_MS = 6 * 60_000;

export type ClientTuning = Partial<
  Omit<ArgyleWebhooksClientOptions, 'apiKeyId' | 'apiKeySecret' | 'environment' | 'baseUrl' | 'apiVersion'>
>;

/**
 * The Argyle API client for one subscription's target: its environment, API version and base URL, the API key,
 * `REQUEST_TIMEOUT_MS` a request and `totalTimeoutMs` in all; `tuning` (tests, local runs) goes under those.
 * Shared by the custom resource, the rotation and the watcher.
 */
export function argyleClientFor(
  target: ApiTarget,
  credentials: ApiCredentials,
  totalTimeoutMs: number,
  tuning: ClientTuning = {},
): ArgyleWebhooksClient {
  return new ArgyleWebhooksClient({
    timeoutMs: REQUEST_TIMEOUT_MS,
    totalTimeoutMs,
    ...tuning,
    ...credentials,
    environment: target.environment,
    apiVersion: target.apiVersion,
    ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
  });
}

export interface SubscriptionHandlerDeps {
  readonly secrets: SecretsReader;
  readonly log: SubscriptionLog;
  /** The DynamoDB client of the state store (created once per process); one with bounded retries by default. */
  readonly dynamoDb?: DynamoDbSender;
  /** The state store over a table; by default the DynamoDB store. */
  readonly stateStore?: (tableName: string) => SubscriptionStateStore;
  /** Overrides of the Argyle client's time budget and runtime (tests use a short budget). */
  readonly client?: ClientTuning;
  readonly now?: () => number;
  /** Waits; tests pass one that returns at once (and may move their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to wait for the lease at most ({@link LEASE_WAIT_MS}). */
  readonly leaseWaitMs?: number;
}

type Identity = { readonly name: string; readonly event: CloudFormationCustomResourceEvent };

export function createHandler(deps: SubscriptionHandlerDeps) {
  const now = deps.now ?? Date.now;
  const wait = deps.sleep ?? sleep;
  const budgetMs = deps.client?.totalTimeoutMs ?? CALL_BUDGET_MS;
  let dynamoDb = deps.dynamoDb;
  const stateStore =
    deps.stateStore ??
    ((tableName: string) => {
      dynamoDb ??= createDynamoDbClient();
      return new DynamoDbStateStore(dynamoDb, tableName, now);
    });

  return async function onEvent(
    event: CloudFormationCustomResourceEvent,
    context?: InvocationContext,
  ): Promise<OnEventResponse> {
    const deadline =
      now() + (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) - REPORT_RESERVE_MS;
    // A create may be followed by a look-up and a delete: leave room for all three.
    const timeLeftToCreate = () => now() + 3 * budgetMs <= deadline;
    const leaseWaitMs = () =>
      Math.max(0, Math.min(deps.leaseWaitMs ?? LEASE_WAIT_MS, deadline - 3 * budgetMs - now()));
    const physicalId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
    deps.log.info('event', {
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      physicalResourceId: physicalId,
      requestId: event.RequestId,
      stackId: event.StackId,
    });
    const run: Run = { event, timeLeftToCreate, leaseWaitMs };

    try {
      switch (event.RequestType) {
        case 'Create':
          return await deploy(run, readProperties(event.ResourceProperties), undefined, undefined);
        case 'Update':
          return await deploy(
            run,
            readProperties(event.ResourceProperties),
            event.PhysicalResourceId,
            event.OldResourceProperties,
          );
        case 'Delete':
          return await remove(run, event.PhysicalResourceId, event.ResourceProperties);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.error('failed', { requestType: event.RequestType, physicalResourceId: physicalId, message });
      if (error instanceof SubscriptionError) throw error;
      throw new SubscriptionError(`${event.RequestType} of the Argyle subscription failed: ${message}`, {
        cause: error,
      });
    }
  };

  interface Run {
    readonly event: CloudFormationCustomResourceEvent;
    readonly timeLeftToCreate: () => boolean;
    readonly leaseWaitMs: () => number;
  }

  /** Create and Update. */
  async function deploy(
    run: Run,
    props: SubscriptionProperties,
    previousId: string | undefined,
    oldRaw: unknown,
  ): Promise<OnEventResponse> {
    const { name } = props.subscription;
    if (props.stateTable === undefined) return legacyDeploy(run, props, previousId, oldRaw);
    const store = stateStore(props.stateTable);
    await mark(store, { name, event: run.event }, previousId);

    if (previousId !== undefined && unchanged(props, oldRaw)) {
      const record = await store.get(name);
      const current = record?.owned[0];
      if (record?.physicalId === previousId && current !== undefined) {
        deps.log.info('nothing Argyle stores changed; no call', { name, subscriptionId: current.id });
        return response(previousId, current.id, name);
      }
    }

    const { context, secret } = await prepare(run, props);
    const { outcome, id, physicalId } = await underLease(run, store, async () => {
      const record = await store.get(name);
      const ensured = await ensureSubscription(
        context,
        props.subscription,
        secret.value,
        preferredIds(record, previousId),
      );
      const next = afterDeploy(record, {
        requestType: previousId === undefined ? 'Create' : 'Update',
        ...(previousId === undefined ? {} : { previousPhysicalId: previousId }),
        desired: props.subscription,
        target: props.target,
        signingSecretArn: props.signingSecretArn,
        ensured: { id: ensured.id, ...(secret.versionId ? { secretVersionId: secret.versionId } : {}) },
        at: new Date(now()).toISOString(),
      });
      try {
        await store.put(next.record, record?.revision);
      } catch (error) {
        // A subscription no record owns would be left behind by the rollback: take it back.
        if (ensured.outcome === 'created') throw await undoCreate(context, ensured.id, error);
        throw error;
      }
      if (next.retired.length > 0) {
        deps.log.info('retired until CloudFormation deletes the old physical id', {
          name,
          retired: next.retired.map((s) => s.id),
          physicalResourceId: previousId,
        });
      }
      return { outcome: ensured.outcome, id: ensured.id, physicalId: next.physicalId };
    });
    deps.log.info(outcome, {
      subscriptionId: id,
      name,
      physicalResourceId: physicalId,
      replaces: previousId,
    });
    return response(physicalId, id, name);
  }

  /**
   * Properties without the state table: those of a stack deployed before it, seen when the migration rolls
   * back (or an older version of the construct is deployed again). The physical id is the Argyle id again.
   */
  async function legacyDeploy(
    run: Run,
    props: SubscriptionProperties,
    previousId: string | undefined,
    oldRaw: unknown,
  ): Promise<OnEventResponse> {
    const { name } = props.subscription;
    if (previousId !== undefined && isArgyleId(previousId) && unchanged(props, oldRaw)) {
      deps.log.info('nothing Argyle stores changed; no call', { name, subscriptionId: previousId });
      return response(previousId, previousId, name);
    }
    const tableName = environmentTable();
    const { context, secret } = await prepare(run, props);
    if (tableName === undefined || previousId === undefined) {
      const { id, outcome } = await ensureSubscription(context, props.subscription, secret.value, previousId);
      deps.log.info(outcome, { subscriptionId: id, name, replaces: previousId });
      return response(id, id, name);
    }
    const store = stateStore(tableName);
    await mark(store, { name, event: run.event }, previousId);
    const id = await underLease(run, store, async () => {
      const record = await store.get(name);
      const ensured = await ensureSubscription(
        context,
        props.subscription,
        secret.value,
        preferredIds(record, previousId),
      );
      const others = planLegacyUpdate(record, ensured.id);
      for (const other of others) await removeSubscription(context, other);
      if (record !== undefined) await store.delete(name, record.revision);
      deps.log.info('back to a physical id that is the Argyle id; the ownership record is removed', {
        name,
        subscriptionId: ensured.id,
        deleted: others,
        physicalResourceId: previousId,
      });
      return ensured.id;
    });
    return response(id, id, name);
  }

  async function remove(run: Run, physicalId: string, rawProperties: unknown): Promise<OnEventResponse> {
    const parsed = parsePhysicalId(physicalId);
    if (parsed === undefined && !isArgyleId(physicalId)) {
      deps.log.info('physical id is no subscription of ours; nothing to delete', {
        physicalResourceId: physicalId,
      });
      return { PhysicalResourceId: physicalId };
    }
    const target = readTarget(rawProperties);
    const identity = readIdentity(rawProperties);
    const tableName = identity.stateTable ?? environmentTable();
    const name = parsed?.name ?? identity.name;
    if (tableName === undefined) {
      // No record to consult (a function deployed without the table): the Argyle id is the subscription.
      if (parsed === undefined) await deleteAll(run, target, [physicalId]);
      return { PhysicalResourceId: physicalId };
    }
    const store = stateStore(tableName);
    await mark(store, { name: name ?? '', event: run.event }, physicalId);
    await underLease(run, store, async () => {
      const record = name === undefined ? undefined : await store.get(name);
      const all = isArgyleId(physicalId) ? await store.list() : [];
      const plan = planDelete(physicalId, record, all);
      if (plan.kind === 'nothing') {
        const fields = { name, physicalResourceId: physicalId };
        if (record === undefined && parsed !== undefined) {
          deps.log.warn(
            `no ownership record of "${name}" (was the state table replaced?); nothing deleted. Check what is left with: ${cliListCommand(target)}`,
            fields,
          );
        } else {
          deps.log.info('nothing owned under this physical id; nothing to delete', fields);
        }
        return;
      }
      await deleteAll(run, target, plan.deleteIds);
      if (plan.kind === 'destroy' && record !== undefined) {
        await store.delete(record.name, record.revision);
      } else if (plan.kind === 'cleanup' && plan.record !== undefined && record !== undefined) {
        await store.put(plan.record, record.revision);
      }
      deps.log.info(plan.kind === 'destroy' ? 'destroyed' : 'cleaned up a replaced physical id', {
        name,
        physicalResourceId: physicalId,
        deleted: plan.deleteIds,
      });
    });
    return { PhysicalResourceId: physicalId };
  }

  async function deleteAll(run: Run, target: ApiTarget, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    let credentials: ApiCredentials;
    try {
      credentials = await readCredentials(deps.secrets, target.credentialsSecretName, target.environment);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const what =
        ids.length === 1 ? `Argyle subscription ${ids[0]}` : `Argyle subscriptions ${ids.join(', ')}`;
      const commands = ids.map((id) => cliDeleteCommand(id, target)).join(' and ');
      throw new SubscriptionError(
        `could not delete ${what}: ${message}; once the secret is fixed, delete the stack again, or remove ${ids.length === 1 ? 'the subscription' : 'them'} with: ${commands}`,
        { cause: error },
      );
    }
    const context = lifecycle(target, credentials, run.timeLeftToCreate);
    for (const id of ids) await removeSubscription(context, id);
  }

  /** Reads both secrets and builds the lifecycle context, whose first create waits for the secret to settle. */
  async function prepare(run: Run, props: SubscriptionProperties) {
    const [credentials, secret] = await Promise.all([
      readCredentials(deps.secrets, props.target.credentialsSecretName, props.target.environment),
      readSigningSecretVersion(deps.secrets, props.signingSecretArn),
    ]);
    const secretReadAt = now();
    const signingSecretSettled = async () => {
      const waitMs = settleDelayMs(secretReadAt, now());
      if (waitMs <= 0) return;
      deps.log.info('waiting until every receiver can read the signing secret', {
        name: props.subscription.name,
        waitMs,
      });
      await wait(waitMs);
    };
    const context: LifecycleContext = {
      ...lifecycle(props.target, credentials, run.timeLeftToCreate),
      signingSecretSettled,
    };
    return { context, secret };
  }

  /** Runs `work` under the lease deploy, repair and rotation share, waiting a while for it. */
  async function underLease<T>(run: Run, store: SubscriptionStateStore, work: () => Promise<T>): Promise<T> {
    const waitMs = run.leaseWaitMs();
    const holder = `deploy/${run.event.LogicalResourceId}/${run.event.RequestId}`;
    try {
      return await withLease(
        store,
        { holder, actor: 'deploy', durationMs: LEASE_DURATION_MS },
        async () => work(),
        { waitMs, pollMs: LEASE_POLL_MS, now, sleep: wait },
      );
    } catch (error) {
      if (!(error instanceof LeaseBusyError)) throw error;
      throw new SubscriptionError(
        `${error.message}. Waited ${Math.round(waitMs / 1000)} s for it; nothing was changed. Deploy again once it is done`,
        { cause: error },
      );
    }
  }

  /**
   * Writes the deploy marker: the event's first call to the table. The deploy that brings the table also gives
   * the function its permissions on it, which IAM may take a few seconds to apply everywhere, so an access
   * denial here is tried again a few times (about 15 s in all) before it fails the event.
   */
  async function mark(store: SubscriptionStateStore, { name, event }: Identity, physicalId?: string) {
    const facts = {
      requestType: event.RequestType,
      name,
      logicalResourceId: event.LogicalResourceId,
      requestId: event.RequestId,
      ...(physicalId === undefined ? {} : { physicalResourceId: physicalId }),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await store.putMarker(deployMarker(facts, now()));
        return;
      } catch (error) {
        const denied =
          error instanceof Error && (error.cause as Error | undefined)?.name === 'AccessDeniedException';
        if (!denied || attempt >= ACCESS_ATTEMPTS) throw error;
        deps.log.warn('the state table refused access; trying again while IAM applies the new permissions', {
          attempt,
        });
        await wait(1_000 * 2 ** attempt);
      }
    }
  }

  function lifecycle(
    target: ApiTarget,
    credentials: ApiCredentials,
    timeLeftToCreate: () => boolean,
  ): LifecycleContext {
    const client = argyleClientFor(target, credentials, budgetMs, deps.client);
    return { client, target, log: deps.log, timeLeftToCreate };
  }

  function unchanged(props: SubscriptionProperties, oldRaw: unknown): boolean {
    try {
      return sameProperties(props, readProperties(oldRaw));
    } catch {
      return false;
    }
  }
}

/** The state table the function was deployed with, for properties that predate the table. */
function environmentTable(): string | undefined {
  const name = process.env[SUBSCRIPTION_ENV.STATE_TABLE]?.trim();
  return name ? name : undefined;
}

function response(physicalId: string, id: string, name: string): OnEventResponse {
  return {
    PhysicalResourceId: physicalId,
    Data: { [SUBSCRIPTION_ATTRIBUTE.ID]: id, [SUBSCRIPTION_ATTRIBUTE.NAME]: name },
  };
}
