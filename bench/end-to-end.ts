/**
 * M4, end to end over HTTP on 127.0.0.1: autocannon (in this process) POSTs one precomputed signed 1 KB
 * Argyle delivery with a fixed number of connections for a fixed time to three servers, each a child process
 * (bench/end-to-end-server.ts, started by bench/server-load.ts):
 *
 * - the loopback floor: `node:http` that reads the body and answers 200
 * - verify: the floor plus the receiver's signature check and envelope parse (diagnostic)
 * - the local dev server: API Gateway adapter → deployed receiver module → SQS emulator
 *
 * All three are started first; each gets a discarded warm-up of a fixed number of requests, then the measured
 * time is split into rounds run in a new random order each. Every 2xx latency is recorded; the server's CPU
 * is read around each run. Every 2xx of the dev server must have left a message in its emulator.
 */
import type { ServerVariant } from './end-to-end-server';
import { SERVER_VARIANTS } from './end-to-end-server';
import type { MeasureResult, Row } from './report';
import { accepts, delivery, load, type Run, type ServerChild, startServer } from './server-load';
import { coefficientOfVariation, shuffled, summarize } from './stats';

export { accepts, delivery, load, type Run, type ServerChild, startServer };

export interface EndToEndOptions {
  /** Concurrent connections, all variants. */
  readonly connections: number;
  /** Measured seconds per variant, split evenly into `rounds`. */
  readonly durationS: number;
  readonly rounds: number;
  /**
   * Requests of the discarded run each variant gets before the rounds: a count, not a time, because the dev
   * server's pipeline needs thousands of requests before V8 has optimized it (its CPU per request falls by
   * about two thirds over the first 4,000 or so).
   */
  readonly warmupRequests: number;
}

export interface VariantFigures {
  readonly requestsPerSecond: number;
  /** Latency of 2xx answers, ms. */
  readonly latencyMs: ReturnType<typeof summarize>;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  /** Mean of the runs' per-second CVs. */
  readonly perSecondCv: number;
  /** CV of req/s between rounds (NaN for one round). */
  readonly roundCv: number;
  readonly serverCpuUsPerRequest: number;
  readonly warmup: { readonly ok: number; readonly non2xx: number; readonly errors: number };
  /** Each measured run, in the order run for this variant. */
  readonly runs: readonly {
    readonly requestsPerSecond: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly perSecondCv: number;
    readonly serverCpuUsPerRequest: number;
  }[];
}

