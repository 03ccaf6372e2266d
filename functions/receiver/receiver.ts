/**
 * Assembles the receiver from its environment: configuration, AWS clients, the signing secret cache, logging,
 * metrics and the catalogue's schema check. The Lambda entry point, the local dev server and the benchmarks
 * all build it here, so they run the same thing; each may replace a dependency (a local SQS, keys in memory).
 */
import { checkEvent } from '../catalogue/check-event';
import { describeSchemaProblems } from '../catalogue/schema-problems';
import { SECRET_REFRESH_INTERVAL_MS } from '../shared/contract';
import { createSecretsManagerClient, createSqsClient } from './clients';
import { readConfig } from './config';
import { createHandler, type ReceiverDependencies, type ReceiverHandler } from './create-handler';
import { createLogger, createMetrics } from './observability';
import { SigningSecret } from './signing-secret';

/**
 * Least time between two reads of the secret forced by failed signature checks. Whatever makes Argyle sign with
 * a new value waits `SIGNING_SECRET_SETTLE_MS` (this plus one read) first, so no correctly signed delivery meets
 * a receiver that may not read the secret again yet.
 */
export const MIN_SECRET_REFRESH_INTERVAL_MS = SECRET_REFRESH_INTERVAL_MS;

export type ReceiverOverrides = Partial<Omit<ReceiverDependencies, 'config'>>;

export function createReceiver(env: NodeJS.ProcessEnv, overrides: ReceiverOverrides = {}): ReceiverHandler {
  const config = readConfig(env);
  return createHandler({
    config,
    secret:
      overrides.secret ??
      new SigningSecret({
        client: createSecretsManagerClient(),
        secretId: config.secretId,
        ttlMs: config.secretTtlMs,
        minRefreshIntervalMs: MIN_SECRET_REFRESH_INTERVAL_MS,
      }),
    sqs: overrides.sqs ?? createSqsClient(),
    logger: overrides.logger ?? createLogger(),
    metrics: overrides.metrics ?? createMetrics(),
    schema: overrides.schema ?? { check: checkEvent, describe: describeSchemaProblems },
    now: overrides.now,
  });
}
