/**
 * What the custom resource does in Argyle: make sure a subscription exists (adopting an identical live one
 * before creating), and remove one. Argyle has no update call and the client never retries a create that may
 * have taken effect, so every path that could leave a duplicate or an untracked subscription looks again.
 */
import {
  ArgyleApiError,
  ArgyleListLimitError,
  type ArgyleWebhooksClient,
  MAX_LIST_LIMIT,
  type WebhookSubscription,
} from '../argyle-api';
import { SubscriptionError } from './errors';
import type { SubscriptionLog } from './log';
import { differences, matchingSubscriptions } from './matching';
import type { ApiTarget, DesiredSubscription } from './properties';
import { cliDeleteCommand, cliListCommand } from './remedies';

/** Largest page Argyle serves; one request lists up to this many subscriptions. */
export const LIST_PAGE_SIZE = MAX_LIST_LIMIT;

/**
 * Pages read at most when looking for a subscription to adopt: 10,000 subscriptions. Beyond it, adoption cannot
 * know whether the subscription exists, so it fails instead of creating a possible duplicate.
 */
export const MAX_LIST_PAGES = 50;

/** Creates sent at most, each after the previous one failed and a look-up found that it made nothing. */
export const MAX_CREATE_ATTEMPTS = 3;

export interface LifecycleContext {
  readonly client: Pick<ArgyleWebhooksClient, 'list' | 'create' | 'delete'>;
  readonly target: ApiTarget;
  readonly log: SubscriptionLog;
  /** Whether enough time is left to create a subscription and, should that go wrong, to clean up after it. */
  readonly timeLeftToCreate: () => boolean;
  /**
   * Resolves once the signing secret has been readable long enough for every receiver to verify with it
   * (`signing-secret-settle.ts`); awaited before the first create only, never to adopt.
   */
  readonly signingSecretSettled?: () => Promise<void>;
}

export interface EnsureResult {
  readonly id: string;
  /** `adopted`: an identical subscription already existed (a retried deploy, a rolled-back update). */
  readonly outcome: 'adopted' | 'created';
}

/**
 * The id of a live subscription equal to `desired` signed with `secret`: an existing one when there is one
 * (the `prefer` ids first, in order), otherwise a new one. A subscription created here and found wrong is deleted again before
 * the error is thrown, so a failure leaves nothing behind.
 *
 * @throws SubscriptionError with Argyle's message
 */
export async function ensureSubscription(
  context: LifecycleContext,
  desired: DesiredSubscription,
  secret: string,
  prefer?: string | readonly string[],
): Promise<EnsureResult> {
  const { client, log } = context;
  const existing = await findExisting(context, desired, secret, prefer);
  if (existing !== undefined) return { id: existing.id, outcome: 'adopted' };
  await context.signingSecretSettled?.();

  let created: WebhookSubscription | undefined;
  for (let attempt = 1; created === undefined; attempt++) {
    if (!context.timeLeftToCreate()) {
      throw new SubscriptionError(
        `not enough time left to create Argyle subscription "${desired.name}" safely; nothing was created, deploy again`,
      );
    }
    try {
      log.info('creating subscription', { name: desired.name, attempt });
      created = await client.create({
        name: desired.name,
        events: desired.events,
        url: desired.url,
        secret,
        ...(Object.keys(desired.config).length > 0 ? { config: desired.config } : {}),
      });
    } catch (error) {
      if (!mayHaveTakenEffect(error)) throw createFailure(context, desired, error, attempt);
      // The request may have reached Argyle: a subscription it made must be adopted, not left untracked.
      log.warn('create may have taken effect; looking for the subscription', { name: desired.name, attempt });
      let recovered: WebhookSubscription | undefined;
      try {
        recovered = await findExisting(context, desired, secret);
      } catch (listError) {
        throw new SubscriptionError(
          `${createFailure(context, desired, error, attempt).message}. Argyle may have created it all the same, and listing to check failed too (${messageOf(listError)}); a retried deploy adopts it, or check with: ${cliListCommand(context.target)}`,
          { cause: error },
        );
      }
      if (recovered !== undefined) return { id: recovered.id, outcome: 'adopted' };
      // The look-up found none, so sending the create again makes no duplicate (unless Argyle's list lagged).
      if (attempt >= MAX_CREATE_ATTEMPTS) throw createFailure(context, desired, error, attempt);
    }
  }

  try {
    const wrong = differences(created, desired, secret, { compareAbsentSecret: false });
    if (wrong.length > 0) {
      throw new SubscriptionError(
        `Argyle created subscription ${created.id} ("${desired.name}") with a different ${wrong.join(', ')} than requested`,
      );
    }
  } catch (error) {
    throw await undoCreate(context, created.id, error);
  }
  log.info('created subscription', { subscriptionId: created.id, name: desired.name });
  return { id: created.id, outcome: 'created' };
}