function figures(runs: readonly Run[], warmup: Run): VariantFigures {
  const sum = (pick: (run: Run) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const ok = sum((run) => run.ok);
  const seconds = sum((run) => run.seconds);
  return {
    requestsPerSecond: ok / seconds,
    latencyMs: summarize(runs.flatMap((run) => run.latenciesMs)),
    ok,
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    seconds,
    perSecondCv: sum((run) => run.perSecondCv) / runs.length,
    roundCv: coefficientOfVariation(runs.map((run) => run.ok / run.seconds)),
    serverCpuUsPerRequest: sum((run) => run.serverCpuUs) / ok,
    warmup: { ok: warmup.ok, non2xx: warmup.non2xx, errors: warmup.errors },
    runs: runs.map((run) => {
      const latency = summarize(run.latenciesMs);
      return {
        requestsPerSecond: run.ok / run.seconds,
        p50Ms: latency.p50,
        p99Ms: latency.p99,
        perSecondCv: run.perSecondCv,
        serverCpuUsPerRequest: run.serverCpuUs / run.ok,
      };
    }),
  };
}

export async function measureEndToEnd(options: EndToEndOptions): Promise<MeasureResult> {
  const request = delivery();
  const roundSeconds = options.durationS / options.rounds;
  const started = await Promise.allSettled(SERVER_VARIANTS.map(startServer));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    for (const server of servers) await accepts(server, request);
    const warmups = new Map<ServerVariant, Run>();
    for (const server of shuffled(servers)) {
      warmups.set(
        server.variant,
        await load(server, request, options.connections, { requests: options.warmupRequests }),
      );
    }
    const runs = new Map<ServerVariant, Run[]>(SERVER_VARIANTS.map((variant) => [variant, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const server of shuffled(servers)) {
        runs
          .get(server.variant)
          ?.push(await load(server, request, options.connections, { seconds: roundSeconds }));
      }
    }
    const results = {} as Record<ServerVariant, VariantFigures>;
    for (const variant of SERVER_VARIANTS) {
      const warmup = warmups.get(variant);
      const measured = runs.get(variant) ?? [];
      if (!warmup || measured.length === 0) throw new Error(`missing M4 variant ${variant}`);
      results[variant] = figures(measured, warmup);
    }
    // Every 2xx from the dev server must be a message in its emulator (there may be more: the server finishes
    // the requests still in flight when a run ends, after the client has gone). 1 for the `accepts` request.
    const answered = 1 + results['dev-server'].ok + results['dev-server'].warmup.ok;
    const stops = await Promise.all(
      servers.map(async (server) => [server.variant, await server.stop()] as const),
    );
    const queuedMessages =
      stops.find(([variant]) => variant === 'dev-server')?.[1].queuedMessages ?? Number.NaN;
    if (!(queuedMessages >= answered))
      throw new Error(
        `M4: the dev server answered 2xx ${answered} times but stored ${queuedMessages} messages`,
      );
    return {
      rows: rows(results, options, { answered, queuedMessages }),
      details: { ...results, queuedMessages },
    };
  } finally {
    // After a failure (a no-op for the children that have stopped).
    for (const server of servers) server.kill();
  }
}

function rows(
  results: Record<ServerVariant, VariantFigures>,
  options: EndToEndOptions,
  stored: { readonly answered: number; readonly queuedMessages: number },
): Row[] {
  const { floor, verify, 'dev-server': dev } = results;
  const rate = (figures: VariantFigures) => ({ value: figures.requestsPerSecond, unit: 'req/s' as const });
  const againstFloor = { label: 'floor', value: rate(floor) };
  const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
  const latency = (label: string, figures: VariantFigures) =>
    `${label} p50 ${ms(figures.latencyMs.p50)} / p99 ${ms(figures.latencyMs.p99)} ms`;
  const cpu = (label: string, figures: VariantFigures) =>
    `${label} ${figures.serverCpuUsPerRequest.toFixed(0)} µs`;
  const cv = (label: string, figures: VariantFigures) =>
    `${label} ${(figures[options.rounds > 1 ? 'roundCv' : 'perSecondCv'] * 100).toFixed(0)} %`;
  const all = [floor, verify, dev];
  const bad = all.reduce(
    (total, figures) =>
      total + figures.non2xx + figures.errors + figures.warmup.non2xx + figures.warmup.errors,
    0,
  );
  const perRound = options.durationS / options.rounds;
  return [
    {
      id: 'M4',
      metric: `end to end via the dev server, 1 KB, ${options.connections} connections`,
      ours: rate(dev),
      against: againstFloor,
      ratio: dev.requestsPerSecond / floor.requestsPerSecond,
      target: 'report',
      status: 'info',
      note:
        `M4: autocannon 9 in the bench process on 127.0.0.1, ${options.connections} connections, ` +
        `${options.durationS} s per variant (${options.rounds} × ${perRound} s in random order, after a ` +
        `discarded warm-up of ${options.warmupRequests.toLocaleString('en-US')} requests), one signed 1 KB delivery; ` +
        `${latency('floor', floor)}; ${latency('verify', verify)}; ${latency('dev server', dev)}; ` +
        `server CPU per request: ${cpu('floor', floor)}, ${cpu('verify', verify)}, ${cpu('dev server', dev)}; ` +
        `CV of req/s ${options.rounds > 1 ? 'between rounds' : 'per second'}: ${cv('floor', floor)}, ` +
        `${cv('verify', verify)}, ${cv('dev server', dev)}. ` +
        'Nothing is pinned: the load generator, the server and, for the dev server, its SQS emulator and ' +
        'Secrets Manager stand-in (in the same process and event loop as the receiver) share the 2 cores. ' +
        `The receiver logs and emits EMF as on Lambda (to /dev/null); the dev server stored ` +
        `${stored.queuedMessages} messages for ${stored.answered} 2xx answers`,
    },
    {
      id: 'M4',
      metric: 'end to end via the dev server, p99 latency',
      ours: { value: dev.latencyMs.p99, unit: 'ms' },
      against: { label: 'floor', value: { value: floor.latencyMs.p99, unit: 'ms' } },
      ratio: dev.latencyMs.p99 / floor.latencyMs.p99,
      target: 'report',
      status: 'info',
    },
    {
      id: 'M4',
      metric: 'diagnostic: verify + parse only (node:http, no SQS)',
      ours: rate(verify),
      against: againstFloor,
      ratio: verify.requestsPerSecond / floor.requestsPerSecond,
      target: 'report',
      status: 'info',
    },
    {
      id: 'M4',
      metric: 'non-2xx answers and errors, all variants',
      ours: { value: bad, unit: 'count' },
      target: '0',
      status: bad === 0 ? 'pass' : 'miss',
    },
  ];
}
