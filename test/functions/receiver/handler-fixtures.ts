/** The receiver handler tests' set-up: local SQS and Secrets Manager stand-ins, signed deliveries, drained queues. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ReceiverHandler } from '#functions/receiver/pipeline';
import { signBody } from '#functions/receiver/signature';
import type { RoutingTable } from '#functions/shared/contract';
import type { FakeSecretsManager } from '#local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { argyleBody } from '../../support/argyle-fixtures';
import {
  type DeployedReceiver,
  startDeployedReceiver,
  stopDeployedReceiver,
} from '../../support/deployed-receiver';
import type { LocalSqs } from '../../support/local-sqs';

export const SECRET = 'whsec-test-9f2c1e7a4b6d8f0a3c5e7b9d1f3a5c7e';
export const QUEUES = [
  'accounts',
  'payroll.fifo',
  'everything-partner',
  'fully-synced',
  'catch-all',
] as const;
export const TABLE: RoutingTable = {
  queues: [...QUEUES],
  catchAll: 4,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['paystubs.*', 'gigs.*'], queue: 1 },
    { events: ['*'], subscriptions: ['partner'], queue: 2 },
    { events: ['*.fully_synced'], queue: 3 },
  ],
};
export const MAX_BODY_BYTES = 8_192;

export let sqs: LocalSqs;
export let secrets: FakeSecretsManager;
export let handler: ReceiverHandler;
export const logLines: string[] = [];

export const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
export const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';

export function signed(
  body: string | Buffer,
  options: { base64?: boolean; requestId?: string; secret?: string } = {},
) {
  return apiGatewayEvent(body, {
    base64: options.base64,
    requestId: options.requestId,
    headers: { 'X-Argyle-Signature': signBody(options.secret ?? SECRET, body) },
  });
}

export function deliveryBody(
  event: string,
  data: Record<string, unknown> = { account: ACCOUNT, user: USER },
  name = 'prod',
) {
  return argyleBody({ event, name, data });
}

export async function drainAll(): Promise<
  Record<(typeof QUEUES)[number], Awaited<ReturnType<LocalSqs['drain']>>>
> {
  const entries = await Promise.all(QUEUES.map(async (queue) => [queue, await sqs.drain(queue)] as const));
  return Object.fromEntries(entries) as Record<
    (typeof QUEUES)[number],
    Awaited<ReturnType<LocalSqs['drain']>>
  >;
}

export const attribute = (
  message: { MessageAttributes?: Record<string, { StringValue?: string }> },
  name: string,
) => message.MessageAttributes?.[name]?.StringValue;

/**
 * Registers the hooks that start the local SQS and Secrets Manager stand-ins, import the receiver as Lambda
 * would with its environment pointing at them and every log line captured in `logLines`, and empty the queues
 * before each test.
 */
export function useReceiverHandler(): void {
  let receiver: DeployedReceiver | undefined;
  beforeAll(async () => {
    receiver = await startDeployedReceiver({
      secret: SECRET,
      table: TABLE,
      maxBodyBytes: MAX_BODY_BYTES,
      logLines,
    });
    ({ sqs, secrets, handler } = receiver);
  });

  afterAll(async () => {
    await stopDeployedReceiver(receiver);
  });

  beforeEach(async () => {
    await drainAll();
  });
}
