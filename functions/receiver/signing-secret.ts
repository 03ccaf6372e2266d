/**
 * The webhook signing secret, read from Secrets Manager at run time and cached with a TTL. The current version
 * (AWSCURRENT), the previous one (AWSPREVIOUS) and, while a rotation is in progress, the pending one
 * (AWSPENDING) all verify, so a delivery signed with the value of either subscription that a rotation overlaps
 * verifies at every step of it.
 *
 * Only the current version is required, and it is all a delivery waits for: {@link SigningSecret.currentKey}
 * resolves as soon as it is read, and it is tried first: a read of the secret (at init, then each TTL) asks for
 * AWSCURRENT alone, so no correctly signed delivery, the first one included, pays for another request. The
 * previous and pending versions are read on the first signature the current value does not match after each
 * read of the secret, and then kept with that read ({@link SigningSecret.keys}); a read forced by a failed
 * check ({@link SigningSecret.refreshAfterFailedCheck}) asks for the previous version at once. It exists only during a rotation, so reading it with the
 * others would add a third call (and the SDK's error path for its absence) to every read and every cold start
 * for nothing (docs/performance.md, "AWSPENDING"). Reading it late loses nothing: its value is only ever used
 * to sign 40 s after it became readable (`SIGNING_SECRET_SETTLE_MS`), the rotation leaves AWSPENDING on the new
 * current version when it finishes, and a read of AWSPENDING made before the value existed is followed, once a
 * delivery signed with it fails, by a new read of the secret (more than 30 s have passed since the read it
 * belongs to began).
 *
 * The previous and pending versions are optional: when one does not exist, or exists without a string value (as
 * a failed rotation can leave a version), there is none; when reading it fails or is slow, the others are used
 * and {@link SigningSecret.previousUnavailable} says so, so that a delivery matching no key is answered 503
 * (retry) rather than 401 (do not retry) until it can be read.
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
   * How long {@link SigningSecret.keys} waits for the previous version once the current one is read; default
   * 250 ms. Deliveries signed with the current value never wait for it.
   */
  readonly previousGraceMs?: number;
  /**
   * How long {@link SigningSecret.keys} waits for the pending version (AWSPENDING), which it reads the first
   * time a signature does not match the current key; default 1 s. Past it, a signature matching no key is
   * answered 503 (retry) until the answer comes.
   */
  readonly pendingWaitMs?: number;
  readonly now?: () => number;
}

type Stage = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

/** What a read of an optional version gave: a value, or none (absent); `unavailable` when the read failed. */
type OptionalRead = { readonly value: string | undefined } | { readonly unavailable: true };

/**
 * One read of the secret: the current key at once, the previous version when (if) its read settles, and the
 * pending version once a signature has needed it.
 */
class Generation {
  readonly current: KeyObject;
  /** The previous version's read, once settled; undefined while it is on its way or not asked for. */
  private previous: OptionalRead | undefined;
  /** The pending version's read, once settled; undefined before it is asked for and while it is on its way. */
  private pending: OptionalRead | undefined;
  private pendingRead: Promise<unknown> | undefined;
  private previousKey: KeyObject | undefined;
  private pendingKey: KeyObject | undefined;
  /** Settles when the previous version's read does, or `graceMs` after it began; undefined until it begins. */
  private settledOrGrace: Promise<unknown> | undefined;

  constructor(
    private readonly currentValue: string,
    /** The previous version's read: begun already, or to begin when first asked for. */
    private readonly readPrevious: Promise<OptionalRead> | (() => Promise<OptionalRead>),
    /** Reads the pending version; called at most once, by the first {@link keys}. */
    private readonly readPending: () => Promise<OptionalRead>,
    /** When the read began: the values are at least that recent, so ages and the rate limit count from it. */
    readonly fetchedAt: number,
    private readonly graceMs: number,
    private readonly pendingWaitMs: number,
  ) {
    this.current = signingKey(currentValue);
    if (typeof readPrevious !== 'function') this.previousRead();
  }

