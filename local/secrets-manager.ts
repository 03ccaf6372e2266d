/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1 that speaks the real wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`), so the SDK client runs unchanged against it. The dev server
 * hands the signing secret to the receiver through it (with `AWS_ENDPOINT_URL_SECRETS_MANAGER`), as Secrets
 * Manager does on AWS; the tests use it to rotate the secret and inject failures.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  readonly endpoint: string;
  readonly arn: string;
  /** Number of GetSecretValue calls received. */
  readonly calls: () => number;
  /** Makes `value` current and the old current value previous, as a rotation does. */
  rotate(value: string): void;
  /** The next `count` calls fail with an HTTP 500 (the SDK retries those) or the given error type. */
  failNext(count: number, errorType?: string): void;
  close(): Promise<void>;
}

export async function startFakeSecretsManager(initial: string): Promise<FakeSecretsManager> {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:argyle-signing-secret-AbCdEf';
  let current = initial;
  let previous: string | undefined;
  let calls = 0;
  let failures = 0;
  let failureType = 'InternalServiceError';

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls++;
      const reply = (status: number, body: unknown, errorType?: string) => {
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'UnknownOperationException' }, 'UnknownOperationException');
        return;
      }
      if (failures > 0) {
        failures--;
        const status = failureType === 'InternalServiceError' ? 500 : 400;
        reply(status, { __type: failureType, message: 'injected failure' }, failureType);
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        SecretId?: string;
        VersionStage?: string;
      };
      if (input.SecretId !== arn) {
        reply(
          400,
          {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          },
          'ResourceNotFoundException',
        );
        return;
      }
      const stage = input.VersionStage ?? 'AWSCURRENT';
      const value = stage === 'AWSCURRENT' ? current : stage === 'AWSPREVIOUS' ? previous : undefined;
      if (value === undefined) {
        reply(
          400,
          {
            __type: 'ResourceNotFoundException',
            message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
          },
          'ResourceNotFoundException',
        );
        return;
      }
      reply(200, {
        ARN: arn,
        Name: 'argyle-signing-secret',
        SecretString: value,
        VersionId: randomUUID(),
        VersionStages: [stage],
        CreatedDate: Date.now() / 1000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arn,
    calls: () => calls,
    rotate(value) {
      previous = current;
      current = value;
    },
    failNext(count, errorType = 'InternalServiceError') {
      failures = count;
      failureType = errorType;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
