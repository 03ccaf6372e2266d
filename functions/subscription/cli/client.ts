/** The Argyle client a subcommand calls: the environment, API version, base URL and API key from its options. */
import { type ArgyleEnvironment, ArgyleWebhooksClient, resolveArgyleBaseUrl } from '../../argyle-api';
import { CREDENTIALS_SECRET_KEY } from '../../shared/contract';
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

export function secretsOf(io: CliIo): SecretsReader {
  return (io.secrets ?? createSecretsManagerClient)();
}
