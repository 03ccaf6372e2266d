/**
 * One archived delivery, as the archiver writes it (one JSON line) and replay and peek read it: the SQS body
 * exactly as the receiver sent it (base64 when `bodyEncoding` says so), the receiver's attributes, and the
 * envelope's values in full (attributes may be cut, the body never is). Pure.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseEnvelope } from '../receiver/envelope';
import {
  BODY_ENCODING_BASE64,
  CATCH_ALL_REASONS,
  type CatchAllReason,
  MESSAGE_ATTRIBUTE,
  type SchemaVerdict,
} from '../shared/contract';

export interface ArchiveRecord {
  /** The API Gateway request id: the key replay deduplicates on. */
  readonly deliveryId: string;
  /** When API Gateway received it, ISO 8601 UTC. */
  readonly receivedAt: string;
  /** The envelope's `event`, `name`, `data.account` and `data.user`, in full, when the body is an envelope. */
  readonly event?: string;
  readonly subscription?: string;
  readonly account?: string;
  readonly user?: string;
  readonly schema?: SchemaVerdict;
  readonly catchAllReason?: CatchAllReason;
  /** The SQS message body as the receiver sent it. */
  readonly body: string;
  /** `base64` when {@link body} is the base64 of the bytes Argyle signed. */
  readonly bodyEncoding?: typeof BODY_ENCODING_BASE64;
  /** Hex SHA-256 of the bytes Argyle signed. */
  readonly sha256: string;
}

/** What the archiver reads of an SQS record: the Lambda event's shape. */
export interface ArchivableMessage {
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, { readonly stringValue?: string }>>;
}

const VERDICTS: readonly string[] = ['passed', 'failed', 'unknown-event'];
const REASONS: readonly string[] = CATCH_ALL_REASONS;

/** The bytes Argyle signed, from a body as the receiver sent it. */
export function signedBytes(body: string, bodyEncoding: string | undefined): Buffer {
  return bodyEncoding === BODY_ENCODING_BASE64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** The record of one archive-queue message, or undefined when the receiver did not send it (no delivery id). */
export function archiveRecordOf(message: ArchivableMessage): ArchiveRecord | undefined {
  const attribute = (name: string) => message.messageAttributes?.[name]?.stringValue;
  const deliveryId = attribute(MESSAGE_ATTRIBUTE.DELIVERY_ID);
  const receivedAt = attribute(MESSAGE_ATTRIBUTE.RECEIVED_AT);
  if (deliveryId === undefined || receivedAt === undefined || Number.isNaN(Date.parse(receivedAt))) {
    return undefined;
  }
  const base64 = attribute(MESSAGE_ATTRIBUTE.BODY_ENCODING) === BODY_ENCODING_BASE64;
  const bytes = signedBytes(message.body, base64 ? BODY_ENCODING_BASE64 : undefined);
  const parsed = parseEnvelope(bytes);
  const envelope = parsed.ok ? parsed.envelope : undefined;
  const schema = attribute(MESSAGE_ATTRIBUTE.SCHEMA);
  const reason = attribute(MESSAGE_ATTRIBUTE.CATCH_ALL_REASON);
  return {
    deliveryId,
    receivedAt: new Date(receivedAt).toISOString(),
    ...(envelope ? { event: envelope.event } : {}),
    ...(envelope?.subscription ? { subscription: envelope.subscription } : {}),
    ...(envelope?.account ? { account: envelope.account } : {}),
    ...(envelope?.user ? { user: envelope.user } : {}),
    ...(schema && VERDICTS.includes(schema) ? { schema: schema as SchemaVerdict } : {}),
    ...(reason && REASONS.includes(reason) ? { catchAllReason: reason as CatchAllReason } : {}),
    body: message.body,
    ...(base64 ? { bodyEncoding: BODY_ENCODING_BASE64 } : {}),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** One object's content: gzip of one JSON line per record. */
export function encodeRecords(records: readonly ArchiveRecord[]): Buffer {
  return gzipSync(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}

/** The records of one object; a line that is not a record is counted, never thrown on. */
export function decodeRecords(object: Uint8Array): { records: ArchiveRecord[]; malformed: number } {
  const text = gunzipSync(object).toString('utf8');
  const records: ArchiveRecord[] = [];
  let malformed = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const value = JSON.parse(line) as Partial<ArchiveRecord>;
      if (
        typeof value.deliveryId === 'string' &&
        typeof value.receivedAt === 'string' &&
        typeof value.body === 'string' &&
        typeof value.sha256 === 'string'
      ) {
        records.push(value as ArchiveRecord);
      } else malformed++;
    } catch {
      malformed++;
    }
  }
  return { records, malformed };
}

/** Whether the record's body still hashes to what was archived (a check for peek and replay). */
export function intact(record: ArchiveRecord): boolean {
  const bytes = signedBytes(record.body, record.bodyEncoding);
  return createHash('sha256').update(bytes).digest('hex') === record.sha256;
}

/** The body as text, for showing: undefined when the bytes are not UTF-8. */
export function bodyText(record: ArchiveRecord): string | undefined {
  const bytes = signedBytes(record.body, record.bodyEncoding);
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}
