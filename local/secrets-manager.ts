/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1 that speaks the real wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`), so the SDK client runs unchanged against it. The dev server
 * hands the signing secret to the receiver through it (with `AWS_ENDPOINT_URL_SECRETS_MANAGER`), as Secrets
 * Manager does on AWS; the tests use it to rotate the secret and inject failures and latency.
 *
 * Staging labels as Secrets Manager has them: AWSCURRENT always, AWSPREVIOUS after a rotation, AWSPENDING
 * during one; a label may point at a version without a string value (as a failed rotation can leave one). A
 * read answers with the value the label pointed at when the request arrived, even when the answer is delayed.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StagingLabel = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

export interface FakeSecretsManager {
  readonly endpoint: string;
  readonly arn: string;
  /** Number of GetSecretValue calls received. */
  readonly calls: () => number;
  /** Makes `value` current and the old current value previous, as a rotation does. */
  rotate(value: string): void;
  /**
   * Points `label` at a version holding `value`; `null` is a version without a string value, `undefined`
   * removes the label (reads of it are then ResourceNotFoundException).
   */
  setStage(label: StagingLabel, value: string | null | undefined): void;
  /** The next `count` calls fail with an HTTP 500 (the SDK retries those) or the given error type. */
  failNext(count: number, errorType?: string): void;
  /** Every read of `label` fails with the given error type (HTTP 500 for InternalServiceError), until cleared. */
  failStage(label: StagingLabel, errorType: string | undefined): void;
  /** Answers reads of `label` (of every label when omitted) `ms` late. */
  delay(ms: number, label?: StagingLabel): void;
  close(): Promise<void>;
}

const notFound = (message: string) => ({ status: 400, type: 'ResourceNotFoundException', message });

export async function startFakeSecretsManager(initial: string): Promise<FakeSecretsManager> {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:argyle-signing-secret-AbCdEf';
  const stages = new Map<StagingLabel, string | null>([['AWSCURRENT', initial]]);
  const stageFailures = new Map<StagingLabel, string>();
  const delays = new Map<StagingLabel | 'all', number>();
  let calls = 0;
  let failures = 0;
  let failureType = 'InternalServiceError';

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls++;
      const reply = (status: number, body: unknown, errorType?: string, label?: StagingLabel) => {
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': randomUUID(),
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          });
          response.end(JSON.stringify(body));
        };
        const late = (label && delays.get(label)) || delays.get('all') || 0;
        if (late > 0) setTimeout(send, late);
        else send();
      };
      const fail = (status: number, errorType: string, message: string, label?: StagingLabel) =>
        reply(status, { __type: errorType, message }, errorType, label);
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'UnknownOperationException' }, 'UnknownOperationException');
        return;
      }
      if (failures > 0) {
        failures--;
        fail(failureType === 'InternalServiceError' ? 500 : 400, failureType, 'injected failure');
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        SecretId?: string;
        VersionStage?: string;
      };
      if (input.SecretId !== arn) {
        const missing = notFound("Secrets Manager can't find the specified secret.");
        fail(missing.status, missing.type, missing.message);
        return;
      }
      const label = (input.VersionStage ?? 'AWSCURRENT') as StagingLabel;
      const injected = stageFailures.get(label);
      if (injected !== undefined) {
        fail(injected === 'InternalServiceError' ? 500 : 400, injected, 'injected failure', label);
        return;
      }
      const value = stages.get(label);
      if (value === undefined) {
        const missing = notFound(
          `Secrets Manager can't find the specified secret value for staging label: ${label}`,
        );
        fail(missing.status, missing.type, missing.message, label);
        return;
      }
      reply(
        200,
        {
          ARN: arn,
          Name: 'argyle-signing-secret',
          ...(value === null ? {} : { SecretString: value }),
          VersionId: randomUUID(),
          VersionStages: [label],
          CreatedDate: Date.now() / 1000,
        },
        undefined,
        label,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arn,
    calls: () => calls,
    rotate(value) {
      const current = stages.get('AWSCURRENT');
      if (current === undefined) stages.delete('AWSPREVIOUS');
      else stages.set('AWSPREVIOUS', current);
      stages.set('AWSCURRENT', value);
    },
    setStage(label, value) {
      if (value === undefined) stages.delete(label);
      else stages.set(label, value);
    },
    failNext(count, errorType = 'InternalServiceError') {
      failures = count;
      failureType = errorType;
    },
    failStage(label, errorType) {
      if (errorType === undefined) stageFailures.delete(label);
      else stageFailures.set(label, errorType);
    },
    delay(ms, label) {
      delays.set(label ?? 'all', ms);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
