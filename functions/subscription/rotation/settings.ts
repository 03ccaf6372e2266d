/** The rotation function's settings, from the variables the stack sets (`ROTATION_ENV`). */
import { DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS, ROTATION_ENV } from '../../shared/contract';
import { RotationError } from './errors';

export interface RotationSettings {
  readonly signingSecretArn: string;
  readonly minimumIntervalMs: number;
}

const HOUR_MS = 3_600_000;

/** @throws RotationError naming the variable that is missing or malformed */
export function readRotationSettings(env: Readonly<Record<string, string | undefined>>): RotationSettings {
  const signingSecretArn = env[ROTATION_ENV.SIGNING_SECRET_ARN]?.trim();
  if (!signingSecretArn) {
    throw new RotationError(
      `${ROTATION_ENV.SIGNING_SECRET_ARN} is not set: the function does not know which secret it rotates`,
    );
  }
  const hoursText = env[ROTATION_ENV.MINIMUM_INTERVAL_HOURS]?.trim();
  const hours = hoursText ? Number(hoursText) : DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS;
  if (!Number.isInteger(hours) || hours < 0) {
    throw new RotationError(
      `${ROTATION_ENV.MINIMUM_INTERVAL_HOURS} must be a whole number of hours, got ${JSON.stringify(hoursText)}`,
    );
  }
  return { signingSecretArn, minimumIntervalMs: hours * HOUR_MS };
}
