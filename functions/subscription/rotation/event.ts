/**
 * The event Secrets Manager invokes a rotation function with: `{Step, SecretId, ClientRequestToken,
 * RotationToken}` ("Rotation by Lambda function", AWS Secrets Manager User Guide). The steps are named as AWS's
 * rotation function templates compare them (`createSecret`, `setSecret`, `testSecret`, `finishSecret`); the
 * guide's own spelling (`create_secret`, ...) is read as the same step.
 */
import { RotationError } from './errors';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationEvent {
  readonly Step: RotationStep;
  /** The secret's ARN (Secrets Manager passes the ARN). */
  readonly SecretId: string;
  /** The id of the new version: the same for every step of one rotation. */
  readonly ClientRequestToken: string;
  /** Secrets Manager's token for cross-account calls; not used here. */
  readonly RotationToken?: string;
}

const SNAKE: Readonly<Record<string, RotationStep>> = {
  create_secret: 'createSecret',
  set_secret: 'setSecret',
  test_secret: 'testSecret',
  finish_secret: 'finishSecret',
};

/** @throws RotationError naming what is missing or unknown */
export function readRotationEvent(raw: unknown): RotationEvent {
  const event = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof event[key] === 'string' ? (event[key] as string).trim() : '');
  const stepText = text('Step');
  const step = (ROTATION_STEPS as readonly string[]).includes(stepText)
    ? (stepText as RotationStep)
    : SNAKE[stepText];
  const problems = [
    ...(step === undefined
      ? [`Step ${JSON.stringify(event.Step)} is not one of ${ROTATION_STEPS.join(', ')}`]
      : []),
    ...(text('SecretId') === '' ? ['SecretId is missing'] : []),
    ...(text('ClientRequestToken') === '' ? ['ClientRequestToken is missing'] : []),
  ];
  if (step === undefined || problems.length > 0) {
    throw new RotationError(`not a Secrets Manager rotation event: ${problems.join('; ')}`);
  }
  return {
    Step: step,
    SecretId: text('SecretId'),
    ClientRequestToken: text('ClientRequestToken'),
    ...(text('RotationToken') === '' ? {} : { RotationToken: text('RotationToken') }),
  };
}
