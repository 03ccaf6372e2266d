/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1 that speaks the real wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`), so the SDK client runs unchanged against it
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). The dev server hands the signing secret to the receiver through it, as
 * Secrets Manager does on AWS; the tests use it to rotate secrets, and to inject failures and latency. Errors
 * have Secrets Manager's types and messages.
 *
 * It holds any number of secrets, found by name or ARN. Staging labels as Secrets Manager has them:
 * AWSCURRENT always, AWSPREVIOUS after a rotation, AWSPENDING during one; a label may point at a version
 * without a string value (as a failed rotation can leave one). A read answers with the value the label pointed
 * at when the request arrived, even when the answer is delayed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StagingLabel = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

/**
 * What a version holds: a string, `null` for neither a string nor binary (what a failed rotation can leave),
 * or {@link BINARY_ONLY} for binary data and no string.
 */
export type SecretVersionValue = string | null | typeof BINARY_ONLY;
export const BINARY_ONLY = Symbol('binary only');

/** The name and ARN of the secret {@link startFakeSecretsManager} starts with. */
export const SIGNING_SECRET_NAME = 'argyle-signing-secret';
const SIGNING_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SIGNING_SECRET_NAME}-AbCdEf`;

interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  readonly stages: Map<StagingLabel, SecretVersionValue>;
  deleted: boolean;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}

const error = (type: string, message: string): Reply => ({
  status: type === 'InternalServiceError' ? 500 : 400,
  body: { __type: type, message },
  errorType: type,
});

export class FakeSecretsManager {
  readonly endpoint: string;
  /** SecretId of every GetSecretValue call, in order. */
  readonly reads: string[] = [];
  readonly #server: Server;
  readonly #secrets: StoredSecret[] = [];
  #failures: string[] = [];
  readonly #stageFailures = new Map<StagingLabel, string>();
  readonly #delays = new Map<StagingLabel | 'all', number>();
  #calls = 0;

