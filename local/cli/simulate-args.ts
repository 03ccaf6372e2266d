/** The command line of `npm run simulate`. */
import { ARGYLE_EVENT_NAMES, isArgyleEventName } from '../../functions/catalogue/catalogue';
import { parseCommandLine, UsageError, wholeNumber } from '../../functions/shared/cli/args';
import { closestName } from '../../functions/shared/closest-name';
import { DEFAULT_WEBHOOK_URL, SECRET_ENV } from '../defaults';

export interface SimulateArgs {
  readonly events: readonly string[];
  readonly files: readonly string[];
  readonly url: string;
  readonly secret: string;
  /** Where the secret came from: `--secret`, `ARGYLE_WEBHOOK_SECRET`, or the dev server's kept one. */
  readonly secretSource: SecretOrigin;
  readonly ids: { readonly account?: string; readonly user?: string; readonly item?: string };
  readonly subscription?: string;
  readonly includeResource: boolean;
  readonly badSignature: boolean;
  readonly count: number;
  readonly concurrency: number;
  readonly seed?: number;
  /** Print each body sent. */
  readonly showBody: boolean;
  readonly list: boolean;
  readonly help: boolean;
}

export type SecretOrigin = 'option' | 'environment' | 'dev server';

export const MAX_COUNT = 10_000;
export const MAX_CONCURRENCY = 64;

export const SIMULATE_USAGE = `Usage: npm run simulate -- <event>... | --all | --file <path> [options]

Sends signed, Argyle-shaped deliveries and prints each answer. Bodies come from the event catalogue (the shapes
its schemas accept), pretty-printed as Argyle sends them.

What to send (any mix):
  <event>...              events from the catalogue, e.g. accounts.connected paystubs.fully_synced
  --all                   one of every event in the catalogue (${ARGYLE_EVENT_NAMES.length})
  --file <path>           a JSON file with one envelope, or a list of them (may repeat)
  --count <n>             send each event n times (default 1; at most ${MAX_COUNT})

Options:
  --url <url>             where to send (default ${DEFAULT_WEBHOOK_URL}); a deployed stack's WebhookUrl
                          works from an address its sourceIps allowlist admits
  --secret <secret>       the signing secret (default $${SECRET_ENV}, else, for a local URL, the one npm run
                          dev uses, which it keeps across restarts)
  --account <id>          use this account id in the generated events (likewise --user, --item)
  --user <id>
  --item <id>
  --subscription <name>   the envelope's "name", the Argyle subscription (default example-subscription)
  --include-resource      include data.resource, as a subscription with include_resource gets
  --bad-signature         sign with a wrong secret, to see the 401
  --concurrency <n>       requests in flight at once (default 8; at most ${MAX_CONCURRENCY})
  --seed <n>              make the generated events repeatable
  --show-body             print each body sent
  --list                  print the catalogue's event names and exit
  -h, --help              show this help`;

/**
 * `devSecret` is the dev server's kept secret (local/dev-secret.ts), used for a local URL when neither
 * `--secret` nor `ARGYLE_WEBHOOK_SECRET` gives one.
 */
export function parseSimulateArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  devSecret?: string,
): SimulateArgs {
  const { values, positionals } = parseCommandLine(
    args,
    {
      all: { type: 'boolean', default: false },
      file: { type: 'string', multiple: true },
      count: { type: 'string' },
      url: { type: 'string' },
      secret: { type: 'string' },
      account: { type: 'string' },
      user: { type: 'string' },
      item: { type: 'string' },
      subscription: { type: 'string' },
      'include-resource': { type: 'boolean', default: false },
      'bad-signature': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      'show-body': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    { allowPositionals: true },
  );
  const base = {
    list: values.list,
    help: values.help,
  };
  if (values.help || values.list) {
    return { ...base, ...emptyRequest() };
  }
  for (const name of positionals) {
    if (!isArgyleEventName(name)) {
      const guess = closestName(name, ARGYLE_EVENT_NAMES, { caseSensitive: true });
      const hint = guess === undefined ? '' : `; did you mean ${guess}?`;
      throw new UsageError(
        `"${name}" is not an event in the catalogue${hint} (--list shows all ${ARGYLE_EVENT_NAMES.length})`,
      );
    }
  }
  if (values.all && positionals.length > 0) {
    throw new UsageError('give event names or --all, not both');
  }
  const events = values.all ? [...ARGYLE_EVENT_NAMES] : positionals;
  const files = values.file ?? [];
  if (events.length === 0 && files.length === 0) {
    throw new UsageError(
      'say what to send: event names (e.g. accounts.connected), --all, or --file <path>; --list shows the events',
    );
  }
  const url = webhookUrl(values.url ?? DEFAULT_WEBHOOK_URL);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  const [secret, secretSource] =
    values.secret !== undefined
      ? [values.secret, 'option' as const]
      : env[SECRET_ENV]
        ? [env[SECRET_ENV], 'environment' as const]
        : [local ? devSecret : undefined, 'dev server' as const];
  if (secret === undefined || secret === '') {
    throw new UsageError(
      `no signing secret: pass --secret <secret> or set ${SECRET_ENV} (npm run dev prints the one it uses)`,
    );
  }
  return {
    ...base,
    events,
    files,
    url,
    secret,
    secretSource,
    ids: {
      account: nonEmpty(values.account, '--account'),
      user: nonEmpty(values.user, '--user'),
      item: nonEmpty(values.item, '--item'),
    },
    subscription: nonEmpty(values.subscription, '--subscription'),
    includeResource: values['include-resource'],
    badSignature: values['bad-signature'],
    count: values.count === undefined ? 1 : wholeNumber(values.count, '--count', 1, MAX_COUNT, 100),
    concurrency:
      values.concurrency === undefined
        ? 8
        : wholeNumber(values.concurrency, '--concurrency', 1, MAX_CONCURRENCY, 8),
    seed: values.seed === undefined ? undefined : wholeNumber(values.seed, '--seed', 0, 2 ** 32 - 1, 42),
    showBody: values['show-body'],
  };
}

function emptyRequest() {
  return {
    events: [],
    files: [],
    url: DEFAULT_WEBHOOK_URL,
    secret: '',
    secretSource: 'option' as const,
    ids: {},
    includeResource: false,
    badSignature: false,
    count: 1,
    concurrency: 8,
    showBody: false,
  };
}

function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url: "${value}" is not a URL; write e.g. --url ${DEFAULT_WEBHOOK_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `--url: "${value}" is not an http or https URL; write e.g. --url ${DEFAULT_WEBHOOK_URL}`,
    );
  }
  return url.href;
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === '') throw new UsageError(`${flag} is empty; give a value or leave ${flag} out`);
  return value;
}
