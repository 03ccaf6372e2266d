/**
 * How every Lambda handler is bundled: one minified ES module with the AWS SDK and every other package inside
 * (nothing external), the `module` entry of packages preferred, no source map, and a `require` shim for the
 * CommonJS code in the bundle. `npm run build` (build/build.ts), the test setup and the bundle-size benchmark
 * all build with these options.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionAssetName } from '../lib/constructs/function-defaults.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export const FUNCTION_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  external: [],
  banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** esbuild options for one handler: `entry` (relative to the project root) into `<outdir>/index.mjs`. */
export function functionBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    ...FUNCTION_BUNDLING,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    external: [...FUNCTION_BUNDLING.external],
    banner: { ...FUNCTION_BUNDLING.banner },
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.resolve(PROJECT_ROOT, entry)],
    outfile: path.join(outdir, 'index.mjs'),
  };
}

const DIST = path.join(PROJECT_ROOT, 'dist');

/** Bundles every Lambda handler into `dist/assets/<name>/index.mjs`, replacing what was there. */
export async function buildFunctionAssets(): Promise<void> {
  const names = Object.keys(FUNCTION_ENTRIES) as FunctionAssetName[];
  await Promise.all(
    names.map(async (name) => {
      const outdir = path.join(DIST, 'assets', name);
      rmSync(outdir, { recursive: true, force: true });
      await build(functionBuildOptions(FUNCTION_ENTRIES[name], outdir));
    }),
  );
}

/** Bundles the command-line tool whole (SDK and zod inside), so `npx argyle-subscriptions` needs no dependency. */
export async function buildCommandLine(): Promise<void> {
  await build({
    ...FUNCTION_BUNDLING,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    external: [],
    minify: false,
    target: 'node22',
    banner: { ...FUNCTION_BUNDLING.banner },
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ['bin/argyle-subscriptions.ts'],
    outfile: path.join(DIST, 'bin', 'argyle-subscriptions.js'),
  });
}
