/**
 * The operators' command line for Argyle webhook subscriptions: list, show, create and delete, with the API
 * key from the environment or a Secrets Manager secret. `main` returns the exit code instead of exiting, so
 * tests run it in-process: 0 success, 1 failure (Argyle, AWS, an unknown id), 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import {
  ArgyleApiError,
  type ArgyleEnvironment,
  ArgyleListLimitError,
  ArgyleWebhooksClient,
  checkSubscriptionRules,
  DEFAULT_MAX_LIST_PAGES,
  type ListWebhookSubscriptionsOptions,
  MAX_LIST_LIMIT,
  resolveArgyleBaseUrl,
  WEBHOOK_LIST_ORDERINGS,
  type WebhookConfig,
  WebhookConfigSchema,
  type WebhookSubscription,
} from '../../argyle-api';
import {
  subscriptionEventGrammarProblem,
  unknownSubscriptionEventProblem,
} from '../../catalogue/known-events';
import { CREDENTIALS_SECRET_KEY, SIGNING_SECRET_SETTLE_MS } from '../../shared/contract';
import type { ClientTuning } from '../create-handler';
import { SubscriptionError } from '../errors';
import { CLI_NAME } from '../remedies';
import {
  type ApiCredentials,
  createSecretsManagerClient,
  readCredentials,
  readSigningSecret,
  type SecretsReader,
} from '../secrets';
import { sleep } from '../signing-secret-settle';
import { formatDetails, formatJson, formatTable } from './format';
import { situationHint } from './hints';
import { retryNoticeLine } from './retry-notice';
import { USAGE } from './usage';

export const ENV_API_KEY_ID = 'ARGYLE_API_KEY_ID';
export const ENV_API_KEY_SECRET = 'ARGYLE_API_KEY_SECRET';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Secrets Manager, created only when a secret is read. */
  readonly secrets?: () => SecretsReader;
  /** Overrides of the Argyle client's time budget and runtime. */
  readonly client?: ClientTuning;
  /** Waits (before signing with a secret just read); tests pass one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Wrong usage: exit code 2, with a pointer to --help. */
class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

