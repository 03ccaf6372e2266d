import type * as z from 'zod/mini';
import { ArgyleInvalidResponseError } from './errors';
import type { TransportResponse } from './http-transport';

/**
 * Parses a success body with `schema`. The error names the fields that did not match but never quotes the body,
 * which holds subscription secrets.
 */
export function parseResponse<T>(
  schema: z.ZodMiniType<T>,
  response: TransportResponse,
  request: { readonly method: string; readonly url: URL },
): T {
  const path = `${request.url.pathname}${request.url.search}`;
  const details = { method: request.method, path, attempts: response.attempts, status: response.status };
  const head = `Argyle API ${request.method} ${path} returned ${response.status} with an unexpected body`;
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw new ArgyleInvalidResponseError(`${head}: not JSON (${response.text.length} characters)`, details);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    const expected = 'expected' in issue ? ` (expected ${String(issue.expected)})` : '';
    return `${where}: ${issue.code}${expected}`;
  });
  throw new ArgyleInvalidResponseError(`${head}: ${problems.join('; ')}`, details);
}
