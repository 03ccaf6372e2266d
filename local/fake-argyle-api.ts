/**
 * A stand-in for Argyle's webhook-subscription API on 127.0.0.1, built from the documented behaviour (Argyle's
 * published spec, test/fixtures/argyle-openapi/subscription-api.json) and the real bodies in
 * test/fixtures/argyle-api: HTTP Basic auth, `POST|GET /v{1,2}/webhooks` (create answers 200, as the spec says),
 * `GET|DELETE /v{1,2}/webhooks/{id}`, cursor pagination with full `next`/`previous` URLs, the list filters
 * `from_created_at`, `to_created_at` and `ordering`, `last_sent_at` (see {@link FakeArgyleApi.recordDelivery}),
 * and Django REST Framework style errors (`{"detail": "..."}`, `{"field": ["..."]}`). Tests can inspect what it
 * stored and received, and make it fail, stall or drop connections.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeCursor, encodeCursor, readBody, send } from './fake-argyle-api-http';
import { FakeWebhookStore, timestamp } from './fake-argyle-api-store';
import { isRecord, listSelection, validateCreate } from './fake-argyle-api-validation';

export interface FakeWebhook {
  id: string;
  name: string;
  events: string[];
  config: Record<string, unknown>;
  secret: string | null;
  url: string;
  created_at: string;
  updated_at: string;
  last_sent_at: string | null;
}

export interface ReceivedRequest {
  readonly method: string;
  /** Path without the query, e.g. `/v2/webhooks`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the Basic credentials were the right ones. */
  readonly authorized: boolean;
  /** Milliseconds since the server started. */
  readonly at: number;
}

/**
 * An answer forced on a request: a status with an optional `Retry-After` and body (a string is sent as it is,
 * anything else as JSON; the default is `{"detail": "injected failure <status>"}`), or a connection dropped
 * without an answer.
 */
export type InjectedFailure =
  | { readonly status: number; readonly retryAfter?: string; readonly body?: unknown }
  | { readonly drop: true };

export interface FakeArgyleApiOptions {
  /** @default 'test-key-id' */
  readonly apiKeyId?: string;
  /** @default 'test-key-secret' */
  readonly apiKeySecret?: string;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 200;

export class FakeArgyleApi {
  readonly apiKeyId: string;
  readonly apiKeySecret: string;
  readonly #server = createServer();
  readonly #started = Date.now();
  readonly #store = new FakeWebhookStore();
  readonly #requests: ReceivedRequest[] = [];
  readonly #failures: InjectedFailure[] = [];
  readonly #delays: number[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #latencyMs = 0;
  #url: string | undefined;

