/**
 * Readable reasons why a delivery failed its schema check, for logs. Each line is a path and what was expected
 * there, plus the JSON kind that was found (`string`, `null`, `missing`, …). Payloads carry personal data, so no
 * value from the payload ever appears: lines are built from the schema's side of each zod issue, not from zod's
 * messages or the issue's `input`.
 */
import * as z from 'zod/mini';
import { dataSchemaFor } from './catalogue.js';
import type { EnvelopeToCheck } from './check-event.js';

/** At most this many lines are returned; one broken payload should not flood the log. */
export const MAX_SCHEMA_PROBLEMS = 10;

/** Path segments longer than this are cut: they come from the payload's keys. */
const MAX_SEGMENT_CHARS = 40;

/**
 * Why `envelope` fails its schema, as lines such as `data.account: expected string, found missing`. Empty when it
 * passes. Call it only after `checkEvent` returned `failed`: it is not on the hot path.
 */
export function describeSchemaProblems(envelope: EnvelopeToCheck): string[] {
  const schema = dataSchemaFor(envelope.event);
  if (schema === undefined) return ['event: not in the catalogue'];
  const lines: string[] = [];
  if (envelope.name !== undefined && typeof envelope.name !== 'string') {
    lines.push(`name: expected string, found ${kindOf(envelope.name)}`);
  }
  const result = z.safeParse(schema, envelope.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      lines.push(
        `${formatPath(['data', ...issue.path])}: ${describeIssue(issue, envelope.data, issue.path)}`,
      );
    }
  }
  return lines.slice(0, MAX_SCHEMA_PROBLEMS);
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, path: readonly PropertyKey[]): string {
  const found = `found ${kindOf(valueAt(root, path))}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, ${found}`;
    case 'invalid_union': {
      if (issue.errors.length === 0) return 'matches more than one accepted shape';
      const branches = issue.errors.map((branch) => describeBranch(branch, root, path));
      return `matches none of the accepted shapes (${branches.join(' | ')})`;
    }
    case 'invalid_format':
      return issue.pattern === undefined
        ? `expected format ${issue.format}`
        : `expected a string matching ${issue.pattern}`;
    case 'too_small':
      return `expected ${issue.origin === 'string' ? 'length' : 'value'} >= ${issue.minimum}`;
    case 'too_big':
      return `expected ${issue.origin === 'string' ? 'length' : 'value'} <= ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of the accepted values, ${found}`;
    default:
      return `failed check ${issue.code}`;
  }
}

/** One branch of a union, summarised by its first issue relative to the union's own path. */
function describeBranch(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  base: readonly PropertyKey[],
): string {
  const first = issues[0];
  if (first === undefined) return 'no issue';
  const where = first.path.length === 0 ? '' : `${formatPath(first.path)}: `;
  return where + describeIssue(first, root, [...base, ...first.path]);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const text = String(segment);
      const cut = text.length > MAX_SEGMENT_CHARS ? `${text.slice(0, MAX_SEGMENT_CHARS)}…` : text;
      out += out === '' ? cut : `.${cut}`;
    }
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** The JSON kind of a value: never the value itself. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
