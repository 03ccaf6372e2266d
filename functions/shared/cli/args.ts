/**
 * Argument parsing for every command-line tool (the published `argyle-subscriptions`, and the local tools run
 * through npm scripts): `node:util` parseArgs in strict mode, its errors turned into a {@link UsageError}, and
 * checks for numbers and ports. See docs/development.md, "Command-line tools".
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestName } from '../closest-name';

/** Wrong command-line input: exit code 2. The message says what is wrong and what to write. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParseCommandLineOptions {
  /** Accept arguments that are not options (commands, ids, event names, a queue). */
  readonly allowPositionals: boolean;
  /**
   * Keep Node's own words for an unknown option, a missing value or an unexpected argument, as
   * `argyle-subscriptions` and `npm run bench` always printed them. Default: shorter words, with a guess for a
   * mistyped option (`unknown option --folow (did you mean --follow?)`).
   */
  readonly nodeMessages?: boolean;
}

/** `parseArgs` in strict mode; an unknown option, a missing value or an unexpected argument is a {@link UsageError}. */
export function parseCommandLine<T extends CommandLineOptions>(
  args: readonly string[],
  options: T,
  { allowPositionals, nodeMessages = false }: ParseCommandLineOptions,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(
        nodeMessages ? error.message : plainParseError(error.message, Object.keys(options)),
      );
    }
    throw error;
  }
}

/** Node's messages, shorter, with a guess for a mistyped option. */
function plainParseError(message: string, names: readonly string[]): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const guess = closestName(unknown.replace(/^-+/, ''), names, { caseSensitive: true });
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
