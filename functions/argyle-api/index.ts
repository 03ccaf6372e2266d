export {
  ARGYLE_API_BASE_URL_ENV,
  ARGYLE_BASE_URLS,
  type ArgyleEnvironment,
  type BaseUrlConfig,
  resolveArgyleBaseUrl,
} from './base-url';
export {
  ArgyleApiError,
  type ArgyleApiErrorDetails,
  type ArgyleApiErrorKind,
  ArgyleInvalidResponseError,
  ArgyleListLimitError,
  ArgyleNetworkError,
  ArgyleNotFoundError,
  ArgyleTimeoutError,
  ArgyleUnauthorizedError,
  type FieldErrors,
} from './errors';
export { REDACTED, redactSubscription } from './redact';
export {
  CONFIG_EVENTS,
  CONFIG_OPTION_EVENTS,
  checkSubscriptionRules,
  MAX_ITEMS,
  type SubscriptionRuleProblem,
  type SubscriptionToCheck,
} from './subscription-rules';
export {
  type CreateWebhookSubscriptionInput,
  type ListWebhookSubscriptionsOptions,
  MAX_LIST_LIMIT,
  WEBHOOK_LIST_ORDERINGS,
  type WebhookConfig,
  WebhookConfigSchema,
  type WebhookListOrdering,
  type WebhookSubscription,
  type WebhookSubscriptionPage,
  WebhookSubscriptionPageSchema,
  WebhookSubscriptionSchema,
} from './webhook-schema';
export {
  type ArgyleApiVersion,
  ArgyleWebhooksClient,
  type ArgyleWebhooksClientOptions,
  DEFAULT_MAX_LIST_PAGES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  type DeleteOutcome,
} from './webhooks-client';
