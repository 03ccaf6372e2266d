import { ARGYLE_BASE_URLS, type ArgyleEnvironment, resolveArgyleBaseUrl } from './base-url';
import { ArgyleInvalidResponseError, ArgyleListLimitError } from './errors';
import { send, type TransportRequest, type TransportRuntime, type TransportSettings } from './http-transport';
import { listQuery } from './list-query';
import { parseResponse } from './parse-response';
import { responseError } from './response-error';
import {
  type CreateWebhookSubscriptionInput,
  type ListWebhookSubscriptionsOptions,
  type WebhookSubscription,
  type WebhookSubscriptionPage,
  WebhookSubscriptionPageSchema,
  WebhookSubscriptionSchema,
} from './webhook-schema';

export type ArgyleApiVersion = 'v1' | 'v2';

export interface ArgyleWebhooksClientOptions extends Partial<TransportRuntime> {
  /** Username of HTTP Basic auth. */
  readonly apiKeyId: string;
  /** Password of HTTP Basic auth. */
  readonly apiKeySecret: string;
  /** The environment the keys belong to. */
  readonly environment: ArgyleEnvironment;
  /**
   * Origin (and optional path prefix) to call instead of the environment's. The `ARGYLE_API_BASE_URL`
   * environment variable, when set, overrides it (see `resolveArgyleBaseUrl`).
   * @default - the environment's URL
   */
  readonly baseUrl?: string;
  /** @default 'v2' */
  readonly apiVersion?: ArgyleApiVersion;
  /**
   * Time allowed for one attempt, from sending to the last byte of the body.
   * @default 10_000
   */
  readonly timeoutMs?: number;
  /**
   * Time allowed for a whole call: every attempt and every wait between them. A retry that would start after it
   * is not attempted, and the last error is thrown.
   * @default 60_000
   */
  readonly totalTimeoutMs?: number;
  /**
   * Cap of the first backoff delay; each retry doubles the cap, up to `retryMaxDelayMs`. The delay is random
   * below the cap (full jitter). A `Retry-After` header replaces it.
   * @default 500
   */
  readonly retryBaseDelayMs?: number;
  /** @default 10_000 */
  readonly retryMaxDelayMs?: number;
  /**
   * Retry an unknown host or a refused connection (see `TransportSettings.retryUnreachable`).
   * @default true
   */
  readonly retryUnreachable?: boolean;
}

/** Result of {@link ArgyleWebhooksClient.delete}: `not-found` when the subscription was already gone (404). */
export type DeleteOutcome = 'deleted' | 'not-found';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 10_000;
/** Pages a list reads at most unless told otherwise: 20,000 subscriptions at 200 a page, 1,000 at Argyle's 10. */
export const DEFAULT_MAX_LIST_PAGES = 100;

/**
 * Client of Argyle's webhook-subscription API (`/v2/webhooks`, or `/v1/webhooks`). Retries 429, 5xx, network
 * errors and timeouts within a time budget; `create` is retried only when the request cannot have taken effect
 * (429, connection refused), so a retry never makes a second subscription. Errors are `ArgyleApiError`s.
 */
export class ArgyleWebhooksClient {
  readonly baseUrl: string;
  readonly apiVersion: ArgyleApiVersion;
  readonly environment: ArgyleEnvironment;
  // Private fields (#) stay out of console.log and util.inspect output.
  readonly #authorization: string;
  readonly #scrubbed: readonly string[];
  readonly #settings: TransportSettings;
  readonly #runtime: TransportRuntime;

  constructor(options: ArgyleWebhooksClientOptions) {
    if (!options.apiKeyId || !options.apiKeySecret) {
      throw new Error('apiKeyId and apiKeySecret are required: use the API key of the Argyle environment');
    }
    if (options.environment !== 'sandbox' && options.environment !== 'production') {
      throw new Error(
        `environment must be 'sandbox' or 'production', got ${JSON.stringify(options.environment)}`,
      );
    }
    this.environment = options.environment;
    this.baseUrl = resolveArgyleBaseUrl(options);
    this.apiVersion = options.apiVersion ?? 'v2';
    if (this.apiVersion !== 'v1' && this.apiVersion !== 'v2') {
      throw new Error(`apiVersion must be 'v1' or 'v2', got ${JSON.stringify(this.apiVersion)}`);
    }
    const token = Buffer.from(`${options.apiKeyId}:${options.apiKeySecret}`, 'utf8').toString('base64');
    this.#authorization = `Basic ${token}`;
    this.#scrubbed = [token, options.apiKeySecret, options.apiKeyId].filter((s) => s.length >= 4);
    this.#settings = {
      timeoutMs: positive('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      totalTimeoutMs: positive('totalTimeoutMs', options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
      retryBaseDelayMs: positive('retryBaseDelayMs', options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS),
      retryMaxDelayMs: positive('retryMaxDelayMs', options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS),
      retryUnreachable: options.retryUnreachable ?? true,
    };
    this.#runtime = {
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
  }

  /** Creates a subscription (`POST /v2/webhooks`). The result holds the secret in clear. */
  async create(input: CreateWebhookSubscriptionInput): Promise<WebhookSubscription> {
    const body: Record<string, unknown> = { name: input.name, events: input.events, url: input.url };
    if (input.secret !== undefined) body.secret = input.secret;
    if (input.config !== undefined) body.config = input.config;
    const url = this.#url();
    const response = await this.#send({ method: 'POST', url, body: JSON.stringify(body), idempotent: false });
    return parseResponse(WebhookSubscriptionSchema, response, { method: 'POST', url });
  }

