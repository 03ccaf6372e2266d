/**
 * How an invalid configuration is reported: {@link ArgyleWebhooksConfigError}, one line per problem, each
 * naming its field as it is written in cdk.json (`argyleWebhooks.routes[1].events[0]`).
 */
import type * as z from 'zod';
import { KEY_SEPARATOR } from './config-zod.js';

/** The context key that holds the configuration. */
export const CONFIG_CONTEXT_KEY = 'argyleWebhooks';

/** Thrown for invalid configuration; the message has one line per problem, each naming its field. */
export class ArgyleWebhooksConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `invalid ${CONFIG_CONTEXT_KEY} configuration (cdk.json "context", or -c ${CONFIG_CONTEXT_KEY}=...):\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.name = 'ArgyleWebhooksConfigError';
    this.problems = problems;
  }
}

/** One line per problem: `<field>: <message>`, an object's unknown keys one line each. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  locate: (path: readonly PropertyKey[]) => readonly PropertyKey[],
): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.message.split('\n').map((line) => {
        const [key = '', message = line] = line.split(KEY_SEPARATOR);
        return `${formatPath(locate([...issue.path, key]))}: ${message}`;
      });
    }
    return [`${formatPath(locate(issue.path))}: ${issue.message}`];
  });
}

/** `argyleWebhooks.routes[1].events[0]`; keys that are not identifiers are quoted (`tags["cost center"]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, CONFIG_CONTEXT_KEY);
}
