/**
 * Drift: how the subscriptions Argyle holds differ from the ones the stack configures. Pure: no AWS, no HTTP,
 * no clock (the caller passes `now`), and no secret ever appears in a finding (a differing secret is described,
 * never quoted). The operators' `status` command uses it; the scheduled watcher and repair are to reuse it.
 *
 * Each configured subscription is matched with the live ones by id (when the caller knows the id the stack
 * recorded) or by name and URL, then checked for five kinds of finding: `missing`, `changed` (url, events,
 * config or name), `secret-differs`, `duplicate` and `silent`. A rotation in progress (AWSPENDING differs from
 * AWSCURRENT) makes the previous and pending secrets as good as the current one; a deploy in progress holds
 * every finding back from being drift; a list known to be incomplete makes `missing` a "cannot tell".
 */
import type { WebhookSubscription } from '../argyle-api';
import { SUBSCRIPTION_DRIFT_KINDS } from '../shared/contract';
import { canonicalEvents, differences } from './matching';
import type { DesiredSubscription } from './properties';

/** The kinds of drift, in the order they are reported (the contract's list, which the alarms read too). */
export const DRIFT_KINDS = SUBSCRIPTION_DRIFT_KINDS;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One difference found: its kind and a sentence for people, which never contains a secret. */
export interface DriftFinding {
  readonly kind: DriftKind;
  readonly detail: string;
  /** The live subscription it is about, when there is one. */
  readonly subscriptionId?: string;
}

/** The signing secret's values by stage: AWSCURRENT, and AWSPREVIOUS and AWSPENDING when they exist. */
export interface SigningSecrets {
  readonly current: string;
  readonly previous?: string;
  readonly pending?: string;
}

/** How long Argyle may have sent a delivery the receiver has not accepted before it is `silent`: 15 minutes. */
export const DEFAULT_SILENT_AFTER_MS = 15 * 60 * 1000;

export interface DriftInput {
  /** The subscriptions the stack configures. */
  readonly desired: readonly DesiredSubscription[];
  /** Every subscription Argyle lists (all pages), or as many as were read when `liveIncomplete`. */
  readonly live: readonly WebhookSubscription[];
  /** The receiver's URL: a live subscription delivering there that no desired one matches is unmanaged. */
  readonly webhookUrl: string;
  readonly signingSecrets: SigningSecrets;
  /**
   * By subscription name, when the receiver last accepted a delivery from it: a date, or `null` for never (or
   * none since {@link lastAcceptedSince}). A name that is absent (or no map at all) is not checked for `silent`.
   */
  readonly lastAcceptedAt?: ReadonlyMap<string, Date | null>;
  /**
   * By subscription name, from when the receiver's record was searched: a `null` in {@link lastAcceptedAt} then
   * means "none since", not "never" (the watcher reads a window of CloudWatch data). The caller makes the
   * window start at least `silentAfterMs` before Argyle's `last_sent_at`, so `null` still decides `silent`.
   */
  readonly lastAcceptedSince?: ReadonlyMap<string, Date>;
  readonly now: Date;
  /** See {@link DEFAULT_SILENT_AFTER_MS}. */
  readonly silentAfterMs?: number;
  /**
   * By subscription name, the id the stack recorded, or every id its ownership record names (owned first, then
   * retired ones a deploy has yet to remove): matched first, so a changed url or name is found. A second
   * managed subscription delivering too is a `duplicate`, except while a rotation is in progress (which keeps
   * the old and the new subscription side by side).
   */
  readonly managedIds?: ReadonlyMap<string, string | readonly string[]>;
  /** The list stopped at its page bound: a subscription not seen may exist, so `missing` cannot be told. */
  readonly liveIncomplete?: boolean;
  /** A deploy is changing the subscriptions: findings are reported but are not drift. */
  readonly deployInProgress?: boolean;
}

/** One configured subscription, what is live for it, and what differs. */
export interface SubscriptionDrift {
  readonly desired: DesiredSubscription;
  /** The live subscription taken as this one (the recorded id, else the one matching in every field, else the oldest). */
  readonly live?: WebhookSubscription;
  /** Every live subscription matched by id or by name and URL, `live` first. */
  readonly matches: readonly WebhookSubscription[];
  readonly findings: readonly DriftFinding[];
  /** `missing` could not be told because the list is incomplete (and nothing matched). */
  readonly cannotTell: boolean;
  /** Argyle's `last_sent_at` of `live`: `null` when it never sent one, absent when not said. */
  readonly lastSentAt?: string | null;
  /** When the receiver last accepted a delivery from it (`null`: never, or none since `lastAcceptedSince`), when known. */
  readonly lastAcceptedAt?: Date | null;
  /** From when the receiver's record was searched, when it was a window (see {@link DriftInput.lastAcceptedSince}). */
  readonly lastAcceptedSince?: Date;
}

