/**
 * The EMF lines the receiver writes: the alarms and the dashboard (lib/constructs/argyle-webhook-monitoring.ts)
 * name these metrics with exactly these dimension sets, so a change here must change them too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, eventName } from '../../../functions/receiver/observability';

interface EmfLine {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

const ENV = {
  POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks',
  POWERTOOLS_SERVICE_NAME: 'argyle-webhook-receiver',
  AWS_LAMBDA_FUNCTION_NAME: 'Stack-IngestReceiver-abc123',
};

let written: string[] = [];

function emfLines(): EmfLine[] {
  return written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line));
}

function only(lines: EmfLine[]): EmfLine {
  const [line] = lines;
  if (lines.length !== 1 || line === undefined) throw new Error(`expected one EMF line, got ${lines.length}`);
  return line;
}

beforeEach(() => {
  written = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the receiver metrics', () => {
  it('counts an accepted delivery by family, by event and in total, in one line', () => {
    // Act
    createMetrics(ENV).accepted('accounts.connected');

    // Assert
    const line = only(emfLines());
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'ArgyleWebhooks',
        Dimensions: [
          ['service', 'FunctionName', 'EventFamily'],
          ['service', 'FunctionName', 'Event'],
          ['service', 'FunctionName'],
        ],
        Metrics: [{ Name: 'DeliveriesAccepted', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({
      service: 'argyle-webhook-receiver',
      FunctionName: 'Stack-IngestReceiver-abc123',
      EventFamily: 'accounts',
      Event: 'accounts.connected',
      DeliveriesAccepted: 1,
    });
  });

  it.each([
    ['rejected', () => createMetrics(ENV).rejected('signature'), 'DeliveriesRejected', 'Reason', 'signature'],
    ['routed', () => createMetrics(ENV).routed('q-accounts'), 'MessagesRouted', 'Queue', 'q-accounts'],
    [
      'sent to the catch-all',
      () => createMetrics(ENV).catchAll('unmatched'),
      'CatchAllDeliveries',
      'Reason',
      'unmatched',
    ],
    ['not sent', () => createMetrics(ENV).sendFailed('q-accounts'), 'SendFailures', 'Queue', 'q-accounts'],
  ])(
    'counts a delivery %s with service, FunctionName and its own dimension',
    (_case, act, metric, dimension, value) => {
      // Act
      act();

      // Assert
      const line = only(emfLines());
      expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'FunctionName', dimension]]);
      expect(line._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: metric, Unit: 'Count' }]);
      expect(line[dimension]).toBe(value);
    },
  );

  it('counts an attribute value cut or left out by reason, with service and FunctionName', () => {
    createMetrics(ENV).attributeAdjusted('omitted');

    const line = only(emfLines());
    expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'FunctionName', 'Reason']]);
    expect(line._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'AttributeValuesAdjusted', Unit: 'Count' },
    ]);
    expect(line.Reason).toBe('omitted');
  });

  it('counts an event whose family holds a control character under the family other', () => {
    createMetrics(ENV).accepted('pay\u0001roll.updated');

    expect(only(emfLines()).EventFamily).toBe('other');
  });

  it('counts secret refreshes with service and FunctionName only', () => {
    createMetrics(ENV).secretRefreshed();

    expect(only(emfLines())._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'FunctionName']]);
  });

  it('leaves FunctionName out off Lambda', () => {
    createMetrics({ POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks' }).secretUnavailable();

    expect(only(emfLines())._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });
});

describe('eventName', () => {
  it('keeps an event name of the form resource.action', () => {
    expect(eventName('paystubs.fully_synced')).toBe('paystubs.fully_synced');
  });

  it('gives "other" for anything else and "none" without an event', () => {
    expect(eventName('Accounts.Connected')).toBe('other');
    expect(eventName(`accounts.${'x'.repeat(60)}`)).toBe('other');
    expect(eventName('accounts')).toBe('other');
    expect(eventName(undefined)).toBe('none');
  });
});
