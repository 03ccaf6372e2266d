/**
 * Rules real SQS enforces on SendMessage that local-aws-sqs does not (it stores any characters, and an empty
 * body): the stand-in refuses what SQS refuses, with the error SQS answers in the AWS JSON protocol, so a
 * message the receiver builds and the emulator takes is one SQS takes too. From the SendMessage reference
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html):
 *
 * - `MessageBody`: at least one character, only `#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD |
 *   #x10000 to #x10FFFF`, else `InvalidMessageContents`; a missing body is `MissingParameter`.
 * - `MessageAttributes`: at most 10; a String value is not empty and holds only the same characters
 *   (message attributes: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html),
 *   else `InvalidParameterValue`.
 * - Body and attributes (names, types and values, in UTF-8 bytes) together at most the queue's
 *   `MaximumMessageSize`, else `InvalidParameterValue`.
 *
 * Checked independently of the receiver's own rules (code point by code point, not with its expression).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';

/** The queue setting the stand-in assumes: what the message contract's limits assume (256 KiB). */
export const STAND_IN_MAX_MESSAGE_BYTES = 262_144;

/** An SQS error as the JSON protocol carries it: status, query-compatible code, `__type` and message. */
export interface SqsRuleViolation {
  readonly status: 400;
  /** The `x-amzn-query-error` header's code (the SDK reads the error name from it). */
  readonly code: 'InvalidMessageContents' | 'InvalidParameterValue' | 'MissingParameter';
  readonly type: string;
  readonly message: string;
}

interface SendMessageInput {
  readonly MessageBody?: unknown;
  readonly MessageAttributes?: Record<
    string,
    { DataType?: unknown; StringValue?: unknown; BinaryValue?: unknown }
  >;
}

const ALLOWED =
  'the set of allowed characters is #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF';

/** The first character SQS refuses in `text`, as `#x...` (a lone surrogate counts), or undefined. */
export function refusedCharacter(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a surrogate pair: U+10000 to U+10FFFF, all allowed
        continue;
      }
    }
    if (!isAllowedUnit(unit)) return `#x${unit.toString(16).toUpperCase()}`;
  }
  return undefined;
}

const isAllowedUnit = (unit: number) =>
  unit === 0x9 ||
  unit === 0xa ||
  unit === 0xd ||
  (unit >= 0x20 && unit <= 0xd7ff) ||
  (unit >= 0xe000 && unit <= 0xfffd);

/** What real SQS would refuse in one SendMessage request, or undefined when it would take it. */
export function sendMessageViolation(
  input: SendMessageInput,
  maxMessageBytes: number = STAND_IN_MAX_MESSAGE_BYTES,
): SqsRuleViolation | undefined {
  const body = input.MessageBody;
  if (typeof body !== 'string') {
    return missing('The request must contain the parameter MessageBody.');
  }
  if (body === '') return invalidContents('The message body must contain at least one character.');
  const refused = refusedCharacter(body);
  if (refused)
    return invalidContents(`Invalid binary character '${refused}' was found in the message body, ${ALLOWED}`);
  let size = Buffer.byteLength(body, 'utf8');
  const attributes = Object.entries(input.MessageAttributes ?? {});
  if (attributes.length > 10) {
    return invalidParameter(
      `Number of message attributes [${attributes.length}] exceeds the allowed maximum [10].`,
    );
  }
  for (const [name, value] of attributes) {
    const dataType = typeof value.DataType === 'string' ? value.DataType : '';
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(dataType, 'utf8');
    if (!dataType.startsWith('String') && !dataType.startsWith('Number')) {
      if (typeof value.BinaryValue === 'string') size += Buffer.from(value.BinaryValue, 'base64').length;
      continue;
    }
    const text = value.StringValue;
    if (typeof text !== 'string' || text === '') {
      return invalidParameter(
        `The message attribute '${name}' must contain non-empty message attribute value.`,
      );
    }
    const bad = refusedCharacter(text);
    if (bad) {
      return invalidParameter(
        `Message (user) attribute '${name}' value contains invalid character '${bad}', ${ALLOWED}.`,
      );
    }
    size += Buffer.byteLength(text, 'utf8');
  }
  if (size > maxMessageBytes) {
    return invalidParameter(
      `One or more parameters are invalid. Reason: Message must be shorter than ${maxMessageBytes} bytes.`,
    );
  }
  return undefined;
}

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Wraps an emulator's request handler so that a JSON-protocol SendMessage SQS would refuse is answered with
 * SQS's error and never reaches the emulator; every other request passes through unchanged.
 */
export function withSqsRules(
  handler: RequestHandler,
  maxMessageBytes = STAND_IN_MAX_MESSAGE_BYTES,
): RequestHandler {
  return async (request, response) => {
    if (request.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') return handler(request, response);
    const body = await readAll(request);
    let input: SendMessageInput = {};
    try {
      input = JSON.parse(body.toString('utf8')) as SendMessageInput;
    } catch {
      // Malformed JSON: the emulator answers as SQS does.
    }
    const violation = sendMessageViolation(input, maxMessageBytes);
    if (violation) {
      writeViolation(response, violation);
      return;
    }
    return handler(replay(request, body), response);
  };
}

/** Answers `violation` as SQS does in the AWS JSON protocol. */
export function writeViolation(response: ServerResponse, violation: SqsRuleViolation): void {
  response.writeHead(violation.status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-error': `${violation.code};Sender`,
  });
  response.end(JSON.stringify({ __type: violation.type, message: violation.message }));
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The request again, its body already read: what the emulator reads (headers, method, URL, the body stream). */
function replay(request: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, {
    headers: request.headers,
    method: request.method,
    url: request.url,
    socket: request.socket,
  });
  stream.end(body);
  return stream as unknown as IncomingMessage;
}

const invalidContents = (message: string): SqsRuleViolation => ({
  status: 400,
  code: 'InvalidMessageContents',
  type: 'com.amazonaws.sqs#InvalidMessageContents',
  message,
});
const invalidParameter = (message: string): SqsRuleViolation => ({
  status: 400,
  code: 'InvalidParameterValue',
  type: 'com.amazon.coral.service#InvalidParameterValueException',
  message,
});
const missing = (message: string): SqsRuleViolation => ({
  status: 400,
  code: 'MissingParameter',
  type: 'com.amazon.coral.service#MissingRequiredParameterException',
  message,
});