export interface DriftReport {
  readonly subscriptions: readonly SubscriptionDrift[];
  /** Live subscriptions delivering to `webhookUrl` that no configured subscription matches. */
  readonly unmanaged: readonly WebhookSubscription[];
  /** Some finding is drift: there are findings and no deploy is in progress. */
  readonly drift: boolean;
  /** The list was incomplete: `missing` and `unmanaged` may be short. */
  readonly liveIncomplete: boolean;
  /** A rotation is in progress: subscriptions signing with the previous or pending secret are accepted. */
  readonly rotationInProgress: boolean;
  readonly deployInProgress: boolean;
}

/** Compares every configured subscription with what is live. */
export function detectDrift(input: DriftInput): DriftReport {
  const matched = new Set<string>();
  const rotationInProgress =
    input.signingSecrets.pending !== undefined &&
    input.signingSecrets.pending !== input.signingSecrets.current;
  const perDesired = input.desired.map((desired) => {
    const matches = matchesOf(input, desired);
    for (const match of matches) matched.add(match.id);
    return { desired, matches };
  });
  const unmanaged = input.live.filter(
    (subscription) => !matched.has(subscription.id) && atOurUrl(subscription, input),
  );
  const subscriptions = perDesired.map(({ desired, matches }) =>
    driftOf(input, desired, matches, unmanaged, rotationInProgress),
  );
  const deployInProgress = input.deployInProgress === true;
  return {
    subscriptions,
    unmanaged,
    drift: !deployInProgress && subscriptions.some((s) => s.findings.length > 0),
    liveIncomplete: input.liveIncomplete === true,
    rotationInProgress,
    deployInProgress,
  };
}

/** Whether any subscription in the report has a finding of `kind`. */
export function hasFinding(report: DriftReport, kind: DriftKind): boolean {
  return report.subscriptions.some((s) => s.findings.some((finding) => finding.kind === kind));
}

/**
 * The live subscriptions that are this one: the recorded id, or the same name and URL. Ordered so the one to
 * keep comes first: the recorded id, then one matching in every field (with the current secret), then the oldest.
 */
function matchesOf(input: DriftInput, desired: DesiredSubscription): WebhookSubscription[] {
  const managed = managedIdsOf(input, desired.name);
  const rank = (s: WebhookSubscription) => {
    const index = managed.indexOf(s.id);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  const exact = (s: WebhookSubscription) =>
    differences(s, desired, input.signingSecrets.current, { compareAbsentSecret: false }).length === 0;
  return input.live
    .filter((s) => managed.includes(s.id) || (s.name === desired.name && s.url === desired.url))
    .sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      if (Number.isFinite(ra) !== Number.isFinite(rb)) return Number.isFinite(ra) ? -1 : 1;
      if (exact(a) !== exact(b)) return exact(a) ? -1 : 1;
      if (ra !== rb) return ra - rb;
      return a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
    });
}

/** The ids the stack recorded for `name`, in the order given (none when it recorded none). */
function managedIdsOf(input: DriftInput, name: string): readonly string[] {
  const ids = input.managedIds?.get(name);
  if (ids === undefined) return [];
  return typeof ids === 'string' ? [ids] : ids;
}

function atOurUrl(subscription: WebhookSubscription, input: DriftInput): boolean {
  return subscription.url === input.webhookUrl || input.desired.some((d) => d.url === subscription.url);
}

function driftOf(
  input: DriftInput,
  desired: DesiredSubscription,
  matches: readonly WebhookSubscription[],
  unmanaged: readonly WebhookSubscription[],
  rotationInProgress: boolean,
): SubscriptionDrift {
  const [live, ...extra] = matches;
  const managed = managedIdsOf(input, desired.name);
  const lastAcceptedAt = input.lastAcceptedAt?.get(desired.name);
  const known = input.lastAcceptedAt?.has(desired.name) === true;
  const since = input.lastAcceptedSince?.get(desired.name);
  const base = {
    desired,
    matches,
    ...(known ? { lastAcceptedAt: lastAcceptedAt ?? null } : {}),
    ...(known && since !== undefined ? { lastAcceptedSince: since } : {}),
  };
  if (live === undefined) {
    const cannotTell = input.liveIncomplete === true;
    const findings = cannotTell ? [] : [missing(desired, input.live)];
    return { ...base, findings: [...findings, ...strayDuplicates(desired, unmanaged)], cannotTell };
  }
  const findings: DriftFinding[] = [
    ...changed(live, desired),
    ...secretDiffers(live, input.signingSecrets, rotationInProgress),
    ...extra.flatMap((other) => {
      if (!managed.includes(other.id)) {
        return [duplicate(other, `also named "${desired.name}" at the same URL`)];
      }
      // The stack's own second subscription: expected while a rotation overlaps the old and the new secret.
      if (rotationInProgress) return [];
      return [duplicate(other, 'also recorded as the stack’s, left from a deploy, repair or rotation')];
    }),
    ...strayDuplicates(desired, unmanaged),
    ...silent(live, known ? (lastAcceptedAt ?? null) : undefined, since, input),
  ];
  return {
    ...base,
    live,
    findings: sortFindings(findings),
    cannotTell: false,
    ...(live.last_sent_at === undefined ? {} : { lastSentAt: live.last_sent_at }),
  };
}

