/**
 * Command-line parsing shared by the dev commands: `node:util` parseArgs with its errors turned into a
 * {@link UsageError} that says what is wrong and what to write, and checks for numbers and ports.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestName } from '../../functions/shared/closest-name';

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

/**
 * The two lines a command prints for wrong usage: what is wrong, and where the help is. The whole help would
 * push the one line that matters off the screen.
 */
export function usageErrorText(command: string, error: UsageError): string {
  return `${command}: ${error.message}\nSee ${command} -- --help.`;
}
