import { describe, expect, it } from 'vitest';
import { bodyByteLength, header, rawBody } from '#functions/receiver/request';
import { type LocalRequest, requestTime, toApiGatewayEvent } from '#local/api-gateway-event';

const IDENTITY = { requestId: 'req-1', receivedAt: Date.UTC(2026, 10, 23, 10, 0, 0) };

function request(overrides: Partial<LocalRequest> = {}): LocalRequest {
  return {
    method: 'POST',
    url: '/webhook',
    rawHeaders: ['Host', '127.0.0.1:3000', 'Content-Type', 'application/json', 'X-Argyle-Signature', 'ab12'],
    body: Buffer.from('{\n  "event": "accounts.connected"\n}'),
    sourceIp: '127.0.0.1',
    localPort: 3000,
    ...overrides,
  };
}

describe('toApiGatewayEvent', () => {
  it('base64-encodes the body, as the deployed API does for every content type', () => {
    // Act
    const event = toApiGatewayEvent(request(), IDENTITY);
    // Assert
    expect(event.isBase64Encoded).toBe(true);
    expect(rawBody(event).toString('utf8')).toBe('{\n  "event": "accounts.connected"\n}');
    expect(bodyByteLength(event)).toBe(Buffer.byteLength('{\n  "event": "accounts.connected"\n}'));
  });

  it('passes an empty body as null, as API Gateway does', () => {
    // Act
    const event = toApiGatewayEvent(request({ body: Buffer.alloc(0) }), IDENTITY);
    // Assert
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('keeps header names as sent, the last value in headers and every value in multiValueHeaders', () => {
    // Arrange
    const rawHeaders = ['X-Argyle-Signature', 'first', 'x-argyle-signature', 'second', 'Accept', '*/*'];
    // Act
    const event = toApiGatewayEvent(request({ rawHeaders }), IDENTITY);
    // Assert
    expect(event.headers['X-Argyle-Signature']).toBe('first');
    expect(event.headers['x-argyle-signature']).toBe('second');
    expect(event.multiValueHeaders.Accept).toEqual(['*/*']);
    // The receiver refuses a signature header sent twice, whatever the case of its names.
    expect(header(event, 'x-argyle-signature')).toBe('first');
  });

  it('adds the forwarding and trace headers API Gateway adds, appending the source address', () => {
    // Act
    const event = toApiGatewayEvent(
      request({ rawHeaders: ['X-Forwarded-For', '10.0.0.1'], sourceIp: '127.0.0.1' }),
      IDENTITY,
    );
    // Assert
    expect(event.headers['X-Forwarded-For']).toBe('10.0.0.1, 127.0.0.1');
    expect(event.headers['X-Forwarded-Port']).toBe('3000');
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('carries the request id, time and source address in the request context', () => {
    // Act
    const event = toApiGatewayEvent(request({ sourceIp: '192.0.2.7' }), IDENTITY);
    // Assert
    expect(event.requestContext).toMatchObject({
      requestId: 'req-1',
      requestTime: '23/Nov/2026:10:00:00 +0000',
      requestTimeEpoch: IDENTITY.receivedAt,
      httpMethod: 'POST',
      resourcePath: '/webhook',
      identity: { sourceIp: '192.0.2.7' },
    });
    expect(event.httpMethod).toBe('POST');
    expect(event.resource).toBe('/webhook');
  });

  it('reads query parameters, and gives null without any', () => {
    // Act
    const withQuery = toApiGatewayEvent(request({ url: '/webhook?a=1&a=2&b=3' }), IDENTITY);
    const without = toApiGatewayEvent(request(), IDENTITY);
    // Assert
    expect(withQuery.queryStringParameters).toEqual({ a: '2', b: '3' });
    expect(withQuery.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], b: ['3'] });
    expect(without.queryStringParameters).toBeNull();
  });
});

describe('requestTime', () => {
  it("formats a time as API Gateway's requestTime", () => {
    expect(requestTime(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
