/**
 * Lambda entry point of the subscription watcher, run on a schedule: one {@link runWatcher} with the clients
 * made once per environment. A check or repair that failed makes the invocation fail (the errors alarm), after
 * everything else was checked and reported.
 */
import { WATCHER_SERVICE_NAME } from '../../shared/contract';
import { argyleClientFor, CALL_BUDGET_MS } from '../create-handler';
import { createLog } from '../log';
import type { ApiTarget } from '../properties';
import { createSecretsManagerClient, readCredentials } from '../secrets';
import { createMetricsReader, readLastAccepted } from './last-accepted';
import { createWatcherMetrics } from './metrics';
import { runWatcher } from './run';
import { watcherEnvironment } from './settings';
import { stateStoreFromEnvironment } from './state-store';

/** Time kept free at the end of an invocation to report. */
const REPORT_RESERVE_MS = 10_000;

const settings = watcherEnvironment();
const secrets = createSecretsManagerClient();
const cloudwatch = settings.receiver === undefined ? undefined : createMetricsReader();
const log = createLog(WATCHER_SERVICE_NAME);
const metrics = createWatcherMetrics();
const store = stateStoreFromEnvironment();

export async function handler(
  _event: unknown,
  context?: { getRemainingTimeInMillis(): number },
): Promise<{ readonly records: number; readonly repairs: number }> {
  const deadline = Date.now() + (context?.getRemainingTimeInMillis() ?? 300_000) - REPORT_RESERVE_MS;
  const receiver = settings.receiver;
  const run = await runWatcher(
    {
      store,
      secrets,
      argyle: async (target: ApiTarget) => {
        const credentials = await readCredentials(
          secrets,
          target.credentialsSecretName,
          target.environment,
          process.env.AWS_REGION,
          'then the next run reads it',
        );
        return argyleClientFor(target, credentials, CALL_BUDGET_MS);
      },
      ...(cloudwatch === undefined || receiver === undefined
        ? {}
        : { lastAccepted: (request) => readLastAccepted(cloudwatch, receiver, request) }),
      metrics,
      log,
      now: Date.now,
    },
    { repair: settings.repair, silentAfterMs: settings.silentAfterMs, deadline },
  );
  if (run.errors.length > 0) {
    throw new AggregateError(
      run.errors,
      `the watcher could not finish: ${run.errors.map((error) => error.message).join('; ')}`,
    );
  }
  return { records: run.records, repairs: run.groups.reduce((n, group) => n + group.repairs.length, 0) };
}
