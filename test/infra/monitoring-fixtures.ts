/**
 * What the ArgyleWebhookMonitoring tests share: a synthesized stack with the construct, its alarms, and the
 * dimensions the receiver's metrics carry.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { vi } from 'vitest';
import {
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
} from '../../lib/constructs/argyle-webhook-ingest';
import {
  ArgyleWebhookMonitoring,
  type ArgyleWebhookMonitoringProps,
} from '../../lib/constructs/argyle-webhook-monitoring';
import { fastApp } from '../support/cdk-app';
import type { Resource } from './template-helpers';

export const ROUTES: ArgyleWebhookIngestProps['routes'] = [
  { name: 'accounts', events: ['accounts.*'] },
  { name: 'payroll', events: ['paystubs.*'], fifo: true },
];

export function synth(
  props: Omit<ArgyleWebhookMonitoringProps, 'ingest'> = {},
  ingestProps: ArgyleWebhookIngestProps = { routes: ROUTES },
) {
  const stack = new Stack(fastApp(), 'Test');
  const ingest = new ArgyleWebhookIngest(stack, 'Ingest', ingestProps);
  const monitoring = new ArgyleWebhookMonitoring(stack, 'Monitoring', { ingest, ...props });
  return { stack, ingest, monitoring, template: Template.fromStack(stack) };
}

/** The properties of the alarm named `Test-Monitoring-<name>`. */
export function alarm(template: Template, name: string): Record<string, unknown> {
  const alarms = Object.values(
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: `Test-Monitoring-${name}` },
    }),
  ) as Resource[];
  const [found] = alarms;
  if (alarms.length !== 1 || found?.Properties === undefined) throw new Error(`no alarm ${name}`);
  return found.Properties;
}

export function alarmNames(template: Template): string[] {
  return (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]).map((resource) =>
    String(resource.Properties?.AlarmName),
  );
}

/** The dimension names of the EMF line `emit` writes, for the first dimension set. */
export function emittedDimensionSets(emit: () => void): string[][] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  emit();
  vi.restoreAllMocks();
  const line = JSON.parse(written.join('').trim());
  return line._aws.CloudWatchMetrics[0].Dimensions;
}
