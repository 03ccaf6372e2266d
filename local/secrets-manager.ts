/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1 that speaks the real wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: secretsmanager.<Operation>`), so the SDK client runs unchanged against it
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). The dev server hands the signing secret to the receiver through it, as
 * Secrets Manager does on AWS; the tests use it to rotate secrets, and to inject failures and latency. Errors
 * have Secrets Manager's types and messages.
 *
 * It holds any number of secrets, found by name or ARN, each with versions and staging labels
 * (local/secret-versions.ts). The operations, per AWS's API reference
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/):
 *
 * - `GetSecretValue` by `VersionStage` (default AWSCURRENT) and/or `VersionId`. A read answers with the value
 *   the label pointed at when the request arrived, even when the answer is delayed.
 * - `PutSecretValue`: a new version with `VersionStages` (default AWSCURRENT) under `ClientRequestToken`, the
 *   version id. "If a version with this value already exists and that version's SecretString and SecretBinary
 *   values are the same as those in the request, the request is ignored. If a version with this value already
 *   exists and the version's SecretString and SecretBinary values are different from those in the request, the
 *   request fails": ResourceExistsException. A version staged without a value (what RotateSecret stages as
 *   AWSPENDING) takes the value.
 * - `UpdateSecretVersionStage` (`MoveToVersionId`, `RemoveFromVersionId`): a label attached elsewhere must be
 *   named in `RemoveFromVersionId` ("If the label is attached and you either do not specify this parameter, or
 *   the version ID does not match, then the operation fails"), AWSCURRENT cannot be removed without moving it,
 *   and moving AWSCURRENT moves AWSPREVIOUS to the version it left.
 * - `DescribeSecret`: `RotationEnabled`, `RotationLambdaARN`, `RotationRules`, `LastRotatedDate`,
 *   `LastChangedDate`, `VersionIdsToStages` (versions with labels only), `CreatedDate`, `DeletedDate`.
 * - `GetRandomPassword` (secret-versions.ts).
 * - `RotateSecret`: refused while "the AWSPENDING staging label is present but not attached to the same version
 *   as AWSCURRENT" ("any later invocation of RotateSecret assumes that a previous rotation request is still in
 *   progress and returns an error"). Otherwise it stages the `ClientRequestToken` as an AWSPENDING version
 *   without a value, answers at once (the rotation is asynchronous), and calls the rotation function through
 *   the hook the tests or the dev mode give ({@link FakeSecretsManager.enableRotation}), with
 *   `{Step, SecretId, ClientRequestToken, RotationToken}`, for `createSecret`, `setSecret`, `testSecret` and
 *   `finishSecret` in that order, stopping at the first step that fails (as AWS's "Rotation by Lambda function"
 *   and the rotation function templates describe). `LastRotatedDate` is set when all four succeeded.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BINARY_ONLY,
  type RandomPasswordRequest,
  randomPassword,
  type SecretVersion,
  type SecretVersionValue,
  ServiceError,
  type StagingLabel,
  StoredSecret,
} from './secret-versions';

export { BINARY_ONLY, type SecretVersionValue, type StagingLabel } from './secret-versions';

/** The name and ARN of the secret {@link startFakeSecretsManager} starts with. */
export const SIGNING_SECRET_NAME = 'argyle-signing-secret';
const SIGNING_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SIGNING_SECRET_NAME}-AbCdEf`;

/** The steps Secrets Manager calls a rotation function for, in this order. */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager invokes the rotation function with. */
export interface RotationInvocation {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly RotationToken: string;
}

/** The rotation function, called in process (the tests' or the dev mode's hook). */
export type RotationFunction = (event: RotationInvocation) => Promise<unknown>;

/** One rotation RotateSecret started: the steps called and how each ended. */
export interface RotationRun {
  readonly token: string;
  readonly steps: { readonly step: RotationStep; readonly error?: string }[];
  /** Settles when the rotation ended: `true` when all four steps succeeded. */
  readonly done: Promise<boolean>;
}

export interface FakeSecretsManagerOptions {
  /** The clock of `CreatedDate`, `LastRotatedDate` and `LastChangedDate` (epoch ms). */
  readonly now?: () => number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}

const reply = (body: unknown): Reply => ({ status: 200, body });

const errorReply = (type: string, message: string): Reply => ({
  status: type === 'InternalServiceError' ? 500 : 400,
  body: { __type: type, message },
  errorType: type,
});

const notFound = () =>
  new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

/** AWS JSON 1.1 sends timestamps as epoch seconds. */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

type Request = Record<string, unknown>;

