/**
 * Sandbox and production side by side: the `environments` key of the `argyleWebhooks` block makes one stack per
 * Argyle environment, from one checkout.
 *
 * ```json
 * "argyleWebhooks": {
 *   "routes": [{ "name": "accounts", "events": ["accounts.*"] }],
 *   "environments": {
 *     "sandbox": {},
 *     "production": { "alarms": { "email": "payroll-oncall@example.com" } }
 *   }
 * }
 * ```
 *
 * Every other key of the block is shared; each environment's object is merged over it (objects key by key,
 * lists replaced whole) and parsed as one configuration with `environment` set to its key. Stack names: the
 * sandbox stack keeps `ArgyleWebhooks` (so a stack deployed before `environments` existed keeps its name and
 * its subscriptions), production's is `ArgyleWebhooksProduction`; each environment may set its own `stackName`.
 * Each stack has its own signing secret, credentials secret (`argyle-webhooks/<environment>/api-credentials`),
 * subscriptions and outputs. Without `environments`, the block is one stack, as it always was.
 */
import { closestName } from '../functions/shared/closest-name.js';
import {
  ARGYLE_ENVIRONMENTS,
  type ArgyleEnvironment,
  type ArgyleWebhooksConfig,
  ArgyleWebhooksConfigError,
  DEFAULT_STACK_NAME,
  formatPath,
  parseConfig,
} from './config.js';
import { deepMerge, isPlainObject } from './deep-merge.js';
import { show } from './validation.js';

/** The stack each environment deploys unless it sets `stackName`. */
export const ENVIRONMENT_STACK_NAMES: Readonly<Record<ArgyleEnvironment, string>> = {
  sandbox: DEFAULT_STACK_NAME,
  production: `${DEFAULT_STACK_NAME}Production`,
};

const EXAMPLE = '{"sandbox": {}, "production": {}}';

/**
 * The configuration of every stack the block describes: one without `environments`, else one per listed
 * environment, sandbox first. A string is read as JSON first, as {@link parseConfig} does.
 *
 * @throws ArgyleWebhooksConfigError listing every problem of every environment, one per line
 */
export function parseEnvironments(raw: unknown): ArgyleWebhooksConfig[] {
  const value = typeof raw === 'string' ? readJson(raw) : raw;
  if (!isPlainObject(value) || value.environments === undefined) return [parseConfig(value)];
  const { environments, ...shared } = value;
  const at = (...path: PropertyKey[]) => formatPath(['environments', ...path]);
  const problems: string[] = [];
  if (!isPlainObject(environments) || Object.keys(environments).length === 0) {
    throw new ArgyleWebhooksConfigError([
      `${at()}: ${show(environments)} is not a map of environments; write e.g. ${EXAMPLE}, or leave "environments" out for one stack`,
    ]);
  }
  for (const key of ['environment', 'stackName'] as const) {
    if (shared[key] === undefined) continue;
    problems.push(
      `${formatPath([key])}: ${show(shared[key])} is set beside "environments", where ${
        key === 'environment'
          ? 'each environment is named by its key'
          : 'every environment deploys its own stack'
      }; leave it out${key === 'stackName' ? ', or set "stackName" inside an environment' : ''}`,
    );
  }
  const configs: ArgyleWebhooksConfig[] = [];
  for (const name of Object.keys(environments)) {
    if (!(ARGYLE_ENVIRONMENTS as readonly string[]).includes(name)) {
      const guess = closestName(name, ARGYLE_ENVIRONMENTS, { anyLength: true });
      const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
      problems.push(
        `${at(name)}: unknown environment${hint}; the environments are ${ARGYLE_ENVIRONMENTS.join(', ')}`,
      );
    }
  }
  for (const environment of ARGYLE_ENVIRONMENTS) {
    const block = environments[environment];
    if (block === undefined) continue;
    if (!isPlainObject(block)) {
      problems.push(
        `${at(environment)}: ${show(block)} is not an object; write {} to take the shared settings`,
      );
      continue;
    }
    for (const key of ['environment', 'environments'] as const) {
      if (block[key] !== undefined) {
        problems.push(`${at(environment, key)}: not allowed inside an environment; leave it out`);
      }
    }
    const merged = {
      ...(deepMerge(shared, block) as Record<string, unknown>),
      environment,
      stackName: block.stackName ?? ENVIRONMENT_STACK_NAMES[environment],
      environments: undefined,
    };
    try {
      configs.push(parseConfig(merged, { locate: (path) => locate(path, environment, block) }));
    } catch (error) {
      if (!(error instanceof ArgyleWebhooksConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  const byStackName = new Map<string, ArgyleEnvironment>();
  for (const config of configs) {
    const other = byStackName.get(config.stackName);
    if (other !== undefined) {
      problems.push(
        `${at(config.environment, 'stackName')}: ${show(config.stackName)} is also the stack of ${other}; give every environment its own stack name`,
      );
    }
    byStackName.set(config.stackName, config.environment);
  }
  if (problems.length > 0) throw new ArgyleWebhooksConfigError([...new Set(problems)]);
  return configs;
}

function readJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // parseConfig reports it, with the reason
  }
}

/**
 * A field the environment sets (or a list it replaces) is reported inside `environments.<name>`; a field from
 * the shared settings where it is.
 */
function locate(
  path: readonly PropertyKey[],
  environment: ArgyleEnvironment,
  block: Record<string, unknown>,
): readonly PropertyKey[] {
  let current: unknown = block;
  for (const key of path) {
    if (Array.isArray(current)) break;
    if (!isPlainObject(current) || !(String(key) in current)) return path;
    current = current[String(key)];
  }
  return ['environments', environment, ...path];
}
