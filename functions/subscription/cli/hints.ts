/**
 * A line of advice for a failure that depends on the situation, beyond what the error itself says: a 404 on
 * `list` (the API is not where the CLI calls it), and a network failure (where the CLI called).
 */
import { ArgyleApiError, ArgyleNetworkError, ArgyleTimeoutError } from '../../argyle-api';

interface HintValues {
  readonly 'base-url'?: string;
  readonly 'api-version'?: string;
  readonly environment?: string;
}

/** `\n` and the hint, or `''` when the error says enough. */
export function situationHint(
  error: unknown,
  command: string | undefined,
  values: HintValues,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const where =
    env.ARGYLE_API_BASE_URL !== undefined
      ? `ARGYLE_API_BASE_URL (${env.ARGYLE_API_BASE_URL}), which overrides --base-url`
      : values['base-url'] !== undefined
        ? `--base-url (${values['base-url']})`
        : `the ${values.environment} API's URL`;
  if (error instanceof ArgyleApiError && error.kind === 'not-found' && command === 'list') {
    return `\nThe list itself answered 404, so no subscriptions API is there: check ${where} and --api-version (${values['api-version']}).`;
  }
  if (error instanceof ArgyleNetworkError || error instanceof ArgyleTimeoutError) {
    return `\nArgyle's API could not be reached at ${where}: check that address and your network (or proxy).`;
  }
  return '';
}
