/**
 * The zod schema of the `argyleWebhooks` configuration (see `config.ts` for the fields and their defaults), and
 * the checks that span several fields: the receiver's routing table must fit its environment, and the example
 * consumer must read a route that exists.
 */
import * as z from 'zod';
import { MAX_DELIVERABLE_BODY_BYTES } from '../functions/shared/contract.js';
import {
  argyleApiSchema,
  queueShape,
  routesSchema,
  signingSecretSchema,
  subscriptionsSchema,
  tagsSchema,
} from './config-sections.js';
import {
  checkedNumber,
  flag,
  list,
  refineWith,
  strictObject,
  text,
  wholeNumber,
  wrongType,
} from './config-zod.js';
import { ROTATION_WITHOUT_SUBSCRIPTIONS } from './constructs/rotation-settings.js';
import {
  ARCHIVE_DEFAULTS,
  ARCHIVE_LIMITS,
  ARGYLE_SOURCE_IPS,
  exampleConsumerRouteProblem,
  INGEST_DEFAULTS,
  MONITORING_DEFAULTS,
  MONITORING_LIMITS,
  SUBSCRIPTION_WATCH_DEFAULTS,
  SUBSCRIPTION_WATCH_LIMITS,
  WAF_DEFAULTS,
  WAF_RATE_LIMIT,
} from './defaults.js';
import {
  burstLimitProblem,
  CATCH_ALL_NAME,
  emailProblem,
  GENERATED_QUEUE_NAME_BYTES,
  ipOrCidrProblem,
  kmsKeyArnProblem,
  logRetentionProblem,
  maxBodyBytesProblem,
  rateLimitProblem,
  routingTableSizeProblem,
  sourceIpAllowListProblem,
  stackNameProblem,
} from './validation.js';

/** The stack name without `environments`, and of the sandbox stack with them: what existing deploys are named. */
export const DEFAULT_STACK_NAME = 'ArgyleWebhooks';

/** Argyle's environments: which API the subscription lives in. */
export const ARGYLE_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type ArgyleEnvironment = (typeof ARGYLE_ENVIRONMENTS)[number];

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
    subscriptionWatch: strictObject(
      {
        enabled: flag().default(SUBSCRIPTION_WATCH_DEFAULTS.enabled),
        intervalMinutes: wholeNumber(
          SUBSCRIPTION_WATCH_LIMITS.intervalMinutes.min,
          SUBSCRIPTION_WATCH_LIMITS.intervalMinutes.max,
          'minutes',
        ).default(SUBSCRIPTION_WATCH_DEFAULTS.intervalMinutes),
        silentAfterMinutes: wholeNumber(
          SUBSCRIPTION_WATCH_LIMITS.silentAfterMinutes.min,
          SUBSCRIPTION_WATCH_LIMITS.silentAfterMinutes.max,
          'minutes',
        ).default(SUBSCRIPTION_WATCH_DEFAULTS.silentAfterMinutes),
        repair: flag().default(SUBSCRIPTION_WATCH_DEFAULTS.repair),
      },
      'subscription watcher settings, e.g. {"intervalMinutes": 15, "repair": true}',
    ).prefault({}),
    signingSecret: signingSecretSchema,
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
        const message = sourceIpAllowListProblem(sourceIps.restrict, sourceIps.allow, {
          restrict: '"restrict"',
          allow: '"allow"',
          defaultAllow: "Argyle's",
        });
        if (message !== undefined)
          ctx.addIssue({ code: 'custom', path: ['allow'], message, input: sourceIps.allow });
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
        rateLimit: checkedNumber('requests per second, e.g. 50', rateLimitProblem).default(
          INGEST_DEFAULTS.rateLimit,
        ),
        burstLimit: checkedNumber('a whole number of requests, e.g. 100', burstLimitProblem).default(
          INGEST_DEFAULTS.burstLimit,
        ),
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
    archive: strictObject(
      {
        enabled: flag().default(false),
        retentionDays: wholeNumber(
          ARCHIVE_LIMITS.retentionDays.min,
          ARCHIVE_LIMITS.retentionDays.max,
          'days',
        ).default(ARCHIVE_DEFAULTS.retentionDays),
      },
      'archive settings, e.g. {"enabled": true, "retentionDays": 30}',
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
  const message = routingTableSizeProblem({
    queues: Array.from({ length: config.routes.length + 1 }, () => GENERATED_QUEUE_NAME_BYTES),
    catchAll: config.routes.length,
    rules: config.routes.map((route, queue) => ({
      events: route.events,
      ...(route.subscriptions === undefined ? {} : { subscriptions: route.subscriptions }),
      queue,
    })),
  });
  if (message !== undefined)
    ctx.addIssue({ code: 'custom', path: ['routes'], message, input: config.routes });
  if (config.signingSecret.rotation.enabled && config.subscriptions.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['signingSecret', 'rotation', 'enabled'],
      message: ROTATION_WITHOUT_SUBSCRIPTIONS,
      input: true,
    });
  }
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
