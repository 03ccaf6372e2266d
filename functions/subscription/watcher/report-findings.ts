/**
 * Each finding of a drift report as a metric (`SubscriptionDrift` by `Kind` and `Subscription`, once per kind
 * per subscription) and a log line. Lines carry names, ids, URLs, event names and the finding's sentence, never
 * a secret (drift.ts describes a differing secret without quoting it). Findings held back by a change in
 * progress are logged at INFO and counted nowhere.
 */
import type { DriftReport } from '../drift';
import type { SubscriptionLog } from '../log';
import type { WatcherMetrics } from './metrics';

export interface FindingsContext {
  readonly metrics: WatcherMetrics;
  readonly log: SubscriptionLog;
  /** Who is changing the subscriptions, when someone is (a deploy, a rotation, a repair). */
  readonly changedBy?: string;
}

export function reportFindings(report: DriftReport, context: FindingsContext): void {
  const { metrics, log } = context;
  const heldBack = report.deployInProgress;
  for (const entry of report.subscriptions) {
    const name = entry.desired.name;
    for (const finding of entry.findings) {
      const fields = {
        subscription: name,
        kind: finding.kind,
        detail: finding.detail,
        ...(finding.subscriptionId === undefined ? {} : { subscriptionId: finding.subscriptionId }),
        ...(finding.kind === 'silent' ? silentFields(entry) : {}),
      };
      if (heldBack) {
        log.info('finding held back: the subscriptions are being changed', {
          ...fields,
          changedBy: context.changedBy ?? 'deploy',
        });
      } else {
        log.warn('subscription drift', fields);
      }
    }
    if (!heldBack) {
      for (const kind of new Set(entry.findings.map((finding) => finding.kind))) metrics.drift(kind, name);
    }
    if (entry.cannotTell) {
      log.warn('cannot tell whether the subscription exists: the list is incomplete', { subscription: name });
    }
  }
  for (const stray of report.unmanaged) {
    log.warn(
      'a subscription the stack does not own delivers to its URL; it is never deleted, only reported',
      {
        subscriptionId: stray.id,
        name: stray.name,
        events: stray.events,
      },
    );
  }
  if (report.liveIncomplete) metrics.unchecked('list-limit');
  const drifted = report.subscriptions
    .filter((entry) => entry.findings.length > 0)
    .map((e) => e.desired.name);
  log.info('checked subscriptions', {
    subscriptions: report.subscriptions.map((entry) => entry.desired.name),
    drifted,
    unmanaged: report.unmanaged.map((stray) => stray.id),
    liveIncomplete: report.liveIncomplete,
    rotationInProgress: report.rotationInProgress,
    changesInProgress: heldBack,
  });
}

function silentFields(entry: DriftReport['subscriptions'][number]): Record<string, unknown> {
  return {
    lastSentAt: entry.lastSentAt ?? null,
    lastAcceptedAt: entry.lastAcceptedAt?.toISOString() ?? null,
    ...(entry.lastAcceptedSince === undefined
      ? {}
      : { lastAcceptedSince: entry.lastAcceptedSince.toISOString() }),
  };
}
