/**
 * The watcher's CloudWatch metrics, in the embedded metric format (EMF): one document per count, serialized by
 * Powertools Metrics (which validates names and dimensions) and written as one line. Every metric carries
 * `service` and, on Lambda, `FunctionName`, like the receiver's, so two stacks in one account never mix.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  WATCHER_METRIC_DIMENSION as D,
  WATCHER_METRIC as M,
  RECEIVER_METRIC_NAMESPACE,
  type REPAIR_OUTCOMES,
  WATCHER_SERVICE_NAME,
} from '../../shared/contract';
import type { DriftKind } from '../drift';

export type RepairOutcome = (typeof REPAIR_OUTCOMES)[number];

/** Why a run could not check everything: Argyle's list passed the page bound. */
export type UncheckedReason = 'list-limit';

export interface WatcherMetrics {
  /** A finding of `kind` for configured subscription `subscription`: by Kind and Subscription, and by Kind. */
  drift(kind: DriftKind, subscription: string): void;
  /** A run that checked every record. */
  run(): void;
  unchecked(reason: UncheckedReason): void;
  repair(outcome: RepairOutcome, subscription: string): void;
}

/** Powertools Metrics that says whether it is disabled (`POWERTOOLS_METRICS_DISABLED`, `POWERTOOLS_DEV`). */
class WatcherEmf extends Metrics {
  get enabled(): boolean {
    return !this.isDisabled();
  }
}

export interface WatcherMetricsOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where each EMF document goes, one JSON line without its newline: stdout (CloudWatch Logs) by default. */
  readonly write?: (line: string) => void;
}

export function createWatcherMetrics(options: WatcherMetricsOptions = {}): WatcherMetrics {
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  const metrics = new WatcherEmf({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? RECEIVER_METRIC_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? WATCHER_SERVICE_NAME,
    defaultDimensions: functionName ? { [D.FUNCTION_NAME]: functionName } : {},
  });
  /** One document: metric `name` counted once with `dimensions` (besides `service` and `FunctionName`). */
  const emit = (name: string, dimensions: Readonly<Record<string, string>>) => {
    if (!metrics.enabled) return;
    try {
      for (const [key, value] of Object.entries(dimensions)) metrics.addDimension(key, value);
      metrics.addMetric(name, MetricUnit.Count, 1);
      write(JSON.stringify(metrics.serializeMetrics()));
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
    }
  };
  return {
    drift: (kind, subscription) => {
      // Two documents: by Kind and Subscription (the dashboard), by Kind alone (the alarms).
      emit(M.DRIFT, { [D.KIND]: kind, [D.SUBSCRIPTION]: dimensionValue(subscription) });
      emit(M.DRIFT, { [D.KIND]: kind });
    },
    run: () => emit(M.RUNS, {}),
    unchecked: (reason) => emit(M.UNCHECKED, { [D.REASON]: reason }),
    repair: (outcome, subscription) =>
      emit(M.REPAIRS, { [D.OUTCOME]: outcome, [D.SUBSCRIPTION]: dimensionValue(subscription) }),
  };
}

/** A configured subscription name as a dimension value: they are 1 to 64 of `a-z0-9-`; anything else `other`. */
function dimensionValue(name: string): string {
  return /^[\x21-\x7E]{1,255}$/.test(name) ? name : 'other';
}

/** Metrics that go nowhere. */
export const NO_METRICS: WatcherMetrics = {
  drift: () => {},
  run: () => {},
  unchecked: () => {},
  repair: () => {},
};
