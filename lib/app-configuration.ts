/**
 * What the deployable app (bin/app.ts) makes of its context: the stacks to synthesize, notes to print, and
 * warnings to attach to them.
 *
 * - `-c argyleWebhooks='{...}'` (which reaches the app as a string) is merged over cdk.json's block, objects key
 *   by key and lists replaced, instead of replacing it: a one-off change keeps the routes. It may not set
 *   `environment` or `stackName`: which stack serves which Argyle environment is cdk.json's to say, so that
 *   one command cannot turn the sandbox stack into a production one (`environments` does that side by side).
 * - A context key that looks like a misspelling of `argyleWebhooks` is read by nothing: a warning says so.
 */
import { closestName } from '../functions/shared/closest-name.js';
import {
  type ArgyleWebhooksConfig,
  ArgyleWebhooksConfigError,
  CONFIG_CONTEXT_KEY,
  parseConfig,
} from './config.js';
import { deepMerge, isPlainObject } from './deep-merge.js';
import { ENVIRONMENT_STACK_NAMES, parseEnvironments } from './environments.js';

export interface AppContext {
  /** The `argyleWebhooks` context value: cdk.json's object, or the string `-c` gave. */
  readonly value: unknown;
  /** The `argyleWebhooks` block of cdk.json, which a `-c` string is merged over. */
  readonly cdkJsonBlock: unknown;
  /** Every context key the app was given (cdk.json's, cdk.context.json's and `-c`'s). */
  readonly keys: readonly string[];
}

export interface AppConfiguration {
  /** One per stack to synthesize. */
  readonly configs: readonly ArgyleWebhooksConfig[];
  /** What the app did with the input, for stderr. */
  readonly notes: readonly string[];
  /** Mistakes that do not stop the synth, for the stacks' annotations. */
  readonly warnings: readonly string[];
}

/** Keys `-c` may not set, and why. */
const IDENTITY_KEYS = ['environment', 'stackName'] as const;

/**
 * @throws ArgyleWebhooksConfigError for an invalid configuration, or a `-c` value that sets what only
 * cdk.json may
 */
export function readAppConfiguration(context: AppContext): AppConfiguration {
  const notes: string[] = [];
  let value = context.value;
  if (typeof value === 'string') {
    const override = parseCommandLineJson(value);
    const refused = IDENTITY_KEYS.filter((key) => override[key] !== undefined);
    if (refused.length > 0) throw new ArgyleWebhooksConfigError(refused.map(identityProblem));
    value = deepMerge(context.cdkJsonBlock ?? {}, override);
    notes.push(
      `${CONFIG_CONTEXT_KEY}: -c ${CONFIG_CONTEXT_KEY} (${Object.keys(override).join(', ') || 'nothing'}) merged over cdk.json's block: objects key by key, lists replaced`,
    );
  }
  return { configs: parseEnvironments(value), notes, warnings: contextKeyWarnings(context) };
}

function parseCommandLineJson(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    parseConfig(text); // throws the not-JSON problem, with the reason and an example
  }
  if (!isPlainObject(json)) parseConfig(json); // throws: not an object
  return json as Record<string, unknown>;
}

function identityProblem(key: (typeof IDENTITY_KEYS)[number]): string {
  return (
    `${CONFIG_CONTEXT_KEY}.${key} (-c): not settable on the command line: which stack serves which Argyle ` +
    `environment is cdk.json's to say, so that no one command turns a deployed stack (such as ` +
    `"${ENVIRONMENT_STACK_NAMES.sandbox}") into another environment's or another stack; to deploy sandbox and ` +
    `production side by side, add "environments": {"sandbox": {}, "production": {}} to the ` +
    `${CONFIG_CONTEXT_KEY} block of cdk.json and deploy ${ENVIRONMENT_STACK_NAMES.production} (docs/deploy.md)`
  );
}

/** A warning for each context key that looks like a misspelling of `argyleWebhooks`. */
export function contextKeyWarnings(context: Pick<AppContext, 'keys'>): string[] {
  const present = context.keys.includes(CONFIG_CONTEXT_KEY);
  return context.keys
    .filter((key) => key !== CONFIG_CONTEXT_KEY)
    .filter(
      (key) =>
        closestName(key, [CONFIG_CONTEXT_KEY], { anyLength: true }) !== undefined ||
        key.toLowerCase().replace(/[^a-z]/g, '') === CONFIG_CONTEXT_KEY.toLowerCase(),
    )
    .map(
      (key) =>
        `context key "${key}" is read by nothing (did you mean "${CONFIG_CONTEXT_KEY}"?)${
          present ? '' : `, so every setting takes its default`
        }; rename it to "${CONFIG_CONTEXT_KEY}"`,
    );
}