  /** A fake API that does not listen yet: see {@link listen}, or {@link start} for both at once. */
  constructor(options: FakeArgyleApiOptions = {}) {
    this.apiKeyId = options.apiKeyId ?? 'test-key-id';
    this.apiKeySecret = options.apiKeySecret ?? 'test-key-secret';
    this.#server.on('request', (req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed)
          send(res, 500, { detail: `fake server error: ${String(error)}` });
      });
    });
  }

  static async start(options: FakeArgyleApiOptions = {}): Promise<FakeArgyleApi> {
    const api = new FakeArgyleApi(options);
    await api.listen();
    return api;
  }

  /** Starts listening on a free port of 127.0.0.1. */
  async listen(): Promise<void> {
    const server = this.#server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Origin to use as the client's base URL, e.g. `http://127.0.0.1:43210`. */
  get url(): string {
    if (this.#url === undefined) throw new Error('the fake Argyle API is not listening yet');
    return this.#url;
  }

  /** Copies of the stored subscriptions, oldest first. */
  get subscriptions(): FakeWebhook[] {
    return this.#store.copies();
  }

  /** Every request received, in order, including failed and unauthorized ones. */
  get requests(): readonly ReceivedRequest[] {
    return [...this.#requests];
  }

  /** Stores subscriptions as if created earlier; missing fields get defaults. Returns what was stored. */
  seed(...webhooks: Partial<FakeWebhook>[]): FakeWebhook[] {
    return webhooks.map((partial) => {
      const now = timestamp();
      const webhook: FakeWebhook = {
        id: randomUUID(),
        name: 'seeded',
        events: ['accounts.connected'],
        config: {},
        secret: null,
        url: 'https://example.com/webhooks/argyle',
        created_at: now,
        updated_at: now,
        last_sent_at: null,
        ...partial,
      };
      this.#store.add(webhook);
      return structuredClone(webhook);
    });
  }

  /**
   * Records that Argyle sent a delivery for subscription `id` at `at` (default now): its `last_sent_at`, which
   * retrieve and list then show. Throws when there is no such subscription.
   */
  recordDelivery(id: string, at: Date | string = new Date()): void {
    const webhook = this.#store.find(id);
    if (webhook === undefined) throw new Error(`no subscription ${id} in the fake Argyle API`);
    webhook.last_sent_at = typeof at === 'string' ? at : at.toISOString().replace('Z', '000Z');
  }

  /** Answers the next `count` requests with `failure`, whatever they ask, before the auth check. */
  failNext(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.#failures.push(failure);
  }

  /** Holds the next `count` requests for `ms` before answering. */
  delayNext(count: number, ms: number): void {
    for (let i = 0; i < count; i++) this.#delays.push(ms);
  }

  /** Holds every request for `ms` before answering (0 turns it off). Adds to {@link delayNext}. */
  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  /** Forgets subscriptions, requests, injected failures and latency. */
  reset(): void {
    this.#store.clear();
    this.#requests.length = 0;
    this.#failures.length = 0;
    this.#delays.length = 0;
    this.#latencyMs = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (!this.#server.listening) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestUrl = new URL(req.url ?? '/', 'http://placeholder');
    const authorized = this.#authorized(req.headers.authorization);
    this.#requests.push({
      method: req.method ?? '',
      path: requestUrl.pathname,
      query: requestUrl.searchParams,
      headers: req.headers,
      body,
      authorized,
      at: Date.now() - this.#started,
    });
    const failure = this.#failures.shift();
    const delay = this.#latencyMs + (this.#delays.shift() ?? 0);
    if (delay > 0) await this.#wait(delay);
    if (res.destroyed || req.socket.destroyed) return;
    if (failure !== undefined) {
      if ('drop' in failure) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> =
        failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter };
      send(res, failure.status, failure.body ?? { detail: `injected failure ${failure.status}` }, headers);
      return;
    }
    if (!authorized) {
      const detail = req.headers.authorization
        ? 'Invalid username/password.'
        : 'Authentication credentials were not provided.';
      send(res, 401, { detail }, { 'www-authenticate': 'Basic realm="api"' });
      return;
    }
    this.#route(req, res, requestUrl, body);
  }

  #route(req: IncomingMessage, res: ServerResponse, requestUrl: URL, body: string): void {
    const match = /^\/(v1|v2)\/webhooks(?:\/([^/]+))?\/?$/.exec(requestUrl.pathname);
    if (match === null) {
      send(res, 404, { detail: 'Not found.' });
      return;
    }
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const method = req.method ?? '';
    if (id === undefined && method === 'POST') this.#create(res, body);
    else if (id === undefined && method === 'GET') this.#list(req, res, requestUrl);
    else if (id !== undefined && method === 'GET') this.#retrieve(res, id);
    else if (id !== undefined && method === 'DELETE') this.#delete(res, id);
    else {
      const allow = id === undefined ? 'GET, POST, HEAD, OPTIONS' : 'GET, DELETE, HEAD, OPTIONS';
      send(res, 405, { detail: `Method "${method}" not allowed.` }, { allow });
    }
  }

  #create(res: ServerResponse, body: string): void {
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch (error) {
      send(res, 400, { detail: `JSON parse error - ${(error as Error).message}` });
      return;
    }
    const errors = validateCreate(input);
    if (Object.keys(errors).length > 0 || !isRecord(input)) {
      send(res, 400, errors);
      return;
    }
    const now = timestamp();
    const webhook: FakeWebhook = {
      id: randomUUID(),
      name: input.name as string,
      events: input.events as string[],
      config: isRecord(input.config) ? input.config : {},
      secret: typeof input.secret === 'string' ? input.secret : null,
      url: input.url as string,
      created_at: now,
      updated_at: now,
      last_sent_at: null,
    };
    this.#store.add(webhook);
    send(res, 200, webhook);
  }

  #list(req: IncomingMessage, res: ServerResponse, requestUrl: URL): void {
    const requested = Number(requestUrl.searchParams.get('limit'));
    const limit =
      Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_LIMIT) : DEFAULT_LIMIT;
    const cursor = requestUrl.searchParams.get('cursor');
    const offset = cursor === null ? 0 : decodeCursor(cursor);
    if (offset === undefined) {
      send(res, 404, { detail: 'Invalid cursor' });
      return;
    }
    const selection = listSelection(requestUrl.searchParams);
    if ('errors' in selection) {
      send(res, 400, selection.errors);
      return;
    }
    const listed = this.#store.filter(selection.filter).reverse();
    if (selection.compare !== undefined) listed.sort(selection.compare);
    const pageUrl = (at: number) => {
      const url = new URL(requestUrl.pathname + requestUrl.search, `http://${req.headers.host}`);
      url.searchParams.set('cursor', encodeCursor(at));
      return url.href;
    };
    send(res, 200, {
      next: offset + limit < listed.length ? pageUrl(offset + limit) : null,
      previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
      results: listed.slice(offset, offset + limit),
    });
  }

  #retrieve(res: ServerResponse, id: string): void {
    const webhook = this.#store.find(id);
    if (webhook === undefined) send(res, 404, { detail: 'Not found.' });
    else send(res, 200, webhook);
  }

  #delete(res: ServerResponse, id: string): void {
    if (!this.#store.remove(id)) {
      send(res, 404, { detail: 'Not found.' });
      return;
    }
    res.writeHead(204).end();
  }

  #authorized(header: string | undefined): boolean {
    const match = /^Basic (.+)$/i.exec(header ?? '');
    if (match?.[1] === undefined) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    return decoded === `${this.apiKeyId}:${this.apiKeySecret}`;
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}
