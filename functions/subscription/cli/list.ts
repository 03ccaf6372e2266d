/** `argyle-subscriptions list`: every subscription the filters select, as a table or JSON. */
import {
  ArgyleListLimitError,
  DEFAULT_MAX_LIST_PAGES,
  type ListWebhookSubscriptionsOptions,
  MAX_LIST_LIMIT,
  WEBHOOK_LIST_ORDERINGS,
  type WebhookSubscription,
} from '../../argyle-api';
import { CLI_NAME } from '../remedies';
import { clientFor } from './client';
import { formatJson, formatTable } from './format';
import { type CliIo, oneOf, UsageError, type Values } from './options';

/**
 * Every subscription the filters select, all pages up to `--max-pages`. Past the bound it prints what it read
 * and fails (exit 1), so a partial list is never taken for the whole.
 */
export async function list(values: Values, io: CliIo): Promise<number> {
  const options = listOptions(values);
  const client = await clientFor(values, io);
  const subscriptions: WebhookSubscription[] = [];
  let limitError: ArgyleListLimitError | undefined;
  try {
    for await (const page of client.pages(options)) subscriptions.push(...page.results);
  } catch (error) {
    if (!(error instanceof ArgyleListLimitError)) throw error;
    limitError = error;
  }
  io.stdout(values.json ? formatJson(subscriptions) : formatTable(subscriptions));
  if (limitError === undefined) return 0;
  io.stderr(
    `${CLI_NAME}: the list is incomplete: more than ${limitError.maxPages} page${limitError.maxPages === 1 ? '' : 's'} of ${MAX_LIST_LIMIT}; narrow it with --from-created-at/--to-created-at, or raise --max-pages\n`,
  );
  return 1;
}

/** The list's filters and page bound from the command line; wrong values are usage errors. */
export function listOptions(values: Values): ListWebhookSubscriptionsOptions {
  const ordering =
    values.ordering === undefined ? undefined : oneOf(values.ordering, '--ordering', WEBHOOK_LIST_ORDERINGS);
  const maxPages = values['max-pages'] === undefined ? DEFAULT_MAX_LIST_PAGES : Number(values['max-pages']);
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new UsageError(`--max-pages must be a whole number above 0, got ${values['max-pages']}`);
  }
  for (const option of ['from-created-at', 'to-created-at'] as const) {
    const value = values[option];
    if (value !== undefined && values['api-version'] === 'v1') {
      throw new UsageError(`--${option} filters the v2 list only`);
    }
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new UsageError(
        `--${option} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z, got ${JSON.stringify(value)}`,
      );
    }
  }
  return {
    limit: MAX_LIST_LIMIT,
    maxPages,
    ...(values['from-created-at'] === undefined ? {} : { fromCreatedAt: values['from-created-at'] }),
    ...(values['to-created-at'] === undefined ? {} : { toCreatedAt: values['to-created-at'] }),
    ...(ordering === undefined ? {} : { ordering }),
  };
}
