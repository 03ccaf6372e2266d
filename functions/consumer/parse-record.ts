/**
 * Turns an SQS message produced by the receiver into a typed Argyle event. Works on the record shape a Lambda
 * SQS trigger delivers (`body`, `messageAttributes[].stringValue`) and on the shape the SDK's ReceiveMessage
 * returns (`Body`, `MessageAttributes[].StringValue`).
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { isArgyleEventName } from '../catalogue/catalogue.js';
import { ARGYLE_EVENT_SCHEMAS, type ArgyleEvent } from '../catalogue/envelopes.js';
import { BODY_ENCODING_BASE64, MESSAGE_ATTRIBUTE, type SchemaVerdict } from '../shared/contract.js';

/** A record from a Lambda SQS event. */
export interface LambdaSqsRecord {
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, { readonly stringValue?: string }>>;
}

/** A message from the SDK's ReceiveMessage (ask for `MessageAttributeNames: ['All']`). */
export interface SdkSqsMessage {
  readonly Body?: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly StringValue?: string }>>;
}

export type SqsRecordLike = LambdaSqsRecord | SdkSqsMessage;

/** Why a record is not a usable Argyle event. */
export type ArgyleRecordProblem =
  /** The record has no `argyle.delivery-id` attribute: the receiver did not produce it. */
  | 'not-argyle'
  /** A catch-all message whose body is not an Argyle envelope (see `argyle.catch-all-reason`). */
  | 'not-an-envelope'
  /** An event name the catalogue does not know (Argyle may have added one). `envelope` is still given. */
  | 'unknown-event'
  /** A known event whose `data` does not match its schema. `envelope` is still given. */
  | 'schema-mismatch';

export class ArgyleRecordError extends Error {
  constructor(
    readonly problem: ArgyleRecordProblem,
    message: string,
    /** The parsed JSON body, when there is one, for callers that want to handle it anyway. */
    readonly envelope?: unknown,
  ) {
    super(message);
    this.name = 'ArgyleRecordError';
  }
}

/** A delivery as consumers get it: the typed event plus what the receiver recorded about it. */
export interface ArgyleMessage {
  readonly event: ArgyleEvent;
  /** The API Gateway request id of the delivery; equal on every queue the delivery reached. */
  readonly deliveryId: string;
  /** When API Gateway received it. */
  readonly receivedAt: Date | undefined;
  /**
   * Hex SHA-256 of the body Argyle signed, computed from the body (message contract 2 carries no attribute for
   * it). It names the body, not the event: identical bodies can be distinct events, and a replay repeats one.
   */
  readonly contentSha256: string;
  /**
   * The replay run's id when this message was sent again by a replay (`argyle.replay`), else undefined. A replay
   * is sent on purpose to be processed again: never skip it because its delivery id or body was seen before.
   */
  readonly replay: string | undefined;
  /** The receiver's schema verdict, when it recorded one. */
  readonly schema: SchemaVerdict | undefined;
  /** The body exactly as Argyle sent it (decoded when it travelled as base64). */
  readonly rawBody: string;
}

export type ParseResult =
  | { readonly success: true; readonly message: ArgyleMessage }
  | { readonly success: false; readonly error: ArgyleRecordError };

/** Like {@link parseArgyleRecord}, without throwing. */
export function safeParseArgyleRecord(record: SqsRecordLike): ParseResult {
  try {
    return { success: true, message: parseArgyleRecord(record) };
  } catch (error) {
    if (error instanceof ArgyleRecordError) return { success: false, error };
    throw error;
  }
}

/**
 * The typed Argyle event in an SQS record. Throws {@link ArgyleRecordError} when the record was not produced
 * by the receiver, is not an Argyle envelope, names an event the catalogue does not know, or does not match
 * its event's schema. The error message names the problem, never a payload value.
 */
export function parseArgyleRecord(record: SqsRecordLike): ArgyleMessage {
  const attribute = attributeReader(record);
  const deliveryId = attribute(MESSAGE_ATTRIBUTE.DELIVERY_ID);
  if (deliveryId === undefined) {
    throw new ArgyleRecordError(
      'not-argyle',
      `the record has no ${MESSAGE_ATTRIBUTE.DELIVERY_ID} attribute, so it did not come from the Argyle receiver`,
    );
  }
  const bytes = bodyBytes(record, attribute(MESSAGE_ATTRIBUTE.BODY_ENCODING));
  const rawBody = bytes !== undefined && isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  const catchAllReason = attribute(MESSAGE_ATTRIBUTE.CATCH_ALL_REASON);
  let json: unknown;
  try {
    json = JSON.parse(rawBody ?? '');
  } catch {
    throw new ArgyleRecordError(
      'not-an-envelope',
      `delivery ${deliveryId} is not JSON (${catchAllReason ?? 'no reason recorded'})`,
    );
  }
  const event = typeof json === 'object' && json !== null ? (json as { event?: unknown }).event : undefined;
  if (typeof event !== 'string' || event === '' || rawBody === undefined) {
    throw new ArgyleRecordError('not-an-envelope', `delivery ${deliveryId} has no event name`, json);
  }
  if (!isArgyleEventName(event)) {
    throw new ArgyleRecordError(
      'unknown-event',
      `delivery ${deliveryId} is event "${event}", which the catalogue does not know`,
      json,
    );
  }
  const parsed = z.safeParse(ARGYLE_EVENT_SCHEMAS[event], json);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').slice(0, 5);
    throw new ArgyleRecordError(
      'schema-mismatch',
      `delivery ${deliveryId} (${event}) does not match its schema at ${paths.join(', ')}`,
      json,
    );
  }
  const receivedAt = attribute(MESSAGE_ATTRIBUTE.RECEIVED_AT);
  return {
    event: parsed.data as ArgyleEvent,
    deliveryId,
    receivedAt: receivedAt === undefined ? undefined : new Date(receivedAt),
    contentSha256: createHash('sha256')
      .update(bytes ?? Buffer.alloc(0))
      .digest('hex'),
    replay: attribute(MESSAGE_ATTRIBUTE.REPLAY),
    schema: attribute(MESSAGE_ATTRIBUTE.SCHEMA) as SchemaVerdict | undefined,
    rawBody,
  };
}

function attributeReader(record: SqsRecordLike): (name: string) => string | undefined {
  if ('messageAttributes' in record || 'body' in record) {
    const attributes = (record as LambdaSqsRecord).messageAttributes ?? {};
    return (name) => attributes[name]?.stringValue;
  }
  const attributes = (record as SdkSqsMessage).MessageAttributes ?? {};
  return (name) => attributes[name]?.StringValue;
}

/** The body bytes as Argyle signed them: decoded when the body travelled as base64. */
function bodyBytes(record: SqsRecordLike, encoding: string | undefined): Buffer | undefined {
  const body = 'body' in record ? record.body : record.Body;
  if (body === undefined) return undefined;
  return encoding === BODY_ENCODING_BASE64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}
