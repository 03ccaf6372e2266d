/**
 * Reads what the receiver needs from an API Gateway proxy event (REST API payload 1.0, or HTTP API 2.0 as the
 * local dev server may send): the exact body bytes, one header, and the request's identity and time.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export type ApiGatewayEvent = Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'> & {
  readonly httpMethod?: string;
  readonly multiValueHeaders?: APIGatewayProxyEvent['multiValueHeaders'] | null;
  readonly requestContext?: Partial<
    Pick<APIGatewayProxyEvent['requestContext'], 'requestId' | 'requestTimeEpoch'> &
      Pick<APIGatewayProxyEventV2['requestContext'], 'timeEpoch' | 'http'>
  >;
};

/** The HTTP method, upper-case, when the event carries one. */
export function method(event: ApiGatewayEvent): string | undefined {
  return (event.httpMethod ?? event.requestContext?.http?.method)?.toUpperCase();
}

/**
 * Size in bytes of the body once decoded. A base64 body is decoded to be measured: its text length says little
 * (non-canonical base64, with extra padding or line breaks, decodes to more or fewer bytes than 3 per 4).
 */
export function bodyByteLength(event: ApiGatewayEvent): number {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body, 'utf8');
}

/**
 * The body bytes exactly as the sender sent them, or only their number when there are more than `maxBytes`.
 * A text body is measured without being copied, so an oversized one costs nothing more.
 */
export function boundedBody(
  event: ApiGatewayEvent,
  maxBytes: number,
): { readonly bytes: Buffer } | { readonly oversize: number } {
  const body = event.body ?? '';
  if (!event.isBase64Encoded) {
    const length = Buffer.byteLength(body, 'utf8');
    return length > maxBytes ? { oversize: length } : { bytes: Buffer.from(body, 'utf8') };
  }
  const bytes = Buffer.from(body, 'base64');
  return bytes.length > maxBytes ? { oversize: bytes.length } : { bytes };
}

/** The body bytes exactly as the sender sent them. */
export function rawBody(event: ApiGatewayEvent): Buffer {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** A header's value, whatever the case of its name; undefined when absent or sent more than once. */
export function header(event: ApiGatewayEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const multi = event.multiValueHeaders;
  if (multi) {
    for (const key of Object.keys(multi)) {
      if (key.toLowerCase() !== wanted) continue;
      const values = multi[key];
      return values?.length === 1 ? values[0] : undefined;
    }
  }
  const headers = event.headers ?? {};
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key] ?? undefined;
  }
  return undefined;
}

/** When API Gateway received the request, falling back to now. */
export function receivedAt(event: ApiGatewayEvent, now: () => number): Date {
  const context = event.requestContext;
  return new Date(context?.requestTimeEpoch ?? context?.timeEpoch ?? now());
}
