/** The `argyleWebhooks` configuration of the project's cdk.json, as `cdk synth` reads it. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type ArgyleWebhooksConfig, CONFIG_CONTEXT_KEY, parseConfig } from '../lib/config';
import { parseEnvironments } from '../lib/environments';

export const CDK_JSON = path.resolve(import.meta.dirname, '../cdk.json');

/**
 * The parsed configuration: `json` when given, else cdk.json's; with `environments`, the first one's (sandbox
 * when it is listed). Throws `ArgyleWebhooksConfigError` for an invalid one.
 */
export function readProjectConfig(json?: string, cdkJson = CDK_JSON): ArgyleWebhooksConfig {
  if (json !== undefined) return parseConfig(json);
  const file = JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> };
  const [first = parseConfig({})] = parseEnvironments(file.context?.[CONFIG_CONTEXT_KEY]);
  return first;
}
