/**
 * The options that describe a subscription, read the same way by `create` and `status`: `--events` as a list
 * (with the catalogue's checks), `--config` as JSON Argyle takes.
 */
import { checkSubscriptionRules, type WebhookConfig, WebhookConfigSchema } from '../../argyle-api';
import {
  subscriptionEventGrammarProblem,
  unknownSubscriptionEventProblem,
} from '../../catalogue/known-events';
import { UsageError, type Values } from './options';

/** `--events a,b` as a list: trimmed, empty names dropped. */
export function splitEvents(text: string): string[] {
  return text
    .split(',')
    .map((event) => event.trim())
    .filter((event) => event !== '');
}

/**
 * Refuses event names that are no event names, names the catalogue does not know (unless
 * `--allow-unknown-events`), and events or config that break Argyle's rules.
 */
export function checkEventsAndConfig(events: readonly string[], config: WebhookConfig, values: Values): void {
  const nameProblems = events.flatMap((event) => {
    const problem =
      subscriptionEventGrammarProblem(event) ??
      (values['allow-unknown-events']
        ? undefined
        : unknownSubscriptionEventProblem(event, 'pass --allow-unknown-events'));
    return problem === undefined ? [] : [`--events: ${problem}`];
  });
  if (nameProblems.length > 0) throw new UsageError(nameProblems.join('\n'));
  const problems = checkSubscriptionRules({ events, config });
  if (problems.length > 0) throw new UsageError(problems.map((problem) => problem.message).join('; '));
}

/** `--config` (JSON text) as a config; `{}` when absent. `option` names it in errors. */
export function readConfigOption(text: string | undefined, option = '--config'): WebhookConfig {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${option} is not JSON: write e.g. --config '{"include_resource":true}'`);
  }
  return readConfigValue(json, option);
}

/** A parsed JSON value as a config; `option` names it in errors. */
export function readConfigValue(json: unknown, option: string): WebhookConfig {
  const parsed = WebhookConfigSchema.safeParse(json);
  if (!parsed.success || typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(
      `${option} must be an object with include_resource (true/false), days_synced (a number) or items (a list of Item ids)`,
    );
  }
  const unknown = Object.keys(json).filter((key) => !(key in parsed.data));
  if (unknown.length > 0) {
    throw new UsageError(
      `${option} has unknown option ${unknown.join(', ')}; use include_resource, days_synced or items`,
    );
  }
  return parsed.data;
}
