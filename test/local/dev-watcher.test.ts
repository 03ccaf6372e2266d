/**
 * The subscription watcher end to end in the dev mode: deliveries go through the deployed receiver, whose
 * metrics (EMF on stdout) feed the CloudWatch stand-in the watcher reads with GetMetricData; the fake Argyle API
 * holds the configured subscriptions and says when it last sent for each.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArgyleWebhooksClient } from '#functions/argyle-api/index';
import { signBody } from '#functions/receiver/signature';
import { type DevServer, startDevServer } from '#local/dev-server';
import { parseConfig } from '../../lib/config';

const SECRET = 'dev-watcher-test-secret-7c2e9a1b';
const CONFIG = parseConfig({
  subscriptions: [
    { name: 'accounts', events: ['accounts.connected', 'accounts.updated'] },
    { name: 'paystubs', events: ['paystubs.added'] },
  ],
  subscriptionWatch: { repair: true },
});

let server: DevServer;
const printed: string[] = [];

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: SECRET,
    config: CONFIG,
    watch: { print: (line) => printed.push(line), sleep: async () => {} },
  });
});
afterAll(() => server?.close());
beforeEach(() => {
  printed.length = 0;
});

function watcher() {
  if (server.watcher === undefined) throw new Error('the dev server runs no watcher');
  return server.watcher;
}

async function deliver(subscription: string, event: string, secret = SECRET): Promise<number> {
  const body = JSON.stringify({
    event,
    name: subscription,
    data: { account: 'acc_0001', user: 'usr_0001' },
  });
  const response = await fetch(server.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Argyle-Signature': signBody(secret, body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const kindsOf = (run: Awaited<ReturnType<ReturnType<typeof watcher>['runOnce']>>, name: string) =>
  run.groups
    .flatMap((group) => group.inspection.report.subscriptions)
    .find((entry) => entry.desired.name === name)
    ?.findings.map((finding) => finding.kind) ?? [];

describe('the dev mode’s subscription watcher', () => {
  it('registers the configured subscriptions at the local webhook and finds them as configured', async () => {
    const run = await watcher().runOnce();

    expect(run.errors).toEqual([]);
    expect(watcher().api.subscriptions.map((s) => [s.name, s.url])).toEqual([
      ['accounts', server.webhookUrl],
      ['paystubs', server.webhookUrl],
    ]);
    expect(kindsOf(run, 'accounts')).toEqual([]);
    expect(printed).toContain('watcher: 2 subscription(s) as configured');
  });

  it('reports silent when Argyle sent deliveries the receiver refused, and not once one is accepted', async () => {
    expect(await deliver('paystubs', 'paystubs.added', 'a-secret-argyle-does-not-share')).toBe(401);

    const refused = await watcher().runOnce();

    expect(kindsOf(refused, 'paystubs')).toEqual(['silent']);
    expect(printed.join('\n')).toMatch(/watcher: subscription drift subscription=paystubs kind=silent/);

    expect(await deliver('paystubs', 'paystubs.added')).toBe(200);
    const accepted = await watcher().runOnce();

    expect(kindsOf(accepted, 'paystubs')).toEqual([]);
    const entry = accepted.groups[0]?.inspection.report.subscriptions.find(
      (s) => s.desired.name === 'paystubs',
    );
    expect(entry?.lastAcceptedAt).toBeInstanceOf(Date);
    expect(
      watcher().cloudwatch.datapoints.some((point) => point.dimensions.Subscription === 'paystubs'),
    ).toBe(true);
  });

  it('repairs a subscription deleted in Console and records the one it made', async () => {
    const [accounts] = watcher().api.subscriptions.filter((s) => s.name === 'accounts');
    const client = new ArgyleWebhooksClient({
      apiKeyId: watcher().apiKey.id,
      apiKeySecret: watcher().apiKey.secret,
      environment: 'sandbox',
      baseUrl: watcher().argyleApiUrl,
    });
    await client.delete(accounts?.id ?? '');

    const run = await watcher().runOnce();

    const restored = watcher().api.subscriptions.find((s) => s.name === 'accounts');
    expect(run.groups[0]?.repairs.map((r) => [r.name, r.outcomes])).toEqual([['accounts', ['created']]]);
    expect(restored?.id).not.toBe(accounts?.id);
    expect((await watcher().store.get('accounts'))?.owned.map((o) => o.id)).toEqual([restored?.id]);
    expect(printed.join('\n')).toContain('watcher: repair created subscription subscription=accounts');
  });
});
