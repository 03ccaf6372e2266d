/**
 * docs/configuration.md against the zod schema that `cdk synth` parses: every key the schema accepts is
 * documented, and no documented key is one the schema lacks, so the two cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../../lib/config';

const DOC = path.resolve(import.meta.dirname, '../../docs/configuration.md');

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every key path the schema accepts: `routes`, `routes[].name`, `argyleApi.version`, … */
function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => {
        const own = prefix === '' ? key : `${prefix}.${key}`;
        return [own, ...schemaPaths(child, own)];
      });
    case 'array':
      return def.element ? schemaPaths(def.element, `${prefix}[]`) : [];
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return def.innerType ? schemaPaths(def.innerType, prefix) : [];
    case 'pipe':
      return def.in ? schemaPaths(def.in, prefix) : [];
    default:
      return [];
  }
}

/** The reference table's rows: the key in the first column, and the whole row. */
function documentedRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (match?.[1]) rows.set(match[1], line);
  }
  return rows;
}

describe('the configuration reference (docs/configuration.md)', () => {
  const keys = schemaPaths(configSchema);
  const rows = documentedRows();

  it('reads some keys from the schema and some rows from the doc', () => {
    expect(keys).toContain('routes[].events');
    expect(rows.size).toBeGreaterThan(20);
  });

  it('documents every key the configuration accepts, in its own row or in its parent’s', () => {
    const undocumented = keys.filter((key) => {
      if (rows.has(key)) return false;
      // An object whose keys have rows of their own, e.g. `alarms` through `alarms.email`.
      if ([...rows.keys()].some((row) => row.startsWith(`${key}.`) || row.startsWith(`${key}[].`)))
        return false;
      // A parent row may cover its children by naming them, e.g. `catchAll`: "`maxReceiveCount`, …".
      const parent = key.replace(/(\[\])?\.[^.]+$/, '');
      const leaf = key.slice(key.lastIndexOf('.') + 1);
      return !(parent !== key && rows.get(parent)?.includes(`\`${leaf}\``));
    });

    expect(undocumented).toEqual([]);
  });

  it('documents no key the configuration lacks', () => {
    const known = new Set(keys);

    expect([...rows.keys()].filter((key) => !known.has(key))).toEqual([]);
  });
});
