/**
 * The webhook signing secret, read from Secrets Manager at run time and cached with a TTL. Both the current
 * version (AWSCURRENT) and, when the secret has been rotated, the previous one (AWSPREVIOUS) are kept, so a
 * delivery signed just before a rotation still verifies.
 */
import type { KeyObject } from 'node:crypto';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { signingKey } from './signature';

/** The secret could not be read: our outage, never the sender's fault. */
export class SigningSecretUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SigningSecretUnavailableError';
  }
}

export interface SigningSecretOptions {
  readonly client: Pick<SecretsManagerClient, 'send'>;
  readonly secretId: string;
  /** How long a fetched secret is trusted before it is read again. */
  readonly ttlMs: number;
  /** Least time between two reads forced by failed signature checks. */
  readonly minRefreshIntervalMs: number;
  readonly now?: () => number;
}

interface Snapshot {
  readonly keys: readonly KeyObject[];
  readonly fetchedAt: number;
}

export class SigningSecret {
  private snapshot: Snapshot | undefined;
  private inFlight: Promise<Snapshot> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SigningSecretOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The keys to verify with: current first, then previous when there is one. Reads the secret when stale. */
  async keys(): Promise<readonly KeyObject[]> {
    const snapshot = this.snapshot;
    if (snapshot && this.now() - snapshot.fetchedAt < this.options.ttlMs) return snapshot.keys;
    return (await this.fetch()).keys;
  }

  /**
   * After a failed check, reads the secret again in case it was rotated, unless it was read less than
   * `minRefreshIntervalMs` ago (so that forged requests cannot drive calls to Secrets Manager). Returns the
   * new keys, or undefined when no read was allowed.
   */
  async refreshAfterFailedCheck(): Promise<readonly KeyObject[] | undefined> {
    const snapshot = this.snapshot;
    if (snapshot && this.now() - snapshot.fetchedAt < this.options.minRefreshIntervalMs) return undefined;
    return (await this.fetch()).keys;
  }

  private fetch(): Promise<Snapshot> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(): Promise<Snapshot> {
    const [current, previous] = await Promise.all([this.version('AWSCURRENT'), this.version('AWSPREVIOUS')]);
    if (current === undefined) {
      throw new SigningSecretUnavailableError('the signing secret has no current value');
    }
    const keys = previous === undefined || previous === current ? [current] : [current, previous];
    const snapshot = { keys: keys.map(signingKey), fetchedAt: this.now() };
    this.snapshot = snapshot;
    return snapshot;
  }

  private async version(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
    try {
      const output = await this.options.client.send(
        new GetSecretValueCommand({ SecretId: this.options.secretId, VersionStage: stage }),
      );
      if (output.SecretString === undefined || output.SecretString === '') {
        throw new SigningSecretUnavailableError(`the signing secret's ${stage} version has no string value`);
      }
      return output.SecretString;
    } catch (error) {
      // A secret that was never rotated simply has no previous version.
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      if (error instanceof SigningSecretUnavailableError) throw error;
      throw new SigningSecretUnavailableError(`reading the signing secret (${stage}) failed`, {
        cause: error,
      });
    }
  }
}
