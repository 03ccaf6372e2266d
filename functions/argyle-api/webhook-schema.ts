import * as z from 'zod/mini';

/**
 * A subscription's `config`. Argyle returns `{}` when none was set (v1 documents `null`).
 * - `include_resource`: accounts.added/connected/failed/updated carry the full account object, and
 *   verifications.updated the verification object (docs.argyle.com/api-reference/verifications-webhooks/updated).
 * - `days_synced`: *.partially_synced fires once that many days of history have synced (Argyle's default is 30).
 * - `items`: the 1 to 30 Item ids that items.updated/items.removed report on (required for those events).
 */
export const WebhookConfigSchema = z.object({
  include_resource: z.optional(z.boolean()),
  days_synced: z.optional(z.number()),
  items: z.optional(z.array(z.string())),
});

/** A webhook subscription as Argyle returns it. `secret` is in clear: see `redactSubscription`. */
export const WebhookSubscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `["*"]` means every event except Items events. */
  events: z.array(z.string()),
  config: z.nullable(WebhookConfigSchema),
  secret: z.optional(z.nullable(z.string())),
  url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  /**
   * When Argyle last sent a delivery for this subscription; `null` when it never has. Documented on the
   * subscription object (argyle-all.yaml 1.0.111, `Webhook.last_sent_at`, date-time, nullable) and present in
   * real responses. Optional because the spec declares no field of the object required.
   */
  last_sent_at: z.optional(z.nullable(z.string())),
});

/** One page of `GET /v2/webhooks`. `next` and `previous` are full URLs carrying a `cursor` query parameter. */
export const WebhookSubscriptionPageSchema = z.object({
  next: z.nullable(z.string()),
  previous: z.nullable(z.string()),
  results: z.array(WebhookSubscriptionSchema),
});

/** Orders Argyle's list accepts (`ordering`): by subscription id, or by creation time. */
export const WEBHOOK_LIST_ORDERINGS = ['id', 'created_at'] as const;
export type WebhookListOrdering = (typeof WEBHOOK_LIST_ORDERINGS)[number];

/** Largest page Argyle serves (`limit` maximum 200; its default is 10). */
export const MAX_LIST_LIMIT = 200;

/**
 * Query of `GET /v2/webhooks` (argyle-all.yaml 1.0.111, `listWebhooks`), plus the page bound, which is ours.
 * `next` URLs carry the filters on, so every page is filtered alike.
 */
export interface ListWebhookSubscriptionsOptions {
  /**
   * Page size, 1 to {@link MAX_LIST_LIMIT}.
   * @default Argyle's, 10
   */
  readonly limit?: number;
  /** Only subscriptions created at or after this instant (`from_created_at`). */
  readonly fromCreatedAt?: Date | string;
  /** Only subscriptions created at or before this instant (`to_created_at`). */
  readonly toCreatedAt?: Date | string;
  /** `id` or `created_at` (`ordering`). Without it, Argyle's own order. */
  readonly ordering?: WebhookListOrdering;
  /**
   * Pages read at most. When Argyle still has a next page after that many, listing throws
   * `ArgyleListLimitError` rather than return an incomplete list.
   * @default DEFAULT_MAX_LIST_PAGES
   */
  readonly maxPages?: number;
}

export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;
export type WebhookSubscriptionPage = z.infer<typeof WebhookSubscriptionPageSchema>;

/** Body of `POST /v2/webhooks`. */
export interface CreateWebhookSubscriptionInput {
  readonly name: string;
  /** Event names such as `accounts.connected`, or `['*']` for all events except Items events. */
  readonly events: readonly string[];
  /** Where Argyle delivers. Send it unencoded; Argyle encodes it. */
  readonly url: string;
  /** Key of the HMAC-SHA512 `X-Argyle-Signature`. Without one, deliveries are unsigned. */
  readonly secret?: string;
  readonly config?: Readonly<WebhookConfig> | null;
}
