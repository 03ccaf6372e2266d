/**
 * The public API of `argyle-webhooks-aws` as a construct library: `import { ArgyleWebhookIngest } from
 * 'argyle-webhooks-aws'`. The Lambda handlers ship pre-built inside the package (dist/assets), so an app that
 * uses these constructs needs no esbuild and none of our sources. For TypeScript and JavaScript apps only (no
 * jsii). The typed consumer of the queues is the separate entry `argyle-webhooks-aws/consumer`.
 */

export {
  ArgyleWebhookStack,
  type ArgyleWebhookStackProps,
  ENVIRONMENT_TAG,
} from './argyle-webhook-stack.js';
export {
  ARGYLE_ENVIRONMENTS,
  type ArgyleEnvironment,
  type ArgyleRouteConfig,
  type ArgyleWebhooksConfig,
  ArgyleWebhooksConfigError,
  CONFIG_CONTEXT_KEY,
  DEFAULT_STACK_NAME,
  parseConfig,
} from './config.js';
export { ArgyleSubscriptions, type ArgyleSubscriptionsProps } from './constructs/argyle-subscriptions.js';
export {
  ARCHIVE_DEFAULTS,
  ARCHIVER_SETTINGS,
  ArgyleWebhookArchive,
  type ArgyleWebhookArchiveProps,
} from './constructs/argyle-webhook-archive.js';
export {
  ARGYLE_SOURCE_IPS,
  type ArgyleQueueOptions,
  type ArgyleRoute,
  type ArgyleRouteQueues,
  type ArgyleThrottling,
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
  INGEST_DEFAULTS,
  STAGE_NAME,
} from './constructs/argyle-webhook-ingest.js';
export {
  ArgyleWebhookMonitoring,
  type ArgyleWebhookMonitoringProps,
  MONITORING_DEFAULTS,
} from './constructs/argyle-webhook-monitoring.js';
export {
  ArgyleWebhookWaf,
  type ArgyleWebhookWafProps,
  WAF_DEFAULTS,
} from './constructs/argyle-webhook-waf.js';
export { ExampleConsumer, type ExampleConsumerProps } from './constructs/example-consumer.js';
export { ReceiverFunction, type ReceiverFunctionProps } from './constructs/receiver-function.js';
export {
  ROTATION_DEFAULTS,
  SigningSecretRotation,
  type SigningSecretRotationProps,
} from './constructs/signing-secret-rotation.js';
export {
  ARGYLE_API_VERSIONS,
  type ArgyleApiEnvironment,
  type ArgyleApiVersionName,
  type ArgyleSubscriptionConfig,
  type ArgyleSubscriptionSpec,
  SUBSCRIPTION_DEFAULTS,
} from './constructs/subscription-settings.js';
export {
  SUBSCRIPTION_WATCH_DEFAULTS,
  type SubscriptionDriftKind,
  SubscriptionWatcher,
  type SubscriptionWatcherProps,
} from './constructs/subscription-watcher.js';
export { ENVIRONMENT_STACK_NAMES, parseEnvironments } from './environments.js';
export { CATCH_ALL_NAME } from './validation.js';
