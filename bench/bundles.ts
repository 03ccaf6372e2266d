/**
 * Builds the deployed Lambda and its references with exactly the options `npm run build` bundles the shipped
 * handlers with (build/function-bundling.ts), and measures M1: bytes, gzip bytes, top inputs by package, and
 * what must not be in the bundle.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuildOptions, Metafile } from 'esbuild';
import { functionBuildOptions } from '../build/function-bundling';
import { FUNCTION_ENTRIES } from '../lib/constructs/function-defaults';
import { BENCH_DIR, OUT_DIR, PROJECT_ROOT } from './paths';
import { compared, type MeasureResult, type Row } from './report';

export const BUNDLE_NAMES = ['receiver', 'subscription', 'example-consumer', 'bare-sdk', 'empty'] as const;
export type BundleName = (typeof BUNDLE_NAMES)[number];

const ENTRIES: Record<BundleName, string> = {
  // The deployed functions, all bundled with the same options.
  ...FUNCTION_ENTRIES,
  'bare-sdk': path.join(BENCH_DIR, 'entries/bare-sdk.ts'),
  empty: path.join(BENCH_DIR, 'entries/empty.ts'),
};

/** The build's options for `entry`, with a metafile for the per-package breakdown. */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return { ...functionBuildOptions(entry, outdir), metafile: true, write: true };
}

export interface BuiltBundle {
  readonly name: BundleName;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly metafile: Metafile;
}

let built: Promise<Record<BundleName, BuiltBundle>> | undefined;

/** Builds the bundles once per run, into `.bench/bundles/<name>/index.mjs`. */
export function buildBundles(): Promise<Record<BundleName, BuiltBundle>> {
  built ??= (async () => {
    const esbuild = await import('esbuild');
    const result = {} as Record<BundleName, BuiltBundle>;
    for (const name of BUNDLE_NAMES) {
      const outdir = path.join(OUT_DIR, 'bundles', name);
      mkdirSync(outdir, { recursive: true });
      const options = esbuildOptions(ENTRIES[name], outdir);
      const output = await esbuild.build(options);
      const file = options.outfile ?? '';
      const code = readFileSync(file);
      result[name] = {
        name,
        file,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        metafile: output.metafile ?? { inputs: {}, outputs: {} },
      };
    }
    await esbuild.stop();
    return result;
  })();
  return built;
}

/** `@scope/name` or `name` of the package an input path is in; project files are grouped by folder. */
export function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return `(project) ${input.split('/').slice(0, -1).join('/')}/`;
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** Bytes each package contributes to the minified output, largest first. */
export function bytesByPackage(metafile: Metafile): { package: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ package: name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Inputs that must not be shipped: zod locale files beyond one, and any tracer. */
export function forbiddenInputs(metafile: Metafile) {
  const inputs = Object.entries(metafile.outputs).flatMap(([, output]) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return {
    zodLocales: inputs.filter((input) => /node_modules\/zod\/.*\/locales\//.test(input)),
    tracer: inputs.filter((input) => /@aws-lambda-powertools\/tracer|aws-xray-sdk/.test(input)),
  };
}

export async function measureBundles(): Promise<MeasureResult> {
  const bundles = await buildBundles();
  const { receiver, subscription, 'example-consumer': consumer, 'bare-sdk': bare, empty } = bundles;
  const forbidden = forbiddenInputs(receiver.metafile);
  const localeFiles = forbidden.zodLocales.length;
  const fullLocaleTable =
    localeFiles > 1 || forbidden.zodLocales.some((input) => input.endsWith('/index.js'));
  const rows: Row[] = [
    compared(
      {
        id: 'M1',
        metric: 'receiver bundle, minified',
        ours: { value: receiver.bytes, unit: 'B' },
        against: { label: 'bare SDK', value: { value: bare.bytes, unit: 'B' } },
        target: '≤ 1.30×',
      },
      (ratio) => ratio <= 1.3,
    ),
    {
      id: 'M1',
      metric: 'receiver bundle, gzip -9',
      ours: { value: receiver.gzipBytes, unit: 'B' },
      against: { label: 'bare SDK', value: { value: bare.gzipBytes, unit: 'B' } },
      ratio: receiver.gzipBytes / bare.gzipBytes,
      target: 'report',
      status: 'info',
    },
    ...[
      ['subscription handler', subscription],
      ['example consumer', consumer],
    ].map(
      ([label, bundle]): Row => ({
        id: 'M1',
        metric: `${label as string} bundle, minified (gzip -9)`,
        ours: { value: (bundle as BuiltBundle).bytes, unit: 'B' },
        against: { label: 'gzip', value: { value: (bundle as BuiltBundle).gzipBytes, unit: 'B' } },
        target: 'report',
        status: 'info',
      }),
    ),
    {
      id: 'M1',
      metric: 'zod locale files in receiver',
      ours: { value: localeFiles, unit: 'count' },
      target: 'no full table',
      status: fullLocaleTable ? 'miss' : 'pass',
    },
    {
      id: 'M1',
      metric: 'tracer (Powertools/X-Ray) in receiver',
      ours: { value: forbidden.tracer.length, unit: 'count' },
      target: 'none',
      status: forbidden.tracer.length > 0 ? 'miss' : 'pass',
    },
  ];
  const describe = (bundle: BuiltBundle) => ({
    file: path.relative(PROJECT_ROOT, bundle.file),
    bytes: bundle.bytes,
    gzipBytes: bundle.gzipBytes,
    topPackages: bytesByPackage(bundle.metafile).slice(0, 10),
  });
  return {
    rows,
    details: {
      esbuildOptions: esbuildOptions(FUNCTION_ENTRIES.receiver, '<outdir>'),
      bundles: {
        receiver: describe(receiver),
        subscription: describe(subscription),
        'example-consumer': describe(consumer),
        'bare-sdk': describe(bare),
        empty: describe(empty),
      },
      forbidden,
    },
  };
}
