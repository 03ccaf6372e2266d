/**
 * The operators' command line for Argyle webhook subscriptions: list, show, create, delete, status, repair and
 * rotate (the signing secret, through Secrets Manager), with the API key from the environment or a Secrets
 * Manager secret; and for the archive and dead letters: replay, redrive and peek (docs/archive.md). `main`
 * returns the exit code instead of exiting, so
 * tests run it in-process: 0 success, 1 failure (Argyle, AWS, an unknown id; for status, drift found), 2 wrong
 * usage.
 */
import { ArgyleApiError } from '../../argyle-api';
import { USAGE_EXIT_CODE, usageErrorText } from '../../shared/cli/output';
import { SubscriptionError } from '../errors';
import { CLI_NAME } from '../remedies';
import { create } from './create';
import { situationHint } from './hints';
import { list } from './list';
import {
  type CliIo,
  ENV_API_KEY_ID,
  ENV_API_KEY_SECRET,
  noArguments,
  oneId,
  parse,
  SUBSCRIPTIONS_TOOL,
  UsageError,
  type Values,
} from './options';
import { peek } from './peek';
import { redrive } from './redrive';
import { repair } from './repair';
import { replay } from './replay';
import { rotate } from './rotate';
import { remove, show } from './show-delete';
import { status } from './status';
import { USAGE } from './usage';

export { type CliIo, ENV_API_KEY_ID, ENV_API_KEY_SECRET } from './options';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message);
    throw error;
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
      case 'status':
        noArguments(command, rest);
        return await status(values, io);
      case 'replay':
        noArguments(command, rest);
        return await replay(values, io);
      case 'redrive':
        return await redrive(oneRoute(command, rest), values, io);
      case 'peek':
        noArguments(command, rest);
        return await peek(values, io);
      case 'repair':
        noArguments(command, rest);
        return await repair(values, io);
      case 'rotate':
        noArguments(command, rest);
        return await rotate(values, io);
      default:
        throw new UsageError(
          `unknown command "${command}"; use list, show, create or delete, status to compare them with a configuration, repair, rotate to rotate the signing secret, or replay, redrive or peek for the archive and dead letters`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message);
    io.stderr(
      `${CLI_NAME}: ${describe(error, values, command)}${situationHint(error, command, values, io.env)}\n`,
    );
    return 1;
  }
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

function oneRoute(command: string, rest: readonly string[]): string {
  const [route, ...extra] = rest;
  if (route === undefined || route.trim() === '' || extra.length > 0) {
    throw new UsageError(
      `${command} takes one route name (catch-all, or archive for the archive queue), e.g. ${CLI_NAME} ${command} accounts --stack ArgyleWebhooks`,
    );
  }
  return route.trim();
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`${usageErrorText(SUBSCRIPTIONS_TOOL, message)}\n`);
  return USAGE_EXIT_CODE;
}
