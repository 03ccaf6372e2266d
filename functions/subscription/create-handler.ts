/**
 * The custom resource's `onEvent` handler, for the CDK provider framework: one Argyle webhook subscription per
 * resource, whose physical id is Argyle's subscription id.
 *
 * - Create: adopt a live subscription identical in name, URL, events, config and secret, or create one, but
 *   only once the signing secret has been readable for `SIGNING_SECRET_SETTLE_MS` (about 40 s), so that no
 *   receiver answers 401 to the new subscription's first deliveries.
 * - Update: nothing to do when nothing Argyle stores (or where it is stored) changed; otherwise as Create, with
 *   the current subscription preferred. A new id makes CloudFormation delete the old subscription, but only
 *   after the whole update succeeded; a rollback lands back on the original, which is still live.
 * - Delete: delete by id; gone already counts as deleted; a physical id that is no Argyle id is a no-op.
 *
 * A thrown error reaches CloudFormation as the failure reason (the provider framework reports it), so every
 * message says what to do, and none carries a secret.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ArgyleWebhooksClient, type ArgyleWebhooksClientOptions } from '../argyle-api';
import { SUBSCRIPTION_ATTRIBUTE } from '../shared/contract';
import { SubscriptionError } from './errors';
import { ensureSubscription, type LifecycleContext, removeSubscription } from './lifecycle';
import type { SubscriptionLog } from './log';
import { sameProperties } from './matching';
import { type ApiTarget, readProperties, readTarget, type SubscriptionProperties } from './properties';
import { cliDeleteCommand } from './remedies';
import { readCredentials, readSigningSecret, type SecretsReader } from './secrets';
import { settleDelayMs, sleep } from './signing-secret-settle';

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

/** Argyle subscription ids are UUIDs; any other physical id (e.g. a provider framework marker) never was one. */
const ARGYLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ClientTuning = Partial<
  Omit<ArgyleWebhooksClientOptions, 'apiKeyId' | 'apiKeySecret' | 'environment' | 'baseUrl' | 'apiVersion'>
>;

export interface SubscriptionHandlerDeps {
  readonly secrets: SecretsReader;
  readonly log: SubscriptionLog;
  /** Overrides of the Argyle client's time budget and runtime (tests use a short budget). */
  readonly client?: ClientTuning;
  readonly now?: () => number;
  /** Waits; tests pass one that returns at once (and may move their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export function createHandler(deps: SubscriptionHandlerDeps) {
  const now = deps.now ?? Date.now;
  const budgetMs = deps.client?.totalTimeoutMs ?? CALL_BUDGET_MS;

  return async function onEvent(
    event: CloudFormationCustomResourceEvent,
    context?: InvocationContext,
  ): Promise<OnEventResponse> {
    const deadline =
      now() + (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) - REPORT_RESERVE_MS;
    // A create may be followed by a look-up and a delete: leave room for all three.
    const timeLeftToCreate = () => now() + 3 * budgetMs <= deadline;
    const physicalId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
    deps.log.info('event', {
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      physicalResourceId: physicalId,
      requestId: event.RequestId,
      stackId: event.StackId,
    });

    try {
      switch (event.RequestType) {
        case 'Create':
          return await put(readProperties(event.ResourceProperties), undefined, timeLeftToCreate);
        case 'Update': {
          const props = readProperties(event.ResourceProperties);
          if (ARGYLE_ID.test(event.PhysicalResourceId) && unchanged(props, event.OldResourceProperties)) {
            deps.log.info('nothing Argyle stores changed; no call', {
              subscriptionId: event.PhysicalResourceId,
            });
            return response(event.PhysicalResourceId, props);
          }
          return await put(props, event.PhysicalResourceId, timeLeftToCreate);
        }
        case 'Delete':
          return await remove(event.PhysicalResourceId, event.ResourceProperties, timeLeftToCreate);
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

  async function put(
    props: SubscriptionProperties,
    currentId: string | undefined,
    timeLeftToCreate: () => boolean,
  ): Promise<OnEventResponse> {
    const [credentials, secret] = await Promise.all([
      readCredentials(deps.secrets, props.target.credentialsSecretName, props.target.environment),
      readSigningSecret(deps.secrets, props.signingSecretArn),
    ]);
    const secretReadAt = now();
    const signingSecretSettled = async () => {
      const waitMs = settleDelayMs(secretReadAt, now());
      if (waitMs <= 0) return;
      deps.log.info('waiting until every receiver can read the signing secret', {
        name: props.subscription.name,
        waitMs,
      });
      await (deps.sleep ?? sleep)(waitMs);
    };
    const context = { ...lifecycle(props.target, credentials, timeLeftToCreate), signingSecretSettled };
    const { id, outcome } = await ensureSubscription(context, props.subscription, secret, currentId);
    deps.log.info(outcome, { subscriptionId: id, name: props.subscription.name, replaces: currentId });
    return response(id, props);
  }

  async function remove(
    id: string,
    rawProperties: unknown,
    timeLeftToCreate: () => boolean,
  ): Promise<OnEventResponse> {
    if (!ARGYLE_ID.test(id)) {
      deps.log.info('physical id is no Argyle subscription id; nothing to delete', {
        physicalResourceId: id,
      });
      return { PhysicalResourceId: id };
    }
    const target = readTarget(rawProperties);
    let credentials: Awaited<ReturnType<typeof readCredentials>>;
    try {
      credentials = await readCredentials(deps.secrets, target.credentialsSecretName, target.environment);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SubscriptionError(
        `could not delete Argyle subscription ${id}: ${message}; once the secret is fixed, delete the stack again, or remove the subscription with: ${cliDeleteCommand(id, target)}`,
        { cause: error },
      );
    }
    await removeSubscription(lifecycle(target, credentials, timeLeftToCreate), id);
    return { PhysicalResourceId: id };
  }

  function lifecycle(
    target: ApiTarget,
    credentials: { apiKeyId: string; apiKeySecret: string },
    timeLeftToCreate: () => boolean,
  ): LifecycleContext {
    const client = new ArgyleWebhooksClient({
      timeoutMs: REQUEST_TIMEOUT_MS,
      totalTimeoutMs: budgetMs,
      ...deps.client,
      ...credentials,
      environment: target.environment,
      apiVersion: target.apiVersion,
      ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
    });
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

function response(id: string, props: SubscriptionProperties): OnEventResponse {
  return {
    PhysicalResourceId: id,
    Data: { [SUBSCRIPTION_ATTRIBUTE.ID]: id, [SUBSCRIPTION_ATTRIBUTE.NAME]: props.subscription.name },
  };
}
