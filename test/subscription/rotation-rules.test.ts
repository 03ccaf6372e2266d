/**
 * The rotation function's pure rules: what counts as the last change of the value, when a rotation is too soon,
 * when the pending value became readable, the event Secrets Manager sends, and the settings the stack sets.
 */
import { describe, expect, it } from 'vitest';
import { ROTATION_ENV } from '#functions/shared/contract';
import { readRotationEvent } from '#functions/subscription/rotation/event';
import {
  LAST_ROTATION_MARKER,
  lastChange,
  PENDING_MARKER,
  pendingReadableAt,
  tooSoonProblem,
} from '#functions/subscription/rotation/interval';
import { readRotationSettings } from '#functions/subscription/rotation/settings';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-04T10:00:00.000Z');

describe('the last change of the signing secret', () => {
  it('is the latest of the last finished rotation, LastRotatedDate and, with a previous version, the current one’s creation', () => {
    const marker = { name: LAST_ROTATION_MARKER, values: { finishedAt: new Date(T0).toISOString() } };

    expect(lastChange({ marker, lastRotatedAt: T0 - HOUR, hasPrevious: false })).toEqual({
      at: T0,
      source: 'the last rotation this stack finished',
    });
    expect(lastChange({ marker, lastRotatedAt: T0 + HOUR, hasPrevious: false })?.source).toBe(
      "Secrets Manager's LastRotatedDate",
    );
    expect(lastChange({ currentCreatedAt: T0 + 2 * HOUR, hasPrevious: true })?.source).toBe(
      'the creation of the current value',
    );
  });

  it('does not count the creation of a value never rotated (no previous version), nor a malformed marker', () => {
    const marker = { name: LAST_ROTATION_MARKER, values: { finishedAt: 'yesterday' } };

    expect(lastChange({ marker, currentCreatedAt: T0, hasPrevious: false })).toBeUndefined();
  });
});

describe('a rotation too soon', () => {
  const last = { at: T0, source: 'the last rotation this stack finished' };

  it('is refused inside the minimum interval, with when the next one may start', () => {
    expect(tooSoonProblem(last, T0 + 5 * HOUR, 24 * HOUR)).toBe(
      'the signing secret last changed at 2026-12-04T10:00:00.000Z (the last rotation this stack finished), 5 h ago, and two rotations must be at least 24 h apart (signingSecret.rotation.minimumIntervalHours): a rotation now would take the value before the last one out of AWSPREVIOUS while Argyle may still retry deliveries signed with it. Rotate again after 2026-12-05T10:00:00.000Z',
    );
  });

  it('may start at the minimum interval, or when the value never changed', () => {
    expect(tooSoonProblem(last, T0 + 24 * HOUR, 24 * HOUR)).toBeUndefined();
    expect(tooSoonProblem(undefined, T0, 24 * HOUR)).toBeUndefined();
  });
});

describe('when the pending value became readable', () => {
  const marker = {
    name: PENDING_MARKER,
    values: { versionId: 'v2', readableAt: new Date(T0).toISOString() },
  };

  it('is the marker’s time for that version, or the version’s creation when later', () => {
    expect(pendingReadableAt(marker, 'v2', T0 - 1_000)).toBe(T0);
    expect(pendingReadableAt(marker, 'v2', T0 + 1_000)).toBe(T0 + 1_000);
  });

  it('is unknown for another version, so the caller records it as now', () => {
    expect(pendingReadableAt(marker, 'v3', T0)).toBeUndefined();
    expect(pendingReadableAt(undefined, 'v2', T0)).toBeUndefined();
  });
});

describe('the rotation event', () => {
  it('reads the four steps, in the templates’ spelling and the guide’s', () => {
    const event = { SecretId: 'arn:secret', ClientRequestToken: 'token', RotationToken: 'rt' };

    expect(readRotationEvent({ ...event, Step: 'setSecret' })).toEqual({ ...event, Step: 'setSecret' });
    expect(readRotationEvent({ ...event, Step: 'finish_secret' }).Step).toBe('finishSecret');
  });

  it('refuses anything else, naming what is wrong', () => {
    expect(() => readRotationEvent({ Step: 'createSecret', SecretId: ' ' })).toThrow(
      'not a Secrets Manager rotation event: SecretId is missing; ClientRequestToken is missing',
    );
    expect(() => readRotationEvent(undefined)).toThrow(/Step undefined is not one of createSecret/);
  });
});

describe('the rotation settings', () => {
  it('read the secret and the minimum interval, 24 hours unless set', () => {
    expect(readRotationSettings({ [ROTATION_ENV.SIGNING_SECRET_ARN]: 'arn:s' })).toEqual({
      signingSecretArn: 'arn:s',
      minimumIntervalMs: 24 * HOUR,
    });
    expect(
      readRotationSettings({
        [ROTATION_ENV.SIGNING_SECRET_ARN]: 'arn:s',
        [ROTATION_ENV.MINIMUM_INTERVAL_HOURS]: '6',
      }).minimumIntervalMs,
    ).toBe(6 * HOUR);
  });

  it('fail naming the variable', () => {
    expect(() => readRotationSettings({})).toThrow(`${ROTATION_ENV.SIGNING_SECRET_ARN} is not set`);
    expect(() =>
      readRotationSettings({
        [ROTATION_ENV.SIGNING_SECRET_ARN]: 'arn:s',
        [ROTATION_ENV.MINIMUM_INTERVAL_HOURS]: 'x',
      }),
    ).toThrow(`${ROTATION_ENV.MINIMUM_INTERVAL_HOURS} must be a whole number of hours, got "x"`);
  });
});
