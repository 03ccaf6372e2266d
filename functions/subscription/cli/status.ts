/**
 * `argyle-subscriptions status`: the configured subscriptions against every live one, through drift.ts. The
 * configured ones come from the stack's ownership records (`--state-table`: what each deploy recorded, the ids
 * the stack owns, a deploy in progress), or from options or `--desired <file>`. When deliveries were last
 * accepted comes from CloudWatch (`--function-name`) or `--last-accepted`. Exit 0 when nothing drifted, 1 when
 * something did or the list was too long to tell, 2 for wrong usage.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ArgyleListLimitError, MAX_LIST_LIMIT, type WebhookSubscription } from '../../argyle-api';
import type { DriftReport } from '../drift';
import type { DesiredSubscription } from '../properties';
import { CLI_NAME } from '../remedies';
import { readSigningSecretStages } from '../signing-secret-stages';
import { detectDriftWithAcceptance, inspectGroup } from '../watcher/inspect';
import { changesInProgress, DEPLOY_MARKER, groupRecords } from '../watcher/records';
import { clientFor, clientForTarget, secretsOf } from './client';
import { listOptions } from './list';
import { type CliIo, required, UsageError, type Values } from './options';
import { lastAcceptedSource, silentAfterOf, stateStoreOf } from './state';
import { formatStatusJson, formatStatusTable } from './status-format';
import { checkEventsAndConfig, readConfigOption, readConfigValue, splitEvents } from './subscription-options';

export async function status(
  values: Values,
  io: CliIo,
  now = new Date(io.now?.() ?? Date.now()),
): Promise<number> {
  for (const option of ['from-created-at', 'to-created-at', 'ordering'] as const) {
    if (values[option] !== undefined) {
      throw new UsageError(`status reads every subscription: --${option} does not apply`);
    }
  }
  const silentAfterMs = silentAfterOf(values);
  if (values['state-table'] !== undefined) return statusOfRecords(values, io, now, silentAfterMs);
  const webhookUrl = required(
    values.url,
    '--url',
    "where the stack receives deliveries, e.g. --url <the stack's WebhookUrl output>, or --state-table <table>",
    'status',
  );
  const secretId = required(
    values['signing-secret'],
    '--signing-secret',
    "the Secrets Manager secret whose value signs deliveries, e.g. the stack's SigningSecretArn output",
    'status',
  );
  const desired = desiredOf(values, webhookUrl);
  const lastAccepted = lastAcceptedSource(values, io, lastAcceptedOf(values['last-accepted'] ?? [], desired));
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
  const { report, error } = await detectDriftWithAcceptance(
    {
      desired,
      live,
      webhookUrl,
      signingSecrets,
      now,
      silentAfterMs,
      liveIncomplete: limitError !== undefined,
    },
    lastAccepted,
    silentAfterMs,
  );
  if (error !== undefined) throw error;
  io.stdout(values.json ? formatStatusJson(report) : formatStatusTable(report));
  if (limitError !== undefined) cannotTell(io, limitError);
  return report.drift || report.liveIncomplete ? 1 : 0;
}

/** `status --state-table <table>`: every ownership record, grouped by where its subscription lives. */
async function statusOfRecords(values: Values, io: CliIo, now: Date, silentAfterMs: number): Promise<number> {
  for (const option of ['desired', 'name', 'events', 'config', 'url', 'signing-secret'] as const) {
    if (values[option] !== undefined) {
      throw new UsageError(
        `--state-table reads the configured subscriptions, their URL and signing secret from the stack's ownership records: --${option} does not go with it`,
      );
    }
  }
  const table = values['state-table'] ?? '';
  const store = stateStoreOf(io, table);
  const { maxPages } = listOptions(values);
  const records = await store.list();
  if (records.length === 0) {
    io.stderr(
      `${CLI_NAME}: the state table ${table} holds no ownership record: the stack has not deployed a subscription with it yet\n`,
    );
    return 1;
  }
  const [marker, lease] = await Promise.all([
    store.getMarker(DEPLOY_MARKER, now.getTime()),
    store.readLease(),
  ]);
  const changing = changesInProgress(marker, lease, now.getTime());
  const given = lastAcceptedOf(
    values['last-accepted'] ?? [],
    records.map((record) => record.desired),
  );
  const lastAccepted = lastAcceptedSource(values, io, given);
  const reports: DriftReport[] = [];
  for (const group of groupRecords(records)) {
    const inspection = await inspectGroup(
      {
        secrets: secretsOf(io),
        argyle: (target) => clientForTarget(values, io, target),
        ...(lastAccepted === undefined ? {} : { lastAccepted }),
        now: () => now.getTime(),
      },
      group.records,
      { silentAfterMs, changesInProgress: changing !== undefined, ...(maxPages ? { maxPages } : {}) },
    );
    if (inspection.lastAcceptedError !== undefined) throw inspection.lastAcceptedError;
    if (inspection.listLimit !== undefined) cannotTell(io, inspection.listLimit);
    reports.push(inspection.report);
  }
  const report = merged(reports);
  io.stdout(values.json ? formatStatusJson(report) : formatStatusTable(report));
  if (changing !== undefined) {
    io.stderr(
      `${CLI_NAME}: a ${changing.by} is changing the subscriptions${Number.isFinite(changing.until) ? ` (until ${new Date(changing.until).toISOString()} at the latest)` : ''}: what differs is not drift yet\n`,
    );
  }
  return report.drift || report.liveIncomplete ? 1 : 0;
}

