/**
 * The minimum time between two rotations, and the markers the rotation function keeps in the state store. Pure.
 *
 * Why a minimum: the receiver accepts AWSCURRENT and AWSPREVIOUS (and AWSPENDING during a rotation). A rotation
 * deletes the subscriptions that signed with the value it replaces, which becomes AWSPREVIOUS; deliveries Argyle
 * signed with it before (its retries) still verify until the next rotation takes that value out of AWSPREVIOUS.
 * Two rotations in quick succession would leave such deliveries, and any subscription the first rotation could
 * not delete, with no version the receiver accepts: 401, which Argyle does not retry.
 */
import type { Marker } from '../state/store';

/** Marker of the last rotation this function finished: `versionId`, `finishedAt` (ISO 8601). */
export const LAST_ROTATION_MARKER = 'signing-secret-rotation';

/**
 * Marker of the pending value: `versionId`, and `readableAt` (ISO 8601), when createSecret had stored it and
 * read it back. setSecret counts the settle time from there (or from the version's CreatedDate, if later),
 * since Secrets Manager may have created the version (staged by RotateSecret without a value) before the value.
 */
export const PENDING_MARKER = 'signing-secret-pending';

/** What counts as the last change of the signing secret's value, and where that time comes from. */
export interface LastChange {
  /** Epoch ms. */
  readonly at: number;
  readonly source: string;
}

export interface LastChangeInputs {
  readonly marker?: Marker;
  /** DescribeSecret's `LastRotatedDate` (epoch ms). */
  readonly lastRotatedAt?: number;
  /**
   * When the AWSCURRENT version was created (epoch ms), counted only when an AWSPREVIOUS version exists: a value
   * put by hand (`put-secret-value`, then a raised `signingSecretGeneration`) moved the one before it there.
   */
  readonly currentCreatedAt?: number;
  readonly hasPrevious: boolean;
}

/** The latest of the recorded changes; undefined when the secret never changed since it was created. */
export function lastChange(inputs: LastChangeInputs): LastChange | undefined {
  const finishedAt = Date.parse(inputs.marker?.values.finishedAt ?? '');
  const candidates: LastChange[] = [
    ...(Number.isFinite(finishedAt)
      ? [{ at: finishedAt, source: 'the last rotation this stack finished' }]
      : []),
    ...(inputs.lastRotatedAt === undefined
      ? []
      : [{ at: inputs.lastRotatedAt, source: "Secrets Manager's LastRotatedDate" }]),
    ...(inputs.hasPrevious && inputs.currentCreatedAt !== undefined
      ? [{ at: inputs.currentCreatedAt, source: 'the creation of the current value' }]
      : []),
  ];
  return candidates.reduce<LastChange | undefined>(
    (latest, candidate) => (latest === undefined || candidate.at > latest.at ? candidate : latest),
    undefined,
  );
}

/**
 * Why a rotation starting at `now` is too soon, or undefined when it may start.
 *
 * @param minimumIntervalMs the configured minimum (signingSecret.rotation.minimumIntervalHours)
 */
export function tooSoonProblem(
  last: LastChange | undefined,
  now: number,
  minimumIntervalMs: number,
): string | undefined {
  if (last === undefined || now - last.at >= minimumIntervalMs) return undefined;
  const hours = (ms: number) => `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  return (
    `the signing secret last changed at ${new Date(last.at).toISOString()} (${last.source}), ${hours(now - last.at)} ago, ` +
    `and two rotations must be at least ${hours(minimumIntervalMs)} apart (signingSecret.rotation.minimumIntervalHours): ` +
    `a rotation now would take the value before the last one out of AWSPREVIOUS while Argyle may still retry deliveries signed with it. ` +
    `Rotate again after ${new Date(last.at + minimumIntervalMs).toISOString()}`
  );
}

/** When the pending value `versionId` became readable, from its marker and the version's CreatedDate. */
export function pendingReadableAt(
  marker: Marker | undefined,
  versionId: string,
  versionCreatedAt: number | undefined,
): number | undefined {
  const recorded =
    marker?.values.versionId === versionId ? Date.parse(marker.values.readableAt ?? '') : Number.NaN;
  if (!Number.isFinite(recorded)) return undefined;
  return Math.max(recorded, versionCreatedAt ?? recorded);
}
