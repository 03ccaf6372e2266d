/**
 * SQS stubbed at the network edge: a `requestHandler` that answers every `SendMessage` with the JSON SQS
 * would send, including the right MD5OfMessageBody and MD5OfMessageAttributes, so the SDK runs its whole
 * middleware stack (endpoint rules, SigV4, serde, checksum validation) and never opens a socket.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CLIENT_OPTIONS } from '../functions/receiver/clients';
import { DUMMY_CREDENTIALS, REGION } from './fixtures';

interface WireAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

interface SendMessageWire {
  readonly MessageBody: string;
  readonly MessageAttributes?: Record<string, WireAttribute>;
}

const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** SQS's MD5 of message attributes: sorted by name; name, type, transport byte and value, each length-prefixed. */
export function md5OfMessageAttributes(attributes: Record<string, WireAttribute>): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (!attribute) continue;
    const binary = attribute.BinaryValue !== undefined;
    parts.push(
      lengthPrefixed(Buffer.from(name, 'utf8')),
      lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')),
      Buffer.from([binary ? 2 : 1]),
      lengthPrefixed(
        binary
          ? Buffer.from(attribute.BinaryValue ?? '', 'base64')
          : Buffer.from(attribute.StringValue ?? '', 'utf8'),
      ),
    );
  }
  return md5(Buffer.concat(parts));
}

function requestText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new TypeError('the SQS stub expects a buffered JSON request body');
}

export interface SqsStub {
  /** SendMessage requests answered so far. */
  readonly requests: () => number;
  readonly requestHandler: {
    handle(request: { readonly body?: unknown; readonly headers: Record<string, string> }): Promise<{
      response: { statusCode: number; headers: Record<string, string>; body: Uint8Array };
    }>;
    updateHttpClientConfig(): void;
    httpHandlerConfigs(): Record<string, never>;
  };
}

export function createSqsStub(): SqsStub {
  let requests = 0;
  return {
    requests: () => requests,
    requestHandler: {
      async handle(request) {
        requests++;
        const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
        if (target !== 'AmazonSQS.SendMessage')
          throw new Error(`the SQS stub only answers SendMessage, not ${target}`);
        const input = JSON.parse(requestText(request.body)) as SendMessageWire;
        const output: Record<string, string> = {
          MessageId: randomUUID(),
          MD5OfMessageBody: md5(input.MessageBody),
        };
        if (input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0) {
          output.MD5OfMessageAttributes = md5OfMessageAttributes(input.MessageAttributes);
        }
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
            body: Buffer.from(JSON.stringify(output)),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

/**
 * The receiver's SQS client options (retries, timeouts, cached middleware), with the stub in place of the HTTP
 * handler; `'sdk-defaults'` leaves them out, as a bare receiver's `new SQSClient({})` would.
 */
export function stubbedSqsClient(
  stub: SqsStub,
  options: 'receiver' | 'sdk-defaults' = 'receiver',
): SQSClient {
  return new SQSClient({
    ...(options === 'receiver' ? CLIENT_OPTIONS : {}),
    region: REGION,
    credentials: DUMMY_CREDENTIALS,
    requestHandler: stub.requestHandler,
  });
}
