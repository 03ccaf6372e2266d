/**
 * Command-line parsing shared by the dev commands: `node:util` parseArgs with its errors turned into a
 * {@link UsageError} that says what is wrong and what to write, and checks for numbers and ports.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Wrong command-line input. The message says what is wrong and what to write; the command prints its usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `parseArgs` in strict mode; an unknown option or a missing value is a {@link UsageError}. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(plainParseError(error.message, Object.keys(options)));
    }
    throw error;
  }
}

/** Node's messages, shorter, with a guess for a mistyped option. */
function plainParseError(message: string, names: readonly string[]): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const guess = closest(unknown.replace(/^-+/, ''), names);
    return `unknown option ${unknown}${guess === undefined ? '' : ` (did you mean --${guess}?)`}`;
  }
  const positional = /^Unexpected argument '([^']+)'/.exec(message)?.[1];
  if (positional !== undefined) return `unexpected argument "${positional}"`;
  const missing = /^Option '(\S+)(?: <value>)?' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return `${missing} needs a value`;
  return message;
}

/** A whole number from `min` to `max` given to `flag`. */
export function wholeNumber(value: string, flag: string, min: number, max: number, example: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(
      `${flag}: "${value}" is not a whole number from ${min} to ${max}; write e.g. ${flag} ${example}`,
    );
  }
  return number;
}

/** A TCP port (0 picks a free one). */
export function port(value: string, flag: string, example: number): number {
  return wholeNumber(value, flag, 0, 65_535, example);
}

/** The closest of `candidates` to `value` when it looks like a typo of it (at most 2 edits, fewer than half). */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(value, candidate);
    const likely = distance <= 2 && distance < value.length / 2;
    if (likely && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const previous = rows[i - 1] ?? [];
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    rows.push(current);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The two lines a command prints for wrong usage: what is wrong, and where the help is. The whole help would
 * push the one line that matters off the screen.
 */
export function usageErrorText(command: string, error: UsageError): string {
  return `${command}: ${error.message}\nSee ${command} -- --help.`;
}