function missing(desired: DesiredSubscription, live: readonly WebhookSubscription[]): DriftFinding {
  const sameName = live.filter((s) => s.name === desired.name);
  const elsewhere =
    sameName.length === 0
      ? ''
      : `; ${sameName.length === 1 ? 'a subscription' : `${sameName.length} subscriptions`} with this name deliver${sameName.length === 1 ? 's' : ''} elsewhere (${sameName.map((s) => `${s.id} to ${s.url}`).join(', ')}), perhaps another stack's`;
  return {
    kind: 'missing',
    detail: `no subscription named "${desired.name}" delivers to ${desired.url}${elsewhere}`,
  };
}

function changed(live: WebhookSubscription, desired: DesiredSubscription): DriftFinding[] {
  // The secret is compared on its own (rotation); '' stands for "any secret" so only the other fields count.
  const fields = differences(live, desired, '', { compareAbsentSecret: false }).filter((f) => f !== 'secret');
  if (fields.length === 0) return [];
  const described = fields.map((field) => {
    switch (field) {
      case 'events':
        return `events ${canonicalEvents(live.events)} instead of ${canonicalEvents(desired.events)}`;
      case 'config':
        return `config ${JSON.stringify(live.config ?? {})} instead of ${JSON.stringify(desired.config)}`;
      case 'url':
        return `url ${live.url} instead of ${desired.url}`;
      default:
        return `name "${live.name}" instead of "${desired.name}"`;
    }
  });
  return [{ kind: 'changed', detail: described.join('; '), subscriptionId: live.id }];
}

function secretDiffers(
  live: WebhookSubscription,
  secrets: SigningSecrets,
  rotationInProgress: boolean,
): DriftFinding[] {
  // Argyle returns the secret; a response without it cannot be compared.
  if (live.secret === undefined || live.secret === secrets.current) return [];
  if (rotationInProgress && (live.secret === secrets.previous || live.secret === secrets.pending)) return [];
  const how =
    live.secret === null || live.secret === ''
      ? 'signs nothing: the receiver rejects every delivery'
      : live.secret === secrets.previous
        ? 'signs with the previous signing secret (AWSPREVIOUS) and no rotation is in progress'
        : live.secret === secrets.pending
          ? 'signs with the pending signing secret (AWSPENDING) and no rotation is in progress'
          : 'signs with a secret that is none of the signing secret’s values: the receiver rejects every delivery';
  return [{ kind: 'secret-differs', detail: how, subscriptionId: live.id }];
}

function duplicate(other: WebhookSubscription, why: string): DriftFinding {
  return {
    kind: 'duplicate',
    detail: `${other.id} (${why}) delivers too: these events arrive twice`,
    subscriptionId: other.id,
  };
}

/** Unmanaged subscriptions at our URL whose events overlap this one's. */
function strayDuplicates(
  desired: DesiredSubscription,
  unmanaged: readonly WebhookSubscription[],
): DriftFinding[] {
  return unmanaged
    .filter((stray) => eventsOverlap(stray.events, desired.events))
    .map((stray) => duplicate(stray, `"${stray.name}", not managed by the stack, at this URL`));
}

function eventsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.includes('*') || b.includes('*') || a.some((event) => b.includes(event));
}

/**
 * `silent`: Argyle sent a delivery more than `silentAfterMs` after the last one the receiver accepted (or after
 * the start of a search that found none, `lastAcceptedSince`); or the receiver never accepted one and Argyle's
 * last was sent more than `silentAfterMs` ago (in flight until then).
 */
function silent(
  live: WebhookSubscription,
  lastAccepted: Date | null | undefined,
  since: Date | undefined,
  input: DriftInput,
): DriftFinding[] {
  if (lastAccepted === undefined || typeof live.last_sent_at !== 'string') return [];
  const sent = Date.parse(live.last_sent_at);
  if (Number.isNaN(sent)) return [];
  const threshold = input.silentAfterMs ?? DEFAULT_SILENT_AFTER_MS;
  const minutes = Math.round(threshold / 60_000);
  if (lastAccepted === null && since !== undefined) {
    // None accepted since `since`: the last one (if any) was before it, so it counts as accepted at `since`.
    if (sent - since.getTime() <= threshold) return [];
    return [
      {
        kind: 'silent',
        detail: `Argyle last sent at ${live.last_sent_at}, and the receiver accepted none from it since ${since.toISOString()}, more than ${minutes} min before`,
        subscriptionId: live.id,
      },
    ];
  }
  if (lastAccepted === null) {
    if (input.now.getTime() - sent <= threshold) return [];
    return [
      {
        kind: 'silent',
        detail: `Argyle last sent at ${live.last_sent_at}, more than ${minutes} min ago, and the receiver never accepted a delivery from it`,
        subscriptionId: live.id,
      },
    ];
  }
  if (sent - lastAccepted.getTime() <= threshold) return [];
  return [
    {
      kind: 'silent',
      detail: `Argyle last sent at ${live.last_sent_at}, more than ${minutes} min after the last delivery the receiver accepted (${lastAccepted.toISOString()})`,
      subscriptionId: live.id,
    },
  ];
}

function sortFindings(findings: readonly DriftFinding[]): DriftFinding[] {
  return [...findings].sort((a, b) => DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind));
}
