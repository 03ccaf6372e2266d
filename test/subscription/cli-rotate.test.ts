/**
 * `argyle-subscriptions rotate`, in process, against the Secrets Manager stand-in whose RotateSecret calls the
 * stack's rotation function (which replaces the subscriptions in the fake Argyle API): it starts a rotation now,
 * follows its steps, and says why when it will not start, was refused, or does not finish.
 */
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '#functions/subscription/cli/main';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { HOUR_MS, useRotationEnvironment } from './rotation-harness';

const env = useRotationEnvironment();

async function run(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    secrets: createSecretsManagerClient,
    now: () => env.clock.now(),
    // A real pause, short: the rotation runs meanwhile in this process.
    sleep: () => new Promise((resolve) => setTimeout(resolve, 10)),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const values = () =>
  [
    env.secrets.valueOf('AWSCURRENT', env.signingSecretArn),
    env.secrets.valueOf('AWSPREVIOUS', env.signingSecretArn),
  ].filter((value): value is string => value !== undefined);

describe('argyle-subscriptions rotate', () => {
  it('starts a rotation now and follows its steps until it finished', async () => {
    // Arrange
    await env.deploy();
    const before = env.secrets.valueOf('AWSCURRENT', env.signingSecretArn);

    // Act
    const { code, stdout, stderr } = await run(['rotate', '--secret', env.signingSecretArn]);

    // Assert
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n').map((line) => line.split(':')[0])).toEqual([
      'started',
      'createSecret',
      'setSecret',
      'finishSecret',
      'finished',
      '',
    ]);
    expect(env.secrets.valueOf('AWSPREVIOUS', env.signingSecretArn)).toBe(before);
    expect(env.api.subscriptions.map((s) => s.secret)).toEqual([
      env.secrets.valueOf('AWSCURRENT', env.signingSecretArn),
    ]);
    for (const value of values()) expect(stdout).not.toContain(value);
  });

  it('prints the outcome and the steps seen as JSON with --json', async () => {
    await env.deploy();

    const { code, stdout } = await run(['rotate', '--secret', env.signingSecretArn, '--json']);

    const output = JSON.parse(stdout) as { outcome: string; versionId: string; events: { step: string }[] };
    expect(code).toBe(0);
    expect(output.outcome).toBe('finished');
    expect(output.versionId).toBe(env.secrets.rotations.at(-1)?.token);
    expect(output.events.map((event) => event.step)).toEqual([
      'started',
      'createSecret',
      'setSecret',
      'finishSecret',
      'finished',
    ]);
  });

  it('does not start inside the minimum interval, saying when it may', async () => {
    // Arrange
    await env.deploy();
    await env.rotate();
    const rotations = env.secrets.rotations.length;
    env.clock.advance(2 * HOUR_MS);

    // Act
    const { code, stderr } = await run(['rotate', '--secret', env.signingSecretArn]);

    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^rotation not started: the secret was last rotated at \S+, less than 24 h ago; rotate again after \S+ \(/,
    );
    expect(env.secrets.rotations).toHaveLength(rotations);
  });

  it('reports a rotation the rotation function refused', async () => {
    // Arrange: the CLI is told a shorter minimum than the function's 24 hours.
    await env.deploy();
    await env.rotate();
    env.clock.advance(2 * HOUR_MS);

    // Act
    const { code, stderr } = await run([
      'rotate',
      '--secret',
      env.signingSecretArn,
      '--minimum-interval-hours',
      '1',
    ]);

    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^rotation stopped: the rotation function refused or failed before storing a new value/,
    );
    expect(env.secrets.rotations.at(-1)?.steps[0]?.error).toMatch(/RotationRefusedError/);
  });

  it('names the rotation in progress and how to abandon it', async () => {
    // Arrange: a rotation stopped at setSecret.
    await env.deploy();
    env.hook = async (step, call) => {
      if (step === 'setSecret') throw new Error('Argyle is down');
      return call();
    };
    const stopped = await env.rotate();

    // Act
    const { code, stderr } = await run(['rotate', '--secret', env.signingSecretArn]);

    // Assert
    expect(code).toBe(1);
    expect(stderr).toContain(`a rotation is in progress (AWSPENDING is on version ${stopped.token})`);
    expect(stderr).toContain(
      `aws secretsmanager update-secret-version-stage --secret-id ${env.signingSecretArn} --version-stage AWSPENDING --remove-from-version-id ${stopped.token}`,
    );
  });

  it('gives up following after --timeout, saying the previous value keeps working', async () => {
    // Arrange: setSecret does not end while the CLI follows.
    await env.deploy();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    env.hook = async (step, call) => {
      if (step === 'setSecret') await held;
      return call();
    };
    try {
      // Act
      const { code, stderr } = await run(['rotate', '--secret', env.signingSecretArn, '--timeout', '10']);

      // Assert
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^rotation not finished after 10 s \(AWSPENDING is still on the new version\): a step is failing or still running\. The previous value and subscriptions keep working/,
      );
    } finally {
      release();
      await env.secrets.rotationSettled();
    }
  });

  it('says rotation is not on for a secret without it, and needs --secret', async () => {
    const other = env.secrets.put('not-rotated', 'value');

    const off = await run(['rotate', '--secret', other]);
    const usage = await run(['rotate']);

    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(
      /rotation is not on for this secret: set "signingSecret": \{"rotation": \{"enabled": true\}\}/,
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^argyle-subscriptions: rotate needs --secret: the signing secret to rotate/,
    );
  });
});
