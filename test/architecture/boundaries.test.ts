/**
 * The boundary between the CDK side and the Lambda code, as `functions/shared/contract.ts` draws it: `lib/` and
 * `local/` import from `functions/` only the modules the contract names, and `functions/` never imports
 * `aws-cdk-lib`, `constructs` or `lib/`. Read from the sources, so a new import across the line fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RejectionReason as ReceiverRejectionReason } from '#functions/receiver/observability';
import { FUNCTIONS_MODULES_FOR_LIB, FUNCTIONS_MODULES_FOR_LOCAL } from '#functions/shared/boundaries';
import {
  CATCH_ALL_REASONS,
  type CatchAllReason,
  REJECTION_REASONS,
  type RejectionReason,
} from '#functions/shared/contract';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Import {
  /** Repository-relative path of the importing file. */
  readonly from: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** For a relative specifier, the module it names: repository-relative, without extension. */
  readonly module?: string;
  /** `import type` / `export type`: erased, loads nothing at run time. */
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sourceFiles(relative);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Block comments and whole-line comments out, so examples in docs are not read as imports. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function resolveModule(from: string, specifier: string): string {
  const target = path
    .relative(ROOT, path.resolve(ROOT, path.dirname(from), specifier))
    .replace(/\.(js|ts)$/, '');
  return existsSync(path.join(ROOT, target)) && statSync(path.join(ROOT, target)).isDirectory()
    ? `${target}/index`
    : target;
}

function importsOf(file: string): Import[] {
  const text = withoutComments(readFileSync(path.join(ROOT, file), 'utf8'));
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) =>
    found.push({
      from: file,
      specifier,
      typeOnly,
      ...(specifier.startsWith('.') ? { module: resolveModule(file, specifier) } : {}),
      // package.json "imports": `#functions/x` is `functions/x` (test/, bench/ and local/ only; see below).
      ...(/^#(?:functions|local)\//.test(specifier) ? { module: specifier.slice(1) } : {}),
    });
  for (const match of text.matchAll(/\b(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
    add(match[2] ?? '', match[1] !== undefined);
  }
  for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) add(match[1] ?? '', false);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(match[1] ?? '', false);
  return found;
}

const importsFrom = (dir: string) => sourceFiles(dir).flatMap(importsOf);
const show = (imports: readonly Import[]) => imports.map((i) => `${i.from} imports ${i.specifier}`);

describe('the boundary the contract draws', () => {
  it('reads the imports it checks', () => {
    // Guards the reader itself: a known import of each kind is found.
    const lib = importsOf('lib/constructs/argyle-webhook-ingest.ts');
    expect(lib).toContainEqual(
      expect.objectContaining({ module: 'functions/shared/contract', typeOnly: false }),
    );
    expect(importsOf('local/dev-server.ts')).toContainEqual(
      expect.objectContaining({ module: 'functions/receiver/pipeline', typeOnly: true }),
    );
    expect(importsOf('local/deployed-receiver.ts')).toContainEqual(
      expect.objectContaining({ module: 'functions/receiver/entry' }),
    );
  });

  it('lib/ imports from functions/ only the modules the contract allows it', () => {
    const allowed: readonly string[] = FUNCTIONS_MODULES_FOR_LIB;
    const crossing = importsFrom('lib').filter((i) => i.module?.startsWith('functions/'));
    expect(crossing.length).toBeGreaterThan(0);
    expect(show(crossing.filter((i) => !allowed.includes(i.module ?? '')))).toEqual([]);
  });

  it('the modules lib/ may import load nothing else at run time, so lib/ pulls in no Lambda code', () => {
    const allowed: readonly string[] = FUNCTIONS_MODULES_FOR_LIB;
    const loaded = FUNCTIONS_MODULES_FOR_LIB.flatMap((module) => importsOf(`${module}.ts`)).filter(
      (i) => !i.typeOnly && !allowed.includes(i.module ?? ''),
    );
    expect(show(loaded)).toEqual([]);
  });

  it('local/ imports from functions/ only the modules the contract allows it', () => {
    const allowed: readonly string[] = FUNCTIONS_MODULES_FOR_LOCAL;
    const crossing = importsFrom('local').filter((i) => i.module?.startsWith('functions/'));
    expect(show(crossing.filter((i) => !allowed.includes(i.module ?? '')))).toEqual([]);
  });

  it("local/'s list includes lib/'s", () => {
    expect(FUNCTIONS_MODULES_FOR_LOCAL).toEqual(expect.arrayContaining([...FUNCTIONS_MODULES_FOR_LIB]));
  });

  it('every module the contract names exists', () => {
    for (const module of FUNCTIONS_MODULES_FOR_LOCAL)
      expect(existsSync(path.join(ROOT, `${module}.ts`))).toBe(true);
  });

  it('functions/ imports neither aws-cdk-lib, constructs nor anything of lib/, local/ or bin/', () => {
    const forbidden = importsFrom('functions').filter(
      (i) =>
        /^(?:aws-cdk-lib(?:\/.*)?|constructs|cdk-nag)$/.test(i.specifier) ||
        (i.module !== undefined && !i.module.startsWith('functions/')),
    );
    expect(show(forbidden)).toEqual([]);
  });

  it('lib/ and functions/ use no package.json "imports" (#...): lib/ is published as JS, functions/ bundled', () => {
    const hash = [...importsFrom('lib'), ...importsFrom('functions')].filter((i) =>
      i.specifier.startsWith('#'),
    );
    expect(show(hash)).toEqual([]);
  });

  it('local/ reads no construct module (the dev mode needs no aws-cdk-lib)', () => {
    const constructs = importsFrom('local').filter((i) => i.module?.startsWith('lib/constructs/'));
    expect(show(constructs)).toEqual([]);
  });
});

describe('one list of reasons, in the contract', () => {
  it("holds the receiver's rejection reasons, which the dashboard graphs", () => {
    // functions/receiver/observability.ts re-exports the contract's type; this keeps it so.
    expectTypeOf<ReceiverRejectionReason>().toEqualTypeOf<RejectionReason>();
    expect(REJECTION_REASONS).toEqual(['signature', 'size', 'method', 'empty']);
  });

  it('holds the catch-all reasons', () => {
    expectTypeOf<CatchAllReason>().toEqualTypeOf<'unmatched' | 'invalid-json' | 'invalid-envelope'>();
    expect(CATCH_ALL_REASONS).toEqual(['unmatched', 'invalid-json', 'invalid-envelope']);
  });
});
