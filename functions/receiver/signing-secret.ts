/**
 * The webhook signing secret, read from Secrets Manager at run time and cached with a TTL. Both the current
 * version (AWSCURRENT) and, when the secret has been rotated, the previous one (AWSPREVIOUS) are kept, so a
 * delivery signed just before a rotation still verifies.
 *
 * Only the current version is required. The previous one is optional: when it does not exist, or exists
 * without a string value (as a failed rotation can leave a version), there is none; when reading it fails or
 * is slow, the current one is used alone and {@link SigningSecret.previousUnavailable} says so, so that a
 * delivery matching no key is answered 503 (retry) rather than 401 (do not retry) until it can be read.
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
  /** How long to wait for the previous version once the current one is read; default 250 ms. */
  readonly previousGraceMs?: number;
  readonly now?: () => number;
}

type Stage = 'AWSCURRENT' | 'AWSPREVIOUS';

/** What a read of the previous version gave: a value, none (absent), or nothing yet (failed or slow). */
type PreviousRead = { readonly value: string | undefined } | { readonly unavailable: true };

interface Snapshot {
  readonly keys: readonly KeyObject[];
  /** When the read began: the values are at least that recent, so ages and the rate limit count from it. */
  readonly fetchedAt: number;
  readonly previousUnavailable: boolean;
}

const DEFAULT_PREVIOUS_GRACE_MS = 250;

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
   * After a failed check, reads the secret again in case it was rotated, unless a read began less than
   * `minRefreshIntervalMs` ago (so that forged requests cannot drive calls to Secrets Manager). Returns the
   * new keys, or undefined when no read was allowed.
   */
  async refreshAfterFailedCheck(): Promise<readonly KeyObject[] | undefined> {
    const snapshot = this.snapshot;
    if (snapshot && this.now() - snapshot.fetchedAt < this.options.minRefreshIntervalMs) return undefined;
    return (await this.fetch()).keys;
  }

  /**
   * True when the keys lack the previous version because reading it failed or was slow (not because there is
   * none): a signature matching no key may then be one made with it.
   */
  previousUnavailable(): boolean {
    return this.snapshot?.previousUnavailable ?? false;
  }

  private fetch(): Promise<Snapshot> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(): Promise<Snapshot> {
    const startedAt = this.now();
    const previous = this.previous();
    const current = await this.version('AWSCURRENT');
    if (current === undefined) {
      throw new SigningSecretUnavailableError("the signing secret's AWSCURRENT version has no string value");
    }
    const early = await Promise.race([
      previous,
      delay(this.options.previousGraceMs ?? DEFAULT_PREVIOUS_GRACE_MS),
    ]);
    const snapshot = this.snapshotOf(current, early, startedAt);
    this.snapshot = snapshot;
    if (early === undefined) {
      // Slow: verify with the current version now, and add the previous one when (if) it arrives.
      void previous.then((late) => {
        if (this.snapshot === snapshot) this.snapshot = this.snapshotOf(current, late, startedAt);
      });
    }
    return snapshot;
  }

  private snapshotOf(current: string, previous: PreviousRead | undefined, fetchedAt: number): Snapshot {
    const value = previous !== undefined && 'value' in previous ? previous.value : undefined;
    const values = value === undefined || value === current ? [current] : [current, value];
    return {
      keys: values.map(signingKey),
      fetchedAt,
      previousUnavailable: previous === undefined || 'unavailable' in previous,
    };
  }

  /** The previous version's read; never rejects. */
  private previous(): Promise<PreviousRead> {
    return this.version('AWSPREVIOUS').then(
      (value) => ({ value }),
      () => ({ unavailable: true }) as const,
    );
  }

  /** A stage's string value; undefined when the stage holds none (or, for AWSPREVIOUS, does not exist). */
  private async version(stage: Stage): Promise<string | undefined> {
    try {
      const output = await this.options.client.send(
        new GetSecretValueCommand({ SecretId: this.options.secretId, VersionStage: stage }),
      );
      // A version without a string value (a failed rotation can leave one) holds no key.
      return output.SecretString === undefined || output.SecretString === ''
        ? undefined
        : output.SecretString;
    } catch (error) {
      // A secret that was never rotated simply has no previous version.
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw new SigningSecretUnavailableError(`reading the signing secret (${stage}) failed`, {
        cause: error,
      });
    }
  }
}

/** Resolves to undefined after `ms`, without keeping the process alive. */
function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
