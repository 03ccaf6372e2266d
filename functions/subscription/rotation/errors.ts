/**
 * How a rotation step fails. Secrets Manager records a step's error and leaves the rotation unfinished; the
 * message lands in the rotation function's log (and, for the CLI, says what to do), so it says what happened and
 * what to do next, and never holds a secret value.
 */

/** A step could not do its work: nothing was promoted, the previous value and subscriptions still work. */
export class RotationError extends Error {
  override readonly name: string = 'RotationError';
}

/**
 * Not yet: the new value has not been readable long enough for every receiver to verify with it, and waiting
 * here would outlast the invocation. Calling the step again later (with the same token) carries on.
 */
export class RotationNotReadyError extends RotationError {
  override readonly name = 'RotationNotReadyError';
}

/**
 * Refused before anything was created (a rotation too soon after the last one, or with nothing to rotate):
 * AWSPENDING was taken off the token's version again, so the next RotateSecret is not blocked by this one.
 */
export class RotationRefusedError extends RotationError {
  override readonly name = 'RotationRefusedError';
}
