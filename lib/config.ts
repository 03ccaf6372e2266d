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
import * as z from 'zod';
import { MAX_DELIVERABLE_BODY_BYTES, RECEIVER_ENV, type RoutingTable } from '../functions/shared/contract.js';
import { ARGYLE_SOURCE_IPS, INGEST_DEFAULTS } from './constructs/argyle-webhook-ingest.js';
import { MONITORING_DEFAULTS, MONITORING_LIMITS } from './constructs/argyle-webhook-monitoring.js';
import { WAF_DEFAULTS, WAF_RATE_LIMIT } from './constructs/argyle-webhook-waf.js';
import { exampleConsumerRouteProblem } from './constructs/example-consumer.js';
import {
  ARGYLE_API_VERSIONS,
  apiBaseUrlProblem,
  credentialsSecretNameProblem,
  SUBSCRIPTION_DEFAULTS,
  subscriptionEventProblem,
  subscriptionNameClashProblems,
  subscriptionRuleProblems,
  subscriptionSpecNameProblem,
  unknownEventProblems,
} from './constructs/subscription-settings.js';
import {
  CATCH_ALL_NAME,
  duplicateNameProblems,
  emailProblem,
  eventPatternProblem,
  GENERATED_QUEUE_NAME_BYTES,
  integerRangeProblem,
  ipOrCidrProblem,
  kmsKeyArnProblem,
  logRetentionProblem,
  maxBodyBytesProblem,
  outputNameClashProblems,
  receiverEnvironmentProblem,
  routeNameProblem,
  show,
  stackNameProblem,
  subscriptionNameProblem,
  tagKeyProblem,
  tagValueProblem,
} from './validation.js';

/** The context key that holds the configuration. */
export const CONFIG_CONTEXT_KEY = 'argyleWebhooks';

/** The stack name without `environments`, and of the sandbox stack with them: what existing deploys are named. */
export const DEFAULT_STACK_NAME = 'ArgyleWebhooks';

/** Argyle's environments: which API the subscription lives in. */
export const ARGYLE_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type ArgyleEnvironment = (typeof ARGYLE_ENVIRONMENTS)[number];

/** Separates an unknown key from its message inside one zod issue; see {@link strictObject}. */
const KEY_SEPARATOR = '\u001f';

type Problem<T> = (value: T) => string | undefined;

/** Message for a value of the wrong type: `<value> is not <kind>; write <fix>`, or `missing; write <fix>`. */
const wrongType =
  (kind: string, fix: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? `missing; write ${fix}` : `${show(iss.input)} is not ${kind}; write ${fix}`;

function refineWith<T>(problem: Problem<T>) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
  };
}

const text = (fix: string) => z.string({ error: wrongType('a string', fix) });

const flag = () => z.boolean({ error: wrongType('a boolean', 'true or false') });

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: wrongType('a number', `a whole number of ${unit} from ${min} to ${max}`) })
    .superRefine(refineWith((value: number) => integerRangeProblem(value, min, max, unit)));

const list = <T extends z.ZodType>(element: T, example: string) =>
  z.array(element, { error: wrongType('a list', example) });

const nonEmpty = (example: string) => (value: readonly unknown[]) =>
  value.length > 0 ? undefined : `[] is empty; write at least one, e.g. ${example}`;

/**
 * `z.strictObject` whose unknown-key message lists the allowed keys (and the closest one, for typos). An object
 * with several unknown keys yields one issue; its message carries one `key<KEY_SEPARATOR>text` line per key,
 * which {@link formatIssues} turns into one problem line each.
 */
function strictObject<S extends z.ZodRawShape>(shape: S, example: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        return iss.keys
          .map((key) => {
            const guess = closest(key, allowed);
            const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
            return `${key}${KEY_SEPARATOR}unknown key${hint}; allowed keys here are ${allowed.join(', ')}`;
          })
          .join('\n');
      }
      return wrongType('an object', example)(iss);
    },
  });
}

const queueShape = (retentionDaysDefault: number) => ({
  maxReceiveCount: wholeNumber(1, 1000, 'receives').default(INGEST_DEFAULTS.maxReceiveCount),
  visibilityTimeoutSeconds: wholeNumber(0, 43_200, 'seconds').default(
    INGEST_DEFAULTS.visibilityTimeoutSeconds,
  ),
  retentionDays: wholeNumber(1, 14, 'days').default(retentionDaysDefault),
});

