/** Drift detection: what differs between the configured subscriptions and the live ones, without I/O. */
import { describe, expect, it } from 'vitest';
import type { WebhookSubscription } from '#functions/argyle-api/index';
import { type DriftInput, detectDrift, hasFinding } from '#functions/subscription/drift';
import type { DesiredSubscription } from '#functions/subscription/properties';

const URL = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/webhook';
const CURRENT = 'whsec-current-0123456789';
const PREVIOUS = 'whsec-previous-0123456789';
const PENDING = 'whsec-pending-0123456789';
const NOW = new Date('2026-03-01T12:00:00Z');

const ACCOUNTS: DesiredSubscription = {
  name: 'accounts',
  events: ['accounts.connected', 'accounts.updated'],
  config: { include_resource: true },
  url: URL,
};
const PAYSTUBS: DesiredSubscription = { name: 'paystubs', events: ['paystubs.added'], config: {}, url: URL };

let ids = 0;
function live(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  ids += 1;
  return {
    id: `sub-${ids}`,
    name: 'accounts',
    events: ['accounts.updated', 'accounts.connected'],
    config: { include_resource: true },
    secret: CURRENT,
    url: URL,
    created_at: `2026-01-0${Math.min(ids, 9)}T00:00:00Z`,
    updated_at: '2026-01-01T00:00:00Z',
    last_sent_at: null,
    ...overrides,
  };
}

function drift(overrides: Partial<DriftInput> = {}) {
  return detectDrift({
    desired: [ACCOUNTS],
    live: [],
    webhookUrl: URL,
    signingSecrets: { current: CURRENT },
    now: NOW,
    ...overrides,
  });
}

function kinds(report: ReturnType<typeof detectDrift>, index = 0): string[] {
  return report.subscriptions[index]?.findings.map((finding) => finding.kind) ?? [];
}

