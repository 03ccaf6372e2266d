/**
 * The receiver as a thin pipeline: raw body → verify → parse → route → send → respond. Every dependency is
 * passed in, so the same pipeline runs on Lambda, in the local dev server and in tests.
 */
import { type KeyObject, randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { MESSAGE_ATTRIBUTE, type SchemaVerdict, SIGNATURE_HEADER } from '../shared/contract';
import type { ReceiverConfig } from './config';
import { bodyText, type Envelope, parseEnvelope } from './envelope';
import { sendToQueues } from './fan-out';
import { prepareMessage, sendInput } from './message';
import { queueName, type ReceiverMetrics } from './observability';
import { type ApiGatewayEvent, boundedBody, header, method, receivedAt } from './request';
import * as respond from './response';
import { compileRules, routeDelivery } from './routing';
import { decodeSignature, matchesAnyKey, matchesKey } from './signature';
import { type SigningSecret, SigningSecretUnavailableError } from './signing-secret';

export interface ReceiverDependencies {
  readonly config: ReceiverConfig;
  readonly secret: Pick<
    SigningSecret,
    'currentKey' | 'keys' | 'refreshAfterFailedCheck' | 'previousUnavailable'
  >;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly logger: Logger;
  readonly metrics: ReceiverMetrics;
  /** Checks events against the catalogue; without it no schema verdict is recorded. */
  readonly schema?: SchemaChecker;
  readonly now?: () => number;
}

export interface SchemaChecker {
  /** The verdict; it never changes where a message goes. */
  check(envelope: Envelope): SchemaVerdict;
  /** Why an event failed, as paths and expected types, never values; called only after `failed`. */
  describe(envelope: Envelope): readonly string[];
}

type SignatureVerdict = 'authentic' | 'forged' | 'unverifiable';

export type ReceiverHandler = (event: ApiGatewayEvent, context?: Context) => Promise<APIGatewayProxyResult>;

export function createHandler(deps: ReceiverDependencies): ReceiverHandler {
  const { config, secret, sqs, logger, metrics, schema: schemaChecker } = deps;
  const now = deps.now ?? Date.now;
  const rules = compileRules({ queues: config.queueUrls, catchAll: config.catchAll, rules: config.rules });

  /**
   * The current key first: a delivery it verifies waits for nothing else (not even the previous version's
   * read), and while the cached secret is fresh it is checked without a promise. Only a signature it does not
   * match is tried against the previous key, waiting for that read. The time taken then tells whether the
   * current key matched: news only to whoever already holds a correctly signed delivery, and never a hint
   * towards forging one (each comparison is constant-time). `unverifiable` when no key matched but the previous
   * one could not be read: it may have been signed with it.
   */
  const checkSignature = (body: Buffer, signature: Buffer): SignatureVerdict | Promise<SignatureVerdict> => {
    const current = secret.currentKey();
    if (!(current instanceof Promise)) {
      return matchesKey(current, body, signature) ? 'authentic' : checkOtherKeys(current, body, signature);
    }
    return current.then((key) =>
      matchesKey(key, body, signature) ? 'authentic' : checkOtherKeys(key, body, signature),
    );
  };
  const checkOtherKeys = async (
    current: KeyObject,
    body: Buffer,
    signature: Buffer,
  ): Promise<SignatureVerdict> => {
    const others = (await secret.keys()).filter((key) => key !== current);
    if (others.length > 0 && matchesAnyKey(others, body, signature)) return 'authentic';
    const refreshed = await secret.refreshAfterFailedCheck();
    if (refreshed !== undefined) {
      metrics.secretRefreshed();
      if (matchesAnyKey(refreshed, body, signature)) return 'authentic';
    }
    return secret.previousUnavailable() ? 'unverifiable' : 'forged';
  };

  // Names of the queues by index, as they appear in log lines and the Queue dimension.
  const queueNames = config.queueUrls.map(queueName);
  const { archiveQueueUrl } = config;

  return async (event, context) => {
    const deliveryId = event.requestContext?.requestId ?? randomUUID();
    if (context) logger.addContext(context);
    // Every line carries the delivery id, given with the line rather than appended to and removed from the
    // logger on each delivery.
    try {
      const httpMethod = method(event);
      if (httpMethod !== undefined && httpMethod !== 'POST') {
        metrics.rejected('method');
        logger.warn('delivery rejected', { deliveryId, status: 405, reason: 'method' });
        return respond.methodNotAllowed();
      }
      // 1. Size first (of the decoded bytes): nothing else is done for an oversized body.
      const read = boundedBody(event, config.maxBodyBytes);
      if ('oversize' in read) {
        metrics.rejected('size');
        logger.warn('delivery rejected', {
          deliveryId,
          status: 413,
          reason: 'size',
          bodyBytes: read.oversize,
        });
        return respond.payloadTooLarge(config.maxBodyBytes);
      }
      // 2. Verify the signature over the exact bytes.
      const body = read.bytes;
      const signature = decodeSignature(header(event, SIGNATURE_HEADER));
      const checked = signature === undefined ? 'forged' : checkSignature(body, signature);
      const verdict = typeof checked === 'string' ? checked : await checked;
      if (verdict === 'unverifiable') {
        metrics.secretUnavailable();
        logger.error('signature not verifiable: the previous signing secret cannot be read', { status: 503 });
        return respond.unavailable(deliveryId);
      }
      if (verdict === 'forged') {
        metrics.rejected('signature');
        logger.warn('delivery rejected', {
          deliveryId,
          status: 401,
          reason: signature === undefined ? 'signature missing or malformed' : 'signature mismatch',
        });
        return respond.unauthorized();
      }
      // SQS stores no empty message, and an empty body carries no event: answered, never retried.
      if (body.length === 0) {
        metrics.rejected('empty');
        logger.warn('delivery rejected', { status: 422, reason: 'empty' });
        return respond.emptyBody();
      }
      // 3. Parse, 4. route. The body is decoded once, for the parse and the message.
      const text = bodyText(body);
      const parsed = parseEnvelope(body, text);
      const envelope = parsed.ok ? parsed.envelope : undefined;
      const decision = routeDelivery(rules, config.catchAll, parsed);
      const schema = envelope && schemaChecker ? schemaChecker.check(envelope) : undefined;
      const message = prepareMessage({
        body,
        text,
        deliveryId,
        receivedAt: receivedAt(event, now),
        envelope,
        catchAllReason: decision.catchAllReason,
        schema,
      });
      // 5. Send to every target queue at once, and to the archive queue when there is one: the same message,
      // part of what a 2xx promises (docs/archive.md).
      const inputs = decision.queues.map((queue) => sendInput(message, config.queueUrls[queue] ?? ''));
      if (archiveQueueUrl !== undefined) inputs.push(sendInput(message, archiveQueueUrl));
      const failures = await sendToQueues(sqs, inputs);
      const outcome = {
        deliveryId,
        // As stored: cut to a bounded length, or left out.
        event: message.attributes[MESSAGE_ATTRIBUTE.EVENT]?.StringValue,
        subscription: message.attributes[MESSAGE_ATTRIBUTE.SUBSCRIPTION]?.StringValue,
        queues: decision.queues.map((queue) => queueNames[queue] ?? ''),
        catchAllReason: decision.catchAllReason,
        schema,
        bodyBytes: body.length,
        bodyEncoding: message.base64 ? 'base64' : 'verbatim',
        // Left out of the line when there is none (Powertools drops undefined values).
        attributesAdjusted:
          message.adjusted.length > 0
            ? message.adjusted.map(({ name, adjustment }) => `${name}: ${adjustment}`)
            : undefined,
        // The accepted delivery's line as it is; the other lines replace the status in place.
        status: 200,
      };
      // 6. Respond: 2xx only when every queue took the message.
      if (failures.length > 0) {
        for (const failure of failures) metrics.sendFailed(queueName(failure.queueUrl));
        logger.error('delivery not stored', {
          ...outcome,
          status: 503,
          failedQueues: failures.map((failure) => queueName(failure.queueUrl)),
          errors: failures.map((failure) => errorSummary(failure.error)),
        });
        return respond.unavailable(deliveryId);
      }
      // One EMF document (more only when it fanned out) and one log line per accepted delivery.
      const schemaFailed = schema === 'failed' && envelope !== undefined && schemaChecker !== undefined;
      metrics.delivered({
        event: envelope?.event,
        subscription: outcome.subscription,
        queues: outcome.queues,
        catchAllReason: decision.catchAllReason,
        schemaFailed,
      });
      if (schemaFailed) {
        logger.warn('delivery accepted', {
          ...outcome,
          warning: 'event does not match its schema',
          problems: schemaChecker.describe(envelope),
        });
      } else {
        logger.info('delivery accepted', outcome);
      }
      // Rare: an attribute value SQS would refuse was cut or left out (its own document).
      for (const { adjustment } of message.adjusted) metrics.attributeAdjusted(adjustment);
      return respond.accepted(deliveryId);
    } catch (error) {
      if (error instanceof SigningSecretUnavailableError) {
        metrics.secretUnavailable();
        logger.error('signing secret unavailable', { deliveryId, status: 503, error: errorSummary(error) });
        return respond.unavailable(deliveryId);
      }
      logger.error('receiver failed', { deliveryId, status: 500, error: errorSummary(error) });
      return respond.internalError(deliveryId);
    }
  };
}

/** Name and message of an error and its causes: AWS errors carry no payload, and no other text is logged. */
function errorSummary(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 3; depth++) {
    parts.push(`${current.name}: ${current.message}`);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(' <- ') : 'unknown error';
}
