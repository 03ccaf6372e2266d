import { ArgyleNetworkError, ArgyleTimeoutError } from './errors';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy';

/** The primitives the transport uses, injectable so tests of backoff need not wait. */
export interface TransportRuntime {
  readonly fetch: typeof fetch;
  /** Waits `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Current time in epoch milliseconds; also used to read `Retry-After` dates. */
  readonly now: () => number;
  /** A number in [0, 1), for jitter. */
  readonly random: () => number;
  /** Told before each wait for a retry, e.g. so a command line can say that it is retrying. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** What {@link TransportRuntime.onRetry} is told. */
export interface RetryNotice {
  /** e.g. `GET /v2/webhooks answered 503`, `GET /v2/webhooks failed: ECONNRESET` */
  readonly reason: string;
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  readonly waitMs: number;
  /** Time left of the budget after the wait. */
  readonly remainingMs: number;
  readonly totalTimeoutMs: number;
}

export interface TransportSettings {
  /** Time allowed for one attempt, from sending to the last byte of the body. */
  readonly timeoutMs: number;
  /** Time allowed for all attempts and the waits between them. */
  readonly totalTimeoutMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /**
   * Whether to retry when the host is unknown (DNS) or refuses the connection. A deploy retries (a network
   * blip heals); a person at a command line is better told at once, since a retry rarely helps.
   * @default true
   */
  readonly retryUnreachable?: boolean;
}

/** Failures that mean the address is wrong or nothing listens there. */
const UNREACHABLE = new Map([
  ['ENOTFOUND', 'no such host'],
  ['ECONNREFUSED', 'nothing listens there'],
]);

export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Whether sending the request twice is harmless. When false, the request is retried only when it certainly
   * did not take effect: a 429, or a connection that could not be opened.
   */
  readonly idempotent: boolean;
}

export interface TransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly text: string;
  /** How many times the request was sent. */
  readonly attempts: number;
}

type Attempt = { readonly response: Omit<TransportResponse, 'attempts'> } | { readonly failure: Failure };

interface Failure {
  readonly timedOut: boolean;
  /** True when no connection was opened, so the server cannot have seen the request. */
  readonly notSent: boolean;
  readonly code: string | undefined;
  readonly cause: unknown;
}

const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Sends a request, retrying 429, 5xx, network errors and timeouts with exponential backoff and full jitter (or
 * `Retry-After` when given), within the total time budget. Returns the last response, whatever its status: a
 * retryable status comes back when the budget does not allow another try. Throws {@link ArgyleNetworkError} or
 * {@link ArgyleTimeoutError} when the last attempt got no response.
 */
export async function send(
  request: TransportRequest,
  settings: TransportSettings,
  runtime: TransportRuntime,
): Promise<TransportResponse> {
  const start = runtime.now();
  const deadline = start + settings.totalTimeoutMs;
  for (let attempts = 1; ; attempts++) {
    const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, deadline - runtime.now()));
    const attempt = await sendOnce(request, timeoutMs, runtime.fetch);
    let waitMs: number;
    let reason: string;
    if ('response' in attempt) {
      const { response } = attempt;
      if (!isRetryableStatus(response.status) || (!request.idempotent && response.status !== 429)) {
        return { ...response, attempts };
      }
      waitMs =
        parseRetryAfter(response.headers.get('retry-after'), runtime.now()) ??
        backoffDelay(attempts - 1, settings.retryBaseDelayMs, settings.retryMaxDelayMs, runtime.random);
      if (runtime.now() + waitMs >= deadline) return { ...response, attempts };
      reason = `${request.method} ${request.url.pathname} answered ${response.status}`;
    } else {
      const { failure } = attempt;
      waitMs = backoffDelay(
        attempts - 1,
        settings.retryBaseDelayMs,
        settings.retryMaxDelayMs,
        runtime.random,
      );
      const unreachable =
        settings.retryUnreachable === false ? UNREACHABLE.get(failure.code ?? '') : undefined;
      if (unreachable !== undefined) {
        const note = `; not retried: ${unreachable}`;
        throw failureError(request, failure, timeoutMs, attempts, runtime.now() - start, note);
      }
      const retryable = request.idempotent || failure.notSent;
      if (!retryable || runtime.now() + waitMs >= deadline) {
        const note = retryable ? '' : '; not retried, as the request may have taken effect';
        throw failureError(request, failure, timeoutMs, attempts, runtime.now() - start, note);
      }
      reason = `${request.method} ${request.url.pathname} ${
        failure.timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${failure.code ?? 'network error'}`
      }`;
    }
    runtime.onRetry?.({
      reason,
      attempt: attempts,
      waitMs,
      remainingMs: Math.max(0, deadline - runtime.now() - waitMs),
      totalTimeoutMs: settings.totalTimeoutMs,
    });
    await runtime.sleep(waitMs);
  }
}

async function sendOnce(
  request: TransportRequest,
  timeoutMs: number,
  fetchFn: typeof fetch,
): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      // A redirect would carry the credentials elsewhere; it is reported as an error instead.
      redirect: 'manual',
    });
    const text = await response.text();
    return {
      response: { status: response.status, statusText: response.statusText, headers: response.headers, text },
    };
  } catch (error) {
    const code = errorCode(error);
    return {
      failure: {
        timedOut: signal.aborted,
        notSent: !signal.aborted && code !== undefined && NOT_CONNECTED_CODES.has(code),
        code,
        cause: error,
      },
    };
  }
}

function failureError(
  request: TransportRequest,
  failure: Failure,
  timeoutMs: number,
  attempts: number,
  elapsedMs: number,
  note: string,
): ArgyleNetworkError {
  const path = `${request.url.pathname}${request.url.search}`;
  const details = { method: request.method, path, attempts, cause: failure.cause };
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} in ${elapsedMs} ms${note}`;
  if (failure.timedOut) {
    return new ArgyleTimeoutError(
      `Argyle API ${request.method} ${path} timed out: no complete response within ${timeoutMs} ms (${tries})`,
      details,
    );
  }
  const reason = failure.code ?? (failure.cause instanceof Error ? failure.cause.message : 'unknown error');
  return new ArgyleNetworkError(
    `Argyle API ${request.method} ${path} failed with a network error: ${reason} (${tries})`,
    details,
  );
}

/** The system error code behind a `fetch` failure (`TypeError: fetch failed` wraps it in `cause`). */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const first = current instanceof AggregateError ? current.errors[0] : undefined;
    current = first ?? current.cause;
  }
  return undefined;
}
