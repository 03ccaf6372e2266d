/**
 * `argyle-subscriptions repair --state-table <table>`: one run of the watcher's repair now, whatever
 * `subscriptionWatch.repair` says: under the lease, a missing, changed or wrongly signed subscription is
 * restored (an identical live one adopted first), the records updated, and only subscriptions the stack owns are
 * ever deleted. Exit 0 when everything is as configured afterwards, 1 when a repair failed or was skipped (the
 * lease was busy, a deploy is in progress, the list was too long to tell), 2 for wrong usage.
 */
import { renderJson } from '../../shared/cli/output';
import type { SubscriptionLog } from '../log';
import { CLI_NAME } from '../remedies';
import { NO_METRICS } from '../watcher/metrics';
import { runWatcher, type WatchRun } from '../watcher/run';
import { clientForTarget, secretsOf } from './client';
import { listOptions } from './list';
import { type CliIo, required, UsageError, type Values } from './options';
import { silentAfterOf, stateStoreOf } from './state';
import { formatStatusJson, formatStatusTable } from './status-format';

export async function repair(values: Values, io: CliIo): Promise<number> {
  for (const option of [
    'desired',
    'name',
    'events',
    'config',
    'url',
    'signing-secret',
    'last-accepted',
  ] as const) {
    if (values[option] !== undefined) {
      throw new UsageError(
        `repair restores what the stack's ownership records say: --${option} does not apply`,
      );
    }
  }
  const table = required(
    values['state-table'],
    '--state-table',
    "the stack's state table, where deploys record the subscriptions they own",
    'repair',
  );
  const store = stateStoreOf(io, table);
  const silentAfterMs = silentAfterOf(values);
  const { maxPages } = listOptions(values);
  const run = await runWatcher(
    {
      store,
      secrets: secretsOf(io),
      argyle: (target) => clientForTarget(values, io, target),
      metrics: NO_METRICS,
      log: cliLog(io),
      now: io.now ?? Date.now,
      ...(io.sleep === undefined ? {} : { sleep: io.sleep }),
    },
    { repair: true, silentAfterMs, ...(maxPages ? { maxPages } : {}) },
  );
  io.stdout(values.json ? formatRepairJson(run) : formatRepair(run));
  const skipped = run.groups.some((group) => group.repairSkipped !== undefined);
  return run.errors.length > 0 || skipped ? 1 : 0;
}

/** What the run found (the status table) and what it did, one line per action. */
function formatRepair(run: WatchRun): string {
  if (run.records === 0) return 'no ownership records: nothing to repair\n';
  const parts: string[] = [];
  for (const group of run.groups) {
    parts.push(formatStatusTable(group.inspection.report));
    const lines = group.repairs.flatMap((result) => [
      ...(result.keptId !== undefined && result.outcomes.some((o) => o === 'created' || o === 'adopted')
        ? [
            `${result.name}: ${result.outcomes.includes('created') ? 'created' : 'adopted'} ${result.keptId}, now recorded as the stack's`,
          ]
        : []),
      ...result.deleted.map((id) => `${result.name}: deleted ${id}, the stack's own wrong subscription`),
      ...(result.outcomes.includes('recorded')
        ? [`${result.name}: record updated (ids Argyle no longer lists dropped)`]
        : []),
      ...(result.outcomes.includes('skipped')
        ? [`${result.name}: the record changed meanwhile (a deploy?); run repair again`]
        : []),
      ...(result.error === undefined ? [] : [`${result.name}: failed: ${result.error.message}`]),
    ]);
    if (group.repairSkipped !== undefined) lines.push(`not repaired: ${group.repairSkipped}`);
    else if (lines.length === 0) lines.push('nothing to repair');
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts.join('\n');
}

function formatRepairJson(run: WatchRun): string {
  return renderJson({
    records: run.records,
    groups: run.groups.map((group) => ({
      status: JSON.parse(formatStatusJson(group.inspection.report)),
      repairs: group.repairs.map((result) => ({
        name: result.name,
        outcomes: result.outcomes,
        keptId: result.keptId ?? null,
        deleted: result.deleted,
        error: result.error?.message ?? null,
      })),
      repairSkipped: group.repairSkipped ?? null,
    })),
    errors: run.errors.map((error) => error.message),
  });
}

/** The watcher's log at a command line: warnings, errors and what repair does, on stderr; never a secret. */
function cliLog(io: CliIo): SubscriptionLog {
  const line = (message: string, fields: Readonly<Record<string, unknown>>) => {
    const named = ['subscription', 'subscriptionId', 'kind', 'detail', 'message', 'waitMs']
      .filter((key) => fields[key] !== undefined)
      .map((key) => `${key}=${typeof fields[key] === 'string' ? fields[key] : JSON.stringify(fields[key])}`);
    io.stderr(`${CLI_NAME}: ${message}${named.length > 0 ? ` (${named.join(', ')})` : ''}\n`);
  };
  return {
    info: (message, fields = {}) => {
      if (/^(repair|waiting|creating|created|adopting|not repaired)/.test(message)) line(message, fields);
    },
    warn: (message, fields = {}) => {
      if (message !== 'subscription drift') line(message, fields);
    },
    error: (message, fields = {}) => line(message, fields),
  };
}
