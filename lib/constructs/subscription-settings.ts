/**
 * Defaults and checks of the Argyle subscription settings, shared by the cdk.json configuration (`config.ts`)
 * and the {@link ArgyleSubscriptions} construct, so both refuse the same input with the same words. Each check
 * is pure and returns a message (lower-case, showing the bad value and what to write) or `undefined`.
 *
 * Argyle's own rules for `config` come from the API client's `checkSubscriptionRules`, and event names are
 * checked against the catalogue by `functions/catalogue/known-events.ts`: pieces of `functions/` that `lib/`
 * imports, so synth, the API client and the CLI agree.
 */
import { checkSubscriptionRules } from '../../functions/argyle-api/subscription-rules.js';
import {
  SUBSCRIPTION_EVENT_PATTERN,
  subscriptionEventGrammarProblem,
  unknownSubscriptionEventProblem,
} from '../../functions/catalogue/known-events.js';
import { pascalCase, show } from '../validation.js';

/** Argyle's environments. */
export type ArgyleApiEnvironment = 'sandbox' | 'production';

/** Versions of Argyle's API that serve `/webhooks`. */
export const ARGYLE_API_VERSIONS = ['v2', 'v1'] as const;
export type ArgyleApiVersionName = (typeof ARGYLE_API_VERSIONS)[number];

/** A subscription's `config`, in Argyle's own field names. */
export interface ArgyleSubscriptionConfig {
  /** accounts.added/connected/failed/updated carry the full account object. */
  readonly include_resource?: boolean;
  /** *.partially_synced fires once this many days of history have synced (Argyle's default: 30). */
  readonly days_synced?: number;
  /** The 1 to 30 Item ids items.updated/items.removed report on (required for those events). */
  readonly items?: readonly string[];
}

/** One Argyle webhook subscription to register. */
export interface ArgyleSubscriptionSpec {
  /**
   * The subscription's name in Argyle, which its deliveries carry as `name` (routes may filter on it): 1 to 64
   * lower-case letters, digits or "-", starting with a letter; unique. It also names the construct and the
   * stack output (`all-events` → `AllEventsSubscriptionId`).
   */
  readonly name: string;
  /** Event names (`accounts.connected`), or `['*']` for all events except Items events. */
  readonly events: readonly string[];
  /**
   * Options Argyle applies to the events; only for the events Argyle allows them on, never with `*`.
   *
   * @default - no config
   */
  readonly config?: ArgyleSubscriptionConfig;
  /**
   * Subscribe to event names this release's catalogue does not know (Argyle added them since). Without it, an
   * unknown name (`accounts.conected`) fails synth with the closest known one, since Argyle would refuse it at
   * deploy.
   *
   * @default false
   */
  readonly allowUnknownEvents?: boolean;
}

export const SUBSCRIPTION_DEFAULTS = {
  /** One subscription to every event (Items events excepted, which need item ids). */
  subscriptions: [{ name: 'all-events', events: ['*'] }] as readonly ArgyleSubscriptionSpec[],
  apiVersion: 'v2' as ArgyleApiVersionName,
} as const;

/** The credentials secret's name unless configured: one per environment, as the keys are. */
export function defaultCredentialsSecretName(environment: ArgyleApiEnvironment): string {
  return `argyle-webhooks/${environment}/api-credentials`;
}

/** Grammar of a configured subscription name: it becomes part of a construct id and an output name. */
export const SUBSCRIPTION_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** An event name Argyle subscribes to: `*`, or `<resource>.<action>` without wildcards. */
export { SUBSCRIPTION_EVENT_PATTERN };

/** The stack output that holds a subscription's id. */
export function subscriptionOutputName(name: string): string {
  return `${pascalCase(name)}SubscriptionId`;
}

export function subscriptionSpecNameProblem(name: string): string | undefined {
  if (SUBSCRIPTION_NAME_PATTERN.test(name)) return undefined;
  return `${show(name)} is not a subscription name; write 1 to 64 lower-case letters, digits or "-", starting with a letter, e.g. "all-events"`;
}

export function subscriptionEventProblem(event: string): string | undefined {
  return subscriptionEventGrammarProblem(event);
}

/** How to subscribe to an event the catalogue does not know, in the words of cdk.json and the construct. */
const ALLOW_UNKNOWN_EVENTS = 'set "allowUnknownEvents": true on this subscription';