/**
 * Deletes a subscription; one Argyle no longer knows counts as deleted.
 *
 * @throws SubscriptionError naming the id and the command that removes it later, when Argyle cannot be reached
 *   or refuses
 */
export async function removeSubscription(
  context: LifecycleContext,
  id: string,
): Promise<'deleted' | 'not-found'> {
  try {
    const outcome = await context.client.delete(id);
    context.log.info(outcome === 'deleted' ? 'deleted subscription' : 'subscription was already gone', {
      subscriptionId: id,
    });
    return outcome;
  } catch (error) {
    throw new SubscriptionError(
      `could not delete Argyle subscription ${id} (${context.target.environment}): ${messageOf(error)}. Remove it later with: ${cliDeleteCommand(id, context.target)}`,
      { cause: error },
    );
  }
}

async function findExisting(
  context: LifecycleContext,
  desired: DesiredSubscription,
  secret: string,
  prefer?: string | readonly string[],
): Promise<WebhookSubscription | undefined> {
  let live: WebhookSubscription[];
  try {
    live = await context.client.list({ limit: LIST_PAGE_SIZE, maxPages: MAX_LIST_PAGES });
  } catch (error) {
    if (error instanceof ArgyleListLimitError) {
      throw new SubscriptionError(
        `Argyle (${context.target.environment}) lists more than ${error.maxPages * LIST_PAGE_SIZE} subscriptions, the most this stack reads; it cannot tell whether "${desired.name}" already exists, so it creates nothing rather than a possible duplicate. Delete the subscriptions no longer used (see ${cliListCommand(context.target)}), then deploy again`,
        { cause: error },
      );
    }
    throw new SubscriptionError(
      `could not list the Argyle subscriptions (${context.target.environment}) to look for "${desired.name}": ${messageOf(error)}`,
      { cause: error },
    );
  }
  const [match, ...others] = matchingSubscriptions(live, desired, secret, prefer);
  if (match !== undefined) {
    context.log.info('adopting existing subscription', {
      subscriptionId: match.id,
      name: desired.name,
      identicalOthers: others.map((other) => other.id),
    });
  }
  return match;
}

/** After a failure following a create: delete what was created, then report the original failure. */
export async function undoCreate(
  context: LifecycleContext,
  id: string,
  failure: unknown,
): Promise<SubscriptionError> {
  const reason = messageOf(failure);
  try {
    await context.client.delete(id);
    context.log.warn('deleted the subscription created before the failure', { subscriptionId: id });
    return new SubscriptionError(`${reason}; the subscription was deleted again, nothing is left behind`, {
      cause: failure,
    });
  } catch (deleteError) {
    return new SubscriptionError(
      `${reason}; deleting it again failed too (${messageOf(deleteError)}), remove it with: ${cliDeleteCommand(id, context.target)}`,
      { cause: failure },
    );
  }
}

/** Whether a failed create may still have made the subscription: no answer, a 5xx, or an unreadable success. */
function mayHaveTakenEffect(error: unknown): boolean {
  if (!(error instanceof ArgyleApiError)) return false;
  if (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'invalid-response') return true;
  return error.kind === 'http' && error.status !== undefined && error.status >= 500;
}

function createFailure(
  context: LifecycleContext,
  desired: DesiredSubscription,
  error: unknown,
  attempts: number,
): SubscriptionError {
  if (error instanceof SubscriptionError) return error;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new SubscriptionError(
    `could not create Argyle subscription "${desired.name}" (${context.target.environment})${tries}: ${messageOf(error)}`,
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
