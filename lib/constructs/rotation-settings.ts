/**
 * Defaults and checks of the signing secret's rotation, shared by the cdk.json configuration
 * (`signingSecret.rotation`) and the {@link SigningSecretRotation} construct, with no CDK import (the local tools
 * read the configuration). Each check returns a message naming the bad value and what to write, or `undefined`.
 */
import { DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS } from '../../functions/shared/contract.js';

export const ROTATION_DEFAULTS = {
  /** Off: turning it on replaces every subscription on a schedule (docs/rotation.md). */
  enabled: false,
  /** Days between two scheduled rotations (Secrets Manager's `AutomaticallyAfterDays`). */
  everyDays: 30,
  /** Hours that must pass after a rotation (or a value put by hand) before the next one starts. */
  minimumIntervalHours: DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS,
} as const;

export const ROTATION_LIMITS = {
  /** Secrets Manager's range of `AutomaticallyAfterDays`. */
  everyDays: { min: 1, max: 1000 },
  /** At least an hour; at most 1000 days. */
  minimumIntervalHours: { min: 1, max: 24_000 },
} as const;

/**
 * The minimum interval must be shorter than the schedule, or every scheduled rotation would be refused.
 */
export function rotationIntervalProblem(everyDays: number, minimumIntervalHours: number): string | undefined {
  if (minimumIntervalHours < everyDays * 24) return undefined;
  return `${minimumIntervalHours} hours is not shorter than the schedule (everyDays ${everyDays}, ${everyDays * 24} hours): every scheduled rotation would be refused as too soon; write fewer than ${everyDays * 24} hours, or a larger everyDays`;
}

/** Rotation replaces the subscriptions the stack registers: with none, there is nothing it could replace. */
export const ROTATION_WITHOUT_SUBSCRIPTIONS =
  'true needs subscriptions to replace, and "subscriptions" is []: a rotation would leave subscriptions you registered yourself signing with a value the receiver stops accepting; configure "subscriptions", or leave rotation off and rotate by hand (docs/rotation.md)';
