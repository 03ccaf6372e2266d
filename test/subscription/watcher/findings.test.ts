/** The watcher's findings: each drift kind is a metric and a log line, and what is not drift stays quiet. */
import { describe, expect, it } from 'vitest';
import { SIGNING_SECRET_SETTLE_MS } from '#functions/shared/contract';
import { DEPLOY_MARKER } from '#functions/subscription/watcher/records';
import { clientOf } from '../../support/fake-argyle-api-fixture';
import {
  ACCOUNTS,
  PAYSTUBS,
  SIGNING_SECRET,
  useWatcherEnvironment,
  WATCHER_FUNCTION,
  WEBHOOK_URL,
} from './harness';

const env = useWatcherEnvironment();

describe('the subscription watcher', () => {
  it('reports nothing and counts a run when every subscription is as configured', async () => {
    await env.deployed(ACCOUNTS);
    await env.deployed(PAYSTUBS);

    const run = await env.run();

    expect(run.errors).toEqual([]);
    expect(env.driftMetrics()).toEqual([]);
    const [document] = env.documents();
    expect(env.documents()).toHaveLength(1);
    expect(document?.metrics).toEqual(['SubscriptionWatcherRuns']);
    expect(document?.dimensionSets).toEqual([['service', 'FunctionName']]);
    expect(document?.members).toMatchObject({
      service: 'argyle-webhook-subscription-watcher',
      FunctionName: WATCHER_FUNCTION,
    });
  });

  it('raises missing for a subscription deleted in Console, by kind and subscription and by kind alone', async () => {
    const live = await env.deployed(ACCOUNTS);
    await env.deployed(PAYSTUBS);
    await clientOf(env.api).delete(live.id);

    await env.run();

    expect(env.driftMetrics()).toEqual(['missing/accounts']);
    const drift = env.documents().filter((d) => d.metrics.includes('SubscriptionDrift'));
    expect(drift.map((d) => d.dimensionSets)).toEqual([
      [['service', 'FunctionName', 'Kind', 'Subscription']],
      [['service', 'FunctionName', 'Kind']],
    ]);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'subscription drift',
        fields: expect.objectContaining({ subscription: 'accounts', kind: 'missing' }),
      }),
    );
  });

  it('raises changed for a subscription whose events were edited', async () => {
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });

    await env.run();

    expect(env.driftMetrics()).toEqual(['changed/accounts']);
  });

  it('raises changed for the recorded subscription pointed at another URL', async () => {
    await env.deployed(ACCOUNTS, { url: 'https://elsewhere.example.com/hook' });

    await env.run();

    expect(env.driftMetrics()).toEqual(['changed/accounts']);
  });

  it('raises secret-differs for a subscription signing with another secret, never logging either secret', async () => {
    await env.deployed(ACCOUNTS, { secret: 'a-secret-someone-pasted-0f9e8d' });

    await env.run();

    expect(env.driftMetrics()).toEqual(['secret-differs/accounts']);
    const output = `${env.log.text()}\n${env.emf.join('\n')}`;
    expect(output).not.toContain('a-secret-someone-pasted-0f9e8d');
    expect(output).not.toContain(SIGNING_SECRET);
  });

  it('raises duplicate for a subscription the stack does not own delivering the same events to its URL', async () => {
    await env.deployed(ACCOUNTS);
    env.api.seed({ name: 'manual-test', events: ['accounts.updated'], url: WEBHOOK_URL });

    await env.run();

    expect(env.driftMetrics()).toEqual(['duplicate/accounts']);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('does not own delivers to its URL') }),
    );
  });

  it('raises silent when Argyle sent well after the last delivery the receiver accepted', async () => {
    const live = await env.deployed(ACCOUNTS);
    env.api.recordDelivery(live.id, new Date(env.now() - 5 * 60_000));
    env.lastAccepted = async () =>
      new Map([
        ['accounts', { at: new Date(env.now() - 60 * 60_000), since: new Date(env.now() - 2 * 3600_000) }],
      ]);

    await env.run();

    expect(env.driftMetrics()).toEqual(['silent/accounts']);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({
        fields: expect.objectContaining({ kind: 'silent', lastAcceptedAt: '2026-03-01T11:00:00.000Z' }),
      }),
    );
  });

  it('raises each kind once per subscription however many findings of it there are', async () => {
    await env.deployed(ACCOUNTS);
    env.api.seed({ name: 'stray-1', events: ['*'], url: WEBHOOK_URL });
    env.api.seed({ name: 'stray-2', events: ['accounts.updated'], url: WEBHOOK_URL });

    await env.run();

    expect(env.driftMetrics()).toEqual(['duplicate/accounts']);
  });

  it('holds every finding back while a deploy is in progress, logging it as such', async () => {
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });
    await env.store.putMarker({ name: DEPLOY_MARKER, values: {}, expiresAt: env.now() + 60_000 });

    const run = await env.run({ repair: true });

    expect(env.driftMetrics()).toEqual([]);
    expect(env.repairMetrics()).toEqual([]);
    expect(env.api.subscriptions).toHaveLength(1);
    expect(run.groups[0]?.inspection.report.deployInProgress).toBe(true);
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ level: 'info', message: expect.stringContaining('held back') }),
    );
  });

  it('reports again once the deploy marker has expired', async () => {
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });
    await env.store.putMarker({ name: DEPLOY_MARKER, values: {}, expiresAt: env.now() + 60_000 });
    env.advance(61_000);

    await env.run();

    expect(env.driftMetrics()).toEqual(['changed/accounts']);
  });

  it('holds findings back while another actor holds the lease', async () => {
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });
    await env.store.acquireLease({
      holder: 'rotation-1',
      actor: 'rotation',
      durationMs: 60_000,
      now: env.now(),
    });

    await env.run();

    expect(env.driftMetrics()).toEqual([]);
  });

  it('takes a subscription signing with the pending secret during a rotation as no drift', async () => {
    const pending = 'watcher-pending-secret-77aa';
    env.secrets.setStage('AWSPENDING', pending, env.signingSecretArn);
    await env.deployed(ACCOUNTS, { secret: pending });

    await env.run();

    expect(env.driftMetrics()).toEqual([]);
  });

  it('takes two owned subscriptions side by side during a rotation as no duplicate', async () => {
    const pending = 'watcher-pending-secret-77aa';
    env.secrets.setStage('AWSPENDING', pending, env.signingSecretArn);
    const old = await env.deployed(ACCOUNTS);
    const [next] = env.api.seed({ ...accountsAsDeployed(), secret: pending });
    await env.record(ACCOUNTS, [old.id, next?.id ?? '']);

    await env.run();

    expect(env.driftMetrics()).toEqual([]);
  });

  it('cannot tell what is missing past the page bound, and counts the run as incomplete', async () => {
    await env.record(ACCOUNTS, ['00000000-0000-4000-8000-000000000000']);
    for (let i = 0; i < 201; i++) env.api.seed({ name: `other-${i}`, url: 'https://other.example.com/hook' });

    await env.run({ maxPages: 1 }, {});

    expect(env.driftMetrics()).toEqual([]);
    const names = env.documents().flatMap((d) => d.metrics);
    expect(names).toContain('SubscriptionChecksIncomplete');
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('cannot tell') }),
    );
  });

  it('counts no run, and fails, when Argyle refuses the key', async () => {
    await env.deployed(ACCOUNTS);
    env.secrets.put('argyle-webhooks/sandbox/api-credentials', '{"api_key_id":"x","api_key_secret":"y"}');

    const run = await env.run();

    expect(run.errors).toHaveLength(1);
    expect(env.documents().flatMap((d) => d.metrics)).not.toContain('SubscriptionWatcherRuns');
    expect(env.log.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringContaining('could not check') }),
    );
  });

  it('watches nothing, and says so, before any deploy wrote a record', async () => {
    const run = await env.run();

    expect(run.records).toBe(0);
    expect(env.documents().flatMap((d) => d.metrics)).toEqual(['SubscriptionWatcherRuns']);
  });

  it('never waits when it only reports', async () => {
    await env.deployed(ACCOUNTS, { events: ['accounts.connected'] });

    await env.run();

    expect(env.sleeps).not.toContain(SIGNING_SECRET_SETTLE_MS);
  });
});

function accountsAsDeployed() {
  return {
    name: ACCOUNTS.name,
    events: [...ACCOUNTS.events],
    config: { ...ACCOUNTS.config },
    url: WEBHOOK_URL,
    secret: SIGNING_SECRET,
  };
}
