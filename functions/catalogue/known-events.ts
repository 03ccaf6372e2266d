/**
 * Event names checked against the catalogue, the one list of the events this release knows: a subscription to
 * an event Argyle would refuse, and a route pattern that can never match, are caught before deploy. Shared by
 * `cdk synth` (lib/config.ts, the constructs) and the `argyle-subscriptions` CLI, so both say the same.
 * Argyle adds events between releases, so callers offer an escape hatch, whose wording they pass in.
 */
import { closestName } from '../shared/closest-name.js';
import { KNOWN_EVENT_NAMES } from './event-names.js';

const ARGYLE_EVENT_NAMES: readonly string[] = KNOWN_EVENT_NAMES;
const KNOWN: ReadonlySet<string> = new Set(ARGYLE_EVENT_NAMES);

/** An event name Argyle subscribes to: `*`, or `<resource>.<action>` without wildcards. */
export const SUBSCRIPTION_EVENT_PATTERN = /^(?:\*|[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)$/;

/** Why `event` is not something a subscription can list at all (a pattern, upper case, …); `undefined` when it is. */
export function subscriptionEventGrammarProblem(event: string): string | undefined {
  if (SUBSCRIPTION_EVENT_PATTERN.test(event)) return undefined;
  const shown = JSON.stringify(event);
  return `${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} is not an event name; write "<resource>.<action>" in lower case, e.g. "accounts.connected", or "*" for all events (Argyle takes no patterns such as "accounts.*")`;
}

/** Whether the catalogue knows event `name`. */
export function isKnownEventName(name: string): boolean {
  return KNOWN.has(name);
}

/**
 * Why a subscription may not list `event`: a name (not `*`) the catalogue does not know, with the closest
 * known one. `escapeHatch` says how to subscribe anyway, e.g. `set "allowUnknownEvents": true on the
 * subscription`. `undefined` for a known name, for `*`, and for what is not an event name at all (the grammar
 * check reports that).
 */
export function unknownSubscriptionEventProblem(event: string, escapeHatch: string): string | undefined {
  if (event === '*' || isKnownEventName(event) || !SUBSCRIPTION_EVENT_PATTERN.test(event)) return undefined;
  const guess = closestName(event, ARGYLE_EVENT_NAMES);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return `"${event}" is not an Argyle event this release knows${hint}, and Argyle refuses a subscription to an event it does not have; fix the name, or, for an event Argyle added after this release, ${escapeHatch}`;
}

/** Whether route pattern `pattern` (`*`, `accounts.*`, `*.fully_synced`, `accounts.connected`) matches a known event. */
export function patternMatchesKnownEvent(pattern: string): boolean {
  if (pattern === '*') return true;
  const [resource, action] = pattern.split('.');
  return ARGYLE_EVENT_NAMES.some((name) => {
    const [r, a] = name.split('.');
    return (resource === '*' || resource === r) && (action === '*' || action === a);
  });
}

/**
 * The warning for a route pattern that matches no known event (`acounts.connected`, `paystub.*`), with the
 * closest known name or family; `undefined` when it matches one.
 */
export function unmatchedRoutePatternWarning(pattern: string): string | undefined {
  if (patternMatchesKnownEvent(pattern)) return undefined;
  const [resource = '', action = ''] = pattern.split('.');
  let guess: string | undefined;
  if (action === '*') {
    const families = [...new Set(ARGYLE_EVENT_NAMES.map((name) => name.split('.')[0] ?? ''))];
    const family = closestName(resource, families);
    guess = family === undefined ? undefined : `${family}.*`;
  } else if (resource !== '*') {
    guess = closestName(pattern, ARGYLE_EVENT_NAMES);
  }
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return `"${pattern}" matches no Argyle event this release knows${hint}; the route gets only events Argyle adds later under that name`;
}