export class FakeSecretsManager {
  readonly endpoint: string;
  /** SecretId of every GetSecretValue call, in order. */
  readonly reads: string[] = [];
  /** Every call: the operation, and the stage or version a GetSecretValue asked for. */
  readonly requests: { readonly operation: string; readonly stage?: string; readonly versionId?: string }[] =
    [];
  /** Every rotation RotateSecret started, oldest first. */
  readonly rotations: RotationRun[] = [];
  readonly #server: Server;
  readonly #secrets: StoredSecret[] = [];
  readonly #rotationFunctions = new Map<string, RotationFunction>();
  readonly #now: () => number;
  #failures: string[] = [];
  readonly #stageFailures = new Map<StagingLabel, string>();
  readonly #delays = new Map<StagingLabel | 'all', number>();
  #calls = 0;

  private constructor(server: Server, options: FakeSecretsManagerOptions) {
    this.#server = server;
    this.#now = options.now ?? (() => Date.now());
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.#calls++;
        const { reply: answer, label } = this.#answer(request, Buffer.concat(chunks).toString('utf8'));
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(answer.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': randomUUID(),
            ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
          });
          response.end(JSON.stringify(answer.body));
        };
        const late = (label && this.#delays.get(label)) || this.#delays.get('all') || 0;
        if (late > 0) setTimeout(send, late);
        else send();
      });
    });
  }

  /** Starts a stand-in with no secrets; {@link put} adds them. */
  static async start(options: FakeSecretsManagerOptions = {}): Promise<FakeSecretsManager> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSecretsManager(server, options);
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
   * Stores a secret whose current version is `value` (replacing the versions and the rotation settings of one
   * of the same name) and
   * returns its ARN, which ends in the six characters Secrets Manager adds (random unless `arn` is given).
   * `undefined` stores a binary-only secret.
   */
  put(name: string, value: string | undefined, arn?: string): string {
    const current = value === undefined ? BINARY_ONLY : value;
    const now = this.#now();
    let secret = this.#find(name);
    if (secret) {
      secret.versions.length = 0;
      secret.deleted = false;
      secret.rotation = undefined;
      secret.rotationEnabled = undefined;
      secret.lastRotatedAt = undefined;
    } else {
      const secretArn =
        arn ??
        `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-${randomBytes(3).toString('hex')}`;
      secret = new StoredSecret(name, secretArn, now);
      this.#secrets.push(secret);
    }
    secret.attach('AWSCURRENT', secret.addVersion(randomUUID(), current, now), now);
    return secret.arn;
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

  /** Makes `value` current and the old current value previous, as `put-secret-value` does. */
  rotate(value: string, name?: string): void {
    const secret = this.#secret(name);
    const now = this.#now();
    secret.attach('AWSCURRENT', secret.addVersion(randomUUID(), value, now), now);
  }

  /**
   * Points `label` at a new version holding `value`; `null` is a version without a string value, `undefined`
   * removes the label (reads of it are then ResourceNotFoundException). AWSCURRENT set this way does not move
   * AWSPREVIOUS (use {@link rotate} for that).
   */
  setStage(label: StagingLabel, value: SecretVersionValue | undefined, name?: string): void {
    const secret = this.#secret(name);
    const now = this.#now();
    const holder = secret.byStage(label);
    if (holder) secret.detach(label, holder, now);
    if (value !== undefined) secret.addVersion(randomUUID(), value, now).stages.add(label);
  }

  /** The string a label points at (undefined when none): for tests that sign as Argyle would. */
  valueOf(label: StagingLabel, name?: string): string | undefined {
    const value = this.#secret(name).byStage(label)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  /** Version ids and their labels, as DescribeSecret's `VersionIdsToStages` lists them. */
  stagesOf(name?: string): Record<string, string[]> {
    return this.#secret(name).versionIdsToStages();
  }

  /**
   * Configures rotation, as a rotation schedule does (`RotationEnabled`, `RotationLambdaARN`, `RotationRules`):
   * RotateSecret then calls `rotation` for each step.
   */
  enableRotation(
    rotation: RotationFunction,
    options: {
      readonly name?: string;
      readonly lambdaArn?: string;
      readonly automaticallyAfterDays?: number;
    } = {},
  ): void {
    const secret = this.#secret(options.name);
    const lambdaArn = options.lambdaArn ?? 'arn:aws:lambda:us-east-1:123456789012:function:rotation';
    this.#rotationFunctions.set(lambdaArn, rotation);
    secret.rotation = {
      lambdaArn,
      ...(options.automaticallyAfterDays === undefined
        ? {}
        : { automaticallyAfterDays: options.automaticallyAfterDays }),
    };
    secret.rotationEnabled = true;
  }

  /** The last rotation RotateSecret started, once it ended; undefined when none was started. */
  async rotationSettled(): Promise<RotationRun | undefined> {
    const last = this.rotations.at(-1);
    await last?.done;
    return last;
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

  /** The secret a request names; a secret scheduled for deletion only when `evenDeleted`. */
  #target(input: Request, evenDeleted = false): StoredSecret {
    const secret = this.#find(typeof input.SecretId === 'string' ? input.SecretId : '');
    if (secret === undefined) throw notFound();
    if (secret.deleted && !evenDeleted) {
      throw new ServiceError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    return secret;
  }

  #answer(request: IncomingMessage, text: string): { reply: Reply; label?: StagingLabel } {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
    const input = (text === '' ? {} : JSON.parse(text)) as Request;
    const label =
      operation === 'GetSecretValue' && input.VersionId === undefined
        ? ((input.VersionStage ?? 'AWSCURRENT') as StagingLabel)
        : operation === 'GetSecretValue'
          ? (input.VersionStage as StagingLabel | undefined)
          : undefined;
    this.requests.push({
      operation,
      ...(label === undefined ? {} : { stage: label }),
      ...(typeof input.VersionId === 'string' ? { versionId: input.VersionId } : {}),
    });
    if (operation === 'GetSecretValue') this.reads.push(String(input.SecretId ?? ''));
    try {
      const failure = this.#failures.shift();
      if (failure !== undefined) throw new ServiceError(failure, `injected ${failure}`);
      switch (operation) {
        case 'GetSecretValue':
          return { reply: reply(this.#getSecretValue(input)), ...(label ? { label } : {}) };
        case 'PutSecretValue':
          return { reply: reply(this.#putSecretValue(input)) };
        case 'UpdateSecretVersionStage':
          return { reply: reply(this.#updateSecretVersionStage(input)) };
        case 'DescribeSecret':
          return { reply: reply(this.#describeSecret(input)) };
        case 'GetRandomPassword':
          return {
            reply: reply({ RandomPassword: randomPassword(input as RandomPasswordRequest, randomInt) }),
          };
        case 'RotateSecret':
          return { reply: reply(this.#rotateSecret(input)) };
        default:
          return { reply: errorReply('UnknownOperationException', 'unknown operation') };
      }
    } catch (error) {
      if (error instanceof ServiceError) {
        return { reply: errorReply(error.type, error.message), ...(label ? { label } : {}) };
      }
      throw error;
    }
  }

  #getSecretValue(input: Request): unknown {
    const secret = this.#target(input);
    const stage = typeof input.VersionStage === 'string' ? input.VersionStage : undefined;
    const versionId = typeof input.VersionId === 'string' ? input.VersionId : undefined;
    const injected = stage === undefined ? undefined : this.#stageFailures.get(stage as StagingLabel);
    if (injected !== undefined) throw new ServiceError(injected, `injected ${injected}`);
    let version: SecretVersion | undefined;
    if (versionId !== undefined) {
      version = secret.byId(versionId);
      if (version === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
        );
      }
      if (stage !== undefined && !version.stages.has(stage)) {
        throw new ServiceError(
          'ResourceNotFoundException',
          'You provided a VersionStage that is not associated to the provided VersionId.',
        );
      }
    } else {
      const label = stage ?? 'AWSCURRENT';
      version = secret.byStage(label);
      if (version === undefined) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${label}`,
        );
      }
    }
    const value = version.value;
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(typeof value === 'string' ? { SecretString: value } : {}),
      ...(value === BINARY_ONLY ? { SecretBinary: randomBytes(8).toString('base64') } : {}),
      VersionId: version.id,
      VersionStages: [...version.stages],
      CreatedDate: seconds(version.createdAt),
    };
  }

  #putSecretValue(input: Request): unknown {
    const secret = this.#target(input);
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const value = typeof input.SecretString === 'string' ? input.SecretString : undefined;
    if (value === undefined) {
      throw new ServiceError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    }
    const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : ['AWSCURRENT'];
    const now = this.#now();
    const existing = secret.byId(token);
    if (existing !== undefined && existing.value !== null) {
      if (existing.value !== value) {
        throw new ServiceError(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create new versions.",
        );
      }
      // The same token and value: "the request is ignored".
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages] };
    }
    const version = existing ?? secret.addVersion(token, value, now);
    version.value = value;
    for (const stage of stages) secret.attach(stage, version, now);
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages] };
  }

  #updateSecretVersionStage(input: Request): unknown {
    const secret = this.#target(input);
    const stage = String(input.VersionStage ?? '');
    const moveTo = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : undefined;
    const removeFrom = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
    const now = this.#now();
    const holder = secret.byStage(stage);
    const target = moveTo === undefined ? undefined : secret.byId(moveTo);
    if (moveTo !== undefined && target === undefined) {
      throw new ServiceError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret version: ${moveTo}`,
      );
    }
    if (holder !== undefined && holder !== target && holder.id !== removeFrom) {
      throw new ServiceError(
        'InvalidParameterException',
        `The parameter RemoveFromVersionId doesn't match the version ${stage} is attached to.`,
      );
    }
    if (target === undefined) {
      if (stage === 'AWSCURRENT') {
        throw new ServiceError(
          'InvalidParameterException',
          'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
        );
      }
      if (holder !== undefined) secret.detach(stage, holder, now);
    } else {
      secret.attach(stage, target, now);
    }
    return { ARN: secret.arn, Name: secret.name };
  }

  #describeSecret(input: Request): unknown {
    const secret = this.#target(input, true);
    const rotation = secret.rotation;
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.rotationEnabled === undefined ? {} : { RotationEnabled: secret.rotationEnabled }),
      ...(rotation === undefined
        ? {}
        : {
            RotationLambdaARN: rotation.lambdaArn,
            RotationRules: {
              ...(rotation.automaticallyAfterDays === undefined
                ? {}
                : { AutomaticallyAfterDays: rotation.automaticallyAfterDays }),
            },
          }),
      ...(secret.lastRotatedAt === undefined ? {} : { LastRotatedDate: seconds(secret.lastRotatedAt) }),
      LastChangedDate: seconds(secret.lastChangedAt),
      ...(secret.deleted ? { DeletedDate: seconds(this.#now()) } : {}),
      VersionIdsToStages: secret.versionIdsToStages(),
      CreatedDate: seconds(secret.createdAt),
    };
  }

  #rotateSecret(input: Request): unknown {
    const secret = this.#target(input);
    if (typeof input.RotationLambdaARN === 'string') {
      if (!this.#rotationFunctions.has(input.RotationLambdaARN)) {
        throw new ServiceError('InvalidRequestException', 'The rotation function cannot be invoked.');
      }
      const rules = input.RotationRules as { AutomaticallyAfterDays?: number } | undefined;
      secret.rotation = {
        lambdaArn: input.RotationLambdaARN,
        ...(rules?.AutomaticallyAfterDays === undefined
          ? {}
          : { automaticallyAfterDays: rules.AutomaticallyAfterDays }),
      };
    }
    const rotation =
      secret.rotation === undefined ? undefined : this.#rotationFunctions.get(secret.rotation.lambdaArn);
    if (rotation === undefined) {
      throw new ServiceError(
        'InvalidRequestException',
        'No Lambda rotation function ARN is associated with this secret.',
      );
    }
    secret.rotationEnabled = true;
    if (input.RotateImmediately === false) return { ARN: secret.arn, Name: secret.name };
    if (secret.rotationInProgress()) {
      throw new ServiceError(
        'InvalidRequestException',
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
    }
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const now = this.#now();
    const version = secret.byId(token) ?? secret.addVersion(token, null, now);
    secret.attach('AWSPENDING', version, now);
    this.#runRotation(secret, token, rotation);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  }

  #runRotation(secret: StoredSecret, token: string, rotation: RotationFunction): void {
    const steps: { step: RotationStep; error?: string }[] = [];
    const run = async (): Promise<boolean> => {
      // Asynchronous, as on AWS: RotateSecret has answered before the first step runs.
      await new Promise((resolve) => setImmediate(resolve));
      for (const step of ROTATION_STEPS) {
        try {
          await rotation({
            Step: step,
            SecretId: secret.arn,
            ClientRequestToken: token,
            RotationToken: randomUUID(),
          });
          steps.push({ step });
        } catch (error) {
          steps.push({
            step,
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          return false;
        }
      }
      secret.lastRotatedAt = this.#now();
      return true;
    };
    this.rotations.push({ token, steps, done: run() });
  }
}

/** Starts the stand-in with one secret, the signing secret, whose current value is `initial`. */
export async function startFakeSecretsManager(
  initial: string,
  options: FakeSecretsManagerOptions = {},
): Promise<FakeSecretsManager> {
  const secrets = await FakeSecretsManager.start(options);
  secrets.put(SIGNING_SECRET_NAME, initial, SIGNING_SECRET_ARN);
  return secrets;
}
