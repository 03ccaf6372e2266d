/**
 * The webhook signing secret, read from Secrets Manager at run time and cached with a TTL. Both the current
 * version (AWSCURRENT) and, when the secret has been rotated, the previous one (AWSPREVIOUS) verify, so a
 * delivery signed just before a rotation still verifies.
 *
 * Only the current version is required, and it is all a correctly signed delivery needs: a read of the secret
 * (at init, then each TTL) asks for AWSCURRENT alone. The previous version is read when a signature does not
 * match the current value ({@link SigningSecret.keys}), once per read of the current one, and waited for up
 * to a grace time; a read forced by a failed check ({@link SigningSecret.refreshAfterFailedCheck}) asks for
 * both at once. The previous version is optional: when it does not exist, or exists without a string value (as
 * a failed rotation can leave a version), there is none; when reading it fails or is slow, the current one is
 * used alone and {@link SigningSecret.previousUnavailable} says so, so that a delivery matching no key is
 * answered 503 (retry) rather than 401 (do not retry) until it can be read.
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
  /**
   * How long {@link SigningSecret.keys} waits for the previous version once its read has begun; default 250 ms.
   * Deliveries signed with the current value never ask for it.
   */
  readonly previousGraceMs?: number;
  readonly now?: () => number;
}

type Stage = 'AWSCURRENT' | 'AWSPREVIOUS';

/** What a read of the previous version gave: a value, or none (absent); `unavailable` when the read failed. */
type PreviousRead = { readonly value: string | undefined } | { readonly unavailable: true };

/** One read of the secret: the current key at once, the previous version when first asked for (or at once). */
class Generation {
  readonly current: KeyObject;
  /** The previous version's read, once settled; undefined while it is on its way or not asked for. */
  private previous: PreviousRead | undefined;
  private all: readonly KeyObject[];
  /** Settles when the previous version's read does, or `graceMs` after it began; undefined until it begins. */
  private settledOrGrace: Promise<unknown> | undefined;

  constructor(
    private readonly currentValue: string,
    /** The previous version's read: begun already, or to begin when first asked for. */
    private readonly readPrevious: Promise<PreviousRead> | (() => Promise<PreviousRead>),
    /** When the read began: the values are at least that recent, so ages and the rate limit count from it. */
    readonly fetchedAt: number,
    private readonly graceMs: number,
  ) {
    this.current = signingKey(currentValue);
    this.all = [this.current];
    if (typeof readPrevious !== 'function') this.previousRead();
  }

  /** The current key, then the previous one when it has been read; waits for that read up to the grace time. */
  async keys(): Promise<readonly KeyObject[]> {
    if (this.previous === undefined) await this.previousRead();
    return this.all;
  }

  /** True while the previous version is unknown: its read failed, has not answered yet, or was not asked for. */
  previousUnavailable(): boolean {
    return this.previous === undefined || 'unavailable' in this.previous;
  }

  private previousRead(): Promise<unknown> {
    if (this.settledOrGrace === undefined) {
      const read = typeof this.readPrevious === 'function' ? this.readPrevious() : this.readPrevious;
      this.settledOrGrace = Promise.race([read.then((result) => this.settle(result)), delay(this.graceMs)]);
    }
    return this.settledOrGrace;
  }

  private settle(read: PreviousRead): void {
    this.previous = read;
    const value = 'value' in read ? read.value : undefined;
    if (value !== undefined && value !== this.currentValue) this.all = [this.current, signingKey(value)];
  }
}

const DEFAULT_PREVIOUS_GRACE_MS = 250;

export class SigningSecret {
  private generation: Generation | undefined;
  private inFlight: Promise<Generation> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SigningSecretOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The key of the current version (the previous one is not read for it): at once while the cached read is
   * fresh, else once the secret has been read again.
   */
  currentKey(): KeyObject | Promise<KeyObject> {
    const generation = this.fresh();
    return generation instanceof Generation ? generation.current : generation.then(({ current }) => current);
  }

  /**
   * The keys to verify with: current first, then previous when there is one. Reads the previous version when
   * not yet read with this current one, and waits for it up to the grace time. Reads the secret when stale.
   */
  async keys(): Promise<readonly KeyObject[]> {
    return (await this.fresh()).keys();
  }

  /**
   * After a failed check, reads the secret again (both versions at once) in case it was rotated, unless a read
   * began less than `minRefreshIntervalMs` ago (so that forged requests cannot drive calls to Secrets Manager).
   * Returns the new keys, or undefined when no read was allowed.
   */
  async refreshAfterFailedCheck(): Promise<readonly KeyObject[] | undefined> {
    const generation = this.generation;
    if (generation && this.now() - generation.fetchedAt < this.options.minRefreshIntervalMs) return undefined;
    return (await this.fetch(true)).keys();
  }

  /**
   * True when the keys lack the previous version because reading it failed or was slow (not because there is
   * none): a signature matching no key may then be one made with it.
   */
  previousUnavailable(): boolean {
    return this.generation?.previousUnavailable() ?? false;
  }

  private fresh(): Generation | Promise<Generation> {
    const generation = this.generation;
    if (generation && this.now() - generation.fetchedAt < this.options.ttlMs) return generation;
    return this.fetch(false);
  }

  /** A read of the secret, or the one on its way (which then reads the previous version when asked for). */
  private fetch(withPrevious: boolean): Promise<Generation> {
    this.inFlight ??= this.read(withPrevious).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(withPrevious: boolean): Promise<Generation> {
    const startedAt = this.now();
    // With the previous version, both requests go out now, the current one first; only it is awaited here.
    const current = this.version('AWSCURRENT');
    const previous = withPrevious ? this.previous() : () => this.previous();
    const value = await current;
    if (value === undefined) {
      throw new SigningSecretUnavailableError("the signing secret's AWSCURRENT version has no string value");
    }
    const generation = new Generation(
      value,
      previous,
      startedAt,
      this.options.previousGraceMs ?? DEFAULT_PREVIOUS_GRACE_MS,
    );
    this.generation = generation;
    return generation;
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
