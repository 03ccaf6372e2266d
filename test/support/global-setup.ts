/**
 * Once per test run, before any test file:
 * - bundle the Lambda handlers into dist/assets, as `npm run build` does, so the constructs under test (which
 *   load the pre-built assets) never synthesize a stale handler, in `vitest` watch mode too;
 * - point TMPDIR at one scratch folder for the run, and delete it afterwards: every CDK app a test creates
 *   without an outdir writes a `cdk.out*` folder under the temp dir, and those would otherwise pile up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildFunctionAssets } from '../../build/function-bundling';

export default async function setup(): Promise<() => void> {
  await buildFunctionAssets();
  const scratch = mkdtempSync(path.join(tmpdir(), 'argyle-webhooks-test-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