  private constructor(server: Server) {
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.#calls++;
        const { reply, label } = this.#answer(request, Buffer.concat(chunks).toString('utf8'));
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(reply.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': randomUUID(),
            ...(reply.errorType ? { 'x-amzn-errortype': reply.errorType } : {}),
          });
          response.end(JSON.stringify(reply.body));
        };
        const late = (label && this.#delays.get(label)) || this.#delays.get('all') || 0;
        if (late > 0) setTimeout(send, late);
        else send();
      });
    });
  }

  /** Starts a stand-in with no secrets; {@link put} adds them. */
  static async start(): Promise<FakeSecretsManager> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSecretsManager(server);
  }

  /** ARN of the first secret stored, the one the `name` of the other methods defaults to. */
  get arn(): string {
    const first = this.#secrets[0];
    if (first === undefined) throw new Error('the Secrets Manager stand-in holds no secret');
    return first.arn;
  }

  /** Number of requests received. */
  calls(): number {
    return this.#calls;
  }

  /**
   * Stores a secret whose current version is `value` (replacing the versions of one of the same name) and
   * returns its ARN, which ends in the six characters Secrets Manager adds (random unless `arn` is given).
   * `undefined` stores a binary-only secret.
   */
  put(name: string, value: string | undefined, arn?: string): string {
    const current = value === undefined ? BINARY_ONLY : value;
    const existing = this.#find(name);
    if (existing) {
      existing.stages.clear();
      existing.stages.set('AWSCURRENT', current);
      existing.deleted = false;
      return existing.arn;
    }
    const secretArn =
      arn ?? `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-${randomBytes(3).toString('hex')}`;
    this.#secrets.push({ name, arn: secretArn, stages: new Map([['AWSCURRENT', current]]), deleted: false });
    return secretArn;
  }

  /** Marks a secret as scheduled for deletion: reads then fail with InvalidRequestException. */
  scheduleDeletion(name: string): void {
    const secret = this.#find(name);
    if (secret) secret.deleted = true;
  }

  remove(name: string): void {
    const index = this.#secrets.findIndex((s) => s.name === name || s.arn === name);
    if (index >= 0) this.#secrets.splice(index, 1);
  }

  /** Makes `value` current and the old current value previous, as a rotation does. */
  rotate(value: string, name?: string): void {
    const { stages } = this.#secret(name);
    const current = stages.get('AWSCURRENT');
    if (current === undefined) stages.delete('AWSPREVIOUS');
    else stages.set('AWSPREVIOUS', current);
    stages.set('AWSCURRENT', value);
  }

  /**
   * Points `label` at a version holding `value`; `null` is a version without a string value, `undefined`
   * removes the label (reads of it are then ResourceNotFoundException).
   */
  setStage(label: StagingLabel, value: SecretVersionValue | undefined, name?: string): void {
    const { stages } = this.#secret(name);
    if (value === undefined) stages.delete(label);
    else stages.set(label, value);
  }

  /** The next `count` calls fail with `errorType`: InternalServiceError (HTTP 500, which the SDK retries) by default. */
  failNext(count: number, errorType = 'InternalServiceError'): void {
    this.#failures = Array.from({ length: count }, () => errorType);
  }

  /** Every read of `label` fails with the given error type (HTTP 500 for InternalServiceError), until cleared. */
  failStage(label: StagingLabel, errorType: string | undefined): void {
    if (errorType === undefined) this.#stageFailures.delete(label);
    else this.#stageFailures.set(label, errorType);
  }

  /** Answers reads of `label` (of every label when omitted) `ms` late. */
  delay(ms: number, label?: StagingLabel): void {
    this.#delays.set(label ?? 'all', ms);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #find(id: string): StoredSecret | undefined {
    return this.#secrets.find((s) => s.name === id || s.arn === id);
  }

  #secret(name: string | undefined): StoredSecret {
    const secret = name === undefined ? this.#secrets[0] : this.#find(name);
    if (secret === undefined) throw new Error(`the Secrets Manager stand-in holds no secret ${name ?? ''}`);
    return secret;
  }

  #answer(request: IncomingMessage, text: string): { reply: Reply; label?: StagingLabel } {
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return { reply: error('UnknownOperationException', 'unknown operation') };
    }
    const { SecretId = '', VersionStage } = JSON.parse(text) as { SecretId?: string; VersionStage?: string };
    this.reads.push(SecretId);
    const failure = this.#failures.shift();
    if (failure !== undefined) return { reply: error(failure, `injected ${failure}`) };
    const secret = this.#find(SecretId);
    if (secret === undefined) {
      return {
        reply: error('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
      };
    }
    if (secret.deleted) {
      return {
        reply: error(
          'InvalidRequestException',
          "You can't perform this operation on the secret because it was marked for deletion.",
        ),
      };
    }
    const label = (VersionStage ?? 'AWSCURRENT') as StagingLabel;
    const injected = this.#stageFailures.get(label);
    if (injected !== undefined) return { reply: error(injected, `injected ${injected}`), label };
    const value = secret.stages.get(label);
    if (value === undefined) {
      const message = `Secrets Manager can't find the specified secret value for staging label: ${label}`;
      return { reply: error('ResourceNotFoundException', message), label };
    }
    const body = {
      ARN: secret.arn,
      Name: secret.name,
      ...(typeof value === 'string' ? { SecretString: value } : {}),
      ...(value === BINARY_ONLY ? { SecretBinary: randomBytes(8).toString('base64') } : {}),
      VersionId: randomUUID(),
      VersionStages: [label],
      CreatedDate: Date.now() / 1000,
    };
    return { reply: { status: 200, body }, label };
  }
}

/** Starts the stand-in with one secret, the signing secret, whose current value is `initial`. */
export async function startFakeSecretsManager(initial: string): Promise<FakeSecretsManager> {
  const secrets = await FakeSecretsManager.start();
  secrets.put(SIGNING_SECRET_NAME, initial, SIGNING_SECRET_ARN);
  return secrets;
}
