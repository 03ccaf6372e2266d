/**
 * The zod layer under the configuration schema (`config-schema.ts`): schemas for strings, booleans, numbers,
 * lists and objects whose messages say what was given and what to write, and {@link refineWith}, which turns a
 * problem function of `validation.ts` into a zod check, so the configuration and the constructs share words.
 */
import * as z from 'zod';
import { closestName } from '../functions/shared/closest-name.js';
import { integerRangeProblem, show } from './validation.js';

/** Separates an unknown key from its message inside one zod issue; see {@link strictObject}. */
export const KEY_SEPARATOR = '\u001f';

export type Problem<T> = (value: T) => string | undefined;

/** Message for a value of the wrong type: `<value> is not <kind>; write <fix>`, or `missing; write <fix>`. */
export const wrongType =
  (kind: string, fix: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? `missing; write ${fix}` : `${show(iss.input)} is not ${kind}; write ${fix}`;

/** A zod refinement that reports `problem`'s message, if any. */
export function refineWith<T>(problem: Problem<T>) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
  };
}

export const text = (fix: string) => z.string({ error: wrongType('a string', fix) });

export const flag = () => z.boolean({ error: wrongType('a boolean', 'true or false') });

/** A number checked by `problem`; `fix` says what to write when it is not a number at all. */
export const checkedNumber = (fix: string, problem: Problem<number>) =>
  z.number({ error: wrongType('a number', fix) }).superRefine(refineWith(problem));

export const wholeNumber = (min: number, max: number, unit: string) =>
  checkedNumber(`a whole number of ${unit} from ${min} to ${max}`, (value: number) =>
    integerRangeProblem(value, min, max, unit),
  );

export const list = <T extends z.ZodType>(element: T, example: string) =>
  z.array(element, { error: wrongType('a list', example) });

export const nonEmpty = (example: string) => (value: readonly unknown[]) =>
  value.length > 0 ? undefined : `[] is empty; write at least one, e.g. ${example}`;

/**
 * `z.strictObject` whose unknown-key message lists the allowed keys (and the closest one, for typos). An object
 * with several unknown keys yields one issue; its message carries one `key<KEY_SEPARATOR>text` line per key,
 * which `formatIssues` (config-errors.ts) turns into one problem line each.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, example: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        return iss.keys
          .map((key) => {
            const guess = closestName(key, allowed, { anyLength: true });
            const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
            return `${key}${KEY_SEPARATOR}unknown key${hint}; allowed keys here are ${allowed.join(', ')}`;
          })
          .join('\n');
      }
      return wrongType('an object', example)(iss);
    },
  });
}
