/**
 * `npm run bench`: runs the benchmark suite (performance notes §7) and prints one table, or with `--json` one
 * JSON document on stdout. Progress goes to stderr. Exits 0 whatever the timings; only a measure that
 * crashes makes it exit 1.
 *
 *   npm run bench -- [--json] [--quick] [--only M1,M3a]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { environment } from './environment';
import { formatQuantity, type MeasureResult, type Row, renderTable } from './report';

const IDS = ['M1', 'M2', 'M3a', 'M3b', 'M3c', 'M4', 'M5'] as const;
type MeasureId = (typeof IDS)[number];

const USAGE = `usage: npm run bench -- [--json] [--quick] [--only ${IDS.join(',')}]
  --json    one JSON document on stdout instead of the table (npm run --silent bench -- --json
            leaves out npm's own lines, so stdout is that document alone)
  --quick   fewer samples and shorter loops (a smoke run; figures are noisier)
  --only    comma-separated subset of measures`;

function settings(quick: boolean) {
  const loops = (rounds: number, budgetMs: number, warmupMs: number) => ({ rounds, budgetMs, warmupMs });
  return quick
    ? {
        importSamples: 8,
        verify: loops(2, 150, 100),
        handler: loops(2, 250, 200),
        localSqs: loops(2, 250, 200),
        memory: { samples: 3, events: 20_000 },
        endToEnd: { connections: 8, durationS: 3, rounds: 1, warmupRequests: 1_000 },
      }
    : {
        importSamples: 30,
        verify: loops(3, 400, 250),
        handler: loops(4, 600, 400),
        localSqs: loops(4, 600, 400),
        memory: { samples: 5, events: 100_000 },
        endToEnd: { connections: 16, durationS: 8, rounds: 4, warmupRequests: 5_000 },
      };
}

function plan(quick: boolean): Record<MeasureId, () => Promise<MeasureResult>> {
  const s = settings(quick);
  return {
    M1: async () => (await import('./bundles')).measureBundles(),
    M2: async () => (await import('./cold-import')).measureColdImport({ samples: s.importSamples }),
    M3a: async () => (await import('./isolate')).runInChild('verify', s.verify),
    M3b: async () => (await import('./isolate')).runInChild('handler', s.handler),
    M3c: async () => (await import('./isolate')).runInChild('local-sqs', s.localSqs),
    M4: async () => (await import('./end-to-end')).measureEndToEnd(s.endToEnd),
    M5: async () => (await import('./memory')).measureMemory(s.memory),
  };
}

/** Wrong usage: one line saying what is wrong and where the help is, exit code 2, no stack trace. */
function usageError(message: string): never {
  console.error(`npm run bench: ${message}\nSee npm run bench -- --help.`);
  process.exit(2);
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
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const selected = IDS.filter((id) => only.some((wanted) => wanted.toLowerCase() === id.toLowerCase()));
  return { json: values.json, quick: values.quick, selected };
}

function parseOptions() {
  return parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
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
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const durationsMs: Record<string, number> = {};
  let crashed = false;
  for (const id of options.selected) {
    const t0 = performance.now();
    console.error(`[bench] ${id}…`);
    try {
      const result = await measures[id]();
      rows.push(...result.rows);
      details[id] = result.details;
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
    durationsMs[id] = Math.round(performance.now() - t0);
    console.error(`[bench] ${id} done in ${(durationsMs[id] / 1000).toFixed(1)} s`);
  }
  const totalMs = Math.round(performance.now() - started);
  if (options.json) {
    const document = {
      suite: 'argyle-webhooks-aws bench',
      date: new Date().toISOString(),
      quick: options.quick,
      measures: options.selected,
      durationMs: { total: totalMs, ...durationsMs },
      environment: env,
      rows,
      details,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const misses = rows.filter((row) => row.status === 'miss').length;
    const m1 = details.M1 as Record<string, unknown> | undefined;
    console.log(
      [
        `Node ${env.node} (V8 ${env.v8}, OpenSSL ${env.openssl}) on ${env.cpu.model} × ${env.cpu.cores}, ${env.platform}`,
        `esbuild ${env.packages.esbuild}, @aws-sdk/client-sqs ${env.packages['@aws-sdk/client-sqs']}, ` +
          `client-secrets-manager ${env.packages['@aws-sdk/client-secrets-manager']}, zod ${env.packages.zod}, ` +
          `Powertools ${env.packages['@aws-lambda-powertools/logger']}` +
          (env.git ? `; commit ${env.git}` : ''),
        `${options.quick ? 'quick run' : 'full run'} in ${(totalMs / 1000).toFixed(0)} s; load average ` +
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
