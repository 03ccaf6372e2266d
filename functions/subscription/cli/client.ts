/** The Argyle client a subcommand calls: the environment, API version, base URL and API key from its options. */
import { type ArgyleEnvironment, ArgyleWebhooksClient, resolveArgyleBaseUrl } from '../../argyle-api';
import { CREDENTIALS_SECRET_KEY } from '../../shared/contract';
import type { ApiTarget } from '../properties';
import {
  type ApiCredentials,
  createSecretsManagerClient,
  readCredentials,
  type SecretsReader,
} from '../secrets';
import { type CliIo, ENV_API_KEY_ID, ENV_API_KEY_SECRET, oneOf, UsageError, type Values } from './options';
import { retryNoticeLine } from './retry-notice';

export async function clientFor(values: Values, io: CliIo): Promise<ArgyleWebhooksClient> {
  const environment = oneOf(values.environment, '--environment', ['sandbox', 'production'] as const);
  const apiVersion = oneOf(values['api-version'], '--api-version', ['v2', 'v1'] as const);
  const credentials = await credentialsFor(values, environment, io);
  return buildClient(values, io, { environment, apiVersion, baseUrl: values['base-url'] }, credentials);
}

/**
 * The client for where an ownership record says its subscription lives: the record's environment, API version
 * and base URL (ARGYLE_API_BASE_URL and --base-url still win), with the API key from the environment
 * variables or --credentials-secret, else from the record's credentials secret.
 */
export async function clientForTarget(
  values: Values,
  io: CliIo,
  target: ApiTarget,
): Promise<ArgyleWebhooksClient> {
  const fromOptions =
    values['credentials-secret'] !== undefined ||
    (io.env[ENV_API_KEY_ID]?.trim() && io.env[ENV_API_KEY_SECRET]?.trim());
  const credentials = fromOptions
    ? await credentialsFor(values, target.environment, io)
    : await readCredentials(
        secretsOf(io),
        target.credentialsSecretName,
        target.environment,
        io.env.AWS_REGION,
        'then run the command again',
      );
  return buildClient(
    values,
    io,
    {
      environment: target.environment,
      apiVersion: target.apiVersion,
      baseUrl: values['base-url'] ?? target.baseUrl,
    },
    credentials,
  );
}

function buildClient(
  _values: Values,
  io: CliIo,
  where: { environment: ArgyleEnvironment; apiVersion: 'v1' | 'v2'; baseUrl: string | undefined },
  credentials: ApiCredentials,
): ArgyleWebhooksClient {
  const { environment, apiVersion } = where;
  try {
    // ARGYLE_API_BASE_URL, then --base-url, then the environment's URL.
    const baseUrl = resolveArgyleBaseUrl({ environment, baseUrl: where.baseUrl }, io.env);
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

export function secretsOf(io: CliIo): SecretsReader {
  return (io.secrets ?? createSecretsManagerClient)();
}
