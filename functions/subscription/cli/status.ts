/**
 * `argyle-subscriptions status`: the configured subscriptions (from options or `--desired <file>`) against
 * every live one, through drift.ts. Exit 0 when nothing drifted, 1 when something did or the list was too long
 * to tell, 2 for wrong usage.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ArgyleListLimitError, MAX_LIST_LIMIT, type WebhookSubscription } from '../../argyle-api';
import { DEFAULT_SILENT_AFTER_MS, detectDrift } from '../drift';
import type { DesiredSubscription } from '../properties';
import { CLI_NAME } from '../remedies';
import { readSigningSecretStages } from '../signing-secret-stages';
import { clientFor, secretsOf } from './client';
import { listOptions } from './list';
import { type CliIo, required, UsageError, type Values } from './options';
import { formatStatusJson, formatStatusTable } from './status-format';
import { readConfigOption, readConfigValue, splitEvents } from './subscription-options';

export async function status(values: Values, io: CliIo, now = new Date()): Promise<number> {
  for (const option of ['from-created-at', 'to-created-at', 'ordering'] as const) {
    if (values[option] !== undefined) {
      throw new UsageError(`status reads every subscription: --${option} does not apply`);
    }
  }
  const webhookUrl = required(
    values.url,
    '--url',
    "where the stack receives deliveries, e.g. --url <the stack's WebhookUrl output>",
    'status',
  );
  const secretId = required(
    values['signing-secret'],
    '--signing-secret',
    "the Secrets Manager secret whose value signs deliveries, e.g. the stack's SigningSecretArn output",
    'status',
  );
  const desired = desiredOf(values, webhookUrl);
  const lastAcceptedAt = lastAcceptedOf(values['last-accepted'] ?? [], desired);
  const options = listOptions(values);
  const client = await clientFor(values, io);
  const signingSecrets = await readSigningSecretStages(secretsOf(io), secretId);
  const live: WebhookSubscription[] = [];
  let limitError: ArgyleListLimitError | undefined;
  try {
    for await (const page of client.pages(options)) live.push(...page.results);
  } catch (error) {
    if (!(error instanceof ArgyleListLimitError)) throw error;
    limitError = error;
  }
  const report = detectDrift({
    desired,
    live,
    webhookUrl,
    signingSecrets,
    now,
    silentAfterMs: DEFAULT_SILENT_AFTER_MS,
    ...(lastAcceptedAt.size > 0 ? { lastAcceptedAt } : {}),
    liveIncomplete: limitError !== undefined,
  });
  io.stdout(values.json ? formatStatusJson(report) : formatStatusTable(report));
  if (limitError !== undefined) {
    io.stderr(
      `${CLI_NAME}: cannot tell whether subscriptions are missing: more than ${limitError.maxPages} page${limitError.maxPages === 1 ? '' : 's'} of ${MAX_LIST_LIMIT} subscriptions; raise --max-pages\n`,
    );
  }
  return report.drift || report.liveIncomplete ? 1 : 0;
}

const DesiredFileSchema = z.array(
  z.object({
    name: z.string().check(z.trim(), z.minLength(1)),
    events: z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1)),
    config: z.optional(z.unknown()),
    url: z.optional(z.string().check(z.trim(), z.minLength(1))),
  }),
);

/** The configured subscriptions: one from `--name`/`--events`/`--config`, or a list from `--desired <file>`. */
function desiredOf(values: Values, webhookUrl: string): DesiredSubscription[] {
  if (values.desired !== undefined) {
    for (const option of ['name', 'events', 'config'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--desired and --${option} do not go together`);
    }
    return readDesiredFile(values.desired, webhookUrl);
  }
  const name = required(values.name, '--name', 'e.g. --name accounts, or --desired <file.json>', 'status');
  const events = splitEvents(
    required(values.events, '--events', 'e.g. --events accounts.connected,accounts.updated or *', 'status'),
  );
  return [{ name, events, config: readConfigOption(values.config), url: webhookUrl }];
}

function readDesiredFile(path: string, webhookUrl: string): DesiredSubscription[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not JSON' : 'cannot be read';
    throw new UsageError(`--desired ${path} ${reason}: ${error instanceof Error ? error.message : error}`);
  }
  const parsed = DesiredFileSchema.safeParse(json);
  if (!parsed.success || parsed.data.length === 0) {
    throw new UsageError(
      `--desired ${path} must be a JSON list of subscriptions, e.g. [{"name":"accounts","events":["accounts.connected"],"config":{"include_resource":true}}] (url defaults to --url)`,
    );
  }
  const names = parsed.data.map((entry) => entry.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new UsageError(`--desired ${path} names "${repeated[0]}" twice`);
  return parsed.data.map((entry, index) => ({
    name: entry.name,
    events: entry.events,
    config:
      entry.config === undefined ? {} : readConfigValue(entry.config, `--desired entry ${index + 1} config`),
    url: entry.url ?? webhookUrl,
  }));
}

/** `--last-accepted name=ISO` (repeatable): when the receiver last accepted a delivery of that subscription. */
function lastAcceptedOf(
  texts: readonly string[],
  desired: readonly DesiredSubscription[],
): Map<string, Date | null> {
  const map = new Map<string, Date | null>();
  for (const text of texts) {
    const at = text.lastIndexOf('=');
    const name = text.slice(0, at).trim();
    const when = text.slice(at + 1).trim();
    if (at < 1 || name === '' || when === '') {
      throw new UsageError(
        `--last-accepted must be name=date-time or name=never, got ${JSON.stringify(text)}`,
      );
    }
    if (!desired.some((d) => d.name === name)) {
      throw new UsageError(`--last-accepted names "${name}", which is not a configured subscription`);
    }
    const date = when === 'never' ? null : new Date(when);
    if (date !== null && Number.isNaN(date.getTime())) {
      throw new UsageError(
        `--last-accepted ${name}= must be an ISO 8601 date-time (e.g. 2026-01-31T12:00:00Z) or never, got ${JSON.stringify(when)}`,
      );
    }
    map.set(name, date);
  }
  return map;
}
