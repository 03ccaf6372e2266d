/** Builds API Gateway (REST, Lambda proxy) events the way API Gateway delivers an Argyle webhook. */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface EventOptions {
  readonly headers?: Record<string, string>;
  /** Send the body base64-encoded, as API Gateway does with binary media types `*\/*` (the stack's setting). */
  readonly base64?: boolean;
  readonly method?: string;
  readonly requestId?: string;
}

export function apiGatewayEvent(body: Buffer | string, options: EventOptions = {}): APIGatewayProxyEvent {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'ReactorNetty/1.1.28',
    'X-Forwarded-For': '34.122.50.253',
    ...options.headers,
  };
  const base64 = options.base64 ?? true;
  const requestId = options.requestId ?? randomUUID();
  return {
    resource: '/webhook',
    path: '/webhook',
    httpMethod: options.method ?? 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    isBase64Encoded: base64,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      authorizer: null,
      domainName: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abcdef1234',
      extendedRequestId: 'AbCdEfGhIjKlMnO=',
      httpMethod: options.method ?? 'POST',
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
        sourceIp: '34.122.50.253',
        user: null,
        userAgent: 'ReactorNetty/1.1.28',
        userArn: null,
      },
      path: '/prod/webhook',
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: '23/Nov/2026:10:00:00 +0000',
      requestTimeEpoch: 1_795_428_000_000,
      resourceId: 'abc123',
      resourcePath: '/webhook',
      stage: 'prod',
    },
  };
}
