/**
 * M4b, a burst end to end over HTTP on 127.0.0.1, beside the capacity model (lib/capacity.ts): autocannon (in
 * this process) sends fixed-size bursts of one signed 1 KB delivery, each with more connections than the
 * stage's old whole burst limit (100), to the loopback floor and to the dev server (child processes, as M4),
 * after a discarded warm-up. Reports deliveries/s through the burst, the p99, every non-2xx answer and checks
 * that every 2xx left a message in the emulator. The dev server keeps the receiver's real SQS timeouts, so a
 * 503 here is a send that waited more than 1.5 s three times on the shared cores.
 */
import { ARGYLE_LOAD, peakDeliveriesPerSecond } from '../lib/capacity';
import { INGEST_DEFAULTS } from '../lib/constructs/argyle-webhook-ingest';
import type { ServerVariant } from './end-to-end-server';
import type { MeasureResult, Row } from './report';
import { accepts, delivery, load, type Run, type ServerChild, startServer } from './server-load';
import { summarize } from './stats';

export interface BurstOptions {
  /** Requests per burst. */
  readonly requests: number;
  /** Connections (requests in flight) per burst. */
  readonly connections: number;
  readonly bursts: number;
  readonly warmupRequests: number;
}

const VARIANTS: readonly ServerVariant[] = ['floor', 'dev-server'];

interface BurstFigures {
  readonly deliveriesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
}

function figures(runs: readonly Run[]): BurstFigures {
  const ok = runs.reduce((total, run) => total + run.ok, 0);
  const seconds = runs.reduce((total, run) => total + run.seconds, 0);
  const latency = summarize(runs.flatMap((run) => run.latenciesMs));
  return {
    deliveriesPerSecond: ok / seconds,
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    ok,
    non2xx: runs.reduce((total, run) => total + run.non2xx, 0),
    errors: runs.reduce((total, run) => total + run.errors, 0),
  };
}

export async function measureBurst(options: BurstOptions): Promise<MeasureResult> {
  const request = delivery();
  const started = await Promise.allSettled(VARIANTS.map(startServer));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const byVariant = new Map<ServerVariant, ServerChild>(servers.map((server) => [server.variant, server]));
    const results = {} as Record<ServerVariant, BurstFigures>;
    let warmedOk = 0;
    for (const variant of VARIANTS) {
      const server = byVariant.get(variant);
      if (!server) throw new Error(`missing M4b server ${variant}`);
      await accepts(server, request);
      const warmup = await load(server, request, options.connections, { requests: options.warmupRequests });
      if (variant === 'dev-server') warmedOk = warmup.ok;
      const runs: Run[] = [];
      for (let burst = 0; burst < options.bursts; burst++) {
        runs.push(await load(server, request, options.connections, { requests: options.requests }));
      }
      results[variant] = figures(runs);
    }
    const dev = results['dev-server'];
    const answered = 1 + warmedOk + dev.ok;
    const stops = await Promise.all(
      servers.map(async (server) => [server.variant, await server.stop()] as const),
    );
    const queuedMessages =
      stops.find(([variant]) => variant === 'dev-server')?.[1].queuedMessages ?? Number.NaN;
    return {
      rows: rows(results, options, { answered, queuedMessages }),
      details: { ...results, queuedMessages, answered },
    };
  } finally {
    for (const server of servers) server.kill();
  }
}

function rows(
  results: Record<ServerVariant, BurstFigures>,
  options: BurstOptions,
  stored: { readonly answered: number; readonly queuedMessages: number },
): Row[] {
  const { floor, 'dev-server': dev } = results;
  const peak = peakDeliveriesPerSecond(ARGYLE_LOAD);
  const lost = stored.answered - stored.queuedMessages;
  return [
    {
      id: 'M4b',
      metric: `burst via the dev server, ${options.requests} × ${options.bursts}, ${options.connections} in flight`,
      ours: { value: dev.deliveriesPerSecond, unit: 'req/s' },
      against: { label: 'floor', value: { value: floor.deliveriesPerSecond, unit: 'req/s' } },
      ratio: dev.deliveriesPerSecond / floor.deliveriesPerSecond,
      target: 'report',
      status: 'info',
      note:
        `M4b: bursts of ${options.requests} signed 1 KB deliveries with ${options.connections} connections ` +
        `(the stage's old burst limit was 100), ${options.bursts} bursts after a discarded warm-up of ` +
        `${options.warmupRequests}; dev server p50 ${dev.p50Ms.toFixed(1)} / p99 ${dev.p99Ms.toFixed(1)} ms, ` +
        `floor p50 ${floor.p50Ms.toFixed(1)} / p99 ${floor.p99Ms.toFixed(1)} ms. The capacity model's peak is ` +
        `${Math.round(peak)} deliveries/s and the stage's default rate ${INGEST_DEFAULTS.rateLimit}/s; the dev ` +
        'server runs one receiver, its SQS emulator and its Secrets Manager stand-in in one event loop on 2 ' +
        'shared cores, where Lambda would run one execution environment per delivery in flight. ' +
        `Stored ${stored.queuedMessages} messages for ${stored.answered} 2xx answers`,
    },
    {
      id: 'M4b',
      metric: 'burst: non-2xx answers, errors and 2xx without a message',
      ours: {
        value: dev.non2xx + dev.errors + floor.non2xx + floor.errors + Math.max(0, lost),
        unit: 'count',
      },
      target: '0',
      status: dev.non2xx + dev.errors + floor.non2xx + floor.errors === 0 && lost <= 0 ? 'pass' : 'miss',
    },
  ];
}
