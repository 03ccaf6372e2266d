/**
 * Lambda entry point of the receiver. Configuration is read and AWS clients are created once, at cold start;
 * the SDK's retries and timeouts are bounded so the receiver always answers well within API Gateway's 29 s.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { readConfig } from './config';
import { createHandler } from './create-handler';
import { createLogger, createMetrics } from './observability';
import { SigningSecret } from './signing-secret';

/** At most 3 attempts of at most 1 s to connect and 1.5 s to answer: about 8 s per call with backoff, so the
 * secret read and the sends together stay within the function timeout (20 s) and API Gateway's 29 s. */
const clientOptions = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500 },
} as const;

const config = readConfig(process.env);

export const handler = createHandler({
  config,
  secret: new SigningSecret({
    client: new SecretsManagerClient(clientOptions),
    secretId: config.secretId,
    ttlMs: config.secretTtlMs,
    minRefreshIntervalMs: 30_000,
  }),
  sqs: new SQSClient(clientOptions),
  logger: createLogger(),
  metrics: createMetrics(),
});
