/**
 * Comparisons that decide adoption and replacement. Pure: no I/O, and no secret ever leaves them (a differing
 * secret is reported as the word `secret`).
 */
import type { WebhookConfig, WebhookSubscription } from '../argyle-api';
import type { DesiredSubscription, SubscriptionProperties } from './properties';

/**
 * `config` in a canonical text: keys sorted, empty values and `include_resource: false` (Argyle's default)
 * dropped, `items` sorted without repeats. `null` and `{}` read the same.
 */
export function canonicalConfig(config: Readonly<WebhookConfig> | null | undefined): string {
  const out: Record<string, unknown> = {};
  if (config?.days_synced !== undefined && config.days_synced !== null) out.days_synced = config.days_synced;
  if (config?.include_resource === true) out.include_resource = true;
  if (config?.items !== undefined && config.items !== null) out.items = [...new Set(config.items)].sort();
  return JSON.stringify(out);
}

/** Events as a set: order and repeats do not matter to Argyle. */
export function canonicalEvents(events: readonly string[]): string {
  return JSON.stringify([...new Set(events)].sort());
}

/**
 * The fields in which a subscription Argyle holds differs from the one wanted, signed with `secret`: any of
 * `name`, `url`, `events`, `config`, `secret`. Empty when it is the same subscription. A `secret` the response
 * leaves out entirely is not compared (`compareAbsentSecret: false`), as in a create response that omits it.
 */
export function differences(
  live: WebhookSubscription,
  desired: DesiredSubscription,
  secret: string,
  options: { readonly compareAbsentSecret?: boolean } = {},
): string[] {
  const fields: string[] = [];
  if (live.name !== desired.name) fields.push('name');
  if (live.url !== desired.url) fields.push('url');
  if (canonicalEvents(live.events) !== canonicalEvents(desired.events)) fields.push('events');
  if (canonicalConfig(live.config) !== canonicalConfig(desired.config)) fields.push('config');
  const skipSecret = live.secret === undefined && options.compareAbsentSecret === false;
  if (!skipSecret && live.secret !== secret) fields.push('secret');
  return fields;
}

/**
 * Among live subscriptions, the ones that are the wanted subscription in every field, including the secret (a
 * subscription signing with another secret would have every delivery rejected). The preferred ids come first
 * when they match, in the order given (the ones the stack owns, then an update's original that a rollback lands
 * on), then the oldest.
 */
export function matchingSubscriptions(
  live: readonly WebhookSubscription[],
  desired: DesiredSubscription,
  secret: string,
  prefer?: string | readonly string[],
): WebhookSubscription[] {
  const preferred = prefer === undefined ? [] : typeof prefer === 'string' ? [prefer] : prefer;
  const rank = (id: string) => {
    const index = preferred.indexOf(id);
    return index < 0 ? preferred.length : index;
  };
  return live
    .filter((subscription) => differences(subscription, desired, secret).length === 0)
    .sort(
      (a, b) =>
        rank(a.id) - rank(b.id) || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    );
}

/**
 * Whether two sets of resource properties describe the same subscription in the same place, so an update
 * needs no call to Argyle. Order of events, key order and `false` defaults in config make no difference; a
 * raised signing-secret generation does (the live subscription may sign with the previous secret).
 */
export function sameProperties(a: SubscriptionProperties, b: SubscriptionProperties): boolean {
  return key(a) === key(b);
}

function key({
  subscription,
  signingSecretArn,
  signingSecretGeneration,
  target,
}: SubscriptionProperties): string {
  return JSON.stringify([
    signingSecretGeneration,
    subscription.name,
    subscription.url,
    canonicalEvents(subscription.events),
    canonicalConfig(subscription.config),
    signingSecretArn,
    target.environment,
    target.apiVersion,
    target.baseUrl ?? null,
    target.credentialsSecretName,
  ]);
}
