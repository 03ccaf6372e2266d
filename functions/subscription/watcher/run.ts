/**
 * One run of the subscription watcher: read every ownership record, look at what Argyle holds for them, report
 * each finding (metric and log line), and, when repair is on, repair what is missing, changed or signs with the
 * wrong secret, under the lease that deploy, repair and rotation share. No AWS or Argyle client is made here:
 * the handler (or the CLI, or the dev server) passes them in.
 */
import { randomUUID } from 'node:crypto';
import { CALL_BUDGET_MS } from '../create-handler';
import type { LifecycleContext } from '../lifecycle';
import type { SubscriptionLog } from '../log';
import { sleep as realSleep, settleDelayMs } from '../signing-secret-settle';
import { LeaseBusyError, withLease } from '../state/lease';
import type { OwnershipRecord } from '../state/record';
import type { SubscriptionStateStore } from '../state/store';
import { type InspectDeps, type Inspection, inspectGroup } from './inspect';
import type { WatcherMetrics } from './metrics';
import { changesInProgress, DEPLOY_MARKER, groupRecords } from './records';
import { executeRepair, type RepairResult } from './repair';
import { planRepairs, repairBlocked } from './repair-plan';
import { reportFindings } from './report-findings';

/** How long the repair's lease holds: longer than the watcher function may run (5 minutes). */
export const REPAIR_LEASE_MS = 6 * 60 * 1000;

export interface WatcherDeps extends InspectDeps {
  readonly store: SubscriptionStateStore;
  readonly metrics: WatcherMetrics;
  readonly log: SubscriptionLog;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The lease holder's id; a new one per run by default. */
  readonly holder?: string;
}

export interface WatcherSettings {
  /** Repair missing, changed and secret-differing subscriptions; otherwise only report. */
  readonly repair: boolean;
  readonly silentAfterMs: number;
  /** Epoch ms by which the run must be done; a repair creates nothing it may not finish by then. */
  readonly deadline?: number;
  /** Time one Argyle call may take, retries included. @default CALL_BUDGET_MS */
  readonly callBudgetMs?: number;
  readonly maxPages?: number;
}

export interface GroupResult {
  readonly inspection: Inspection;
  readonly repairs: readonly RepairResult[];
  /** Why repair did not run for this group although something needed it. */
  readonly repairSkipped?: string;
}

export interface WatchRun {
  readonly records: number;
  readonly groups: readonly GroupResult[];
  /** Checks or repairs that failed; the handler throws when there is any, so the errors alarm sees it. */
  readonly errors: readonly Error[];
}

export async function runWatcher(deps: WatcherDeps, settings: WatcherSettings): Promise<WatchRun> {
  const records = await deps.store.list();
  if (records.length === 0) {
    deps.log.info('no ownership records: the stack configures no subscription yet, nothing to watch');
    deps.metrics.run();
    return { records: 0, groups: [], errors: [] };
  }
  const [marker, lease] = await Promise.all([
    deps.store.getMarker(DEPLOY_MARKER, deps.now()),
    deps.store.readLease(),
  ]);
  const changing = changesInProgress(marker, lease, deps.now());
  const groups: GroupResult[] = [];
  const errors: Error[] = [];
  let checked = true;
  for (const { records: group } of groupRecords(records)) {
    try {
      groups.push(await watchGroup(deps, settings, group, changing?.by, errors));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      errors.push(failure);
      checked = false;
      deps.log.error('could not check subscriptions; tried again next run', {
        subscriptions: group.map((record) => record.name),
        message: failure.message,
      });
    }
  }
  // A run counts when every record was checked, whatever became of a repair (a failed one fails the run).
  if (checked) deps.metrics.run();
  return { records: records.length, groups, errors };
}

