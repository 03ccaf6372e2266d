import * as z from 'zod/mini';

/**
 * A subscription's `config`. Argyle returns `{}` when none was set (v1 documents `null`).
 * - `include_resource`: accounts.added/connected/failed/updated carry the full account object.
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
  /** Not in Argyle's docs, but present in real responses. */
  last_sent_at: z.optional(z.nullable(z.string())),
});

/** One page of `GET /v2/webhooks`. `next` and `previous` are full URLs carrying a `cursor` query parameter. */
export const WebhookSubscriptionPageSchema = z.object({
  next: z.nullable(z.string()),
  previous: z.nullable(z.string()),
  results: z.array(WebhookSubscriptionSchema),
});

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
