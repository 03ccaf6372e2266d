/**
 * API Gateway (REST, Lambda proxy) events as API Gateway delivers an Argyle webhook, for tests: the dev
 * server's own request-to-event conversion (local/api-gateway-event.ts), with Argyle's headers and a fixed
 * request time.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toApiGatewayEvent } from '#local/api-gateway-event';

export interface EventOptions {
  readonly headers?: Record<string, string>;
  /**
   * Send the body base64-encoded, as API Gateway does with binary media types `*\/*` (the stack's setting);
   * `false` passes it as text, as API Gateway would without them.
   */
  readonly base64?: boolean;
  readonly method?: string;
  readonly requestId?: string;
}

/** When every test event was received: 2026-11-23T10:00:00Z. */
export const RECEIVED_AT_EPOCH_MS = 1_795_428_000_000;

export function apiGatewayEvent(body: Buffer | string, options: EventOptions = {}): APIGatewayProxyEvent {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'ReactorNetty/1.1.28',
    'X-Forwarded-For': '34.122.50.253',
    ...options.headers,
  };
  const event = toApiGatewayEvent(
    {
      method: options.method ?? 'POST',
      url: '/webhook',
      rawHeaders: Object.entries(headers).flat(),
      body: bytes,
      sourceIp: '34.122.50.253',
      localPort: 443,
    },
    { requestId: options.requestId ?? randomUUID(), receivedAt: RECEIVED_AT_EPOCH_MS },
  );
  if (options.base64 === false) return { ...event, body: bytes.toString('utf8'), isBase64Encoded: false };
  return event;
}
