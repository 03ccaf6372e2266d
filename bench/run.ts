/**
 * `npm run bench`: runs the benchmark suite (performance notes §7) and prints one table, or with `--json` one
 * JSON document on stdout. Progress goes to stderr. Exits 0 whatever the timings; only a measure that
 * crashes makes it exit 1.
 *
 *   npm run bench -- [--json] [--quick] [--repeat N] [--only M1,M3a]
 */
import { performance } from 'node:perf_hooks';
import { parseCommandLine } from '../functions/shared/cli/args';
import { npmScript, USAGE_EXIT_CODE, usageErrorText } from '../functions/shared/cli/output';
import { environment } from './environment';
import { medianRows } from './repeat';
import { formatQuantity, type MeasureResult, type Row, renderTable } from './report';

const IDS = ['M1', 'M2', 'M2b', 'M3a', 'M3b', 'M3c', 'M4', 'M4b', 'M5', 'M6', 'M7'] as const;
type MeasureId = (typeof IDS)[number];

const USAGE = `usage: npm run bench -- [--json] [--quick] [--repeat N] [--only ${IDS.join(',')}]
  --json    one JSON document on stdout instead of the table (npm run --silent bench -- --json
            leaves out npm's own lines, so stdout is that document alone)
  --quick   fewer samples and shorter loops (a smoke run; figures are noisier)
  --repeat  run the selected measures N times and report the median of each figure and ratio
  --only    comma-separated subset of measures`;

function settings(quick: boolean) {
  const loops = (rounds: number, budgetMs: number, warmupMs: number) => ({ rounds, budgetMs, warmupMs });
  return quick
    ? {
        importSamples: 8,
        firstDeliverySamples: 6,
        verify: loops(2, 150, 100),
        handler: loops(5, 100, 200),
        localSqs: loops(5, 100, 200),
        memory: { samples: 3, events: 20_000 },
        endToEnd: { connections: 8, durationS: 3, rounds: 1, warmupRequests: 1_000 },
        burst: { requests: 1_000, connections: 150, bursts: 1, warmupRequests: 1_000 },
        loss: { deliveries: 120, concurrency: 12, budgetMs: 20_000 },
      }
    : {
        importSamples: 30,
        firstDeliverySamples: 20,
        verify: loops(3, 400, 250),
        // Many short interleaved rounds rather than a few long ones: a burst of load on a shared machine then
        // falls on every variant alike.
        handler: loops(12, 200, 400),
        localSqs: loops(12, 200, 400),
        memory: { samples: 5, events: 100_000 },
        endToEnd: { connections: 16, durationS: 8, rounds: 4, warmupRequests: 5_000 },
        burst: { requests: 3_000, connections: 200, bursts: 3, warmupRequests: 5_000 },
        loss: { deliveries: 400, concurrency: 16, budgetMs: 60_000 },
      };
}

function plan(quick: boolean): Record<MeasureId, () => Promise<MeasureResult>> {
  const s = settings(quick);
  return {
    M1: async () => (await import('./bundles')).measureBundles(),
    M2: async () => (await import('./cold-import')).measureColdImport({ samples: s.importSamples }),
    M2b: async () =>
      (await import('./first-delivery')).measureFirstDelivery({ samples: s.firstDeliverySamples }),
    M3a: async () => (await import('./isolate')).runInChild('verify', s.verify),
    M3b: async () => (await import('./isolate')).runInChild('handler', s.handler),
    M3c: async () => (await import('./isolate')).runInChild('local-sqs', s.localSqs),
    M4: async () => (await import('./end-to-end')).measureEndToEnd(s.endToEnd),
    M4b: async () => (await import('./burst')).measureBurst(s.burst),
    M5: async () => (await import('./memory')).measureMemory(s.memory),
    M6: async () => (await import('./loss')).measureLoss(s.loss),
    M7: async () => (await import('./isolate')).runInChild('archive', s.handler),
  };
}

/** Wrong usage: one line saying what is wrong and where the help is, exit code 2, no stack trace. */
function usageError(message: string): never {
  console.error(usageErrorText(npmScript('bench'), message));
  process.exit(USAGE_EXIT_CODE);
}