function merged(reports: readonly DriftReport[]): DriftReport {
  const [first] = reports;
  if (reports.length === 1 && first !== undefined) return first;
  return {
    subscriptions: reports.flatMap((report) => report.subscriptions),
    unmanaged: reports.flatMap((report) => report.unmanaged),
    drift: reports.some((report) => report.drift),
    liveIncomplete: reports.some((report) => report.liveIncomplete),
    rotationInProgress: reports.some((report) => report.rotationInProgress),
    deployInProgress: reports.some((report) => report.deployInProgress),
  };
}

function cannotTell(io: CliIo, limitError: ArgyleListLimitError): void {
  io.stderr(
    `${CLI_NAME}: cannot tell whether subscriptions are missing: more than ${limitError.maxPages} page${limitError.maxPages === 1 ? '' : 's'} of ${MAX_LIST_LIMIT} subscriptions; raise --max-pages\n`,
  );
}

const DesiredFileSchema = z.array(
  z.object({
    name: z.string().check(z.trim(), z.minLength(1)),
    events: z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1)),
    config: z.optional(z.unknown()),
    url: z.optional(z.string().check(z.trim(), z.minLength(1))),
  }),
);

/**
 * The configured subscriptions: one from `--name`/`--events`/`--config`, or a list from `--desired <file>`; their
 * events checked against the catalogue as `create` checks them (`--allow-unknown-events` lets unknown names by).
 */
function desiredOf(values: Values, webhookUrl: string): DesiredSubscription[] {
  if (values.desired !== undefined) {
    for (const option of ['name', 'events', 'config'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--desired and --${option} do not go together`);
    }
    return readDesiredFile(values.desired, webhookUrl, values);
  }
  const name = required(values.name, '--name', 'e.g. --name accounts, or --desired <file.json>', 'status');
  const events = splitEvents(
    required(values.events, '--events', 'e.g. --events accounts.connected,accounts.updated or *', 'status'),
  );
  const config = readConfigOption(values.config);
  checkEventsAndConfig(events, config, values);
  return [{ name, events, config, url: webhookUrl }];
}

function readDesiredFile(path: string, webhookUrl: string, values: Values): DesiredSubscription[] {
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
  return parsed.data.map((entry, index) => {
    const config =
      entry.config === undefined ? {} : readConfigValue(entry.config, `--desired entry ${index + 1} config`);
    try {
      checkEventsAndConfig(entry.events, config, values);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(
        `--desired entry ${index + 1} ("${entry.name}"): ${error.message.replace(/^--events: /gm, 'events: ')}`,
      );
    }
    return { name: entry.name, events: entry.events, config, url: entry.url ?? webhookUrl };
  });
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
