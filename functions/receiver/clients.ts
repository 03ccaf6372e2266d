/**
 * AWS clients for the receiver, with bounded retries and timeouts: at most 3 attempts of at most 1 s to connect
 * and 1.5 s to answer (and a request past that fails: without `throwOnRequestTimeout` the SDK only warns),
 * about 5 s per call with backoff (measured 4.6 s against a server that never answers). The secret read and the sends together stay within
 * the function's timeout (20 s), itself well within API Gateway's 29 s, so Argyle always gets an answer.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';

export const CLIENT_OPTIONS = {
  maxAttempts: 3,
  // The SDK's own switch for a hot path: the middleware stack is resolved once per command class rather than on
  // every send (the receiver never changes its clients' middleware after creating them). About an eighth of a
  // stubbed SendMessage's time (npm run bench, M3b; docs/performance.md).
  cacheMiddleware: true,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true },
} as const;

export const createSqsClient = () => new SQSClient(CLIENT_OPTIONS);
export const createSecretsManagerClient = () => new SecretsManagerClient(CLIENT_OPTIONS);