function parse() {
  let values: ReturnType<typeof parseOptions>['values'];
  try {
    ({ values } = parseOptions());
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const only = (values.only ?? IDS.join(','))
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const unknown = only.filter((id) => !IDS.some((known) => known.toLowerCase() === id.toLowerCase()));
  if (unknown.length > 0)
    usageError(`unknown measure ${unknown.join(', ')}; the measures are ${IDS.join(', ')}`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    usageError(`--repeat takes a whole number of runs, not ${values.repeat}`);
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const selected = IDS.filter((id) => only.some((wanted) => wanted.toLowerCase() === id.toLowerCase()));
  return { json: values.json, quick: values.quick, repeat, selected };
}

function parseOptions() {
  return parseCommandLine(
    process.argv.slice(2),
    {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    { allowPositionals: false, nodeMessages: true },
  );
}

/** The receiver bundle's largest packages, from M1's metafile. */
function topInputs(details: Record<string, unknown>): string {
  const bundles = details.bundles as
    | Record<string, { topPackages: readonly { package: string; bytes: number }[] }>
    | undefined;
  const top = bundles?.receiver?.topPackages ?? [];
  if (top.length === 0) return '';
  const width = Math.max(...top.map((entry) => entry.package.length));
  return [
    'Receiver bundle, top inputs by package (bytes in the minified output):',
    ...top.map(
      (entry) => `  ${entry.package.padEnd(width)}  ${formatQuantity({ value: entry.bytes, unit: 'B' })}`,
    ),
  ].join('\n');
}

async function main() {
  const options = parse();
  const started = performance.now();
  const env = environment();
  const measures = plan(options.quick);
  const runs: Row[][] = [];
  const details: Record<string, unknown> = {};
  const durationsMs: Record<string, number> = {};
  let crashed = false;
  for (let run = 1; run <= options.repeat; run++) {
    const rows: Row[] = [];
    for (const id of options.selected) {
      const t0 = performance.now();
      const label = options.repeat > 1 ? `${id} (run ${run} of ${options.repeat})` : id;
      console.error(`[bench] ${label}…`);
      try {
        const result = await measures[id]();
        rows.push(...result.rows);
        details[id] =
          options.repeat > 1 ? [...((details[id] as unknown[]) ?? []), result.details] : result.details;
      } catch (error) {
        crashed = true;
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[bench] ${id} failed: ${message}`);
        rows.push({
          id,
          metric: 'measure failed',
          target: '—',
          status: 'not measured',
          note: `${id}: ${message}`,
        });
      }
      durationsMs[id] = (durationsMs[id] ?? 0) + Math.round(performance.now() - t0);
      console.error(`[bench] ${label} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    runs.push(rows);
  }
  const rows = options.repeat > 1 ? medianRows(runs) : (runs[0] ?? []);
  const totalMs = Math.round(performance.now() - started);
  if (options.json) {
    const document = {
      suite: 'argyle-webhooks-aws bench',
      date: new Date().toISOString(),
      quick: options.quick,
      repeat: options.repeat,
      measures: options.selected,
      durationMs: { total: totalMs, ...durationsMs },
      environment: env,
      rows,
      ...(options.repeat > 1 ? { runs } : {}),
      details,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const misses = rows.filter((row) => row.status === 'miss').length;
    const m1 = (Array.isArray(details.M1) ? details.M1[0] : details.M1) as
      | Record<string, unknown>
      | undefined;
    console.log(
      [
        `Node ${env.node} (V8 ${env.v8}, OpenSSL ${env.openssl}) on ${env.cpu.model} × ${env.cpu.cores}, ${env.platform}`,
        `esbuild ${env.packages.esbuild}, @aws-sdk/client-sqs ${env.packages['@aws-sdk/client-sqs']}, ` +
          `client-secrets-manager ${env.packages['@aws-sdk/client-secrets-manager']}, zod ${env.packages.zod}, ` +
          `Powertools ${env.packages['@aws-lambda-powertools/logger']}` +
          (env.git ? `; commit ${env.git}` : ''),
        `${options.quick ? 'quick run' : 'full run'}${options.repeat > 1 ? `, medians of ${options.repeat} runs,` : ''} in ${(totalMs / 1000).toFixed(0)} s; load average ` +
          `${env.loadAverage} at start; ${misses} target(s) missed (timings never fail the run)`,
        '',
        renderTable(rows),
        ...(m1 ? ['', topInputs(m1)] : []),
      ].join('\n'),
    );
  }
  process.exitCode = crashed ? 1 : 0;
}

await main();