  /** Reads one subscription. Throws `ArgyleNotFoundError` when there is none with this id. */
  async retrieve(id: string): Promise<WebhookSubscription> {
    const url = this.#url(id);
    const response = await this.#send({ method: 'GET', url, idempotent: true });
    return parseResponse(WebhookSubscriptionSchema, response, { method: 'GET', url });
  }

  /**
   * Every subscription (that the filters select), following the `next` cursor URLs to the end. Throws
   * `ArgyleListLimitError` when there are more than `maxPages` pages, so a caller never mistakes a partial list
   * for the whole.
   */
  async list(options: ListWebhookSubscriptionsOptions = {}): Promise<WebhookSubscription[]> {
    const all: WebhookSubscription[] = [];
    for await (const page of this.pages(options)) all.push(...page.results);
    return all;
  }

  /**
   * The pages of the list, one request each. `limit` is the page size Argyle applies (its default is 10);
   * `fromCreatedAt`, `toCreatedAt` and `ordering` are sent as `from_created_at`, `to_created_at` and `ordering`.
   * `next` URLs are followed as given, but only on the base URL's origin, so the credentials go nowhere else.
   * After `maxPages` pages, a further `next` throws `ArgyleListLimitError` (the pages read were yielded).
   */
  async *pages(options: ListWebhookSubscriptionsOptions = {}): AsyncGenerator<WebhookSubscriptionPage> {
    const maxPages = options.maxPages ?? DEFAULT_MAX_LIST_PAGES;
    if (!Number.isInteger(maxPages) || maxPages < 1) {
      throw new Error(`maxPages must be a whole number of pages above 0, got ${maxPages}`);
    }
    let url: URL | undefined = this.#url();
    for (const [name, value] of listQuery(options, this.apiVersion)) url.searchParams.set(name, value);
    const seen = new Set<string>();
    let read = 0;
    while (url !== undefined) {
      seen.add(url.href);
      const response = await this.#send({ method: 'GET', url, idempotent: true });
      const page: WebhookSubscriptionPage = parseResponse(WebhookSubscriptionPageSchema, response, {
        method: 'GET',
        url,
      });
      read += page.results.length;
      yield page;
      if (page.next === null) return;
      if (seen.size >= maxPages) throw this.#listLimit(url, response.attempts, maxPages, read);
      url = this.#nextPage(page.next, url, response.attempts, seen);
    }
  }

  /**
   * Deletes a subscription. Resolves `'not-found'` when Argyle answers 404 (already deleted, or never existed), so a
   * caller can treat both outcomes as deleted.
   */
  async delete(id: string): Promise<DeleteOutcome> {
    const url = this.#url(id);
    const request = { method: 'DELETE', url, idempotent: true } as const;
    const response = await send(this.#request(request), this.#settings, this.#runtime);
    if (response.status === 404) return 'not-found';
    if (response.status < 200 || response.status >= 300) throw this.#error(request, response);
    return 'deleted';
  }

  #url(id?: string): URL {
    if (id !== undefined && id.trim() === '') throw new Error('subscription id must not be empty');
    const suffix = id === undefined ? '' : `/${encodeURIComponent(id)}`;
    return new URL(`${this.baseUrl}/${this.apiVersion}/webhooks${suffix}`);
  }

  #listLimit(current: URL, attempts: number, maxPages: number, read: number): ArgyleListLimitError {
    const path = `${current.pathname}${current.search}`;
    return new ArgyleListLimitError(
      `Argyle API GET ${path} has more than ${maxPages} page${maxPages === 1 ? '' : 's'} of subscriptions (${read} read): the list stopped at its page bound and is incomplete`,
      { method: 'GET', path, attempts, status: 200, maxPages, subscriptionsRead: read },
    );
  }

  #nextPage(next: string, current: URL, attempts: number, seen: Set<string>): URL {
    const path = `${current.pathname}${current.search}`;
    const details = { method: 'GET', path, attempts, status: 200 };
    let url: URL;
    try {
      url = new URL(next);
    } catch {
      throw new ArgyleInvalidResponseError(
        `Argyle API GET ${path} returned a next page that is not a URL`,
        details,
      );
    }
    const base = new URL(this.baseUrl);
    if (url.origin !== base.origin) {
      throw new ArgyleInvalidResponseError(
        `Argyle API GET ${path} returned a next page on ${url.origin}, not on ${base.origin}; the credentials are not sent there`,
        details,
      );
    }
    if (seen.has(url.href)) {
      throw new ArgyleInvalidResponseError(
        `Argyle API GET ${path} returned a next page already read`,
        details,
      );
    }
    return url;
  }

  async #send(request: Omit<TransportRequest, 'headers'>) {
    const response = await send(this.#request(request), this.#settings, this.#runtime);
    if (response.status < 200 || response.status >= 300) throw this.#error(request, response);
    return response;
  }

  #request(request: Omit<TransportRequest, 'headers'>): TransportRequest {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.#authorization,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return { ...request, headers };
  }

  #error(
    request: { readonly method: string; readonly url: URL },
    response: Awaited<ReturnType<typeof send>>,
  ) {
    const standard = ARGYLE_BASE_URLS[this.environment] === this.baseUrl;
    const target = standard
      ? `the ${this.environment} API at ${this.baseUrl}`
      : `${this.baseUrl}, configured for the ${this.environment} environment`;
    const scrub = (text: string) =>
      this.#scrubbed.reduce((acc, secret) => acc.replaceAll(secret, '[redacted]'), text);
    return responseError({ ...request, target, scrub }, response);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of ms, got ${value}`);
  return value;
}