  /**
   * The current key, then the previous and the pending ones when they have been read. Waits for the previous
   * version's read up to the grace time, and for the pending version's up to `pendingWaitMs`: the pending
   * version is read here, the first time a signature does not match the current key, not with the others (it
   * exists only while a rotation is in progress, so reading it on every refresh would cost a call for nothing).
   */
  async keys(): Promise<readonly KeyObject[]> {
    const previousRead = this.previousRead();
    this.pendingRead ??= this.readPending().then((read) => {
      this.pending = read;
      this.pendingKey = this.keyOf(read);
    });
    const waits: Promise<unknown>[] = [];
    if (this.previous === undefined) waits.push(previousRead);
    if (this.pending === undefined) waits.push(Promise.race([this.pendingRead, delay(this.pendingWaitMs)]));
    await Promise.all(waits);
    return [this.current, this.previousKey, this.pendingKey].filter(
      (key, index, all): key is KeyObject => key !== undefined && all.indexOf(key) === index,
    );
  }

  /**
   * True while an optional version that was asked for is unknown because its read failed or has not answered
   * yet, or was not asked for: the previous one, and the pending one once {@link keys} asked for it.
   */
  optionalUnavailable(): boolean {
    const unknown = (read: OptionalRead | undefined) => read === undefined || 'unavailable' in read;
    return unknown(this.previous) || (this.pendingRead !== undefined && unknown(this.pending));
  }

  /** The previous version's read, begun on the first call; settles when it does or `graceMs` after it began. */
  private previousRead(): Promise<unknown> {
    if (this.settledOrGrace === undefined) {
      const read = typeof this.readPrevious === 'function' ? this.readPrevious() : this.readPrevious;
      const settled = read.then((result) => {
        this.previous = result;
        this.previousKey = this.keyOf(result);
      });
      this.settledOrGrace = Promise.race([settled, delay(this.graceMs)]);
    }
    return this.settledOrGrace;
  }

  /** The key of an optional version's value, unless it has none or it is the current value. */
  private keyOf(read: OptionalRead): KeyObject | undefined {
    const value = 'value' in read ? read.value : undefined;
    return value === undefined || value === this.currentValue ? undefined : signingKey(value);
  }
}

const DEFAULT_PREVIOUS_GRACE_MS = 250;
const DEFAULT_PENDING_WAIT_MS = 1_000;

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
   * The keys to verify with: current first, then previous and pending when there are such versions, waiting
   * for the previous version's read up to the grace time and for the pending version's (read on the first
   * call for this read of the secret) up to `pendingWaitMs`. Reads the secret when stale.
   */
  async keys(): Promise<readonly KeyObject[]> {
    return (await this.fresh()).keys();
  }

  /**
   * After a failed check, reads the secret again (the previous version at once) in case it was rotated, unless a read began less than
   * `minRefreshIntervalMs` ago (so that forged requests cannot drive calls to Secrets Manager). Returns the
   * new keys, or undefined when no read was allowed.
   */
  async refreshAfterFailedCheck(): Promise<readonly KeyObject[] | undefined> {
    const generation = this.generation;
    if (generation && this.now() - generation.fetchedAt < this.options.minRefreshIntervalMs) return undefined;
    return (await this.fetch(true)).keys();
  }

  /**
   * True when the keys lack the previous or the pending version because reading it failed or was slow (not
   * because there is none): a signature matching no key may then be one made with it. (The name predates
   * AWSPENDING; the pipeline answers 503 rather than 401 while it is true.)
   */
  previousUnavailable(): boolean {
    return this.generation?.optionalUnavailable() ?? false;
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
      () => this.optional('AWSPENDING'),
      startedAt,
      this.options.previousGraceMs ?? DEFAULT_PREVIOUS_GRACE_MS,
      this.options.pendingWaitMs ?? DEFAULT_PENDING_WAIT_MS,
    );
    this.generation = generation;
    return generation;
  }

  /** The previous version's read; never rejects. */
  private previous(): Promise<OptionalRead> {
    return this.optional('AWSPREVIOUS');
  }

  /** An optional version's read (AWSPREVIOUS, AWSPENDING); never rejects. */
  private optional(stage: 'AWSPREVIOUS' | 'AWSPENDING'): Promise<OptionalRead> {
    return this.version(stage).then(
      (value) => ({ value }),
      () => ({ unavailable: true }) as const,
    );
  }

  /**
   * A stage's string value; undefined when the stage holds none (or, for AWSPREVIOUS and AWSPENDING, does not
   * exist).
   */
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
      // A secret never rotated has no previous version, and one not being rotated no pending version.
      if (stage !== 'AWSCURRENT' && error instanceof ResourceNotFoundException) return undefined;
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
