/** `argyle-subscriptions status` against the fake Argyle API and the fake Secrets Manager. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, run, secrets, useCli } from './cli-fixtures';

const URL = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/webhook';
const SECRET = 'whsec-status-3c5e7a9b1d2f4e6a8c0b';
const NEXT_SECRET = 'whsec-status-next-9f8e7d6c5b4a';
const SIGNING = 'status-signing-secret';

useCli();

beforeEach(() => {
  secrets.put(SIGNING, SECRET);
});

/** `status` for the one subscription "accounts" (accounts.connected, include_resource). */
function status(...extra: string[]) {
  return run([
    'status',
    '--name',
    'accounts',
    '--events',
    'accounts.connected',
    '--config',
    '{"include_resource":true}',
    '--url',
    URL,
    '--signing-secret',
    SIGNING,
    ...extra,
  ]);
}

function seedAccounts(overrides: Parameters<typeof api.seed>[0] = {}) {
  const [seeded] = api.seed({
    name: 'accounts',
    events: ['accounts.connected'],
    config: { include_resource: true },
    url: URL,
    secret: SECRET,
    ...overrides,
  });
  if (seeded === undefined) throw new Error('nothing seeded');
  return seeded;
}

describe('argyle-subscriptions status', () => {
  it('exits 0 and says no drift when the live subscription is the configured one', async () => {
    const seeded = seedAccounts();

    const { code, stdout } = await status();

    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+ID\s+STATE\s+FINDINGS\s+LAST_SENT\s+LAST_ACCEPTED\n/);
    expect(stdout).toMatch(new RegExp(`accounts\\s+${seeded.id}\\s+ok\\s+-\\s+never\\s+-`));
    expect(stdout).toContain('no drift\n');
  });

  it('exits 1 and reports missing when no subscription delivers to the URL', async () => {
    api.seed({ name: 'accounts', events: ['accounts.connected'], url: 'https://other.example.com/hook' });

    const { code, stdout } = await status();

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+-\s+missing\s+missing/);
    expect(stdout).toContain('with this name delivers elsewhere');
  });

  it('reports changed events and config', async () => {
    seedAccounts({ events: ['accounts.connected', 'accounts.updated'], config: {} });

    const { code, stdout } = await status();

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+\S+\s+drift\s+changed/);
    expect(stdout).toContain(
      'accounts: changed: events ["accounts.connected","accounts.updated"] instead of',
    );
    expect(stdout).toContain('config {} instead of {"include_resource":true}');
  });

  it('reports secret-differs without printing either secret', async () => {
    seedAccounts({ secret: 'whsec-not-ours-000000000000' });

    const { code, stdout, stderr } = await status('--json');

    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.subscriptions[0].findings.map((f: { kind: string }) => f.kind)).toEqual(['secret-differs']);
    expect(`${stdout}${stderr}`).not.toContain('whsec-');
  });

  it('accepts the pending secret while a rotation is in progress', async () => {
    secrets.setStage('AWSPENDING', NEXT_SECRET, SIGNING);
    seedAccounts({ secret: NEXT_SECRET });

    const { code, stdout } = await status();

    expect(code).toBe(0);
    expect(stdout).toContain('a signing-secret rotation is in progress');
  });

  it('reports the previous secret as secret-differs once the rotation is over', async () => {
    secrets.rotate(NEXT_SECRET, SIGNING);
    seedAccounts({ secret: SECRET });

    const { code, stdout } = await status();

    expect(code).toBe(1);
    expect(stdout).toContain(
      'accounts: secret-differs: signs with the previous signing secret (AWSPREVIOUS)',
    );
  });

  it('reports a second subscription to the same URL with overlapping events as a duplicate', async () => {
    seedAccounts();
    const [stray] = api.seed({ name: 'manual', events: ['accounts.connected'], url: URL, secret: SECRET });

    const { code, stdout } = await status();

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+\S+\s+drift\s+duplicate/);
    expect(stdout).toContain(`${stray?.id} ("manual", not managed by the stack, at this URL) delivers too`);
    expect(stdout).toContain(
      `unmanaged: ${stray?.id} ("manual", accounts.connected) also delivers to this URL`,
    );
  });

  it('reports silent only when given --last-accepted, with both times', async () => {
    const seeded = seedAccounts();
    api.recordDelivery(seeded.id, '2026-03-01T12:00:00.000000Z');

    const without = await status();
    const given = await status('--last-accepted', 'accounts=2026-03-01T10:00:00Z');

    expect(without.code).toBe(0);
    expect(given.code).toBe(1);
    expect(given.stdout).toMatch(
      /accounts\s+\S+\s+drift\s+silent\s+2026-03-01T12:00:00.000000Z\s+2026-03-01T10:00:00.000Z/,
    );
  });

  it('reads a list of configured subscriptions from --desired and prints desired and live in JSON', async () => {
    const seeded = seedAccounts();
    const file = path.join(tmpdir(), `status-desired-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'accounts', events: ['accounts.connected'], config: { include_resource: true } },
        { name: 'paystubs', events: ['paystubs.added'] },
      ]),
    );

    const { code, stdout } = await run([
      'status',
      '--desired',
      file,
      '--url',
      URL,
      '--signing-secret',
      SIGNING,
      '--json',
    ]);

    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.drift).toBe(true);
    expect(report.subscriptions).toMatchObject([
      { name: 'accounts', state: 'ok', live: { id: seeded.id, secret: '[redacted]' }, findings: [] },
      { name: 'paystubs', state: 'missing', live: null, desired: { url: URL, config: {} } },
    ]);
  });

  it('cannot tell missing past the page bound: it says so and exits 1, never reporting missing', async () => {
    api.seed(
      ...Array.from({ length: 201 }, (_, i) => ({ name: `other-${i}`, url: 'https://other.example.com/x' })),
    );

    const { code, stdout, stderr } = await status('--max-pages', '1');

    expect(code).toBe(1);
    expect(stdout).toMatch(/accounts\s+-\s+unknown\s+-/);
    expect(stdout).not.toContain('missing');
    expect(stderr).toContain('cannot tell whether subscriptions are missing: more than 1 page of 200');
  });

  it.each([
    [['status', '--url', URL, '--signing-secret', SIGNING], 'status needs --name'],
    [['status', '--name', 'a', '--events', 'x', '--signing-secret', SIGNING], 'status needs --url'],
    [['status', '--name', 'a', '--events', 'x', '--url', URL], 'status needs --signing-secret'],
    [
      ['status', '--desired', '/nonexistent/desired.json', '--url', URL, '--signing-secret', SIGNING],
      '--desired /nonexistent/desired.json cannot be read',
    ],
    [
      [
        'status',
        '--name',
        'a',
        '--events',
        'accounts.connected',
        '--url',
        URL,
        '--signing-secret',
        SIGNING,
        '--last-accepted',
        'b=never',
      ],
      '--last-accepted names "b", which is not a configured subscription',
    ],
    [
      [
        'status',
        '--name',
        'a',
        '--events',
        'accounts.connected',
        '--url',
        URL,
        '--signing-secret',
        SIGNING,
        '--last-accepted',
        'a=soon',
      ],
      '--last-accepted a= must be an ISO 8601 date-time',
    ],
    [
      [
        'status',
        '--name',
        'a',
        '--events',
        'x',
        '--url',
        URL,
        '--signing-secret',
        SIGNING,
        '--ordering',
        'id',
      ],
      'status reads every subscription: --ordering does not apply',
    ],
  ])('exits 2 on wrong usage, before calling Argyle: %j', async (argv, message) => {
    const { code, stderr } = await run(argv);

    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(api.requests).toEqual([]);
  });
});
