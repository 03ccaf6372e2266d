/**
 * What every subcommand of the operators' CLI shares: its options, how it is run (`CliIo`), and the checks of
 * its arguments. Parsing and the usage error's words are the project's one CLI shape (functions/shared/cli/).
 */
import { parseCommandLine, UsageError } from '../../shared/cli/args';
import type { CliTool } from '../../shared/cli/output';
import type { ClientTuning } from '../create-handler';
import { CLI_NAME } from '../remedies';
import type { SecretsReader } from '../secrets';
import type { SubscriptionStateStore } from '../state/store';
import type { MetricsReader } from '../watcher/last-accepted';
import type { AwsClients } from './aws';

export { UsageError };

/** How usage errors point at the help. */
export const SUBSCRIPTIONS_TOOL: CliTool = {
  name: CLI_NAME,
  helpPointer: `Run "${CLI_NAME} --help" for usage.`,
};

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
  /** Waits (before signing with a secret just read, between looks at a rotation); tests pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** AWS clients of replay, redrive and peek; each one not given is made with the usual AWS settings. */
  readonly aws?: Partial<AwsClients>;
  /** Aborted on Ctrl-C: replay stops after the messages in flight and keeps its checkpoint. */
  readonly signal?: AbortSignal;
  /** Whether stderr is a terminal: progress bars are drawn only there. */
  readonly stderrIsTTY?: boolean;
  /** The state store in table `name` (`--state-table`): the DynamoDB store unless a test passes another. */
  readonly stateStore?: (name: string) => SubscriptionStateStore;
  /** CloudWatch, created only when `--function-name` asks when deliveries were last accepted. */
  readonly metrics?: () => MetricsReader;
  /** The clock; tests pass their own. */
  readonly now?: () => number;
}

export const OPTIONS = {
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
  desired: { type: 'string' },
  'last-accepted': { type: 'string', multiple: true },
  // replay, redrive and peek (docs/archive.md)
  stack: { type: 'string' },
  outputs: { type: 'string' },
  bucket: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  event: { type: 'string' },
  account: { type: 'string' },
  subscription: { type: 'string' },
  route: { type: 'string' },
  queue: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  rate: { type: 'string' },
  resume: { type: 'string' },
  'state-dir': { type: 'string' },
  dlq: { type: 'string' },
  max: { type: 'string' },
  bodies: { type: 'boolean', default: false },
  'no-wait': { type: 'boolean', default: false },
  'state-table': { type: 'string' },
  'silent-after': { type: 'string' },
  'function-name': { type: 'string' },
  namespace: { type: 'string' },
  secret: { type: 'string' },
  timeout: { type: 'string' },
  'minimum-interval-hours': { type: 'string' },
} as const;

export type Values = ReturnType<typeof parse>['values'];

/** The options and positionals; Node's own words for an unknown option, as the CLI always printed them. */
export function parse(argv: readonly string[]) {
  return parseCommandLine(argv, OPTIONS, { allowPositionals: true, nodeMessages: true });
}

export function noArguments(command: string, rest: readonly string[]): void {
  if (rest.length > 0) throw new UsageError(`${command} takes no arguments, got ${rest.join(' ')}`);
}

export function oneId(command: string, rest: readonly string[]): string {
  const [id, ...extra] = rest;
  if (id === undefined || id.trim() === '' || extra.length > 0) {
    throw new UsageError(`${command} takes one subscription id, e.g. ${CLI_NAME} ${command} <id>`);
  }
  return id.trim();
}

export function required(
  value: string | undefined,
  option: string,
  hint: string,
  command = 'create',
): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${command} needs ${option}: ${hint}`);
  return value.trim();
}

export function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new UsageError(`${option} must be ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  }
  return match;
}
