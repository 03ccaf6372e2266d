/**
 * Loads the receiver exactly as Lambda does: the module `functions/receiver/entry.ts`, which reads its
 * configuration from the environment when it is imported and creates its own AWS clients. The environment is
 * the one the stack sets, pointed at the local stand-ins (`AWS_ENDPOINT_URL_SQS`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`), and stays in place until {@link DeployedReceiver.restore}: the SDK reads
 * the endpoints on a client's first call.
 */
import type { ReceiverHandler } from '../functions/receiver/pipeline';
import {
  RECEIVER_DEFAULT_ENVIRONMENT,
  RECEIVER_ENV,
  type RoutingTable,
  SECRET_TTL_SECONDS,
} from '../functions/shared/contract';
import { pooledHandler } from './environment-pool';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './sqs-emulator';

export interface ReceiverEnvironmentOptions {
  readonly secretArn: string;
  readonly routingTable: RoutingTable;
  readonly queueUrlPrefix: string;
  readonly maxBodyBytes: number;
  readonly sqsEndpoint: string;
  readonly secretsManagerEndpoint: string;
  /** Let the receiver write its own JSON log lines and metrics (EMF) to stdout, as on Lambda. */
  readonly receiverLogs: boolean;
  /** The archive queue's URL, with the archive on. */
  readonly archiveQueueUrl?: string;
  /** Let it write its metrics (EMF) even without its log lines. @default receiverLogs */
  readonly receiverMetrics?: boolean;
  /** `AWS_LAMBDA_FUNCTION_NAME`, which Lambda sets and the metrics carry as `FunctionName`. @default unset */
  readonly functionName?: string;
}

/** Variable name to value; `undefined` removes the variable. */
export type Environment = Readonly<Record<string, string | undefined>>;

export function receiverEnvironment(options: ReceiverEnvironmentOptions): Environment {
  return {
    ...RECEIVER_DEFAULT_ENVIRONMENT,
    [RECEIVER_ENV.SIGNING_SECRET_ARN]: options.secretArn,
    [RECEIVER_ENV.ROUTES]: JSON.stringify(options.routingTable),
    [RECEIVER_ENV.QUEUE_URL_PREFIX]: options.queueUrlPrefix,
    [RECEIVER_ENV.MAX_BODY_BYTES]: String(options.maxBodyBytes),
    [RECEIVER_ENV.SECRET_TTL_SECONDS]: String(SECRET_TTL_SECONDS),
    [RECEIVER_ENV.ARCHIVE_QUEUE_URL]: options.archiveQueueUrl,
    // Without its own logs, the receiver still reports errors (a 5xx says why on the dev server's console).
    POWERTOOLS_LOG_LEVEL: options.receiverLogs ? 'INFO' : 'ERROR',
    POWERTOOLS_METRICS_DISABLED: (options.receiverMetrics ?? options.receiverLogs) ? 'false' : 'true',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    POWERTOOLS_DEV: undefined,
    AWS_ENDPOINT_URL_SQS: options.sqsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: options.secretsManagerEndpoint,
    // The stand-ins accept any credentials; these keep real ones (and profiles) out of the way.
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
  };
}

export interface DeployedReceiver {
  readonly handler: ReceiverHandler;
  /** Puts back the environment as it was before {@link loadDeployedReceiver}. */
  restore(): void;
}

let loads = 0;

/**
 * Sets `environment` on the process and imports a fresh instance of the deployed receiver module; concurrent
 * invocations of the returned handler each get an instance of their own (local/environment-pool.ts).
 */
export async function loadDeployedReceiver(environment: Environment): Promise<DeployedReceiver> {
  const previous = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  const restore = () => applyEnvironment(previous);
  applyEnvironment(environment);
  try {
    const first = await loadInstance();
    // Concurrent invocations run in environments of their own, each a further instance, as on Lambda.
    return { handler: pooledHandler(first, loadInstance), restore };
  } catch (error) {
    restore();
    throw error;
  }
}

/** A new instance of the handler module (the query makes it a new module), reading the environment now set. */
async function loadInstance(): Promise<ReceiverHandler> {
  loads++;
  const module = (await import(
    /* @vite-ignore */ `../functions/receiver/entry?instance=${loads}`
  )) as typeof import('../functions/receiver/entry');
  return module.handler;
}

function applyEnvironment(environment: Environment): void {
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