async function watchGroup(
  deps: WatcherDeps,
  settings: WatcherSettings,
  records: readonly OwnershipRecord[],
  changedBy: string | undefined,
  errors: Error[],
): Promise<GroupResult> {
  const inspection = await inspectGroup(deps, records, {
    silentAfterMs: settings.silentAfterMs,
    changesInProgress: changedBy !== undefined,
    ...(settings.maxPages === undefined ? {} : { maxPages: settings.maxPages }),
  });
  if (inspection.lastAcceptedError !== undefined) {
    errors.push(inspection.lastAcceptedError);
    deps.log.error('could not read when deliveries were last accepted; silent was not checked', {
      message: inspection.lastAcceptedError.message,
    });
  }
  reportFindings(inspection.report, {
    metrics: deps.metrics,
    log: deps.log,
    ...(changedBy === undefined ? {} : { changedBy }),
  });
  const needsRepair = planRepairs(
    records,
    inspection.report,
    inspection.live,
    inspection.signingSecrets.current,
  );
  const blocked = repairBlocked(inspection.report);
  const drifted = inspection.report.subscriptions.some((entry) =>
    entry.findings.some((f) => f.kind === 'missing' || f.kind === 'changed' || f.kind === 'secret-differs'),
  );
  if (!settings.repair) {
    if (needsRepair.length > 0) {
      deps.log.info('not repaired: repair is off (subscriptionWatch.repair)', {
        subscriptions: needsRepair.map((plan) => plan.record.name),
      });
    }
    return { inspection, repairs: [] };
  }
  if (needsRepair.length === 0) {
    if (blocked !== undefined && drifted) {
      deps.log.info(`not repaired: ${blocked}`);
      return { inspection, repairs: [], repairSkipped: blocked };
    }
    return { inspection, repairs: [] };
  }
  return repairGroup(
    deps,
    settings,
    records,
    needsRepair.map((plan) => plan.record.name),
    errors,
    inspection,
  );
}

/** Takes the lease, looks again (a deploy may have changed things), and carries out what is still needed. */
async function repairGroup(
  deps: WatcherDeps,
  settings: WatcherSettings,
  records: readonly OwnershipRecord[],
  names: readonly string[],
  errors: Error[],
  inspection: Inspection,
): Promise<GroupResult> {
  const holder = deps.holder ?? `repair-${randomUUID()}`;
  try {
    return await withLease(
      deps.store,
      { holder, actor: 'repair', durationMs: REPAIR_LEASE_MS },
      async () => {
        const now = deps.now();
        const fresh = (await deps.store.list()).filter((record) =>
          records.some((known) => known.name === record.name),
        );
        const marker = await deps.store.getMarker(DEPLOY_MARKER, now);
        const again = await inspectGroup({ ...deps, lastAccepted: undefined }, fresh, {
          silentAfterMs: settings.silentAfterMs,
          changesInProgress: marker !== undefined,
          ...(settings.maxPages === undefined ? {} : { maxPages: settings.maxPages }),
        });
        const blocked = repairBlocked(again.report);
        if (blocked !== undefined) {
          deps.log.info(`not repaired: ${blocked}`);
          return { inspection, repairs: [], repairSkipped: blocked };
        }
        const plans = planRepairs(fresh, again.report, again.live, again.signingSecrets.current);
        // The settle wait counts from the first read of the value (before the lease) when it has not changed.
        const secretReadAt =
          again.signingSecrets.current === inspection.signingSecrets.current
            ? Math.min(inspection.secretReadAt, again.secretReadAt)
            : again.secretReadAt;
        const context = {
          store: deps.store,
          lifecycle: lifecycleOf(deps, settings, again, secretReadAt),
          currentSecret: again.signingSecrets.current,
          metrics: deps.metrics,
          log: deps.log,
          now: deps.now,
        };
        const repairs: RepairResult[] = [];
        for (const plan of plans) {
          const result = await executeRepair(context, plan);
          repairs.push(result);
          if (result.error !== undefined) errors.push(result.error);
        }
        return { inspection, repairs };
      },
      { waitMs: 0, now: deps.now },
    );
  } catch (error) {
    if (!(error instanceof LeaseBusyError)) throw error;
    const why = `the lease is held: ${error.message}`;
    deps.log.warn('repair skipped this run: the subscriptions are being changed; tried again next run', {
      subscriptions: names,
      heldBy: error.heldBy.actor,
      leaseEnds: new Date(error.heldBy.expiresAt).toISOString(),
    });
    for (const name of names) deps.metrics.repair('skipped', name);
    return { inspection, repairs: [], repairSkipped: why };
  }
}

function lifecycleOf(
  deps: WatcherDeps,
  settings: WatcherSettings,
  inspection: Inspection,
  secretReadAt: number,
): LifecycleContext {
  const budget = settings.callBudgetMs ?? CALL_BUDGET_MS;
  return {
    client: inspection.client,
    target: inspection.target,
    log: deps.log,
    // A create may be followed by a look-up and a delete: leave room for all three.
    timeLeftToCreate: () => settings.deadline === undefined || deps.now() + 3 * budget <= settings.deadline,
    signingSecretSettled: async () => {
      const waitMs = settleDelayMs(secretReadAt, deps.now());
      if (waitMs <= 0) return;
      deps.log.info('waiting until every receiver can read the signing secret', { waitMs });
      await (deps.sleep ?? realSleep)(waitMs);
    },
  };
}
