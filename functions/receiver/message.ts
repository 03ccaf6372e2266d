/**
 * The SQS message for one delivery: the body byte-identical to what Argyle signed (base64 only when SQS could
 * not carry it verbatim) and the attributes of the message contract, each a value SQS accepts. Pure.
 */
import { hash } from 'node:crypto';
import type { MessageAttributeValue, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import {
  type AttributeAdjustment,
  BODY_ENCODING_BASE64,
  type CatchAllReason,
  FIFO_FALLBACK_GROUP,
  MAX_ATTRIBUTE_VALUE_CHARS,
  MESSAGE_ATTRIBUTE,
  type SchemaVerdict,
} from '../shared/contract';
import { bodyText, type Envelope } from './envelope';
import { isSqsText, storableValue } from './sqs-text';

/** What SQS accepts as a FIFO group or deduplication id. */
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;

export interface Delivery {
  readonly body: Buffer;
  /** `body` decoded as UTF-8 ({@link bodyText}), when the caller has decoded it already. */
  readonly text?: string;
  readonly deliveryId: string;
  readonly receivedAt: Date;
  /** Read from `body` (which is therefore JSON); undefined when it could not be parsed as an Argyle envelope. */
  readonly envelope: Envelope | undefined;
  readonly catchAllReason?: CatchAllReason;
  readonly schema?: SchemaVerdict;
}

/** An attribute whose value was cut or left out so that SQS accepts the message. */
export interface AdjustedAttribute {
  readonly name: string;
  readonly adjustment: AttributeAdjustment;
}

export interface PreparedMessage {
  readonly body: string;
  readonly base64: boolean;
  readonly attributes: Record<string, MessageAttributeValue>;
  /** Envelope values SQS would have refused, by attribute name; the body still carries them. */
  readonly adjusted: readonly AdjustedAttribute[];
  readonly groupId: string;
  readonly deduplicationId: string;
}

/** Builds the message once per delivery; {@link sendInput} addresses it to each queue. */
export function prepareMessage(delivery: Delivery): PreparedMessage {
  const { body, envelope } = delivery;
  const text = delivery.text ?? bodyText(body);
  // A body JSON.parse accepted holds no control character but tab, new line and carriage return (JSON escapes
  // the others), so when it is also ASCII (as many characters as bytes) SQS takes it as it is, unscanned.
  const verbatim =
    text !== undefined && ((envelope !== undefined && text.length === body.length) || isSqsText(text));
  const attributes: Record<string, MessageAttributeValue> = {};
  const adjusted: AdjustedAttribute[] = [];
  // The envelope's values may hold any characters at any length (Argyle signed them, SQS may still refuse them).
  copy(attributes, adjusted, MESSAGE_ATTRIBUTE.EVENT, envelope?.event);
  copy(attributes, adjusted, MESSAGE_ATTRIBUTE.SUBSCRIPTION, envelope?.subscription);
  copy(attributes, adjusted, MESSAGE_ATTRIBUTE.ACCOUNT, envelope?.account);
  copy(attributes, adjusted, MESSAGE_ATTRIBUTE.USER, envelope?.user);
  // Ours: ISO 8601 and the contract's words, each a value SQS takes as it is.
  attributes[MESSAGE_ATTRIBUTE.RECEIVED_AT] = stringValue(delivery.receivedAt.toISOString());
  // The request's own id: checked like the envelope's values.
  copy(attributes, adjusted, MESSAGE_ATTRIBUTE.DELIVERY_ID, delivery.deliveryId);
  if (!verbatim) attributes[MESSAGE_ATTRIBUTE.BODY_ENCODING] = stringValue(BODY_ENCODING_BASE64);
  if (delivery.catchAllReason)
    attributes[MESSAGE_ATTRIBUTE.CATCH_ALL_REASON] = stringValue(delivery.catchAllReason);
  if (delivery.schema) attributes[MESSAGE_ATTRIBUTE.SCHEMA] = stringValue(delivery.schema);
  return {
    body: verbatim ? text : body.toString('base64'),
    base64: !verbatim,
    attributes,
    adjusted,
    groupId: fifoId(envelope?.account ?? envelope?.user ?? envelope?.item ?? FIFO_FALLBACK_GROUP),
    // Per delivery, never the content hash: identical bodies can be distinct events (protocol reference §9).
    // SQS still drops a copy that the SDK's own retry of this send would add.
    deduplicationId: fifoId(delivery.deliveryId),
  };
}

const stringValue = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** Puts `value` as attribute `name` when it has one, as a value SQS accepts ({@link storableValue}). */
function copy(
  attributes: Record<string, MessageAttributeValue>,
  adjusted: AdjustedAttribute[],
  name: string,
  value: string | undefined,
): void {
  if (value === undefined || value === '') return;
  const storable = storableValue(value, MAX_ATTRIBUTE_VALUE_CHARS);
  if (storable.adjustment) adjusted.push({ name, adjustment: storable.adjustment });
  if (storable.value !== undefined) attributes[name] = stringValue(storable.value);
}

/** The SendMessage request for one queue; FIFO queues (URL ending in `.fifo`) get group and deduplication ids. */
export function sendInput(message: PreparedMessage, queueUrl: string): SendMessageCommandInput {
  const input: SendMessageCommandInput = {
    QueueUrl: queueUrl,
    MessageBody: message.body,
    MessageAttributes: message.attributes,
  };
  if (queueUrl.endsWith('.fifo')) {
    input.MessageGroupId = message.groupId;
    input.MessageDeduplicationId = message.deduplicationId;
  }
  return input;
}

/** A value SQS accepts as a FIFO id: itself when it is one, else its SHA-256. */
function fifoId(value: string): string {
  return FIFO_ID.test(value) ? value : hash('sha256', value, 'hex');
}
