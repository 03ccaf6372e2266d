/**
 * CloudWatch metrics of the receiver's embedded metric format lines (`functions/receiver/observability.ts`). A
 * CloudWatch metric is identified by its full dimension set, so each metric here carries exactly the set the
 * receiver emits: `service`, `FunctionName`, and at most one dimension of its own.
 */
import type { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  RECEIVER_METRIC_DIMENSION as D,
  type RECEIVER_METRIC,
  RECEIVER_METRIC_NAMESPACE,
  RECEIVER_SERVICE_NAME,
} from '../../functions/shared/contract.js';

export type ReceiverMetricName = (typeof RECEIVER_METRIC)[keyof typeof RECEIVER_METRIC];

/** Builds metrics of one receiver function, as sums over `period`. */
export class ReceiverMetrics {
  readonly namespace: string;
  readonly service: string;

  constructor(
    private readonly receiver: IFunction,
    private readonly period: Duration,
  ) {
    this.namespace = RECEIVER_METRIC_NAMESPACE;
    this.service = RECEIVER_SERVICE_NAME;
  }

  /** `name` in total, or by one dimension's value (`{ Reason: 'signature' }`). */
  metric(name: ReceiverMetricName, dimension: Readonly<Record<string, string>> = {}, label?: string): Metric {
    if (Object.keys(dimension).length > 1) {
      throw new Error(
        `the receiver emits ${name} with at most one dimension of its own, not ${Object.keys(dimension).join(', ')}`,
      );
    }
    return new Metric({
      namespace: this.namespace,
      metricName: name,
      dimensionsMap: {
        [D.SERVICE]: this.service,
        [D.FUNCTION_NAME]: this.receiver.functionName,
        ...dimension,
      },
      statistic: Stats.SUM,
      period: this.period,
      label,
    });
  }

  /**
   * One line per value of `dimension` that has data, each labelled with its value, for a dashboard (a search
   * expression; alarms cannot use one).
   */
  search(name: ReceiverMetricName, dimension: string): MathExpression {
    const schema = [this.namespace, D.SERVICE, D.FUNCTION_NAME, dimension].join(',');
    return new MathExpression({
      expression:
        `SEARCH('{${schema}} MetricName="${name}" ${D.FUNCTION_NAME}="${this.receiver.functionName}"', ` +
        `'Sum', ${this.period.toSeconds()})`,
      usingMetrics: {},
      label: `\${PROP('Dim.${dimension}')}`,
      period: this.period,
    });
  }
}