const OPTIONS = {
  environment: { type: 'string', short: 'e', default: 'sandbox' },
  'credentials-secret': { type: 'string' },
  'api-version': { type: 'string', default: 'v2' },
  'base-url': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  name: { type: 'string' },
  events: { type: 'string' },
  url: { type: 'string' },
  'signing-secret': { type: 'string' },
  config: { type: 'string' },
  'from-created-at': { type: 'string' },
  'to-created-at': { type: 'string' },
  ordering: { type: 'string' },
  'max-pages': { type: 'string' },
  'allow-unknown-events': { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  try {
    switch (command) {
      case 'list':
        noArguments(command, rest);
        return await list(values, io);
      case 'show':
        return await show(oneId(command, rest), values, io);
      case 'create':
        noArguments(command, rest);
        return await create(values, io);
      case 'delete':
        return await remove(oneId(command, rest), values, io);
      default:
        throw new UsageError(`unknown command "${command}"; use list, show, create or delete`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message);
    io.stderr(
      `${CLI_NAME}: ${describe(error, values, command)}${situationHint(error, command, values, io.env)}\n`,
    );
    return 1;
  }
}

/**
 * Every subscription the filters select, all pages up to `--max-pages`. Past the bound it prints what it read
 * and fails (exit 1), so a partial list is never taken for the whole.
 */
async function list(values: Values, io: CliIo): Promise<number> {
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
function listOptions(values: Values): ListWebhookSubscriptionsOptions {
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

async function show(id: string, values: Values, io: CliIo): Promise<number> {
  const client = await clientFor(values, io);
  const subscription = await client.retrieve(id);
  io.stdout(values.json ? formatJson(subscription) : formatDetails(subscription));
  return 0;
}

async function create(values: Values, io: CliIo): Promise<number> {
  const name = required(values.name, '--name', 'e.g. --name accounts');
  const url = required(values.url, '--url', "e.g. --url <the stack's WebhookUrl output>");
  const events = required(values.events, '--events', 'e.g. --events accounts.connected,accounts.updated or *')
    .split(',')
    .map((event) => event.trim())
    .filter((event) => event !== '');
  const secretId = required(
    values['signing-secret'],
    '--signing-secret',
    "the Secrets Manager secret whose value signs deliveries, e.g. the stack's SigningSecretArn output",
  );
  const config = readConfigOption(values.config);
  const nameProblems = events.flatMap((event) => {
    const problem =
      subscriptionEventGrammarProblem(event) ??
      (values['allow-unknown-events']
        ? undefined
        : unknownSubscriptionEventProblem(event, 'pass --allow-unknown-events'));
    return problem === undefined ? [] : [`--events: ${problem}`];
  });
  if (nameProblems.length > 0) throw new UsageError(nameProblems.join('\n'));
  const problems = checkSubscriptionRules({ events, config });
  if (problems.length > 0) throw new UsageError(problems.map((problem) => problem.message).join('; '));
  const client = await clientFor(values, io);
  const secret = await readSigningSecret(secretsOf(io), secretId);
  // A value rotated moments ago may not be readable by every receiver yet: wait before Argyle signs with it.
  io.stderr(
    `waiting ${SIGNING_SECRET_SETTLE_MS / 1000} s until every receiver can read the signing secret\n`,
  );
  await (io.sleep ?? sleep)(SIGNING_SECRET_SETTLE_MS);
  const created = await client.create({
    name,
    events,
    url,
    secret,
    ...(Object.keys(config).length > 0 ? { config } : {}),
  });
  io.stdout(values.json ? formatJson(created) : `created\n${formatDetails(created)}`);
  return 0;
}

async function remove(id: string, values: Values, io: CliIo): Promise<number> {
  const client = await clientFor(values, io);
  const outcome = await client.delete(id);
  if (outcome === 'not-found') {
    io.stderr(`${CLI_NAME}: ${notFound(id, client)}\n`);
    return 1;
  }
  io.stdout(values.json ? formatJson({ id, deleted: true }) : `deleted ${id}\n`);
  return 0;
}

async function clientFor(values: Values, io: CliIo): Promise<ArgyleWebhooksClient> {
  const environment = oneOf(values.environment, '--environment', ['sandbox', 'production'] as const);
  const apiVersion = oneOf(values['api-version'], '--api-version', ['v2', 'v1'] as const);
  const credentials = await credentialsFor(values, environment, io);
  try {
    // ARGYLE_API_BASE_URL, then --base-url, then the environment's URL.
    const baseUrl = resolveArgyleBaseUrl({ environment, baseUrl: values['base-url'] }, io.env);
    return new ArgyleWebhooksClient({
      // At a command line an unknown host or a refused connection fails at once, and a retry says so.
      retryUnreachable: false,
      onRetry: (notice) => io.stderr(retryNoticeLine(notice)),
      ...io.client,
      ...credentials,
      environment,
      apiVersion,
      baseUrl,
    });
  } catch (error) {
    // The client checks the base URL (and ARGYLE_API_BASE_URL) and the settings: the caller's to fix.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function credentialsFor(
  values: Values,
  environment: ArgyleEnvironment,
  io: CliIo,
): Promise<ApiCredentials> {
  const secretName = values['credentials-secret'];
  if (secretName !== undefined) {
    return readCredentials(
      secretsOf(io),
      secretName,
      environment,
      io.env.AWS_REGION,
      'then run the command again',
    );
  }
  const apiKeyId = io.env[ENV_API_KEY_ID]?.trim();
  const apiKeySecret = io.env[ENV_API_KEY_SECRET]?.trim();
  if (!apiKeyId || !apiKeySecret) {
    throw new UsageError(
      `no Argyle API key: set ${ENV_API_KEY_ID} and ${ENV_API_KEY_SECRET} (your ${environment} API key), or pass --credentials-secret <name> (a Secrets Manager secret with "${CREDENTIALS_SECRET_KEY.ID}" and "${CREDENTIALS_SECRET_KEY.SECRET}")`,
    );
  }
  return { apiKeyId, apiKeySecret };
}

function secretsOf(io: CliIo): SecretsReader {
  return (io.secrets ?? createSecretsManagerClient)();
}

function readConfigOption(text: string | undefined): WebhookConfig {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--config is not JSON: write e.g. --config '{"include_resource":true}'`);
  }
  const parsed = WebhookConfigSchema.safeParse(json);
  if (!parsed.success || typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(
      '--config must be an object with include_resource (true/false), days_synced (a number) or items (a list of Item ids)',
    );
  }
  const unknown = Object.keys(json).filter((key) => !(key in parsed.data));
  if (unknown.length > 0) {
    throw new UsageError(
      `--config has unknown option ${unknown.join(', ')}; use include_resource, days_synced or items`,
    );
  }
  return parsed.data;
}

function describe(error: unknown, values: Values, command: string): string {
  if (error instanceof ArgyleApiError) {
    if (error.kind === 'unauthorized') {
      const source =
        values['credentials-secret'] === undefined
          ? `${ENV_API_KEY_ID} and ${ENV_API_KEY_SECRET}`
          : `the secret "${values['credentials-secret']}"`;
      return `${error.message}\nCheck ${source}, and that --environment (${values.environment}) is the environment of the key.`;
    }
    // A 404 on list is no missing id: situationHint explains it.
    if (error.kind === 'not-found' && command !== 'list')
      return `${error.message}\nNo subscription has this id here; "list" shows what exists.`;
    return error.message;
  }
  if (error instanceof SubscriptionError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function notFound(id: string, client: ArgyleWebhooksClient): string {
  return `no subscription with id ${id} in the ${client.environment} environment (${client.baseUrl}); it may have been deleted already, "list" shows what exists`;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`${CLI_NAME}: ${message}\nRun "${CLI_NAME} --help" for usage.\n`);
  return 2;
}

function noArguments(command: string, rest: readonly string[]): void {
  if (rest.length > 0) throw new UsageError(`${command} takes no arguments, got ${rest.join(' ')}`);
}

function oneId(command: string, rest: readonly string[]): string {
  const [id, ...extra] = rest;
  if (id === undefined || id.trim() === '' || extra.length > 0) {
    throw new UsageError(`${command} takes one subscription id, e.g. ${CLI_NAME} ${command} <id>`);
  }
  return id.trim();
}

function required(value: string | undefined, option: string, hint: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`create needs ${option}: ${hint}`);
  return value.trim();
}

function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new UsageError(`${option} must be ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  }
  return match;
}
