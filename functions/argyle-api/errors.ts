/**
 * What went wrong, for callers that branch on it:
 * - `http`: Argyle answered with an error status not listed below (400, 403, 429 or 5xx after retries, ...).
 * - `unauthorized`: 401, the API key is wrong or belongs to the other environment.
 * - `not-found`: 404.
 * - `network`: no HTTP response (connection refused or reset, DNS failure).
 * - `timeout`: no complete response within the per-request timeout.
 * - `invalid-response`: a success status with a body that is not what Argyle documents.
 * - `list-limit`: a list still had a next page after the page bound, so it would have been incomplete.
 */
export type ArgyleApiErrorKind =
  | 'http'
  | 'unauthorized'
  | 'not-found'
  | 'network'
  | 'timeout'
  | 'invalid-response'
  | 'list-limit';

/** Field errors as Argyle returns them on a 400, e.g. `{ config: ['only allowed for ...'] }`. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export interface ArgyleApiErrorDetails {
  readonly method: string;
  /** Path and query of the request, e.g. `/v2/webhooks?cursor=abc`. Never the credentials. */
  readonly path: string;
  /** How many times the request was sent. */
  readonly attempts: number;
  /** The HTTP status, when Argyle answered. */
  readonly status?: number;
  /** Argyle's own message, from `detail` or from the field errors. */
  readonly detail?: string;
  readonly fieldErrors?: FieldErrors;
  readonly cause?: unknown;
}

/** Any failure of a call to Argyle's API. Messages and fields never contain the API key id or secret. */
export class ArgyleApiError extends Error {
  override readonly name: string = 'ArgyleApiError';
  readonly kind: ArgyleApiErrorKind;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(message: string, kind: ArgyleApiErrorKind, details: ArgyleApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.status = details.status;
    this.detail = details.detail;
    this.fieldErrors = details.fieldErrors;
  }
}

/** 401: the API key id or secret is wrong, or belongs to the other environment. */
export class ArgyleUnauthorizedError extends ArgyleApiError {
  override readonly name: string = 'ArgyleUnauthorizedError';
  constructor(message: string, details: ArgyleApiErrorDetails) {
    super(message, 'unauthorized', details);
  }
}

/** 404: no such subscription (or no such path). */
export class ArgyleNotFoundError extends ArgyleApiError {
  override readonly name: string = 'ArgyleNotFoundError';
  constructor(message: string, details: ArgyleApiErrorDetails) {
    super(message, 'not-found', details);
  }
}

/** No HTTP response at all. {@link ArgyleTimeoutError} is the timeout case. */
export class ArgyleNetworkError extends ArgyleApiError {
  override readonly name: string = 'ArgyleNetworkError';
  constructor(message: string, details: ArgyleApiErrorDetails, kind: 'network' | 'timeout' = 'network') {
    super(message, kind, details);
  }
}

/** No complete response within the per-request timeout. */
export class ArgyleTimeoutError extends ArgyleNetworkError {
  override readonly name: string = 'ArgyleTimeoutError';
  constructor(message: string, details: ArgyleApiErrorDetails) {
    super(message, details, 'timeout');
  }
}

/** A success status with a body that does not match the documented shape. */
export class ArgyleInvalidResponseError extends ArgyleApiError {
  override readonly name: string = 'ArgyleInvalidResponseError';
  constructor(message: string, details: ArgyleApiErrorDetails) {
    super(message, 'invalid-response', details);
  }
}

/**
 * A list reached its page bound (`maxPages`) while Argyle still had a next page. Thrown instead of returning a
 * list that misses subscriptions: a caller that must see every subscription (adoption before a create) would
 * otherwise make a duplicate. The pages read before the bound were yielded by `pages()`; `list()` returns none.
 */
export class ArgyleListLimitError extends ArgyleApiError {
  override readonly name: string = 'ArgyleListLimitError';
  /** The bound that was reached: pages read, all of them full. */
  readonly maxPages: number;
  /** Subscriptions read in those pages. */
  readonly subscriptionsRead: number;
  constructor(
    message: string,
    details: ArgyleApiErrorDetails & { readonly maxPages: number; readonly subscriptionsRead: number },
  ) {
    super(message, 'list-limit', details);
    this.maxPages = details.maxPages;
    this.subscriptionsRead = details.subscriptionsRead;
  }
}
