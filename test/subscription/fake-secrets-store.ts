/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1 that serves several secrets, found by name or ARN, over the
 * real wire protocol (AWS JSON 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`), so the SDK client runs
 * unchanged against it (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). Errors have Secrets Manager's types and messages.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  value: string | undefined;
  deleted: boolean;
}

export class FakeSecretsStore {
  readonly endpoint: string;
  /** SecretId of every GetSecretValue call, in order. */
  readonly reads: string[] = [];
  readonly #server: Server;
  readonly #secrets: StoredSecret[] = [];
  readonly #failures: string[] = [];

  private constructor(server: Server) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = (status: number, body: unknown, errorType?: string) => {
          response.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': randomUUID(),
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          });
          response.end(JSON.stringify(body));
        };
        const error = (type: string, message: string) =>
          reply(type === 'InternalServiceError' ? 500 : 400, { __type: type, message }, type);
        if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
          error('UnknownOperationException', 'unknown operation');
          return;
        }
        const { SecretId = '' } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: string };
        this.reads.push(SecretId);
        const failure = this.#failures.shift();
        if (failure !== undefined) {
          error(failure, `injected ${failure}`);
          return;
        }
        const secret = this.#secrets.find((s) => s.name === SecretId || s.arn === SecretId);
        if (secret === undefined) {
          error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
          return;
        }
        if (secret.deleted) {
          error(
            'InvalidRequestException',
            "You can't perform this operation on the secret because it was marked for deletion.",
          );
          return;
        }
        reply(200, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: randomUUID(),
          VersionStages: ['AWSCURRENT'],
          CreatedDate: Date.now() / 1000,
          ...(secret.value === undefined
            ? { SecretBinary: randomBytes(8).toString('base64') }
            : { SecretString: secret.value }),
        });
      });
    });
  }

  static async start(): Promise<FakeSecretsStore> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSecretsStore(server);
  }

  /**
   * Stores a secret (replacing one of the same name) and returns its ARN, which ends in the random six
   * characters Secrets Manager adds. `undefined` stores a binary-only secret.
   */
  put(name: string, value: string | undefined): string {
    const existing = this.#secrets.find((s) => s.name === name);
    if (existing) {
      existing.value = value;
      existing.deleted = false;
      return existing.arn;
    }
    const suffix = randomBytes(3).toString('hex');
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-${suffix}`;
    this.#secrets.push({ name, arn, value, deleted: false });
    return arn;
  }

  /** Marks a secret as scheduled for deletion: reads then fail with InvalidRequestException. */
  scheduleDeletion(name: string): void {
    const secret = this.#secrets.find((s) => s.name === name);
    if (secret) secret.deleted = true;
  }

  remove(name: string): void {
    const index = this.#secrets.findIndex((s) => s.name === name);
    if (index >= 0) this.#secrets.splice(index, 1);
  }

  /** The next `count` reads fail with `errorType` (e.g. AccessDeniedException). */
  failNext(count: number, errorType: string): void {
    for (let i = 0; i < count; i++) this.#failures.push(errorType);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
