/**
 * What every Lambda function of the project shares: Node.js 24 on ARM64, 256 MB, JSON logs, and code from a
 * pre-built asset. The handlers are bundled ahead of time by `npm run build` (build/build.ts) into
 * `dist/assets/<name>/index.mjs` and ship inside the npm package, so an app that uses the constructs needs no
 * esbuild and none of our sources. This repository's `cdk synth` runs the same build first (cdk.json), so what
 * it deploys is what users get.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Architecture, Code, type FunctionProps, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';

/** The deployed functions: the asset name of each, and its source entry (relative to the package root). */
export const FUNCTION_ENTRIES = {
  receiver: 'functions/receiver/entry.ts',
  subscription: 'functions/subscription/handler.ts',
  'subscription-watcher': 'functions/subscription/watcher/handler.ts',
  rotation: 'functions/subscription/rotation/handler.ts',
  'example-consumer': 'functions/example-consumer/handler.ts',
  archiver: 'functions/archive/entry.ts',
} as const;

export type FunctionAssetName = keyof typeof FUNCTION_ENTRIES;

/** The folder that holds package.json, found from this file both as source (lib/) and as published JS (dist/lib/). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Where the pre-built handlers live: `<package root>/dist/assets`. */
export const FUNCTION_ASSETS_DIR = path.join(packageRoot(import.meta.dirname), 'dist', 'assets');

/** The folder holding `index.mjs` of one pre-built handler. */
export function functionAssetDir(name: FunctionAssetName): string {
  return path.join(FUNCTION_ASSETS_DIR, name);
}

/** The code of one pre-built handler; a clear error, not a broken deploy, when it was never built. */
export function functionCode(name: FunctionAssetName): Code {
  const dir = functionAssetDir(name);
  if (!existsSync(path.join(dir, 'index.mjs'))) {
    throw new Error(
      `The Lambda handler "${name}" is not built (${path.join(dir, 'index.mjs')} is missing). In a clone of argyle-webhooks-aws run \`npm run build\`; an installed package ships it, so reinstall the package.`,
    );
  }
  return Code.fromAsset(dir);
}

/** The props every function shares, for the pre-built handler `name` (its `index.mjs` exports `handler`). */
export function functionDefaults(name: FunctionAssetName) {
  return {
    code: functionCode(name),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 256,
    loggingFormat: LoggingFormat.JSON,
  } satisfies Partial<FunctionProps>;
}
