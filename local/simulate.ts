/**
 * Sends Argyle-shaped deliveries: bodies pretty-printed as Argyle sends them (2-space JSON, no trailing
 * newline), signed with HMAC-SHA512 in `X-Argyle-Signature`, with the headers Argyle's client sends, a bounded
 * number at a time. Generated bodies come from the catalogue's `exampleEvent`, so they have the shapes the
 * schemas accept.
 */
import {
  ARGYLE_EVENT_NAMES,
  type ArgyleEventName,
  isArgyleEventName,
} from '../functions/catalogue/catalogue';
import { exampleEvent } from '../functions/catalogue/examples';
import { signBody } from '../functions/receiver/signature';
import { SIGNATURE_HEADER } from '../functions/shared/contract';
import { DEFAULT_WEBHOOK_URL } from './defaults';

/** One request to send. */
export interface SimulatedDelivery {
  /** What to call it in output: the event name, or `<file>#<index>`. */
  readonly label: string;
  /** The exact body. */
  readonly body: string;
}

export interface ExampleDeliveryOptions {
  /** Event names from the catalogue. */
  readonly events: readonly string[];
  /** How many of each event. @default 1 */
  readonly count?: number;
  readonly ids?: { readonly account?: string; readonly user?: string; readonly item?: string };
  /** The envelope's `name`. @default 'example-subscription' */
  readonly subscription?: string;
  readonly includeResource?: boolean;
  /** Seed of the first example; the next ones use the following seeds. @default random */
  readonly seed?: number;
}

export interface SimulateOptions extends Partial<ExampleDeliveryOptions> {
  /** @default http://127.0.0.1:3000/webhook */
  readonly url?: string;
  readonly secret: string;
  /** Bodies to send as they are, after the generated events (see {@link fileDeliveries}). */
  readonly deliveries?: readonly SimulatedDelivery[];
  /** Sign with a wrong secret, to see the 401. */
  readonly badSignature?: boolean;
  /** Requests in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Per request. @default 30000 */
  readonly timeoutMs?: number;
  /** Called as each answer arrives. */
  readonly onResult?: (result: SimulationResult) => void;
}

export interface SimulationResult {
  readonly label: string;
  /** The event name in the body, when it has one. */
  readonly event?: string;
  /** The body sent, byte for byte. */
  readonly body: string;
  /** The HTTP status; undefined when no answer came (see `error`). */
  readonly status?: number;
  /** `deliveryId` of the receiver's answer. */
  readonly deliveryId?: string;
  readonly responseBody?: string;
  readonly error?: string;
  readonly durationMs: number;
}

/** The headers Argyle's webhook client sends (captured January 2026), besides the signature. */
const ARGYLE_HEADERS = {
  Accept: '*/*',
  'Accept-Encoding': 'gzip',
  'Content-Type': 'application/json',
  'User-Agent': 'ReactorNetty/1.1.28',
} as const;

/** A body as Argyle sends it: 2-space JSON, no trailing newline. */
export function argyleBody(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Generated deliveries of catalogue events. Throws a `TypeError` for a name the catalogue does not know. */
export function exampleDeliveries(options: ExampleDeliveryOptions): SimulatedDelivery[] {
  const count = options.count ?? 1;
  const ids = Object.fromEntries(Object.entries(options.ids ?? {}).filter(([, id]) => id !== undefined));
  const deliveries: SimulatedDelivery[] = [];
  for (const name of options.events) {
    if (!isArgyleEventName(name)) throw new TypeError(`not an event in the Argyle catalogue: ${name}`);
    for (let i = 0; i < count; i++) {
      const event = exampleEvent(name, {
        seed: options.seed === undefined ? undefined : options.seed + deliveries.length,
        ids,
        includeResource: options.includeResource ?? false,
        subscription: options.subscription,
      });
      deliveries.push({ label: name, body: argyleBody(event) });
    }
  }
  return deliveries;
}

/**
 * Deliveries from a JSON file's text: one envelope, or a list of them, each pretty-printed as Argyle sends it.
 * Throws a `SyntaxError` naming `source` when the text is not JSON.
 */
export function fileDeliveries(text: string, source: string): SimulatedDelivery[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const values = Array.isArray(json) ? json : [json];
  return values.map((value, index) => ({
    label: Array.isArray(json) ? `${source}#${index}` : source,
    body: argyleBody(value),
  }));
}

/** Every event name in the catalogue (v2 and legacy v1). */
export const ALL_EVENTS: readonly ArgyleEventName[] = ARGYLE_EVENT_NAMES;

/** Sends the deliveries, `concurrency` at a time; resolves with one result per delivery, in order. */
export async function simulate(options: SimulateOptions): Promise<SimulationResult[]> {
  const deliveries = [
    ...(options.events ? exampleDeliveries({ ...options, events: options.events }) : []),
    ...(options.deliveries ?? []),
  ];
  const url = options.url ?? DEFAULT_WEBHOOK_URL;
  const key = options.badSignature ? `not-${options.secret}` : options.secret;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return inPool(deliveries, options.concurrency ?? 8, async (delivery) => {
    const result = await send(url, key, delivery, timeoutMs);
    options.onResult?.(result);
    return result;
  });
}

async function send(
  url: string,
  secret: string,
  delivery: SimulatedDelivery,
  timeoutMs: number,
): Promise<SimulationResult> {
  const started = performance.now();
  const event = eventName(delivery.body);
  const base = { label: delivery.label, event, body: delivery.body };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...ARGYLE_HEADERS, [SIGNATURE_HEADER]: signBody(secret, delivery.body) },
      body: delivery.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const responseBody = await response.text();
    return {
      ...base,
      status: response.status,
      deliveryId: deliveryIdOf(responseBody),
      responseBody,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return { ...base, error: describeFailure(error), durationMs: performance.now() - started };
  }
}

function eventName(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'event' in json && typeof json.event === 'string') {
      return json.event;
    }
  } catch {
    // Not JSON: no event name.
  }
  return undefined;
}

function deliveryIdOf(responseBody: string): string | undefined {
  try {
    const json: unknown = JSON.parse(responseBody);
    if (typeof json === 'object' && json !== null && 'deliveryId' in json) {
      return typeof json.deliveryId === 'string' ? json.deliveryId : undefined;
    }
  } catch {
    // Not JSON (e.g. a proxy's error page).
  }
  return undefined;
}

/** `connection refused (is npm run dev running?)` rather than `fetch failed`. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running? npm run dev starts one)';
  if (code !== undefined) return `${code}${cause instanceof Error ? `: ${cause.message}` : ''}`;
  if (cause instanceof Error) return `${error instanceof Error ? error.message : 'failed'}: ${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