const routeSchema = strictObject(
  {
    name: text('a route name, e.g. "accounts"').superRefine(refineWith(routeNameProblem)),
    events: list(
      text('an event pattern, e.g. "accounts.connected", "accounts.*" or "*"').superRefine(
        refineWith(eventPatternProblem),
      ),
      'a list of event patterns, e.g. ["accounts.connected", "accounts.*"] or ["*"]',
    ).superRefine(refineWith(nonEmpty('["accounts.*"]'))),
    subscriptions: list(
      text('the name of an Argyle webhook subscription').superRefine(refineWith(subscriptionNameProblem)),
      'a list of Argyle subscription names, e.g. ["my-app-production"]',
    )
      .superRefine(refineWith(nonEmpty('["my-app-production"], or leave "subscriptions" out')))
      .optional(),
    fifo: flag().default(false),
    ...queueShape(INGEST_DEFAULTS.routeRetentionDays),
  },
  'a route, e.g. {"name": "accounts", "events": ["accounts.*"]}',
);

const routesSchema = list(
  routeSchema,
  'a list of routes, e.g. [{"name": "accounts", "events": ["accounts.*"]}]',
)
  .superRefine(
    (routes, ctx) => {
      // Runs even when some route is malformed, so duplicates are reported together with other problems.
      const value: unknown = routes;
      if (!Array.isArray(value)) return;
      const names = value.map((route: unknown) =>
        typeof route === 'object' && route !== null && 'name' in route ? route.name : undefined,
      );
      const comparable = names.map((name, index) => (typeof name === 'string' ? name : `\u0000${index}`));
      const problems = [...duplicateNameProblems(comparable), ...outputNameClashProblems(comparable)];
      for (const { index, problem } of problems) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: problem, input: names[index] });
      }
    },
    { when: () => true },
  )
  .prefault(() => [{ name: 'all-events', events: ['*'] }]);

// Argyle webhook subscriptions the stack registers (see lib/constructs/subscription-settings.ts).
const subscriptionSchema = strictObject(
  {
    name: text('a subscription name, e.g. "all-events"').superRefine(refineWith(subscriptionSpecNameProblem)),
    events: list(
      text('an event name, e.g. "accounts.connected" or "*"').superRefine(
        refineWith(subscriptionEventProblem),
      ),
      'a list of event names, e.g. ["accounts.connected"] or ["*"]',
    ).superRefine(refineWith(nonEmpty('["*"]'))),
    config: strictObject(
      {
        include_resource: flag().optional(),
        days_synced: z.number({ error: wrongType('a number', 'a whole number of days, e.g. 90') }).optional(),
        items: list(
          text('an Item id, e.g. "item_000000001"'),
          'a list of Item ids, e.g. ["item_000000001"]',
        ).optional(),
      },
      'a subscription config, e.g. {"include_resource": true}',
    ).optional(),
    allowUnknownEvents: flag().optional(),
  },
  'a subscription, e.g. {"name": "all-events", "events": ["*"]}',
).superRefine((subscription, ctx) => {
  for (const { index, problem } of unknownEventProblems(subscription)) {
    ctx.addIssue({
      code: 'custom',
      path: ['events', index],
      message: problem,
      input: subscription.events[index],
    });
  }
  for (const { field, message } of subscriptionRuleProblems(subscription)) {
    // An empty event list is already reported, in the words of the other lists.
    if (field !== 'events')
      ctx.addIssue({ code: 'custom', path: field.split('.'), message, input: subscription });
  }
});

const subscriptionsSchema = list(
  subscriptionSchema,
  'a list of subscriptions, e.g. [{"name": "all-events", "events": ["*"]}]',
)
  .superRefine(
    (subscriptions, ctx) => {
      // Runs even when some subscription is malformed, like the route name check.
      const value: unknown = subscriptions;
      if (!Array.isArray(value)) return;
      const names = value.map((s: unknown) =>
        typeof s === 'object' && s !== null && 'name' in s && typeof s.name === 'string' ? s.name : undefined,
      );
      const comparable = names.map((name, index) => name ?? `\u0000${index}`);
      for (const { index, problem } of subscriptionNameClashProblems(comparable)) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: problem, input: names[index] });
      }
    },
    { when: () => true },
  )
  .prefault(() => SUBSCRIPTION_DEFAULTS.subscriptions.map((s) => ({ name: s.name, events: [...s.events] })));

