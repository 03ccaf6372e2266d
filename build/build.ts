/**
 * `npm run build` builds what the npm package ships besides tsc's output:
 * - `dist/assets/<name>/index.mjs`: each Lambda handler, bundled. The constructs load these with
 *   `Code.fromAsset`, in this repository and in an installed package alike.
 * - `dist/bin/argyle-subscriptions.js`: the command-line tool, bundled whole so it runs from a bare install.
 *
 * `tsx build/build.ts assets` builds the handlers only (cdk.json runs it before every synth).
 */
import { buildCommandLine, buildFunctionAssets } from './function-bundling.js';

const only = process.argv[2];
if (only !== undefined && only !== 'assets') {
  console.error(
    `build: unknown argument "${only}"; run with no argument, or with "assets" for the handlers only`,
  );
  process.exit(2);
}
await buildFunctionAssets();
if (only === undefined) await buildCommandLine();
