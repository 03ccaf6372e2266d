import { parseErrorBody } from './error-body';
import {
  ArgyleApiError,
  type ArgyleApiErrorDetails,
  ArgyleNotFoundError,
  ArgyleUnauthorizedError,
} from './errors';
import type { TransportResponse } from './http-transport';

export interface ResponseErrorContext {
  readonly method: string;
  readonly url: URL;
  /** Says, for a 401, which API the client called, e.g. `the sandbox API at https://api-sandbox.argyle.com`. */
  readonly target: string;
  /** Removes anything secret (the API key id and secret) from text that Argyle sent back. */
  readonly scrub: (text: string) => string;
}

/** The error for a response with a status other than 2xx. */
export function responseError(context: ResponseErrorContext, response: TransportResponse): ArgyleApiError {
  const path = `${context.url.pathname}${context.url.search}`;
  const body = parseErrorBody(context.scrub(response.text));
  const details: ArgyleApiErrorDetails = {
    method: context.method,
    path,
    attempts: response.attempts,
    status: response.status,
    detail: body.detail,
    fieldErrors: body.fieldErrors,
  };
  const head = `Argyle API ${context.method} ${path} returned ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const tries = response.attempts > 1 ? ` (after ${response.attempts} attempts)` : '';
  if (response.status === 401) {
    const said = body.message ? ` Argyle says: ${body.message}` : '';
    return new ArgyleUnauthorizedError(
      `${head}: the API key id or secret is wrong, or belongs to the other environment (this client calls ${context.target}).${said}`,
      details,
    );
  }
  if (response.status === 404) {
    return new ArgyleNotFoundError(`${head}: ${body.message || 'not found'}${tries}`, details);
  }
  if (response.status >= 300 && response.status < 400) {
    const location = context.scrub(response.headers.get('location') ?? 'nowhere');
    return new ArgyleApiError(
      `${head}: unexpected redirect to ${location}; check the base URL`,
      'http',
      details,
    );
  }
  return new ArgyleApiError(`${head}${body.message ? `: ${body.message}` : ''}${tries}`, 'http', details);
}
