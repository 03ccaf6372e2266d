/**
 * How `npm run tail` shows a message: a header line, the SQS system attributes worth knowing, every message
 * attribute, then the body (decoded when the receiver flagged it as base64).
 */
import { isUtf8 } from 'node:buffer';
import type { Message } from '@aws-sdk/client-sqs';
import { BODY_ENCODING_BASE64, MESSAGE_ATTRIBUTE } from '../functions/shared/contract';

export function formatMessage(
  message: Message,
  number: number,
  queueName: string,
  maxReceiveCount?: number,
): string {
  const system = message.Attributes ?? {};
  const attributes = Object.entries(message.MessageAttributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(20, ...attributes.map(([name]) => name.length));
  const sent = Number(system.SentTimestamp);
  const lines = [
    `── #${number} ${queueName} ── message ${message.MessageId ?? '?'}`,
    `  ${'sent'.padEnd(width)}  ${Number.isFinite(sent) ? new Date(sent).toISOString() : '?'}` +
      `  (${receiveCount(system.ApproximateReceiveCount, maxReceiveCount)})`,
  ];
  if (system.MessageGroupId) lines.push(`  ${'group (FIFO)'.padEnd(width)}  ${system.MessageGroupId}`);
  for (const [name, value] of attributes) {
    lines.push(`  ${name.padEnd(width)}  ${value.StringValue ?? `(${value.DataType ?? 'binary'})`}`);
  }
  const { text, note } = displayBody(message);
  lines.push(`  body${note}:`, text, '');
  return lines.join('\n');
}

/** `receive 2 of 5`, and at the last one that the next moves it to the dead-letter queue. */
function receiveCount(count: string | undefined, max: number | undefined): string {
  if (max === undefined) return `receive ${count ?? '?'}`;
  const last = Number(count) >= max ? '; the next receive moves it to the dead-letter queue' : '';
  return `receive ${count ?? '?'} of ${max}${last}`;
}

/** The body to show: as it is, or decoded from base64 when the receiver says so. */
export function displayBody(message: Message): { text: string; note: string } {
  const body = message.Body ?? '';
  const encoding = message.MessageAttributes?.[MESSAGE_ATTRIBUTE.BODY_ENCODING]?.StringValue;
  if (encoding !== BODY_ENCODING_BASE64) return { text: body, note: ` (${Buffer.byteLength(body)} bytes)` };
  const bytes = Buffer.from(body, 'base64');
  if (isUtf8(bytes))
    return { text: bytes.toString('utf8'), note: ` (${bytes.length} bytes, decoded from base64)` };
  return { text: body, note: ` (${bytes.length} bytes, not UTF-8: shown as base64)` };
}
