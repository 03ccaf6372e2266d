/**
 * The source of every generated value in the examples: ids, numbers and timestamps from a small seeded PRNG, so
 * that the same seed always gives the same event. No zod and no Node APIs: this runs anywhere.
 */

/** The kinds of id an example can carry; `ExampleOptions.ids` pins any of them. */
export type ExampleIdRole =
  | 'account'
  | 'user'
  | 'item'
  | 'identity'
  | 'payroll_document'
  | 'deposit_destination'
  | 'vehicle'
  | 'rating'
  | 'user_form'
  | 'user_upload'
  | 'verification'
  | 'client'
  | 'report'
  | 'profile'
  | 'document'
  | 'form'
  | 'pay_allocation'
  | 'reputation';

export interface ExampleContext {
  /** The id for `role`: the pinned one, else generated once per example and reused (so `resource.id === account`). */
  id(role: ExampleIdRole): string;
  /** A fresh id that no other field shares, e.g. for id lists. */
  freshId(): string;
  /** An integer in `[min, max]`. */
  int(min: number, max: number): number;
  pick<T>(values: readonly [T, ...T[]]): T;
  /** An ISO 8601 timestamp `secondsAgo` seconds before the example's "now", with microseconds like Argyle's. */
  instant(secondsAgo: number): string;
  /** Midnight UTC `daysAgo` days before "now", formatted as Argyle formats sync windows (`…T00:00:00Z`). */
  day(daysAgo: number): string;
  readonly includeResource: boolean;
}

export interface ExampleContextOptions {
  readonly seed: number;
  readonly now: number;
  readonly ids: Readonly<Partial<Record<ExampleIdRole, string>>>;
  readonly includeResource: boolean;
}

const DAY_MS = 86_400_000;

export function createExampleContext(options: ExampleContextOptions): ExampleContext {
  const next = mulberry32(options.seed);
  const pinned = options.ids;
  const generated = new Map<ExampleIdRole, string>();
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  // Argyle's ids are UUIDv7-like: a millisecond timestamp in front, so ids made later sort later.
  let clock = options.now - 20 * 60_000;
  const uuid = (): string => {
    clock += int(1, 30_000);
    const time = clock.toString(16).padStart(12, '0').slice(-12);
    let random = '';
    for (let i = 0; i < 18; i++) random += int(0, 15).toString(16);
    const variant = ((int(0, 15) & 0x3) | 0x8).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-${variant}${random.slice(3, 6)}-${random.slice(6, 18)}`;
  };
  const itemId = (): string => `item_${String(int(1, 99_999_999)).padStart(9, '0')}`;

  return {
    id(role) {
      const fixed = pinned[role] ?? generated.get(role);
      if (fixed !== undefined) return fixed;
      const made = role === 'item' ? itemId() : uuid();
      generated.set(role, made);
      return made;
    },
    freshId: uuid,
    int,
    pick(values) {
      return values[int(0, values.length - 1)] ?? values[0];
    },
    instant(secondsAgo) {
      const at = new Date(options.now - secondsAgo * 1000);
      return `${at.toISOString().slice(0, 19)}.${String(int(0, 999_999)).padStart(6, '0')}Z`;
    },
    day(daysAgo) {
      const midnight = Math.floor(options.now / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
      return `${new Date(midnight).toISOString().slice(0, 19)}Z`;
    },
    includeResource: options.includeResource,
  };
}

/** A 32-bit seeded PRNG (mulberry32): small, fast and good enough for test data. Not for anything secret. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
