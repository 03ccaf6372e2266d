/**
 * The app's one configuration place: the `argyleWebhooks` object in cdk.json's `context` (`cdk synth -c
 * argyleWebhooks='{...}'` is merged over it, see lib/app-configuration.ts). It is parsed once at synth time;
 * anything wrong, including an unknown key, fails the synth with one line per problem. `environments`
 * (lib/environments.ts) makes one stack per Argyle environment from it. Every field is optional:
 *
 * - `environment`: `"sandbox"` (default) or `"production"`, the Argyle environment; tagged on every resource.
 * - `stackName`: CloudFormation stack name, default `"ArgyleWebhooks"`.
 * - `environments`: `{ sandbox: {...}, production: {...} }`, one stack each; see lib/environments.ts.
 * - `routes`: default `[{ "name": "all-events", "events": ["*"] }]`; `[]` sends everything to the catch-all.
 *   Each route: `name` (`/^[a-z][a-z0-9-]{0,39}$/`, unique, not `catch-all`), `events` (patterns such as
 *   `accounts.connected`, `accounts.*`, `*`), `subscriptions` (Argyle subscription names; default all),
 *   `fifo` (false; a FIFO queue is in high-throughput mode), `maxReceiveCount` (5, 1..1000), `visibilityTimeoutSeconds` (30, 0..43200),
 *   `retentionDays` (4, 1..14).
 * - `subscriptions`: the Argyle webhook subscriptions deploy registers, default
 *   `[{ "name": "all-events", "events": ["*"] }]`; `[]` registers none. Each: `name` (`/^[a-z][a-z0-9-]{0,63}$/`,
 *   unique), `events` (event names the catalogue knows, or `*`), `config` (`include_resource`, `days_synced`,
 *   `items`), checked against Argyle's rules, `allowUnknownEvents` (false: an event the catalogue does not
 *   know fails synth, with the closest known name).
 * - `argyleApi`: `{ credentialsSecretName: "argyle-webhooks/<environment>/api-credentials", version: "v2",
 *   baseUrl: <the environment's> }`, how the subscriptions reach Argyle's API.
 * - `subscriptionWatch`: `{ enabled: true, intervalMinutes: 15 (5..720), silentAfterMinutes: 15 (5..1440),
 *   repair: false }`, the scheduled check of the subscriptions against their ownership records (drift metrics,
 *   alarms, and with `repair` their repair); see docs/subscriptions.md.
 * - `signingSecret`: `{ rotation: { enabled: false, everyDays: 30 (1..1000), minimumIntervalHours: 24 (1..24000,
 *   below everyDays) } }`, Secrets Manager rotation of the signing secret, replacing every subscription
 *   (docs/rotation.md); needs `subscriptions`.
 * - `catchAll`: `{ maxReceiveCount, visibilityTimeoutSeconds, retentionDays }` as for routes, retention 14.
 * - `sourceIps`: `{ restrict: true, allow: <Argyle's four addresses as /32> }`, IPv4/IPv6 addresses or CIDRs.
 * - `maxBodyBytes`: 131072, from 1024 to `MAX_DELIVERABLE_BODY_BYTES`.
 * - `throttling`: `{ rateLimit: 1000 (requests/s, > 0), burstLimit: 1000 (whole, > 0) }`: twice the busiest
 *   second of a large integrator's refresh (docs/capacity.md).
 * - `accessLogs`: `{ enabled: true, createApiGatewayAccountRole: true }`; set the latter to false when the
 *   account already has an API Gateway CloudWatch role.
 * - `alarms`: `{ email, signatureFailuresPer5Minutes: 20 (1..1000000), oldestMessageAgeMinutes: 30 (1..20160),
 *   noDeliveryHours (1..24) }`; `email` (subscribed to the alarm topic) and `noDeliveryHours` (an alarm when no
 *   delivery arrives for that long) are off unless given.
 * - `waf`: `{ enabled: false, rateLimitPer5Minutes: 300000 (10..2000000000, per source IP) }`, an AWS WAF web ACL
 *   on the stage with the `sourceIps` allow list (when `restrict`) and a rate-based rule.
 * - `kmsKeyArn`: none; the ARN of a customer managed KMS key (not an alias) for the queues and the secret,
 *   instead of SQS-managed encryption.
 * - `logRetentionDays`: 30, one of CloudWatch Logs' retention values.
 * - `tags`: `{}`, extra tags for every resource (AWS tag rules; no `aws:` or `argyle-webhooks:` keys).
 * - `exampleConsumer`: `{ enabled: false, route: "all-events" }`; when enabled, a Lambda function consumes the
 *   route's queue (`catch-all` for the catch-all) and logs event names (`lib/constructs/example-consumer.ts`).
 */
import { ArgyleWebhooksConfigError, CONFIG_CONTEXT_KEY, formatIssues } from './config-errors.js';
import { type ArgyleWebhooksConfig, configSchema } from './config-schema.js';
import { show } from './validation.js';

export { ArgyleWebhooksConfigError, CONFIG_CONTEXT_KEY, formatPath } from './config-errors.js';
export {
  ARGYLE_ENVIRONMENTS,
  type ArgyleEnvironment,
  type ArgyleRouteConfig,
  type ArgyleWebhooksConfig,
  configSchema,
  DEFAULT_STACK_NAME,
} from './config-schema.js';

/**
 * Parses the `argyleWebhooks` context value. `undefined` (no configuration) gives every default; a string (as
 * `cdk synth -c argyleWebhooks='{...}'` passes it) is read as JSON first.
 *
 * @throws ArgyleWebhooksConfigError listing every problem, one per line
 */
export function parseConfig(raw: unknown, options: ParseOptions = {}): ArgyleWebhooksConfig {
  let value = raw ?? {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ArgyleWebhooksConfigError([
        `${CONFIG_CONTEXT_KEY}: ${show(raw)} is not JSON (${reason}); pass a JSON object, e.g. ` +
          `cdk synth -c ${CONFIG_CONTEXT_KEY}='{"alarms":{"email":"oncall@example.com"}}'`,
      ]);
    }
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    throw new ArgyleWebhooksConfigError(
      formatIssues(parsed.error.issues, options.locate ?? ((path) => path)),
    );
  }
  return parsed.data;
}

export interface ParseOptions {
  /**
   * Where a problem's field is written, given its path in the parsed object: parseEnvironments points a field
   * an environment sets at `environments.<name>.<field>`.
   */
  readonly locate?: (path: readonly PropertyKey[]) => readonly PropertyKey[];
}
