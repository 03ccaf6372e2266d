/**
 * Lambda entry point of the receiver. Configuration is read and AWS clients are created once, at cold start.
 */
import { checkEvent } from '../catalogue/check-event';
import { describeSchemaProblems } from '../catalogue/schema-problems';
import { createSecretsManagerClient, createSqsClient } from './clients';
import { readConfig } from './config';
import { createHandler } from './create-handler';
import { createLogger, createMetrics } from './observability';
import { SigningSecret } from './signing-secret';

const config = readConfig(process.env);

export const handler = createHandler({
  config,
  secret: new SigningSecret({
    client: createSecretsManagerClient(),
    secretId: config.secretId,
    ttlMs: config.secretTtlMs,
    minRefreshIntervalMs: 30_000,
  }),
  sqs: createSqsClient(),
  logger: createLogger(),
  metrics: createMetrics(),
  schema: { check: checkEvent, describe: describeSchemaProblems },
});
