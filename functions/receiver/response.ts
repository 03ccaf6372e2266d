/** The receiver's HTTP answers. Bodies are short JSON and never echo the request or the expected signature. */
import type { APIGatewayProxyResult } from 'aws-lambda';

const json = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const accepted = (deliveryId: string) => json(200, { status: 'accepted', deliveryId });
export const methodNotAllowed = () => ({
  ...json(405, { message: 'only POST is accepted' }),
  headers: { 'content-type': 'application/json', allow: 'POST' },
});
export const payloadTooLarge = (limit: number) =>
  json(413, { message: `the body is larger than ${limit} bytes` });
export const unauthorized = () =>
  json(401, { message: 'the X-Argyle-Signature header is missing or does not match the body' });
/**
 * A correctly signed but empty body: nothing to store (SQS refuses an empty message) and no event in it. 422, so
 * that Argyle does not retry what would fail the same way every time.
 */
export const emptyBody = () => json(422, { message: 'the body is empty; there is nothing to store' });
/** Our own outage (secret or queue unreachable): 5xx so that Argyle retries the delivery. */
export const unavailable = (deliveryId: string) =>
  json(503, { message: 'the delivery could not be stored; retry later', deliveryId });
export const internalError = (deliveryId: string) =>
  json(500, { message: 'internal error; retry later', deliveryId });
