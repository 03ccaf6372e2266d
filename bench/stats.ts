/**
 * Statistics and loop helpers shared by the measures: percentiles, coefficient of variation, a shuffle for
 * interleaving variants, and a time-boxed loop that records the latency of every call.
 */

export interface Summary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The value at quantile `q` (0..1) of an ascending array, by linear interpolation. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export const median = (values: ArrayLike<number>): number => summarize(values).p50;

/** Standard deviation over mean; NaN for fewer than two values. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

export interface LoopResult {
  /** Latency of each call, in microseconds. */
  readonly latenciesUs: number[];
  readonly elapsedMs: number;
}

/**
 * Calls `fn` back to back for `budgetMs`, timing each call with `process.hrtime`. A call that returns a
 * promise is awaited; a synchronous call is not, so synchronous variants pay no microtask per call.
 */
export async function timeBoxed(fn: () => unknown, budgetMs: number): Promise<LoopResult> {
  const latenciesUs: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  let now = start;
  while (now < deadline) {
    const result = fn();
    if (result instanceof Promise) await result;
    const end = process.hrtime.bigint();
    latenciesUs.push(Number(end - now) / 1e3);
    now = end;
  }
  return { latenciesUs, elapsedMs: Number(now - start) / 1e6 };
}

export interface VariantResult extends Summary {
  /** Calls per second over all kept rounds. */
  readonly eventsPerSecond: number;
  /** Coefficient of variation of events/s between rounds. */
  readonly roundCv: number;
  readonly rounds: number;
}

/**
 * Runs every variant in `rounds` interleaved rounds (each round in a new random order), after one discarded
 * warm-up round; returns per-variant latency summaries (µs) and events/s.
 */
export async function interleaved(
  variants: Readonly<Record<string, () => unknown>>,
  options: { readonly rounds: number; readonly budgetMs: number; readonly warmupMs: number },
): Promise<Record<string, VariantResult>> {
  const names = Object.keys(variants);
  const kept = new Map<string, LoopResult[]>(names.map((name) => [name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const name of shuffled(names)) {
      const fn = variants[name];
      if (!fn) continue;
      const result = await timeBoxed(fn, round === 0 ? options.warmupMs : options.budgetMs);
      if (round > 0) kept.get(name)?.push(result);
    }
  }
  const results: Record<string, VariantResult> = {};
  for (const [name, loops] of kept) {
    const latencies = loops.flatMap((loop) => loop.latenciesUs);
    const elapsedMs = loops.reduce((sum, loop) => sum + loop.elapsedMs, 0);
    results[name] = {
      ...summarize(latencies),
      eventsPerSecond: (latencies.length / elapsedMs) * 1000,
      roundCv: coefficientOfVariation(loops.map((loop) => (loop.latenciesUs.length / loop.elapsedMs) * 1000)),
      rounds: loops.length,
    };
  }
  return results;
}
