/**
 * The receiver's schema check: is this delivery's `data` what the catalogue says event `event` carries? Hot path:
 * one map lookup and one zod/mini validation that stops at the first problem and builds no error object.
 */
import * as z from 'zod/mini';
import type { SchemaVerdict } from '../shared/contract.js';
import { dataSchemaFor } from './catalogue.js';

/** The parts of an envelope that are checked. The receiver's parsed envelope fits as it is. */
export interface EnvelopeToCheck {
  readonly event: string;
  readonly data?: unknown;
  /** The subscription name. Checked only when the caller passes it: it must then be a string. */
  readonly name?: unknown;
}

/**
 * `unknown-event` when `event` is not in the catalogue, else `passed` when the delivery matches the event's
 * schema and `failed` when it does not. Never throws.
 */
export function checkEvent(envelope: EnvelopeToCheck): SchemaVerdict {
  const schema = dataSchemaFor(envelope.event);
  if (schema === undefined) return 'unknown-event';
  if (envelope.name !== undefined && typeof envelope.name !== 'string') return 'failed';
  return z.validate(schema, envelope.data) ? 'passed' : 'failed';
}
