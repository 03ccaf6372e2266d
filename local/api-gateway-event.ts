/**
 * Turns an HTTP request into the event API Gateway hands the receiver: a REST API Lambda proxy event (payload
 * 1.0) with the body base64-encoded, as the stack's binary media types (`*\/*`) make it, header names as sent,
 * `headers` holding the last value of a repeated header and `multiValueHeaders` every value, and the request id
 * and time in `requestContext`. Pure.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './sqs-emulator';

/** The parts of an HTTP request the event is made from. */
export interface LocalRequest {
  readonly method: string;
  /** Path and query, as in the request line. */
  readonly url: string;
  /** Header names and values, alternating, as Node's `IncomingMessage.rawHeaders`. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** The port the request arrived on. */
  readonly localPort: number;
}

export interface EventIdentity {
  readonly requestId: string;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
}

/** The stage name of local events (the deployed stage is `prod`). */
export const LOCAL_STAGE = 'local';
const API_ID = 'local';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function toApiGatewayEvent(request: LocalRequest, identity: EventIdentity): APIGatewayProxyEvent {
  const url = new URL(request.url, 'http://localhost');
  const pairs = headerPairs(request);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query = [...url.searchParams.entries()];
  const userAgent = lastValue(pairs, 'user-agent');
  const host = lastValue(pairs, 'host') ?? `127.0.0.1:${request.localPort}`;
  const empty = request.body.length === 0;
  return {
    resource: url.pathname,
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.length === 0 ? null : Object.fromEntries(query),
    multiValueQueryStringParameters:
      query.length === 0
        ? null
        : query.reduce<Record<string, string[]>>((all, [name, value]) => {
            all[name] = [...(all[name] ?? []), value];
            return all;
          }, {}),
    pathParameters: null,
    stageVariables: null,
    // API Gateway passes an empty body as null.
    body: empty ? null : request.body.toString('base64'),
    isBase64Encoded: !empty,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      authorizer: null,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      extendedRequestId: randomBytes(12).toString('base64'),
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: userAgent ?? null,
        userArn: null,
      },
      path: url.pathname,
      protocol: 'HTTP/1.1',
      requestId: identity.requestId,
      requestTime: requestTime(identity.receivedAt),
      requestTimeEpoch: identity.receivedAt,
      resourceId: API_ID,
      resourcePath: url.pathname,
      stage: LOCAL_STAGE,
    },
  };
}

/** The request's headers plus those API Gateway adds (X-Forwarded-For/-Port/-Proto, X-Amzn-Trace-Id). */
function headerPairs(request: LocalRequest): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i];
    const value = request.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) pairs.push([name, value]);
  }
  const forwardedFor = lastValue(pairs, 'x-forwarded-for');
  const added: [string, string][] = [
    [
      'X-Forwarded-For',
      forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`,
    ],
    ['X-Forwarded-Port', String(request.localPort)],
    ['X-Forwarded-Proto', 'http'],
    [
      'X-Amzn-Trace-Id',
      `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
    ],
  ];
  const replaced = new Set(added.map(([name]) => name.toLowerCase()));
  return [...pairs.filter(([name]) => !replaced.has(name.toLowerCase())), ...added];
}

function lastValue(pairs: readonly [string, string][], name: string): string | undefined {
  return pairs.findLast(([key]) => key.toLowerCase() === name)?.[1];
}

/** API Gateway's `requestTime`: `23/Nov/2026:10:00:00 +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}
