/**
 * SQS's rules for text: the characters a message body or a String attribute value may hold, and how an
 * attribute value copied from an envelope is made one SQS accepts. Pure, and cheap for plain ASCII values: one
 * regular expression test and nothing else.
 */
import {
  ATTRIBUTE_ADJUSTMENT,
  type AttributeAdjustment,
  MAX_ATTRIBUTE_VALUE_CHARS,
} from '../shared/contract';

/**
 * A character SQS refuses in a body or a String attribute value (anything outside the XML character ranges; a
 * lone surrogate counts as outside). SendMessage:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export const SQS_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Printable ASCII: always allowed, one byte per character. */
const PLAIN = /^[\x20-\x7E]*$/;

export interface StorableValue {
  /** What to send; undefined when the value is left out. */
  readonly value: string | undefined;
  /** Set when the value is not sent as it came. */
  readonly adjustment?: AttributeAdjustment;
}

/** True when SQS accepts `text` as a message body or String attribute value (an empty one aside). */
export function isSqsText(text: string): boolean {
  return !SQS_FORBIDDEN.test(text);
}

/**
 * The value to send for an attribute copied from the envelope: itself when SQS accepts it, else cut to
 * `maxUnits` UTF-16 units on a code point boundary, and left out when what remains holds a character SQS
 * refuses (or nothing).
 */
export function storableValue(value: string, maxUnits: number = MAX_ATTRIBUTE_VALUE_CHARS): StorableValue {
  if (value.length <= maxUnits && PLAIN.test(value)) return { value };
  const cut = cutAtCodePoint(value, maxUnits);
  if (cut === '' || !isSqsText(cut)) return { value: undefined, adjustment: ATTRIBUTE_ADJUSTMENT.OMITTED };
  return cut.length < value.length ? { value: cut, adjustment: ATTRIBUTE_ADJUSTMENT.CUT } : { value };
}

/** At most `maxUnits` UTF-16 units of `value`, never ending on the first half of a surrogate pair. */
export function cutAtCodePoint(value: string, maxUnits: number): string {
  if (value.length <= maxUnits) return value;
  const last = value.charCodeAt(maxUnits - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return value.slice(0, splitsPair ? maxUnits - 1 : maxUnits);
}