const argyleApiSchema = strictObject(
  {
    credentialsSecretName: text(
      'a Secrets Manager secret name, e.g. "argyle-webhooks/sandbox/api-credentials"',
    )
      .superRefine(refineWith(credentialsSecretNameProblem))
      .optional(),
    version: z
      .enum(ARGYLE_API_VERSIONS, { error: wrongType('an Argyle API version', '"v2" or "v1"') })
      .default(SUBSCRIPTION_DEFAULTS.apiVersion),
    baseUrl: text('a URL, e.g. "https://api-sandbox.argyle.com"')
      .superRefine(refineWith(apiBaseUrlProblem))
      .optional(),
    signingSecretGeneration: wholeNumber(1, 1_000_000, 'generations').default(1),
  },
  'Argyle API settings, e.g. {"credentialsSecretName": "argyle-webhooks/sandbox/api-credentials"}',
).prefault({});

const tagsSchema = z
  .record(z.string(), text('a tag value, e.g. "payments"').superRefine(refineWith(tagValueProblem)), {
    error: wrongType('an object', 'tags as {"key": "value"}, e.g. {"team": "payments"}'),
  })
  .superRefine((tags, ctx) => {
    for (const key of Object.keys(tags)) {
      const message = tagKeyProblem(key);
      if (message !== undefined) ctx.addIssue({ code: 'custom', path: [key], message, input: key });
    }
    if (Object.keys(tags).length > 49) {
      ctx.addIssue({
        code: 'custom',
        message: `${Object.keys(tags).length} tags is too many: AWS allows 50 per resource and this app sets one; write at most 49`,
        input: tags,
      });
    }
  })
  .default(() => ({}));

