/**
 * Assembles the receiver from its environment: configuration, AWS clients, the signing secret cache, logging,
 * metrics and the catalogue's schema check. The Lambda entry point, the local dev server and the benchmarks
 * all build it here, so they run the same thing; each may replace a dependency (a local SQS, keys in memory).
 */
import { checkEvent } from '../catalogue/check-event';
import { describeSchemaProblems } from '../catalogue/schema-problems';
import { SECRET_REFRESH_INTERVAL_MS } from '../shared/contract';
import { createSecretsManagerClient, createSqsClient } from './clients';
import { type ReceiverConfig, readConfig } from './config';
import { createLogger, createMetrics } from './observability';
import { createHandler, type ReceiverDependencies, type ReceiverHandler } from './pipeline';
import { SigningSecret } from './signing-secret';

/**
 * Least time between two reads of the secret forced by failed signature checks. Whatever makes Argyle sign with
 * a new value waits `SIGNING_SECRET_SETTLE_MS` (this plus one read) first, so no correctly signed delivery meets
 * a receiver that may not read the secret again yet.
 */
export const MIN_SECRET_REFRESH_INTERVAL_MS = SECRET_REFRESH_INTERVAL_MS;

export type ReceiverOverrides = Partial<Omit<ReceiverDependencies, 'config'>>;

export interface ReceiverOptions {
  /**
   * Start reading the signing secret (its current version, all a correctly signed delivery needs) now, during
   * init, rather than on the first delivery: the read (a TLS connection and a call, the longest wait of a cold
   * start) then overlaps the rest of the cold start, and with a pre-initialized or provisioned environment it is
   * off the request path. A failed read is dropped: the first delivery reads again, and answers 503 only if that
   * fails too.
   */
  readonly readSecretAtInit?: boolean;
}

function signingSecret(config: ReceiverConfig): SigningSecret {
  return new SigningSecret({
    client: createSecretsManagerClient(),
    secretId: config.secretId,
    ttlMs: config.secretTtlMs,
    minRefreshIntervalMs: MIN_SECRET_REFRESH_INTERVAL_MS,
  });
}

export function createReceiver(
  env: NodeJS.ProcessEnv,
  overrides: ReceiverOverrides = {},
  options: ReceiverOptions = {},
): ReceiverHandler {
  const config = readConfig(env);
  const secret = overrides.secret ?? signingSecret(config);
  if (options.readSecretAtInit) Promise.resolve(secret.currentKey()).catch(() => undefined);
  return createHandler({
    config,
    secret,
    sqs: overrides.sqs ?? createSqsClient(),
    logger: overrides.logger ?? createLogger(),
    metrics: overrides.metrics ?? createMetrics(),
    schema: overrides.schema ?? { check: checkEvent, describe: describeSchemaProblems },
    now: overrides.now,
  });
}
