/**
 * The receiver as Lambda runs it, for handler tests: local SQS and Secrets Manager stand-ins, the queues of a
 * routing table, the bundled entry module imported afresh with its environment pointing at them, and every line
 * it writes (both streams, as Lambda sends both to CloudWatch Logs) captured. Call from a `beforeAll`, and
 * {@link stopDeployedReceiver} from the matching `afterAll`.
 */
import { vi } from 'vitest';
import type { ReceiverHandler } from '#functions/receiver/pipeline';
import { RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { type FakeSecretsManager, startFakeSecretsManager } from '#local/secrets-manager';
import { type LocalSqs, startLocalSqs } from './local-sqs';

export interface DeployedReceiver {
  readonly handler: ReceiverHandler;
  readonly sqs: LocalSqs;
  readonly secrets: FakeSecretsManager;
}

export interface DeployedReceiverSetup {
  readonly secret: string;
  /** Its `queues` are created in the local SQS. */
  readonly table: RoutingTable;
  readonly maxBodyBytes: number;
  /** Where the receiver's output lines go. */
  readonly logLines: string[];
}

export async function startDeployedReceiver(setup: DeployedReceiverSetup): Promise<DeployedReceiver> {
  const sqs = await startLocalSqs();
  const secrets = await startFakeSecretsManager(setup.secret);
  for (const queue of setup.table.queues) await sqs.createQueue(queue);
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      setup.logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  vi.stubEnv(RECEIVER_ENV.SIGNING_SECRET_ARN, secrets.arn);
  vi.stubEnv(RECEIVER_ENV.ROUTES, JSON.stringify(setup.table));
  vi.stubEnv(RECEIVER_ENV.QUEUE_URL_PREFIX, sqs.urlPrefix);
  vi.stubEnv(RECEIVER_ENV.MAX_BODY_BYTES, String(setup.maxBodyBytes));
  vi.stubEnv('AWS_ENDPOINT_URL_SQS', sqs.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'ArgyleWebhooksTest');
  vi.resetModules();
  const { handler } = await import('#functions/receiver/entry');
  return { handler, sqs, secrets };
}

export async function stopDeployedReceiver(receiver: DeployedReceiver | undefined): Promise<void> {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await receiver?.sqs.close();
  await receiver?.secrets.close();
}
