/**
 * `argyle-subscriptions status --state-table` and `repair` against the fake Argyle API, a local Secrets Manager,
 * the in-memory state store and the CloudWatch stand-in.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DesiredSubscription } from '#functions/subscription/properties';
import { MemoryStateStore } from '#functions/subscription/state/memory-store';
import { DEPLOY_MARKER } from '#functions/subscription/watcher/records';
import { FakeCloudWatch } from '#local/cloudwatch-metrics';
import { clientOf } from '../support/fake-argyle-api-fixture';
import { api, run, secrets, useCli } from './cli-fixtures';

const URL = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/webhook';
const SECRET = 'whsec-records-3c5e7a9b1d2f4e6a8c0b';
const SIGNING = 'records-signing-secret';
const TABLE = 'ArgyleWebhooks-SubscriptionsState-1A2B3C';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const ACCOUNTS: DesiredSubscription = {
  name: 'accounts',
  events: ['accounts.connected'],
  config: { include_resource: true },
  url: URL,
};

useCli();

let store: MemoryStateStore;
let cloudwatch: FakeCloudWatch;
let signingArn = '';

beforeAll(async () => {
  cloudwatch = await FakeCloudWatch.start({ now: () => NOW });
});
afterAll(() => cloudwatch.close());
beforeEach(() => {
  signingArn = secrets.put(SIGNING, SECRET);
  store = new MemoryStateStore(() => NOW);
  cloudwatch.reset();
});

async function deployed(overrides: Parameters<typeof api.seed>[0] = {}) {
  const [seeded] = api.seed({
    name: 'accounts',
    events: ['accounts.connected'],
    config: { include_resource: true },
    url: URL,
    secret: SECRET,
    ...overrides,
  });
  if (seeded === undefined) throw new Error('nothing seeded');
  await store.put(
    {
      name: 'accounts',
      desired: ACCOUNTS,
      target: {
        environment: 'sandbox',
        apiVersion: 'v2',
        baseUrl: api.url,
        credentialsSecretName: 'argyle-webhooks/sandbox/api-credentials',
      },
      signingSecretArn: signingArn,
      physicalId: 'accounts-state',
      owned: [
        {
          id: seeded.id,
          physicalId: 'accounts-state',
          createdAt: new Date(NOW).toISOString(),
          createdBy: 'deploy',
        },
      ],
      retired: [],
      updatedBy: 'deploy',
    },
    undefined,
  );
  return seeded;
}

function cli(argv: readonly string[]) {
  return run(
    argv,
    {},
    {
      stateStore: (name) => {
        if (name !== TABLE) throw new Error(`unexpected table ${name}`);
        return store;
      },
      metrics: () => new CloudWatchClient({ endpoint: cloudwatch.endpoint, maxAttempts: 1 }),
      now: () => NOW,
    },
  );
}

describe('argyle-subscriptions status --state-table', () => {
  it('compares the recorded subscriptions with the live ones and exits 0 when they agree', async () => {
    const live = await deployed();

    const { code, stdout } = await cli(['status', '--state-table', TABLE]);

    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`accounts\\s+${live.id}\\s+ok`));
    expect(stdout).toContain('no drift');
  });

  it('finds the recorded subscription by its id when its URL was changed, as changed rather than missing', async () => {
    await deployed({ url: 'https://elsewhere.example.com/hook' });

    const { code, stdout } = await cli(['status', '--state-table', TABLE]);

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+\S+\s+drift\s+changed/);
    expect(stdout).toContain('url https://elsewhere.example.com/hook instead of');
  });

  it('does not call anything drift while a deploy is in progress, and says so', async () => {
    const live = await deployed();
    await clientOf(api).delete(live.id);
    await store.putMarker({ name: DEPLOY_MARKER, values: {}, expiresAt: NOW + 60_000 });

    const { code, stdout, stderr } = await cli(['status', '--state-table', TABLE, '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ drift: false, deployInProgress: true });
    expect(stderr).toContain('a deploy is changing the subscriptions');
  });

  it('reads when deliveries were last accepted from CloudWatch and reports a silent subscription', async () => {
    const live = await deployed();
    api.recordDelivery(live.id, new Date(NOW - 5 * 60_000));
    cloudwatch.ingest(acceptedEmf(NOW - 21 * 60_000, 'receiver-fn', 'accounts'));
    cloudwatch.ingest(acceptedEmf(NOW - 60_000, 'another-stacks-receiver', 'accounts'));

    const { code, stdout } = await cli(['status', '--state-table', TABLE, '--function-name', 'receiver-fn']);

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+\S+\s+drift\s+silent\s+\S+\s+2026-03-01T11:39:00\.000Z/);
    const [query] = cloudwatch.requests;
    expect(query?.operation).toBe('GetMetricData');
    expect(JSON.stringify(query?.body)).toContain('"Name":"Subscription","Value":"accounts"');
  });

  it('says "none since" the start of the window when CloudWatch holds no accepted delivery', async () => {
    const live = await deployed();
    api.recordDelivery(live.id, new Date(NOW - 30 * 60_000));

    const { stdout } = await cli([
      'status',
      '--state-table',
      TABLE,
      '--function-name',
      'receiver-fn',
      '--json',
    ]);

    const [entry] = JSON.parse(stdout).subscriptions;
    expect(entry.findings.map((f: { kind: string }) => f.kind)).toEqual(['silent']);
    expect(entry.lastAcceptedAt).toBeNull();
    expect(entry.lastAcceptedSince).toBe('2026-03-01T11:14:00.000Z');
  });

  it('takes --silent-after as the threshold', async () => {
    const live = await deployed();
    api.recordDelivery(live.id, new Date(NOW - 30 * 60_000));
    cloudwatch.ingest(acceptedEmf(NOW - 60 * 60_000, 'receiver-fn', 'accounts'));
    const status = (...extra: string[]) =>
      cli(['status', '--state-table', TABLE, '--function-name', 'receiver-fn', ...extra]);

    expect((await status()).code).toBe(1);
    expect((await status('--silent-after', '1h')).code).toBe(0);
  });

  it.each([
    [['status', '--state-table', TABLE, '--url', URL], '--url does not go with it'],
    [['status', '--state-table', TABLE, '--silent-after', 'soon'], '--silent-after must be a duration'],
    [['status', '--state-table', TABLE, '--namespace', 'X'], '--namespace goes with --function-name'],
    [
      ['status', '--state-table', TABLE, '--function-name', 'f', '--last-accepted', 'accounts=never'],
      '--last-accepted and --function-name do not go together',
    ],
  ])('exits 2 on wrong usage: %j', async (argv, message) => {
    await deployed();

    const { code, stderr } = await cli(argv);

    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 1 and says so when the table holds no record', async () => {
    const { code, stderr } = await cli(['status', '--state-table', TABLE]);

    expect(code).toBe(1);
    expect(stderr).toContain('holds no ownership record');
  });
});

describe('argyle-subscriptions status --events', () => {
  it('refuses an event name the catalogue does not know, with the closest one, before calling Argyle', async () => {
    const { code, stderr } = await run([
      'status',
      '--name',
      'accounts',
      '--events',
      'accounts.conected',
      '--url',
      URL,
      '--signing-secret',
      SIGNING,
    ]);

    expect(code).toBe(2);
    expect(stderr).toContain('did you mean "accounts.connected"?');
    expect(api.requests).toEqual([]);
  });
});

describe('argyle-subscriptions repair', () => {
  it('restores a subscription deleted in Console and records it, then finds nothing to do', async () => {
    const live = await deployed();
    await clientOf(api).delete(live.id);

    const first = await cli(['repair', '--state-table', TABLE]);
    const second = await cli(['repair', '--state-table', TABLE]);

    const [restored] = api.subscriptions;
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`accounts: created ${restored?.id}, now recorded as the stack's`);
    expect(first.stderr).toContain('waiting until every receiver can read the signing secret');
    expect((await store.get('accounts'))?.owned.map((o) => o.id)).toEqual([restored?.id]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to repair');
    expect(`${first.stdout}${first.stderr}`).not.toContain(SECRET);
  });

  it('skips, exits 1 and says why when the lease is held', async () => {
    const live = await deployed();
    await clientOf(api).delete(live.id);
    await store.acquireLease({ holder: 'deploy-9', actor: 'deploy', durationMs: 60_000, now: NOW });

    const { code, stdout } = await cli(['repair', '--state-table', TABLE]);

    expect(code).toBe(1);
    expect(stdout).toContain('not repaired: a deploy (or another change) is in progress');
    expect(api.subscriptions).toEqual([]);
  });

  it('needs --state-table', async () => {
    const { code, stderr } = await cli(['repair']);

    expect(code).toBe(2);
    expect(stderr).toContain('repair needs --state-table');
  });
});

/** The receiver's EMF document for one accepted delivery, with the Subscription dimension set. */
function acceptedEmf(at: number, functionName: string, subscription: string): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: 'ArgyleWebhooks',
          Dimensions: [['service', 'FunctionName', 'Subscription']],
          Metrics: [{ Name: 'DeliveriesAccepted', Unit: 'Count' }],
        },
      ],
    },
    service: 'argyle-webhook-receiver',
    FunctionName: functionName,
    Subscription: subscription,
    DeliveriesAccepted: 1,
  });
}
