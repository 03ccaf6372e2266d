import type { WebhookConfig } from './webhook-schema.js';

/**
 * Events Argyle accepts a `config` with: the server-side allow-list its 400 quoted in March 2025 (the nine names
 * without verifications), plus `verifications.updated`, whose `include_resource` Argyle documents for
 * `/v2/webhooks`: https://docs.argyle.com/api-reference/verifications-webhooks/updated (example subscription
 * `{"events": ["verifications.updated"], "config": {"include_resource": true}}`) and
 * https://docs.argyle.com/api-reference/verifications-webhooks ("`include_resource: true` will return the
 * verification object ... within a `resource` object").
 */
export const CONFIG_EVENTS: readonly string[] = [
  'accounts.added',
  'accounts.connected',
  'accounts.failed',
  'accounts.updated',
  'gigs.partially_synced',
  'items.removed',
  'items.updated',
  'paystubs.partially_synced',
  'shifts.partially_synced',
  'verifications.updated',
];

/** Events each config option applies to. */
export const CONFIG_OPTION_EVENTS: Readonly<Record<keyof WebhookConfig, readonly string[]>> = {
  /** The account object on accounts.*, the verification object on verifications.updated (sources above). */
  include_resource: [
    'accounts.added',
    'accounts.connected',
    'accounts.failed',
    'accounts.updated',
    'verifications.updated',
  ],
  days_synced: ['gigs.partially_synced', 'paystubs.partially_synced', 'shifts.partially_synced'],
  items: ['items.removed', 'items.updated'],
};

export const MAX_ITEMS = 30;

export interface SubscriptionRuleProblem {
  /** `events`, `config` or `config.<option>`. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export interface SubscriptionToCheck {
  readonly events: readonly string[];
  readonly config?: Readonly<WebhookConfig> | Readonly<Record<string, unknown>> | null;
}

/**
 * Checks a subscription against Argyle's rules before it is sent, e.g. at `cdk synth`: `*` carries no config;
 * config only with the events Argyle allows; each option only with its events; `items` (1 to 30 ids) required
 * for items.updated and items.removed. Returns no problems when the subscription is valid.
 */
export function checkSubscriptionRules(subscription: SubscriptionToCheck): SubscriptionRuleProblem[] {
  const { events } = subscription;
  const config: Readonly<Record<string, unknown>> = subscription.config ?? {};
  const problems: SubscriptionRuleProblem[] = [];
  if (events.length === 0) {
    problems.push({
      field: 'events',
      message: "events is empty: list at least one event, or '*' for all events",
    });
  }
  const options = Object.keys(config).filter((key) => config[key] !== undefined);
  if (options.length > 0) {
    if (events.includes('*')) {
      problems.push({
        field: 'config',
        message:
          "config cannot be used with events ['*']: subscribe to the events that need config in a subscription of their own, and leave config empty here",
      });
    }
    const refused = events.filter((event) => event !== '*' && !CONFIG_EVENTS.includes(event));
    if (refused.length > 0) {
      problems.push({
        field: 'config',
        message: `config is only allowed when every event is one of ${CONFIG_EVENTS.join(', ')}; move ${refused.join(', ')} to a subscription without config`,
      });
    }
  }
  for (const option of options) {
    const allowed = CONFIG_OPTION_EVENTS[option as keyof WebhookConfig];
    if (allowed === undefined) {
      problems.push({
        field: `config.${option}`,
        message: `config.${option} is not an option Argyle accepts; use ${Object.keys(CONFIG_OPTION_EVENTS).join(', ')}`,
      });
      continue;
    }
    const misplaced = events.filter((event) => CONFIG_EVENTS.includes(event) && !allowed.includes(event));
    if (misplaced.length > 0) {
      problems.push({
        field: `config.${option}`,
        message: `config.${option} only applies to ${allowed.join(', ')}; move ${misplaced.join(', ')} to a subscription without ${option}`,
      });
    }
  }
  problems.push(...checkValues(config));
  const itemEvents = events.filter((event) => CONFIG_OPTION_EVENTS.items.includes(event));
  if (itemEvents.length > 0 && config.items === undefined) {
    problems.push({
      field: 'config.items',
      message: `${itemEvents.join(' and ')} require config.items: list the 1 to ${MAX_ITEMS} Item ids (item_...) to follow`,
    });
  }
  return problems;
}

function checkValues(config: Readonly<Record<string, unknown>>): SubscriptionRuleProblem[] {
  const problems: SubscriptionRuleProblem[] = [];
  const { include_resource, days_synced, items } = config;
  if (include_resource !== undefined && typeof include_resource !== 'boolean') {
    problems.push({
      field: 'config.include_resource',
      message: `config.include_resource must be true or false, got ${JSON.stringify(include_resource)}`,
    });
  }
  if (days_synced !== undefined && !(Number.isInteger(days_synced) && (days_synced as number) > 0)) {
    problems.push({
      field: 'config.days_synced',
      message: `config.days_synced must be a whole number of days above 0, got ${JSON.stringify(days_synced)}`,
    });
  }
  if (items !== undefined) {
    if (!Array.isArray(items) || items.length < 1 || items.length > MAX_ITEMS) {
      const got = Array.isArray(items) ? `${items.length} ids` : JSON.stringify(items);
      problems.push({
        field: 'config.items',
        message: `config.items must list between 1 and ${MAX_ITEMS} Item ids, got ${got}; split larger sets over several subscriptions`,
      });
    } else if (items.some((item) => typeof item !== 'string' || item.trim() === '')) {
      problems.push({
        field: 'config.items',
        message: 'config.items must hold Item ids (non-empty strings)',
      });
    }
  }
  return problems;
}