export const configSchema = strictObject(
  {
    environment: z
      .enum(ARGYLE_ENVIRONMENTS, {
        error: wrongType('an Argyle environment', '"sandbox" or "production"'),
      })
      .default('sandbox'),
    stackName: text('a stack name, e.g. "ArgyleWebhooks"')
      .superRefine(refineWith(stackNameProblem))
      .default(DEFAULT_STACK_NAME),
    routes: routesSchema,
    subscriptions: subscriptionsSchema,
    argyleApi: argyleApiSchema,
    catchAll: strictObject(
      queueShape(INGEST_DEFAULTS.catchAllRetentionDays),
      'queue settings, e.g. {"maxReceiveCount": 5}',
    ).prefault({}),
    sourceIps: strictObject(
      {
        restrict: flag().default(true),
        allow: list(
          text('an IP address or CIDR block, e.g. "34.27.251.226/32"').superRefine(
            refineWith(ipOrCidrProblem),
          ),
          'a list of IP addresses or CIDR blocks, e.g. ["34.27.251.226/32"]',
        ).default(() => [...ARGYLE_SOURCE_IPS]),
      },
      'source IP settings, e.g. {"restrict": true}',
    )
      .superRefine((sourceIps, ctx) => {
        if (sourceIps.restrict && sourceIps.allow.length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['allow'],
            message:
              '[] would block every caller while "restrict" is true; list the addresses allowed to call the webhook (leave "allow" out for Argyle\'s), or set "restrict" to false',
            input: sourceIps.allow,
          });
        }
      })
      .prefault({}),
    maxBodyBytes: z
      .number({
        error: wrongType('a number', `a whole number of bytes from 1024 to ${MAX_DELIVERABLE_BODY_BYTES}`),
      })
      .superRefine(refineWith(maxBodyBytesProblem))
      .default(INGEST_DEFAULTS.maxBodyBytes),
    throttling: strictObject(
      {
        rateLimit: z
          .number({ error: wrongType('a number', 'requests per second, e.g. 50') })
          .superRefine(
            refineWith((value: number) =>
              value > 0
                ? undefined
                : `${show(value)} is not positive; write requests per second above 0, e.g. 50`,
            ),
          )
          .default(INGEST_DEFAULTS.rateLimit),
        burstLimit: z
          .number({ error: wrongType('a number', 'a whole number of requests, e.g. 100') })
          .superRefine(
            refineWith((value: number) =>
              Number.isInteger(value) && value > 0
                ? undefined
                : `${show(value)} is not a positive whole number; write how many requests may arrive at once, e.g. 100`,
            ),
          )
          .default(INGEST_DEFAULTS.burstLimit),
      },
      'throttling settings, e.g. {"rateLimit": 50, "burstLimit": 100}',
    ).prefault({}),
    accessLogs: strictObject(
      {
        enabled: flag().default(true),
        createApiGatewayAccountRole: flag().default(true),
      },
      'access log settings, e.g. {"enabled": true}',
    ).prefault({}),
    alarms: strictObject(
      {
        email: text('an e-mail address, e.g. "payroll-oncall@example.com"')
          .superRefine(refineWith(emailProblem))
          .optional(),
        signatureFailuresPer5Minutes: wholeNumber(
          MONITORING_LIMITS.signatureFailuresPer5Minutes.min,
          MONITORING_LIMITS.signatureFailuresPer5Minutes.max,
          'failures',
        ).default(MONITORING_DEFAULTS.signatureFailuresPer5Minutes),
        oldestMessageAgeMinutes: wholeNumber(
          MONITORING_LIMITS.oldestMessageAgeMinutes.min,
          MONITORING_LIMITS.oldestMessageAgeMinutes.max,
          'minutes',
        ).default(MONITORING_DEFAULTS.oldestMessageAgeMinutes),
        noDeliveryHours: wholeNumber(
          MONITORING_LIMITS.noDeliveryHours.min,
          MONITORING_LIMITS.noDeliveryHours.max,
          'hours',
        ).optional(),
      },
      'alarm settings, e.g. {"email": "payroll-oncall@example.com"}',
    ).prefault({}),
    waf: strictObject(
      {
        enabled: flag().default(false),
        rateLimitPer5Minutes: wholeNumber(WAF_RATE_LIMIT.min, WAF_RATE_LIMIT.max, 'requests').default(
          WAF_DEFAULTS.rateLimitPer5Minutes,
        ),
      },
      'WAF settings, e.g. {"enabled": true}',
    ).prefault({}),
    kmsKeyArn: text(
      'a KMS key ARN, e.g. "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
    )
      .superRefine(refineWith(kmsKeyArnProblem))
      .optional(),
    logRetentionDays: z
      .number({ error: wrongType('a number', 'a number of days, e.g. 30') })
      .superRefine(refineWith(logRetentionProblem))
      .default(INGEST_DEFAULTS.logRetentionDays),
    tags: tagsSchema,
    exampleConsumer: strictObject(
      {
        enabled: flag().default(false),
        route: text('a route name, e.g. "all-events"').default('all-events'),
      },
      'example consumer settings, e.g. {"enabled": true, "route": "all-events"}',
    ).prefault({}),
    // Read by parseEnvironments (lib/environments.ts), which hands parseConfig one environment at a time.
    environments: z
      .never({
        error: () =>
          'parseConfig reads one environment; parse a block with "environments" with parseEnvironments, as the app does',
      })
      .optional(),
  },
  'an object, e.g. {"environment": "sandbox"}',
).superRefine((config, ctx) => {
  // Every queue the stack creates gets a generated name of at most 80 characters.
  const table: RoutingTable = {
    queues: Array.from({ length: config.routes.length + 1 }, () => 'x'.repeat(GENERATED_QUEUE_NAME_BYTES)),
    catchAll: config.routes.length,
    rules: config.routes.map((route, queue) => ({
      events: route.events,
      ...(route.subscriptions === undefined ? {} : { subscriptions: route.subscriptions }),
      queue,
    })),
  };
  const message = receiverEnvironmentProblem(RECEIVER_ENV.ROUTES, table);
  if (message !== undefined)
    ctx.addIssue({ code: 'custom', path: ['routes'], message, input: config.routes });
  if (config.exampleConsumer.enabled) {
    const { route } = config.exampleConsumer;
    const visibilityTimeouts = new Map([
      ...config.routes.map((r) => [r.name, r.visibilityTimeoutSeconds] as const),
      [CATCH_ALL_NAME, config.catchAll.visibilityTimeoutSeconds] as const,
    ]);
    const problem = exampleConsumerRouteProblem(route, visibilityTimeouts);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['exampleConsumer', 'route'], message: problem, input: route });
  }
});

/** The configuration with every default filled in. */
export type ArgyleWebhooksConfig = z.output<typeof configSchema>;
export type ArgyleRouteConfig = ArgyleWebhooksConfig['routes'][number];

/** Thrown for invalid configuration; the message has one line per problem, each naming its field. */
export class ArgyleWebhooksConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `invalid ${CONFIG_CONTEXT_KEY} configuration (cdk.json "context", or -c ${CONFIG_CONTEXT_KEY}=...):\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.name = 'ArgyleWebhooksConfigError';
    this.problems = problems;
  }
}

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

function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  locate: (path: readonly PropertyKey[]) => readonly PropertyKey[],
): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.message.split('\n').map((line) => {
        const [key = '', message = line] = line.split(KEY_SEPARATOR);
        return `${formatPath(locate([...issue.path, key]))}: ${message}`;
      });
    }
    return [`${formatPath(locate(issue.path))}: ${issue.message}`];
  });
}

/** `argyleWebhooks.routes[1].events[0]`; keys that are not identifiers are quoted (`tags["cost center"]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, CONFIG_CONTEXT_KEY);
}

/** The allowed key closest to `key` when it looks like a typo of it (edit distance at most 2), for hints. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
