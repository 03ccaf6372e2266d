/**
 * The parts of the configuration schema (`config-schema.ts`) that are lists or nested objects: routes and their
 * queue settings, the Argyle subscriptions, the Argyle API settings and tags.
 */
import * as z from 'zod';
import {
  checkedNumber,
  flag,
  list,
  nonEmpty,
  refineWith,
  strictObject,
  text,
  wholeNumber,
  wrongType,
} from './config-zod.js';
import {
  ROTATION_DEFAULTS,
  ROTATION_LIMITS,
  rotationIntervalProblem,
} from './constructs/rotation-settings.js';
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
import { INGEST_DEFAULTS } from './defaults.js';
import {
  duplicateNameProblems,
  eventPatternProblem,
  maxReceiveCountProblem,
  outputNameClashProblems,
  QUEUE_LIMITS,
  retentionDaysProblem,
  routeEventsProblem,
  routeNameProblem,
  routeSubscriptionsProblem,
  subscriptionNameProblem,
  tagKeyProblem,
  tagValueProblem,
  visibilityTimeoutSecondsProblem,
} from './validation.js';

/** A whole number within one of {@link QUEUE_LIMITS}, checked by that limit's problem function. */
const queueNumber = (
  limit: keyof typeof QUEUE_LIMITS,
  unit: string,
  problem: (value: number) => string | undefined,
) =>
  checkedNumber(
    `a whole number of ${unit} from ${QUEUE_LIMITS[limit].min} to ${QUEUE_LIMITS[limit].max}`,
    problem,
  );

/** A queue's settings, as routes and the catch-all write them. */
export const queueShape = (retentionDaysDefault: number) => ({
  maxReceiveCount: queueNumber('maxReceiveCount', 'receives', maxReceiveCountProblem).default(
    INGEST_DEFAULTS.maxReceiveCount,
  ),
  visibilityTimeoutSeconds: queueNumber(
    'visibilityTimeoutSeconds',
    'seconds',
    visibilityTimeoutSecondsProblem,
  ).default(INGEST_DEFAULTS.visibilityTimeoutSeconds),
  retentionDays: queueNumber('retentionDays', 'days', retentionDaysProblem).default(retentionDaysDefault),
});

const routeSchema = strictObject(
  {
    name: text('a route name, e.g. "accounts"').superRefine(refineWith(routeNameProblem)),
    events: list(
      text('an event pattern, e.g. "accounts.connected", "accounts.*" or "*"').superRefine(
        refineWith(eventPatternProblem),
      ),
      'a list of event patterns, e.g. ["accounts.connected", "accounts.*"] or ["*"]',
    ).superRefine(refineWith(routeEventsProblem)),
    subscriptions: list(
      text('the name of an Argyle webhook subscription').superRefine(refineWith(subscriptionNameProblem)),
      'a list of Argyle subscription names, e.g. ["my-app-production"]',
    )
      .superRefine(refineWith(routeSubscriptionsProblem))
      .optional(),
    fifo: flag().default(false),
    ...queueShape(INGEST_DEFAULTS.routeRetentionDays),
  },
  'a route, e.g. {"name": "accounts", "events": ["accounts.*"]}',
);

export const routesSchema = list(
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

export const subscriptionsSchema = list(
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

export const argyleApiSchema = strictObject(
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

// The signing secret's rotation (see lib/constructs/rotation-settings.ts and docs/rotation.md).
export const signingSecretSchema = strictObject(
  {
    rotation: strictObject(
      {
        enabled: flag().default(ROTATION_DEFAULTS.enabled),
        everyDays: wholeNumber(ROTATION_LIMITS.everyDays.min, ROTATION_LIMITS.everyDays.max, 'days').default(
          ROTATION_DEFAULTS.everyDays,
        ),
        minimumIntervalHours: wholeNumber(
          ROTATION_LIMITS.minimumIntervalHours.min,
          ROTATION_LIMITS.minimumIntervalHours.max,
          'hours',
        ).default(ROTATION_DEFAULTS.minimumIntervalHours),
      },
      'rotation settings, e.g. {"enabled": true, "everyDays": 30}',
    )
      .superRefine((rotation, ctx) => {
        const message = rotationIntervalProblem(rotation.everyDays, rotation.minimumIntervalHours);
        if (message !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['minimumIntervalHours'],
            message,
            input: rotation.minimumIntervalHours,
          });
        }
      })
      .prefault({}),
  },
  'signing secret settings, e.g. {"rotation": {"enabled": true}}',
).prefault({});

export const tagsSchema = z
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
