/**
 * The receiver built by `createReceiver`, exactly as `functions/receiver/entry.ts` builds it, with the SQS
 * client supplied by the measure and the signing keys held in memory. Also silences stdout/stderr, so log and
 * metric lines are built in full but not written.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { checkEvent } from '../functions/catalogue/check-event';
import { readConfig } from '../functions/receiver/config';
import { parseEnvelope } from '../functions/receiver/envelope';
import { type PreparedMessage, prepareMessage } from '../functions/receiver/message';
import { createMetrics, type ReceiverMetrics } from '../functions/receiver/observability';
import type { ReceiverHandler } from '../functions/receiver/pipeline';
import { signBody, signingKey } from '../functions/receiver/signature';
import { createReceiver } from '../functions/receiver/wiring';
import type { RoutingTable } from '../functions/shared/contract';
import { apiGatewayEvent } from '../test/support/api-gateway-event';
import { argyleShapedBody, receiverEnv, SECRET } from './fixtures';

/** Metrics that record nothing (every method of the real ones, as no-ops): the M3b diagnostic variant. */
function noMetrics(): ReceiverMetrics {
  const real = createMetrics();
  return Object.fromEntries(Object.keys(real).map((name) => [name, () => {}])) as unknown as ReceiverMetrics;
}

/**
 * The receiver pipeline with `sqs`; `observability: 'silenced'` swaps in a SILENT logger and no-op metrics
 * (a diagnostic: how much of the handler's cost is Powertools).
 */
export function stubbedReceiver(
  table: RoutingTable,
  queueUrlPrefix: string,
  sqs: Pick<SQSClient, 'send'>,
  observability: 'real' | 'silenced' = 'real',
) {
  const env = receiverEnv(table, queueUrlPrefix);
  const key = signingKey(SECRET);
  const keys = [key];
  const silenced = observability === 'silenced';
  const handler: ReceiverHandler = createReceiver(env, {
    secret: {
      // A warm SigningSecret: the current key at once, as its fresh cache gives it.
      currentKey: () => key,
      keys: async () => keys,
      refreshAfterFailedCheck: async () => undefined,
      previousUnavailable: () => false,
    },
    sqs,
    ...(silenced ? { logger: new Logger({ logLevel: 'SILENT' }), metrics: noMetrics() } : {}),
  });
  return { handler, config: readConfig(env) };
}

/** A signed delivery of `bytes` as API Gateway hands it over (body base64, as with the stack's binary media types). */
export function signedEvent(bytes: number): { body: string; event: APIGatewayProxyEvent } {
  const body = argyleShapedBody(bytes);
  // The usual path: a catalogue event whose data passes its schema.
  if (checkEvent(JSON.parse(body) as { event: string }) !== 'passed')
    throw new Error('bench body fails the catalogue');
  const event = apiGatewayEvent(body, {
    requestId: 'bench-request-1',
    headers: { 'X-Argyle-Signature': signBody(SECRET, body) },
  });
  return { body, event };
}

/** The message the receiver itself would send for `body`: what the bare send sends, byte for byte. */
export function messageFor(body: string, event: APIGatewayProxyEvent): PreparedMessage {
  const bytes = Buffer.from(body, 'utf8');
  const parsed = parseEnvelope(bytes);
  if (!parsed.ok) throw new Error('the benchmark body is not an Argyle envelope');
  return prepareMessage({
    body: bytes,
    deliveryId: event.requestContext.requestId,
    receivedAt: new Date(event.requestContext.requestTimeEpoch),
    envelope: parsed.envelope,
    schema: checkEvent(parsed.envelope),
  });
}

/** Runs `fn` with process.stdout/stderr writes discarded (the receiver logs one line and emits EMF per event). */
export async function withOutputDiscarded<T>(fn: () => Promise<T>): Promise<T> {
  const writes = [process.stdout.write, process.stderr.write] as const;
  const discard = (() => true) as typeof process.stdout.write;
  process.stdout.write = discard;
  process.stderr.write = discard;
  try {
    return await fn();
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
}
