/** How `status` prints a drift report: a table and a line per finding for people, JSON for scripts. No secret. */
import { redactSubscription, type WebhookSubscription } from '../../argyle-api';
import { renderJson, renderTable } from '../../shared/cli/output';
import type { DriftReport, SubscriptionDrift } from '../drift';

/** `ok`, `drift`, `missing`, or `unknown` when an incomplete list could not tell. */
export function stateOf(entry: SubscriptionDrift): string {
  if (entry.cannotTell) return 'unknown';
  if (entry.findings.some((finding) => finding.kind === 'missing')) return 'missing';
  return entry.findings.length === 0 ? 'ok' : 'drift';
}

function lastSentText(entry: SubscriptionDrift): string {
  if (entry.live === undefined) return '-';
  return entry.lastSentAt === null ? 'never' : (entry.lastSentAt ?? '-');
}

function lastAcceptedText(entry: SubscriptionDrift): string {
  if (entry.lastAcceptedAt === undefined) return '-';
  if (entry.lastAcceptedAt !== null) return entry.lastAcceptedAt.toISOString();
  return entry.lastAcceptedSince === undefined
    ? 'never'
    : `none since ${entry.lastAcceptedSince.toISOString()}`;
}

/** NAME, ID, STATE, FINDINGS, LAST_SENT, LAST_ACCEPTED; then each finding's detail, and what else was seen. */
export function formatStatusTable(report: DriftReport): string {
  const header = ['NAME', 'ID', 'STATE', 'FINDINGS', 'LAST_SENT', 'LAST_ACCEPTED'];
  const rows = report.subscriptions.map((entry) => [
    entry.desired.name,
    entry.live?.id ?? '-',
    stateOf(entry),
    entry.findings.length === 0 ? '-' : [...new Set(entry.findings.map((f) => f.kind))].join(','),
    lastSentText(entry),
    lastAcceptedText(entry),
  ]);
  const lines = [renderTable(header, rows), ''];
  for (const entry of report.subscriptions) {
    for (const finding of entry.findings)
      lines.push(`${entry.desired.name}: ${finding.kind}: ${finding.detail}`);
    if (entry.cannotTell) {
      lines.push(
        `${entry.desired.name}: not among the subscriptions read; the list is incomplete, so it may exist`,
      );
    }
  }
  for (const stray of report.unmanaged) {
    lines.push(
      `unmanaged: ${stray.id} ("${stray.name}", ${stray.events.join(',')}) also delivers to this URL`,
    );
  }
  if (report.rotationInProgress) {
    lines.push('a signing-secret rotation is in progress: the previous and pending secrets are accepted');
  }
  if (report.deployInProgress) {
    lines.push(
      'the subscriptions are being changed (a deploy, rotation or repair): what differs is not drift yet',
    );
  }
  const drifted = report.subscriptions.filter((entry) => entry.findings.length > 0).length;
  lines.push(
    drifted === 0
      ? report.liveIncomplete
        ? 'no drift found among the subscriptions read'
        : 'no drift'
      : `${drifted} of ${report.subscriptions.length} subscription${report.subscriptions.length === 1 ? '' : 's'} drifted`,
  );
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: desired and live side by side, live subscriptions with their secret redacted. */
export function formatStatusJson(report: DriftReport): string {
  const redact = (s: WebhookSubscription) => redactSubscription(s);
  return renderJson({
    drift: report.drift,
    liveIncomplete: report.liveIncomplete,
    rotationInProgress: report.rotationInProgress,
    deployInProgress: report.deployInProgress,
    subscriptions: report.subscriptions.map((entry) => ({
      name: entry.desired.name,
      state: stateOf(entry),
      desired: entry.desired,
      live: entry.live === undefined ? null : redact(entry.live),
      matchIds: entry.matches.map((match) => match.id),
      findings: entry.findings,
      lastSentAt: entry.live === undefined ? null : (entry.lastSentAt ?? null),
      lastAcceptedAt:
        entry.lastAcceptedAt === undefined ? null : (entry.lastAcceptedAt?.toISOString() ?? null),
      ...(entry.lastAcceptedSince === undefined
        ? {}
        : { lastAcceptedSince: entry.lastAcceptedSince.toISOString() }),
    })),
    unmanaged: report.unmanaged.map(redact),
  });
}
