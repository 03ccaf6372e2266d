/**
 * No delivery is refused during a rotation: the receiver as Lambda runs it (test/support/deployed-receiver.ts)
 * and the rotation function share the Secrets Manager stand-in, and before and after every step a delivery signed
 * with the old value, with each live subscription's value (the pending one once a replacement signs with it) and
 * with the new one is accepted, while a forged one is refused. Everything, the receiver included, runs on the
 * rotation's virtual clock, so its 30 s refresh limit and 5 minute cache meet the 40 s the rotation waits as
 * they would on AWS.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signBody } from '#functions/receiver/signature';
import { apiGatewayEvent } from '../support/api-gateway-event';
import {
  type DeployedReceiver,
  startDeployedReceiver,
  stopDeployedReceiver,
} from '../support/deployed-receiver';
import { HOUR_MS, useRotationEnvironment } from './rotation-harness';

const OLD = 'signing-secret-before-rotation-0a1b2c3d4e5f6a7b8c9d';
const FORGED = 'not-the-signing-secret-9f8e7d6c5b4a';
const BODY = JSON.stringify({ event: 'accounts.updated', name: 'all-events', data: { account: 'acc_1' } });

let receiver: DeployedReceiver | undefined;
const logLines: string[] = [];
const env = useRotationEnvironment({
  secrets: () => {
    if (receiver === undefined) throw new Error('the receiver is not started');
    return receiver.secrets;
  },
});

beforeAll(async () => {
  // The receiver reads the clock through Date.now: it takes the rotation's virtual clock.
  vi.spyOn(Date, 'now').mockImplementation(() => env.clock.now());
  receiver = await startDeployedReceiver({
    secret: OLD,
    table: { queues: ['all-events'], catchAll: 0, rules: [] },
    maxBodyBytes: 8_192,
    logLines,
  });
});

afterAll(async () => {
  await stopDeployedReceiver(receiver);
});

async function statusOf(secret: string): Promise<number> {
  if (receiver === undefined) throw new Error('the receiver is not started');
  const event = apiGatewayEvent(BODY, { headers: { 'X-Argyle-Signature': signBody(secret, BODY) } });
  return (await receiver.handler(event)).statusCode;
}

/** Every value a delivery may be signed with now, by what holds it. */
function signingValues(): Map<string, string> {
  const values = new Map<string, string>([[OLD, 'the value before the rotation']]);
  for (const subscription of env.api.subscriptions) {
    if (subscription.secret !== null) values.set(subscription.secret, `live subscription ${subscription.id}`);
  }
  const current = env.secrets.valueOf('AWSCURRENT');
  if (current !== undefined) values.set(current, 'AWSCURRENT');
  return values;
}

describe('deliveries during a rotation', () => {
  it('accepts every delivery signed with the old, the pending or the new value at every step, and refuses a forged one at every step', async () => {
    // Arrange: a deployed subscription, a warm receiver that has already turned a forged delivery away (so its
    // read of the secret found no AWSPENDING, and it may not read again for 30 s).
    await env.deploy();
    env.clock.advance(HOUR_MS);
    expect(await statusOf(OLD)).toBe(200);
    expect(await statusOf(FORGED)).toBe(401);
    const checked: string[] = [];
    const check = async (moment: string) => {
      for (const [value, holder] of signingValues()) {
        checked.push(`${moment}: ${value === OLD ? 'old' : holder}`);
        expect(`${moment}: ${holder} → ${await statusOf(value)}`).toBe(`${moment}: ${holder} → 200`);
      }
      expect(`${moment}: forged → ${await statusOf(FORGED)}`).toBe(`${moment}: forged → 401`);
    };
    env.hook = async (step, run) => {
      await check(`before ${step}`);
      const result = await run();
      await check(`after ${step}`);
      return result;
    };

    // Act
    const rotation = await env.rotate();

    // Assert
    expect(rotation.steps.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]);
    const pending = env.secrets.valueOf('AWSCURRENT') ?? '';
    // The pending value was tried as soon as a replacement signed with it, before it was AWSCURRENT.
    const replacement = env.api.subscriptions[0]?.id;
    for (const moment of [
      'after setSecret',
      'before testSecret',
      'after testSecret',
      'before finishSecret',
    ]) {
      expect(checked).toContain(`${moment}: live subscription ${replacement}`);
      expect(checked).toContain(`${moment}: old`);
    }
    expect(checked).toContain('after finishSecret: AWSCURRENT');
    expect(checked.filter((entry) => entry.endsWith(': old'))).toHaveLength(8);
    await check('after the rotation');
    // Later still, after the receiver's cache expired: the old value is AWSPREVIOUS, the new one AWSCURRENT.
    env.clock.advance(10 * 60_000);
    expect([await statusOf(OLD), await statusOf(pending), await statusOf(FORGED)]).toEqual([200, 200, 401]);
  });
});
