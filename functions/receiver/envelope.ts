/**
 * Argyle's envelope, `{ event, name, data }`, read from a body that has already been authenticated. Only what
 * routing needs is checked here; each event's `data` is checked against the catalogue separately.
 */
import { isUtf8 } from 'node:buffer';
import * as z from 'zod/mini';
import type { CatchAllReason } from '../shared/contract';

const envelopeSchema = z.looseObject({
  event: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  data: z.optional(z.unknown()),
});

export interface Envelope {
  readonly event: string;
  /** The Argyle subscription that produced this delivery. */
  readonly subscription: string | undefined;
  readonly data: unknown;
  /** `data.account`, `data.user` and `data.item` when they are non-empty strings. */
  readonly account: string | undefined;
  readonly user: string | undefined;
  readonly item: string | undefined;
}

export type EnvelopeResult =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly reason: Exclude<CatchAllReason, 'unmatched'> };

/** The body as text; undefined when it is not UTF-8 (and so not JSON). Decoded once per delivery. */
export function bodyText(body: Buffer): string | undefined {
  return isUtf8(body) ? body.toString('utf8') : undefined;
}

/** Reads the envelope from `body`; `text` is the body's {@link bodyText}, when the caller has it already. */
export function parseEnvelope(body: Buffer, text: string | undefined = bodyText(body)): EnvelopeResult {
  if (text === undefined) return { ok: false, reason: 'invalid-json' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid-json' };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid-envelope' };
  const { event, name, data } = parsed.data;
  return {
    ok: true,
    envelope: {
      event,
      subscription: name === '' ? undefined : name,
      data,
      account: idField(data, 'account'),
      user: idField(data, 'user'),
      item: idField(data, 'item'),
    },
  };
}

function idField(data: unknown, key: 'account' | 'user' | 'item'): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
