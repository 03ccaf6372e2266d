/** How the CLI prints subscriptions: a table or key/value lines for people, JSON for scripts. Never a secret. */
import { redactSubscription, type WebhookSubscription } from '../../argyle-api';
import { renderJson, renderTable } from '../../shared/cli/output';

/** `set` when deliveries are signed, `none` when not: the value itself is never shown. */
function secretState(subscription: WebhookSubscription): string {
  return typeof subscription.secret === 'string' && subscription.secret !== '' ? 'set' : 'none';
}

function configText(subscription: WebhookSubscription): string {
  const config = subscription.config ?? {};
  return Object.keys(config).length === 0 ? '-' : JSON.stringify(config);
}

/** `last_sent_at`: the time, `never` when Argyle says it never sent one (`null`), `-` when it does not say. */
function lastSentText(subscription: WebhookSubscription): string {
  if (subscription.last_sent_at === null) return 'never';
  return subscription.last_sent_at ?? '-';
}

/** One row per subscription, columns aligned. */
export function formatTable(subscriptions: readonly WebhookSubscription[]): string {
  if (subscriptions.length === 0) return 'no subscriptions\n';
  const header = ['ID', 'NAME', 'EVENTS', 'CONFIG', 'SECRET', 'URL', 'CREATED', 'LAST_SENT'];
  const rows = subscriptions.map((s) => [
    s.id,
    s.name,
    s.events.join(','),
    configText(s),
    secretState(s),
    s.url,
    s.created_at,
    lastSentText(s),
  ]);
  return `${renderTable(header, rows)}\n${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'}\n`;
}

/** One subscription as `field: value` lines. */
export function formatDetails(subscription: WebhookSubscription): string {
  const fields: [string, string][] = [
    ['id', subscription.id],
    ['name', subscription.name],
    ['events', subscription.events.join(', ')],
    ['config', configText(subscription)],
    ['secret', secretState(subscription)],
    ['url', subscription.url],
    ['created_at', subscription.created_at],
    ['updated_at', subscription.updated_at],
    ['last_sent_at', lastSentText(subscription)],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  return `${fields.map(([name, value]) => `${`${name}:`.padEnd(width + 1)} ${value}`).join('\n')}\n`;
}

/** JSON with every secret replaced by `[redacted]`. */
export function formatJson(value: WebhookSubscription | readonly WebhookSubscription[] | object): string {
  const redacted = Array.isArray(value)
    ? value.map((s: WebhookSubscription) => redactSubscription(s))
    : isSubscription(value)
      ? redactSubscription(value)
      : value;
  return renderJson(redacted);
}

function isSubscription(value: object): value is WebhookSubscription {
  return 'id' in value && 'events' in value && 'url' in value;
}
