/**
 * What the receiver writes to stdout (and so to CloudWatch Logs) for one accepted delivery, as on Lambda: the
 * real Powertools Logger and Metrics, the function's environment, a Lambda context with names of the length
 * CloudFormation generates, and the default routing (one route, `all-events`). For the capacity model's log
 * bytes (lib/capacity.ts).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { createLogger, createMetrics } from '#functions/receiver/observability';
import { signBody, signingKey } from '#functions/receiver/signature';
import { createReceiver } from '#functions/receiver/wiring';
import { RECEIVER_DEFAULT_ENVIRONMENT, RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { apiGatewayEvent } from './api-gateway-event';

/** Names as long as the ones CloudFormation generates for the default stack (`ArgyleWebhooks`). */
const FUNCTION_NAME = 'ArgyleWebhooks-ArgyleWebhooksReceiver4A3C9E1B-Xq7LmN2pR8sT';
const ROUTE_QUEUE = 'ArgyleWebhooks-ArgyleWebhooksRoutesalleventsQueue5F1D3B7A-Kd82HsQ0pLmZ';
const CATCH_ALL_QUEUE = 'ArgyleWebhooks-ArgyleWebhooksCatchAllQueue9C2E4A6F-Vb3NqW7tYx1R';
const SECRET = 'log-output-secret-6b1f0c9e';

/** The default routing table: `*` to the route's queue, the catch-all last. */
const DEFAULT_TABLE: RoutingTable = {
  queues: [ROUTE_QUEUE, CATCH_ALL_QUEUE],
  catchAll: 1,
  rules: [{ events: ['*'], queue: 0 }],
};

function lambdaContext(): Context {
  const nothing = () => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: '2026/11/23/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    getRemainingTimeInMillis: () => 20_000,
    done: nothing,
    fail: nothing,
    succeed: nothing,
  };
}

/**
 * The stdout lines of `count` accepted deliveries of `body` (after one discarded delivery, so the cold-start
 * flag is off as on a warm function), each line without its newline.
 */
export async function receiverLogLines(body: string, count: number): Promise<string[][]> {
  const env: NodeJS.ProcessEnv = {
    ...RECEIVER_DEFAULT_ENVIRONMENT,
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_REGION: 'us-east-1',
    _X_AMZN_TRACE_ID: 'Root=1-6742a8c0-5d3f1b2e9a7c4e6f8b0d2a4c;Parent=3a5c7e9b1d2f4a6c;Sampled=0',
    [RECEIVER_ENV.SIGNING_SECRET_ARN]:
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:ArgyleWebhooksSigningSecret-AbCdEf',
    [RECEIVER_ENV.ROUTES]: JSON.stringify(DEFAULT_TABLE),
    [RECEIVER_ENV.QUEUE_URL_PREFIX]: 'https://sqs.us-east-1.amazonaws.com/123456789012/',
    [RECEIVER_ENV.MAX_BODY_BYTES]: '131072',
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const key = signingKey(SECRET);
  const keys = [key];
  const sqs = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS command');
      return { MessageId: randomUUID() };
    },
  };
  const written: string[] = [];
  const write = process.stdout.write;
  try {
    const handler = createReceiver(env, {
      secret: {
        currentKey: async () => key,
        keys: async () => keys,
        refreshAfterFailedCheck: async () => undefined,
        previousUnavailable: () => false,
      },
      sqs: sqs as never,
      logger: createLogger(),
      metrics: createMetrics(env),
    });
    const headers = { 'X-Argyle-Signature': signBody(SECRET, body) };
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    const deliveries: string[][] = [];
    for (let i = 0; i <= count; i++) {
      written.length = 0;
      const response = await handler(apiGatewayEvent(body, { headers }), lambdaContext());
      if (response.statusCode !== 200) throw new Error(`the receiver answered ${response.statusCode}`);
      const lines = written
        .join('')
        .split('\n')
        .filter((line) => line !== '');
      if (i > 0) deliveries.push(lines);
    }
    return deliveries;
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
