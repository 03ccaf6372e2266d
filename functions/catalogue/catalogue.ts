/**
 * The Argyle event catalogue: every known event name, v2 and legacy v1, mapped to the zod/mini schema of its
 * `data`, and the types derived from it. Each event's schema is a `z.lazy`, built the first time an event of
 * that name is checked: a cold Lambda builds only what it sees (npm run bench, M2).
 *
 * Each name is also marked by where it comes from ({@link eventListing}): `published` for the 51 names of
 * Argyle's published spec (argyle-all.yaml 1.0.111), `legacy-v1` for Argyle's v1-only names, `unpublished` for
 * the v2 name the spec does not list (`paystubs.removed`). All three are accepted and checked alike.
 */
import type * as z from 'zod/mini';
import { LEGACY_V1_DATA_SCHEMAS } from './legacy-v1-events.js';
import { PUBLISHED_EVENT_NAMES, type PublishedEventName } from './published-events.js';
import { UNCONFIRMED_V2_EVENT_NAMES, UNPUBLISHED_V2_EVENT_NAMES, V2_DATA_SCHEMAS } from './v2-events.js';

export {
  PUBLISHED_EVENT_NAMES,
  PUBLISHED_SPEC_VERSION,
  type PublishedEventName,
} from './published-events.js';

/** Schema of each event's `data`, keyed by event name. */
export const ARGYLE_DATA_SCHEMAS = { ...V2_DATA_SCHEMAS, ...LEGACY_V1_DATA_SCHEMAS } as const;

/** Every event name in the catalogue, e.g. `accounts.connected`. */
export type ArgyleEventName = keyof typeof ARGYLE_DATA_SCHEMAS;

/** Event names that exist only in Argyle's legacy v1 API. */
export type LegacyV1EventName = keyof typeof LEGACY_V1_DATA_SCHEMAS;

/** The parsed `data` of event `N`. */
export type ArgyleEventData<N extends ArgyleEventName> = z.infer<(typeof ARGYLE_DATA_SCHEMAS)[N]>;

/** Every event name in the catalogue, v2 first, in the order of docs/argyle-protocol.md §6. */
export const ARGYLE_EVENT_NAMES = Object.freeze(
  Object.keys(ARGYLE_DATA_SCHEMAS),
) as readonly ArgyleEventName[];

/** The names of the legacy v1 events (§6.10); Argyle does not offer them to v2 subscriptions. */
export const LEGACY_V1_EVENT_NAMES = Object.freeze(
  Object.keys(LEGACY_V1_DATA_SCHEMAS),
) as readonly LegacyV1EventName[];

/**
 * Events whose payload, or whose very existence, the reference marks UNCONFIRMED. Their schemas accept what is
 * known, usually just `account` and `user`.
 */
export const UNCONFIRMED_EVENT_NAMES: readonly ArgyleEventName[] = Object.freeze([
  ...UNCONFIRMED_V2_EVENT_NAMES,
]);

/**
 * Where an event name comes from: `published` (listed by Argyle's published spec, argyle-all.yaml 1.0.111),
 * `legacy-v1` (Argyle's v1 API only) or `unpublished` (a v2 name the spec does not list: `paystubs.removed`).
 */
export type ArgyleEventListing = 'published' | 'legacy-v1' | 'unpublished';

/**
 * Every event name in the catalogue that Argyle's published spec does not list: the legacy v1 names and
 * `paystubs.removed`. Deliveries of them are still accepted and checked; they are marked, not dropped.
 */
export const UNPUBLISHED_EVENT_NAMES: readonly Exclude<ArgyleEventName, PublishedEventName>[] = Object.freeze(
  [...UNPUBLISHED_V2_EVENT_NAMES, ...(Object.keys(LEGACY_V1_DATA_SCHEMAS) as LegacyV1EventName[])],
);

const PUBLISHED_NAMES: ReadonlySet<string> = new Set(PUBLISHED_EVENT_NAMES);

const DATA_SCHEMA_BY_NAME: ReadonlyMap<string, z.core.$ZodType> = new Map(
  Object.entries(ARGYLE_DATA_SCHEMAS),
);
const LEGACY_NAMES: ReadonlySet<string> = new Set(LEGACY_V1_EVENT_NAMES);

/** Whether `name` is in the catalogue. */
export function isArgyleEventName(name: string): name is ArgyleEventName {
  return DATA_SCHEMA_BY_NAME.has(name);
}

/** Whether `name` is a legacy v1 event. */
export function isLegacyV1EventName(name: string): name is LegacyV1EventName {
  return LEGACY_NAMES.has(name);
}

/** Whether Argyle's published spec (argyle-all.yaml 1.0.111) lists `name`. */
export function isPublishedEventName(name: string): name is PublishedEventName {
  return PUBLISHED_NAMES.has(name);
}

/** Where event `name` comes from; `undefined` when it is not in the catalogue. */
export function eventListing(name: string): ArgyleEventListing | undefined {
  if (!isArgyleEventName(name)) return undefined;
  if (PUBLISHED_NAMES.has(name)) return 'published';
  return LEGACY_NAMES.has(name) ? 'legacy-v1' : 'unpublished';
}

/** The schema of `data` for event `name`, or `undefined` when the name is not in the catalogue. */
export function dataSchemaFor(name: string): z.core.$ZodType | undefined {
  return DATA_SCHEMA_BY_NAME.get(name);
}
