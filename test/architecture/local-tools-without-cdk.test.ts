/**
 * The local tools (npm run dev, simulate, tail, example-consumer) never load aws-cdk-lib or constructs: they read
 * cdk.json's configuration through lib/config.ts, whose defaults live in CDK-free lib/defaults.ts. Checked on
 * each tool's real import graph, as esbuild resolves it.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function cdkImports(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports
      .filter((i) => i.external && /^(aws-cdk-lib|constructs)(\/|$)/.test(i.path))
      .map((i) => `${file} imports ${i.path}`),
  );
}

describe('the local tools', () => {
  it.each(['bin/dev.ts', 'bin/simulate.ts', 'bin/tail.ts', 'bin/example-consumer.ts'])(
    '%s loads no aws-cdk-lib and no constructs',
    async (entry) => {
      expect(await cdkImports(entry)).toEqual([]);
    },
  );

  it('the CDK app does load aws-cdk-lib (the check sees CDK imports where there are some)', async () => {
    expect((await cdkImports('bin/app.ts')).length).toBeGreaterThan(0);
  });
});
