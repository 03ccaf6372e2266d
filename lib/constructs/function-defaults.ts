/**
 * What every Lambda function of the project shares: Node.js 24 on ARM64, bundled from the project's sources
 * with the local esbuild (one ES module, AWS SDK inside), JSON logs. The receiver, the subscription handler and
 * the example consumer differ only in entry, size, timeout, role and environment.
 */
import * as path from 'node:path';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * How every function is bundled, exported so a benchmark can build with exactly these options: one ES module
 * with the AWS SDK inside (nothing external), the `module` entry of packages preferred, minified, no source
 * map, and a `require` shim for the CommonJS code in the bundle. Always local esbuild, never Docker.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [],
  minify: true,
  sourceMap: false,
  target: 'node22',
  banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  forceDockerBundling: false,
} satisfies BundlingOptions;

/** The props every function shares, for the handler exported as `handler` by `entry`. */
export function functionDefaults(entry: string) {
  return {
    entry,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 256,
    bundling: FUNCTION_BUNDLING,
    loggingFormat: LoggingFormat.JSON,
  } satisfies NodejsFunctionProps;
}
