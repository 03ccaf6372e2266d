/**
 * The versions of one secret in the Secrets Manager stand-in (local/secrets-manager.ts) and the rules for their
 * staging labels, as AWS's API reference states them:
 *
 * - "Each staging label can be attached to only one version at a time"; attaching it elsewhere removes it from
 *   the version that had it (UpdateSecretVersionStage, PutSecretValue's `VersionStages`).
 * - "Whenever you move AWSCURRENT, Secrets Manager automatically moves the label AWSPREVIOUS to the version
 *   that AWSCURRENT was removed from" (API_UpdateSecretVersionStage; API_PutSecretValue says the same).
 * - A version without labels is deprecated: `DescribeSecret`'s `VersionIdsToStages` leaves it out.
 *
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
 */

export type StagingLabel = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

/**
 * What a version holds: a string, `null` for neither a string nor binary (what a failed rotation can leave, and
 * what RotateSecret stages as AWSPENDING before the rotation function's createSecret stores the value), or
 * {@link BINARY_ONLY} for binary data and no string.
 */
export type SecretVersionValue = string | null | typeof BINARY_ONLY;
export const BINARY_ONLY = Symbol('binary only');

export interface SecretVersion {
  readonly id: string;
  value: SecretVersionValue;
  /** Staging labels: AWS's three and any others a caller attached. */
  readonly stages: Set<string>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** An error Secrets Manager answers with: its `__type` and message. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export interface RotationConfig {
  readonly lambdaArn: string;
  readonly automaticallyAfterDays?: number;
  readonly scheduleExpression?: string;
}

export class StoredSecret {
  readonly versions: SecretVersion[] = [];
  deleted = false;
  /** Set once rotation was configured (RotateSecret, or the stand-in's `enableRotation`). */
  rotation: RotationConfig | undefined;
  rotationEnabled: boolean | undefined;
  /** Epoch milliseconds: when a rotation last completed; when anything last changed. */
  lastRotatedAt: number | undefined;
  lastChangedAt: number;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly createdAt: number,
  ) {
    this.lastChangedAt = createdAt;
  }

  byId(id: string): SecretVersion | undefined {
    return this.versions.find((version) => version.id === id);
  }

  byStage(label: string): SecretVersion | undefined {
    return this.versions.find((version) => version.stages.has(label));
  }

  /** Adds a version without labels (attach them with {@link attach}). */
  addVersion(id: string, value: SecretVersionValue, now: number): SecretVersion {
    const version: SecretVersion = { id, value, stages: new Set(), createdAt: now };
    this.versions.push(version);
    this.lastChangedAt = now;
    return version;
  }

  /**
   * Attaches `label` to `version`, removing it from the version that had it; moving AWSCURRENT moves AWSPREVIOUS
   * to the version AWSCURRENT left.
   */
  attach(label: string, version: SecretVersion, now: number): void {
    const holder = this.byStage(label);
    if (holder === version) return;
    holder?.stages.delete(label);
    version.stages.add(label);
    if (label === 'AWSCURRENT' && holder !== undefined) this.attach('AWSPREVIOUS', holder, now);
    this.lastChangedAt = now;
  }

  detach(label: string, version: SecretVersion, now: number): void {
    version.stages.delete(label);
    this.lastChangedAt = now;
  }

  /** Version id → labels, for the versions that have at least one label (DescribeSecret). */
  versionIdsToStages(): Record<string, string[]> {
    return Object.fromEntries(
      this.versions.filter((v) => v.stages.size > 0).map((v) => [v.id, [...v.stages].sort()]),
    );
  }

  /**
   * A rotation is in progress when AWSPENDING is attached to a version other than AWSCURRENT's: RotateSecret
   * then "assumes that a previous rotation request is still in progress and returns an error"
   * (API_RotateSecret).
   */
  rotationInProgress(): boolean {
    const pending = this.byStage('AWSPENDING');
    return pending !== undefined && !pending.stages.has('AWSCURRENT');
  }
}

/** The characters GetRandomPassword draws from, by kind (API_GetRandomPassword). */
const CHARACTER_SETS = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;

export interface RandomPasswordRequest {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
}

/**
 * GetRandomPassword as documented: 32 characters unless `PasswordLength` (1 to 4096) says otherwise, letters,
 * numbers and punctuation unless excluded, a space only with `IncludeSpace`, and at least one of every
 * included kind unless `RequireEachIncludedType` is false.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
 */
export function randomPassword(request: RandomPasswordRequest, randomInt: (max: number) => number): string {
  const length = request.PasswordLength ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new ServiceError('InvalidParameterException', 'PasswordLength must be from 1 to 4096.');
  }
  const excluded = new Set(request.ExcludeCharacters ?? '');
  const kinds = [
    request.ExcludeLowercase ? '' : CHARACTER_SETS.lowercase,
    request.ExcludeUppercase ? '' : CHARACTER_SETS.uppercase,
    request.ExcludeNumbers ? '' : CHARACTER_SETS.numbers,
    request.ExcludePunctuation ? '' : CHARACTER_SETS.punctuation,
    request.IncludeSpace ? ' ' : '',
  ]
    .map((set) => [...set].filter((c) => !excluded.has(c)).join(''))
    .filter((set) => set.length > 0);
  if (kinds.length === 0) {
    throw new ServiceError('InvalidParameterException', 'The password cannot be made of no characters.');
  }
  const pick = (set: string) => set[randomInt(set.length)] ?? '';
  const all = kinds.join('');
  const chars = Array.from({ length }, () => pick(all));
  if (request.RequireEachIncludedType !== false && length >= kinds.length) {
    // One of each kind, at distinct random places.
    const places = [...chars.keys()];
    for (const set of kinds) {
      const [place] = places.splice(randomInt(places.length), 1);
      if (place !== undefined) chars[place] = pick(set);
    }
  }
  return chars.join('');
}