describe('detectDrift', () => {
  it('finds no drift when the live subscription matches in every field and signs with the current secret', () => {
    const subscription = live();
    const report = drift({ live: [subscription] });

    expect(report.drift).toBe(false);
    expect(kinds(report)).toEqual([]);
    expect(report.subscriptions[0]?.live).toBe(subscription);
    expect(report.subscriptions[0]?.lastSentAt).toBeNull();
  });

  it('ignores the order and repeats of events and Argyle’s config defaults', () => {
    const report = drift({
      desired: [{ ...ACCOUNTS, config: {} }],
      live: [live({ events: ['accounts.updated', 'accounts.connected', 'accounts.updated'], config: null })],
    });

    expect(kinds(report)).toEqual([]);
  });

  it('reports a subscription that is not live as missing', () => {
    const report = drift({ live: [] });

    expect(report.drift).toBe(true);
    expect(report.subscriptions[0]?.findings).toEqual([
      { kind: 'missing', detail: `no subscription named "accounts" delivers to ${URL}` },
    ]);
  });

  it('says when a subscription with the same name delivers elsewhere, without claiming it', () => {
    const elsewhere = live({ url: 'https://other.example.com/hook' });
    const report = drift({ live: [elsewhere] });

    expect(kinds(report)).toEqual(['missing']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toContain(
      `${elsewhere.id} to https://other.example.com/hook`,
    );
    expect(report.subscriptions[0]?.matches).toEqual([]);
  });

  it('cannot tell missing from an incomplete list, and says so instead', () => {
    const report = drift({ live: [], liveIncomplete: true });

    expect(kinds(report)).toEqual([]);
    expect(report.subscriptions[0]?.cannotTell).toBe(true);
    expect(report.liveIncomplete).toBe(true);
    expect(report.drift).toBe(false);
  });

  it('still reports what differs in a subscription it did find in an incomplete list', () => {
    const report = drift({ live: [live({ events: ['accounts.connected'] })], liveIncomplete: true });

    expect(kinds(report)).toEqual(['changed']);
    expect(report.subscriptions[0]?.cannotTell).toBe(false);
  });

  it('reports changed events, naming both sets', () => {
    const report = drift({ live: [live({ events: ['accounts.connected'] })] });

    expect(report.subscriptions[0]?.findings).toEqual([
      {
        kind: 'changed',
        detail: 'events ["accounts.connected"] instead of ["accounts.connected","accounts.updated"]',
        subscriptionId: report.subscriptions[0]?.live?.id,
      },
    ]);
  });

  it('reports changed config', () => {
    const report = drift({ live: [live({ config: { days_synced: 30 } })] });

    expect(kinds(report)).toEqual(['changed']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toBe(
      'config {"days_synced":30} instead of {"include_resource":true}',
    );
  });

  it('reports a changed url when the stack’s recorded id now delivers elsewhere', () => {
    const moved = live({ url: 'https://elsewhere.example.com/hook' });
    const report = drift({ live: [moved], managedIds: new Map([['accounts', moved.id]]) });

    expect(kinds(report)).toEqual(['changed']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toBe(
      `url https://elsewhere.example.com/hook instead of ${URL}`,
    );
  });

  it('reports a changed name when the stack’s recorded id was renamed', () => {
    const renamed = live({ name: 'accounts-old' });
    const report = drift({ live: [renamed], managedIds: new Map([['accounts', renamed.id]]) });

    expect(report.subscriptions[0]?.findings[0]?.detail).toBe('name "accounts-old" instead of "accounts"');
  });

  it('reports secret-differs when the subscription signs with a secret the stack does not hold, never quoting it', () => {
    const report = drift({ live: [live({ secret: 'whsec-someone-elses-secret' })] });

    expect(kinds(report)).toEqual(['secret-differs']);
    expect(JSON.stringify(report.subscriptions[0]?.findings)).not.toContain('whsec');
  });

  it('reports secret-differs when the subscription signs nothing', () => {
    const report = drift({ live: [live({ secret: null })] });

    expect(report.subscriptions[0]?.findings[0]?.detail).toContain('signs nothing');
  });

  it('does not compare a secret Argyle leaves out of its answer', () => {
    const { secret: _omitted, ...withoutSecret } = live();
    const report = drift({ live: [withoutSecret as WebhookSubscription] });

    expect(kinds(report)).toEqual([]);
  });

  it('accepts the previous or the pending secret while a rotation is in progress', () => {
    const secrets = { current: CURRENT, previous: PREVIOUS, pending: PENDING };
    const onPrevious = drift({ live: [live({ secret: PREVIOUS })], signingSecrets: secrets });
    const onPending = drift({ live: [live({ secret: PENDING })], signingSecrets: secrets });

    expect(onPrevious.rotationInProgress).toBe(true);
    expect(kinds(onPrevious)).toEqual([]);
    expect(kinds(onPending)).toEqual([]);
  });

  it('reports the previous secret as secret-differs when no rotation is in progress', () => {
    const report = drift({
      live: [live({ secret: PREVIOUS })],
      signingSecrets: { current: CURRENT, previous: PREVIOUS },
    });

    expect(report.rotationInProgress).toBe(false);
    expect(report.subscriptions[0]?.findings[0]?.detail).toContain('previous signing secret (AWSPREVIOUS)');
  });

  it('does not take a pending value equal to the current one for a rotation in progress', () => {
    const report = drift({
      live: [live({ secret: PREVIOUS })],
      signingSecrets: { current: CURRENT, previous: PREVIOUS, pending: CURRENT },
    });

    expect(report.rotationInProgress).toBe(false);
    expect(kinds(report)).toEqual(['secret-differs']);
  });

  it('reports a second subscription with the same name and URL as a duplicate, keeping the matching one', () => {
    const stale = live({ events: ['accounts.connected'], created_at: '2025-01-01T00:00:00Z' });
    const good = live({ created_at: '2026-02-01T00:00:00Z' });
    const report = drift({ live: [stale, good] });

    expect(report.subscriptions[0]?.live).toBe(good);
    expect(report.subscriptions[0]?.matches).toEqual([good, stale]);
    expect(report.subscriptions[0]?.findings).toEqual([
      {
        kind: 'duplicate',
        detail: `${stale.id} (also named "accounts" at the same URL) delivers too: these events arrive twice`,
        subscriptionId: stale.id,
      },
    ]);
  });

  it('keeps the oldest of equally matching subscriptions, and the recorded id before any other', () => {
    const older = live({ created_at: '2025-01-01T00:00:00Z' });
    const newer = live({ created_at: '2026-02-01T00:00:00Z' });

    expect(drift({ live: [newer, older] }).subscriptions[0]?.live).toBe(older);
    expect(
      drift({ live: [newer, older], managedIds: new Map([['accounts', newer.id]]) }).subscriptions[0]?.live,
    ).toBe(newer);
  });

  it('takes every recorded id of an ownership record, preferring the one matching in every field', () => {
    const old = live({ events: ['accounts.connected'], created_at: '2025-01-01T00:00:00Z' });
    const current = live({ created_at: '2026-02-01T00:00:00Z' });
    const report = drift({ live: [old, current], managedIds: new Map([['accounts', [old.id, current.id]]]) });

    expect(report.subscriptions[0]?.live).toBe(current);
    expect(report.subscriptions[0]?.matches).toEqual([current, old]);
    expect(report.unmanaged).toEqual([]);
  });

  it('reports a second recorded subscription as a duplicate outside a rotation, naming it the stack’s', () => {
    const first = live();
    const second = live();
    const report = drift({
      live: [first, second],
      managedIds: new Map([['accounts', [first.id, second.id]]]),
    });

    expect(kinds(report)).toEqual(['duplicate']);
    expect(report.subscriptions[0]?.findings[0]).toMatchObject({
      subscriptionId: second.id,
      detail: expect.stringContaining('also recorded as the stack’s'),
    });
  });

  it('takes a second recorded subscription during a rotation as no duplicate', () => {
    const old = live({ secret: PREVIOUS });
    const next = live({ secret: PENDING });
    const report = drift({
      live: [old, next],
      managedIds: new Map([['accounts', [old.id, next.id]]]),
      signingSecrets: { current: PREVIOUS, pending: PENDING },
    });

    expect(kinds(report)).toEqual([]);
    expect(report.rotationInProgress).toBe(true);
  });

  it('still reports a second subscription of the same name that no record names during a rotation', () => {
    const owned = live({ secret: PREVIOUS });
    const foreign = live({ secret: PENDING });
    const report = drift({
      live: [owned, foreign],
      managedIds: new Map([['accounts', [owned.id]]]),
      signingSecrets: { current: PREVIOUS, pending: PENDING },
    });

    expect(kinds(report)).toEqual(['duplicate']);
  });

  it('reports an unmanaged subscription at our URL with overlapping events as a duplicate', () => {
    const stray = live({ name: 'manual-test', events: ['accounts.updated'] });
    const report = drift({ live: [live(), stray] });

    expect(kinds(report)).toEqual(['duplicate']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toContain('"manual-test", not managed by the stack');
    expect(report.unmanaged).toEqual([stray]);
  });

  it('counts a subscription to all events (*) as overlapping every other', () => {
    const stray = live({ name: 'everything', events: ['*'] });
    const report = drift({ desired: [ACCOUNTS, PAYSTUBS], live: [stray] });

    expect(kinds(report, 0)).toEqual(['missing', 'duplicate']);
    expect(kinds(report, 1)).toEqual(['missing', 'duplicate']);
  });

  it('lists an unmanaged subscription at our URL with other events as unmanaged, not as a duplicate', () => {
    const stray = live({ name: 'gigs', events: ['gigs.added'] });
    const report = drift({ live: [live(), stray] });

    expect(kinds(report)).toEqual([]);
    expect(report.unmanaged).toEqual([stray]);
    expect(report.drift).toBe(false);
  });

  it('ignores subscriptions delivering elsewhere', () => {
    const report = drift({ live: [live(), live({ name: 'other', url: 'https://other.example.com/x' })] });

    expect(report.unmanaged).toEqual([]);
    expect(kinds(report)).toEqual([]);
  });

  it('reports silent when Argyle sent more than the threshold after the last accepted delivery', () => {
    const report = drift({
      live: [live({ last_sent_at: '2026-03-01T11:40:00.000000Z' })],
      lastAcceptedAt: new Map([['accounts', new Date('2026-03-01T11:00:00Z')]]),
      silentAfterMs: 30 * 60_000,
    });

    expect(kinds(report)).toEqual(['silent']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toBe(
      'Argyle last sent at 2026-03-01T11:40:00.000000Z, more than 30 min after the last delivery the receiver accepted (2026-03-01T11:00:00.000Z)',
    );
    expect(report.subscriptions[0]?.lastAcceptedAt).toEqual(new Date('2026-03-01T11:00:00Z'));
  });

  it('is not silent within the threshold', () => {
    const report = drift({
      live: [live({ last_sent_at: '2026-03-01T11:10:00Z' })],
      lastAcceptedAt: new Map([['accounts', new Date('2026-03-01T11:00:00Z')]]),
    });

    expect(kinds(report)).toEqual([]);
  });

  it('reports silent when the receiver never accepted a delivery Argyle sent longer than the threshold ago', () => {
    const never = new Map([['accounts', null]]);
    const old = drift({ live: [live({ last_sent_at: '2026-03-01T11:00:00Z' })], lastAcceptedAt: never });
    const inFlight = drift({ live: [live({ last_sent_at: '2026-03-01T11:59:00Z' })], lastAcceptedAt: never });

    expect(kinds(old)).toEqual(['silent']);
    expect(old.subscriptions[0]?.lastAcceptedAt).toBeNull();
    expect(kinds(inFlight)).toEqual([]);
  });

  it('takes "none accepted since" a window’s start as accepted before it, even for a delivery sent a moment ago', () => {
    const since = new Date('2026-03-01T11:43:00Z');
    const report = drift({
      live: [live({ last_sent_at: '2026-03-01T11:59:00Z' })],
      lastAcceptedAt: new Map([['accounts', null]]),
      lastAcceptedSince: new Map([['accounts', since]]),
    });

    expect(kinds(report)).toEqual(['silent']);
    expect(report.subscriptions[0]?.findings[0]?.detail).toBe(
      'Argyle last sent at 2026-03-01T11:59:00Z, and the receiver accepted none from it since 2026-03-01T11:43:00.000Z, more than 15 min before',
    );
    expect(report.subscriptions[0]?.lastAcceptedSince).toEqual(since);
  });

  it('is not silent when the window found none but started within the threshold of the last send', () => {
    const report = drift({
      live: [live({ last_sent_at: '2026-03-01T11:59:00Z' })],
      lastAcceptedAt: new Map([['accounts', null]]),
      lastAcceptedSince: new Map([['accounts', new Date('2026-03-01T11:50:00Z')]]),
    });

    expect(kinds(report)).toEqual([]);
  });

  it('does not check silent when the last accepted delivery is unknown or Argyle never sent one', () => {
    const unknown = drift({ live: [live({ last_sent_at: '2026-01-01T00:00:00Z' })] });
    const neverSent = drift({ live: [live()], lastAcceptedAt: new Map([['accounts', null]]) });

    expect(kinds(unknown)).toEqual([]);
    expect(unknown.subscriptions[0]?.lastAcceptedAt).toBeUndefined();
    expect(kinds(neverSent)).toEqual([]);
  });

  it('reports findings during a deploy in progress but does not call them drift', () => {
    const report = drift({ live: [], deployInProgress: true });

    expect(kinds(report)).toEqual(['missing']);
    expect(report.deployInProgress).toBe(true);
    expect(report.drift).toBe(false);
  });

  it('orders findings by kind: missing, changed, secret-differs, duplicate, silent', () => {
    const report = drift({
      live: [
        live({
          events: ['accounts.connected'],
          secret: 'whsec-other',
          last_sent_at: '2026-03-01T11:00:00Z',
        }),
        live({ name: 'manual', events: ['accounts.connected'] }),
      ],
      lastAcceptedAt: new Map([['accounts', null]]),
    });

    expect(kinds(report)).toEqual(['changed', 'secret-differs', 'duplicate', 'silent']);
    expect(hasFinding(report, 'silent')).toBe(true);
    expect(hasFinding(report, 'missing')).toBe(false);
  });

  it('reports each configured subscription on its own', () => {
    const report = drift({ desired: [ACCOUNTS, PAYSTUBS], live: [live()] });

    expect(report.subscriptions.map((s) => s.desired.name)).toEqual(['accounts', 'paystubs']);
    expect(kinds(report, 0)).toEqual([]);
    expect(kinds(report, 1)).toEqual(['missing']);
  });
});