/** Each listed event the catalogue does not know, by index, unless `allowUnknownEvents` is set. */
export function unknownEventProblems(
  subscription: Pick<ArgyleSubscriptionSpec, 'events' | 'allowUnknownEvents'>,
): { index: number; problem: string }[] {
  if (subscription.allowUnknownEvents === true) return [];
  return subscription.events.flatMap((event, index) => {
    const problem = unknownSubscriptionEventProblem(event, ALLOW_UNKNOWN_EVENTS);
    return problem === undefined ? [] : [{ index, problem }];
  });
}

/** Argyle's rules for events and config, each with the field it concerns (`events`, `config`, `config.items`). */
export function subscriptionRuleProblems(
  subscription: Pick<ArgyleSubscriptionSpec, 'events' | 'config'>,
): { field: string; message: string }[] {
  return checkSubscriptionRules({
    events: subscription.events,
    config: subscription.config ? { ...subscription.config } : null,
  }).map((problem) => ({ field: problem.field, message: problem.message }));
}

/** Repeated names, and names whose outputs would collide (`a-1` and `a1`), at every occurrence after the first. */
export function subscriptionNameClashProblems(
  names: readonly string[],
): { index: number; problem: string }[] {
  const byName = new Map<string, number>();
  const byOutput = new Map<string, string>();
  const problems: { index: number; problem: string }[] = [];
  names.forEach((name, index) => {
    const first = byName.get(name);
    const output = subscriptionOutputName(name);
    const clash = byOutput.get(output);
    if (first !== undefined) {
      problems.push({
        index,
        problem: `${show(name)} is already the name of subscription ${first}; give every subscription its own name`,
      });
    } else if (clash !== undefined) {
      problems.push({
        index,
        problem: `${show(name)} and ${show(clash)} would both name their stack output ${output}; rename one of them`,
      });
    }
    if (first === undefined) byName.set(name, index);
    if (clash === undefined) byOutput.set(output, name);
  });
  return problems;
}

/** Secrets Manager secret names: 1 to 512 of letters, digits and `/_+=.@-`. */
export function credentialsSecretNameProblem(name: string): string | undefined {
  const fix = 'write a Secrets Manager secret name, e.g. "argyle-webhooks/sandbox/api-credentials"';
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) return `${show(name)} is not a secret name; ${fix}`;
  if (/-[A-Za-z0-9]{6}$/.test(name)) {
    return `${show(name)} ends with "-" and six characters, which Secrets Manager confuses with the suffix of an ARN; ${fix}`;
  }
  return undefined;
}

/** An http(s) origin, optionally with a path, without credentials, query or fragment. */
export function apiBaseUrlProblem(value: string): string | undefined {
  const fix = 'write an http(s) URL such as "https://api-sandbox.argyle.com", or leave "baseUrl" out';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${show(value)} is not a URL; ${fix}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${show(value)} is not http(s); ${fix}`;
  if (url.username || url.password) {
    return `${show(value)} contains credentials; put the API key in the credentials secret instead`;
  }
  if (url.search || url.hash) return `${show(value)} has a query or fragment; ${fix}`;
  return undefined;
}

/** Every problem of a list of subscriptions, each prefixed with its field (`subscriptions[1].events[0]`). */
export function subscriptionSpecProblems(subscriptions: readonly ArgyleSubscriptionSpec[]): string[] {
  const problems: string[] = [];
  subscriptions.forEach((subscription, index) => {
    const at = `subscriptions[${index}]`;
    const nameProblem = subscriptionSpecNameProblem(subscription.name);
    if (nameProblem) problems.push(`${at}.name: ${nameProblem}`);
    subscription.events.forEach((event, eventIndex) => {
      const problem = subscriptionEventProblem(event);
      if (problem) problems.push(`${at}.events[${eventIndex}]: ${problem}`);
    });
    for (const { index: eventIndex, problem } of unknownEventProblems(subscription)) {
      problems.push(`${at}.events[${eventIndex}]: ${problem}`);
    }
    for (const { field, message } of subscriptionRuleProblems(subscription)) {
      problems.push(`${at}.${field}: ${message}`);
    }
  });
  for (const { index, problem } of subscriptionNameClashProblems(subscriptions.map((s) => s.name))) {
    problems.push(`subscriptions[${index}].name: ${problem}`);
  }
  return problems;
}
