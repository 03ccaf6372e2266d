/**
 * Inputs shared by the measures: Argyle-shaped bodies of an exact size (pretty-printed, as Argyle sends them),
 * the signing secret and signatures, routing tables for 1 and 3 target queues, and dummy environments that
 * keep every AWS call on 127.0.0.1.
 */
import type { RoutingTable } from '../functions/shared/contract';
import { RECEIVER_ENV } from '../functions/shared/contract';

export const SECRET = 'whsec-bench-5d1f9b3a7c2e4f6a8b0c1d3e5f7a9b2c';
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:argyle-signing-secret-AbCdEf`;
/** SQS's own endpoint in the region: the stubbed client never opens a socket, so no queue URL warning. */
export const STUB_QUEUE_URL_PREFIX = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/`;
/** Nothing listens there: a bundle that tried to call AWS at import would fail fast, on this machine. */
export const UNREACHABLE_ENDPOINT = 'http://127.0.0.1:9';

export const DUMMY_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

export const BODY_SIZES = [1024, 16_384] as const;
export type BodySize = (typeof BODY_SIZES)[number];

const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';
const EMPLOYERS = ['Advance Auto Parts', 'Aramark', 'Walmart', 'Uber', 'DoorDash', 'Starbucks', 'Target'];

/** One of the resource's connection records; the body grows by these until it reaches its size. */
const connection = (i: number) => ({
  employer: EMPLOYERS[i % EMPLOYERS.length],
  item: `item_${String(29_932 + i).padStart(9, '0')}`,
  status: i % 5 === 0 ? 'error' : 'connected',
  error_code: i % 5 === 0 ? 'auth_required' : null,
  updated_at: `2026-01-26T17:58:${String(i % 60).padStart(2, '0')}.940063Z`,
});

/**
 * An `accounts.updated` delivery with its resource, exactly `bytes` long: connection records are added while
 * they fit, then `external_id` takes up the rest.
 */
export function argyleShapedBody(bytes: number): string {
  const resource = {
    id: ACCOUNT,
    user: USER,
    item: 'item_000029932',
    source: 'argyle_sandbox',
    created_at: '2026-01-26T17:58:05.460904Z',
    updated_at: '2026-01-26T17:58:13.320284Z',
    ongoing_refresh: { status: 'disabled' },
    connections: [] as ReturnType<typeof connection>[],
    external_id: '',
  };
  const value = { event: 'accounts.updated', name: 'prod', data: { account: ACCOUNT, user: USER, resource } };
  const size = () => Buffer.byteLength(JSON.stringify(value, null, 2));
  for (let i = 0; ; i++) {
    resource.connections.push(connection(i));
    if (size() > bytes) {
      resource.connections.pop();
      break;
    }
  }
  resource.external_id = 'x'.repeat(bytes - size());
  const body = JSON.stringify(value, null, 2);
  if (Buffer.byteLength(body) !== bytes)
    throw new Error(`body is ${Buffer.byteLength(body)} bytes, not ${bytes}`);
  return body;
}

/** Every rule sends `accounts.updated` to one queue (index 0); index 1 is the catch-all. */
export const ONE_QUEUE: RoutingTable = {
  queues: ['accounts', 'catch-all'],
  catchAll: 1,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['paystubs.*', 'gigs.*'], queue: 1 },
  ],
};

/** `accounts.updated` matches three rules: three queues in parallel. */
export const THREE_QUEUES: RoutingTable = {
  queues: ['accounts', 'everything-prod', 'updates', 'catch-all'],
  catchAll: 3,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['*'], subscriptions: ['prod'], queue: 1 },
    { events: ['*.updated'], queue: 2 },
  ],
};

/** The receiver's variables (contract) with dummy values. */
export function receiverEnv(table: RoutingTable, queueUrlPrefix: string): Record<string, string> {
  return {
    [RECEIVER_ENV.SIGNING_SECRET_ARN]: SECRET_ARN,
    [RECEIVER_ENV.ROUTES]: JSON.stringify(table),
    [RECEIVER_ENV.QUEUE_URL_PREFIX]: queueUrlPrefix,
    [RECEIVER_ENV.MAX_BODY_BYTES]: '262144',
  };
}

/**
 * The whole environment of a process that imports a built bundle: the receiver's variables, region, dummy
 * credentials, no instance metadata, and every AWS endpoint on 127.0.0.1. Nothing is inherited but PATH.
 */
export function isolatedAwsEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...receiverEnv(ONE_QUEUE, `${UNREACHABLE_ENDPOINT}/${ACCOUNT_ID}/`),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ENDPOINT_URL: UNREACHABLE_ENDPOINT,
    AWS_ENDPOINT_URL_SQS: UNREACHABLE_ENDPOINT,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: UNREACHABLE_ENDPOINT,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}
