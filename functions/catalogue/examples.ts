/**
 * `exampleEvent(name, options)`: a realistic delivery for any event in the catalogue, shaped exactly as its schema
 * accepts, for tests and the signed-event simulator. Deterministic for a given `seed` (and `now`).
 */
import type { ArgyleEventName } from './catalogue.js';
import type { ArgyleEventOf } from './envelopes.js';
import { createExampleContext, type ExampleIdRole } from './example-context.js';
import { EXAMPLE_DATA } from './example-data.js';

export type { ExampleIdRole } from './example-context.js';

export interface ExampleOptions {
  /**
   * Seed for every generated id, number and timestamp. The same seed (and `now`) gives the same event.
   * @default a random seed
   */
  readonly seed?: number;
  /**
   * The moment the example happens; timestamps are at or before it.
   * @default a fixed instant (2026-01-26T18:00:00Z) when `seed` is given, else the current time
   */
  readonly now?: Date | number | string;
  /** Ids to use instead of generated ones, e.g. `{ account, user }` to make several events about one account. */
  readonly ids?: Readonly<Partial<Record<ExampleIdRole, string>>>;
  /**
   * Include `data.resource`, as a subscription with `{"include_resource": true}` would get (accounts.*,
   * verifications.updated, direct_deposit_switches.completed; for reports.ready, the newer shape).
   * `users.fully_synced` always has it.
   * @default false
   */
  readonly includeResource?: boolean;
  /**
   * The envelope's `name`: the Argyle subscription that "sent" the event.
   * @default 'example-subscription'
   */
  readonly subscription?: string;
}

/** The instant used when a seed is given without `now`, so that seeded examples do not depend on the clock. */
const SEEDED_NOW = Date.UTC(2026, 0, 26, 18, 0, 0);

/** A realistic delivery of event `name`. Throws a `TypeError` when `name` is not in the catalogue. */
export function exampleEvent<N extends ArgyleEventName>(
  name: N,
  options: ExampleOptions = {},
): ArgyleEventOf<N> {
  const build = Object.hasOwn(EXAMPLE_DATA, name) ? EXAMPLE_DATA[name] : undefined;
  if (build === undefined) throw new TypeError(`not an event in the Argyle catalogue: ${String(name)}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const now = resolveNow(options);
  const context = createExampleContext({
    seed,
    now,
    ids: options.ids ?? {},
    includeResource: options.includeResource ?? false,
  });
  const event = { event: name, name: options.subscription ?? 'example-subscription', data: build(context) };
  return event as ArgyleEventOf<N>;
}

function resolveNow(options: ExampleOptions): number {
  if (options.now === undefined) return options.seed === undefined ? Date.now() : SEEDED_NOW;
  const now = new Date(options.now).getTime();
  if (Number.isNaN(now)) throw new TypeError('options.now is not a valid date');
  return now;
}
