/**
 * The EMF lines the receiver writes: the alarms and the dashboard (lib/constructs/argyle-webhook-monitoring.ts)
 * name these metrics with exactly these dimension sets, so a change here must change them too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, eventName, subscriptionName } from '#functions/receiver/observability';

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
  it('counts an accepted delivery by family, by event, in total and by subscription, in one line', () => {
    // Act
    createMetrics(ENV).accepted('accounts.connected', 'prod-all');

    // Assert
    const line = only(emfLines());
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'ArgyleWebhooks',
        Dimensions: [
          ['service', 'FunctionName', 'EventFamily'],
          ['service', 'FunctionName', 'Event'],
          ['service', 'FunctionName'],
          ['service', 'FunctionName', 'Subscription'],
        ],
        Metrics: [{ Name: 'DeliveriesAccepted', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({
      service: 'argyle-webhook-receiver',
      FunctionName: 'Stack-IngestReceiver-abc123',
      EventFamily: 'accounts',
      Event: 'accounts.connected',
      Subscription: 'prod-all',
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

describe('the metrics of an accepted delivery', () => {
  const ACCEPTED_SETS = [
    ['service', 'FunctionName', 'EventFamily'],
    ['service', 'FunctionName', 'Event'],
    ['service', 'FunctionName'],
    ['service', 'FunctionName', 'Subscription'],
  ];

  it('counts a delivery to one queue in one document: accepted four ways and routed by queue', () => {
    // Act
    createMetrics(ENV).delivered({
      event: 'accounts.connected',
      subscription: 'prod',
      queues: ['q-accounts'],
    });

    // Assert
    const line = only(emfLines());
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'ArgyleWebhooks',
        Dimensions: ACCEPTED_SETS,
        Metrics: [{ Name: 'DeliveriesAccepted', Unit: 'Count' }],
      },
      {
        Namespace: 'ArgyleWebhooks',
        Dimensions: [['service', 'FunctionName', 'Queue']],
        Metrics: [{ Name: 'MessagesRouted', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({
      service: 'argyle-webhook-receiver',
      FunctionName: 'Stack-IngestReceiver-abc123',
      EventFamily: 'accounts',
      Event: 'accounts.connected',
      Subscription: 'prod',
      Queue: 'q-accounts',
      DeliveriesAccepted: 1,
      MessagesRouted: 1,
    });
  });

  it('keeps one document per subscription, each under its own name', () => {
    // Act
    const metrics = createMetrics(ENV);
    metrics.delivered({ event: 'accounts.connected', subscription: 'prod', queues: ['q'] });
    metrics.delivered({ event: 'accounts.connected', subscription: 'partner', queues: ['q'] });
    metrics.delivered({ event: 'accounts.connected', subscription: 'prod', queues: ['q'] });

    // Assert
    expect(emfLines().map((line) => line.Subscription)).toEqual(['prod', 'partner', 'prod']);
  });

  it('adds the catch-all reason and a schema failure to the same document, each with its own dimensions', () => {
    // Act
    createMetrics(ENV).delivered({
      event: 'identities.added',
      queues: ['q-catch-all'],
      catchAllReason: 'unmatched',
      schemaFailed: true,
    });

    // Assert
    const line = only(emfLines());
    expect(line._aws.CloudWatchMetrics.map((directive) => [directive.Metrics, directive.Dimensions])).toEqual(
      [
        [[{ Name: 'DeliveriesAccepted', Unit: 'Count' }], ACCEPTED_SETS],
        [[{ Name: 'MessagesRouted', Unit: 'Count' }], [['service', 'FunctionName', 'Queue']]],
        [[{ Name: 'CatchAllDeliveries', Unit: 'Count' }], [['service', 'FunctionName', 'Reason']]],
        [[{ Name: 'SchemaFailures', Unit: 'Count' }], [['service', 'FunctionName', 'EventFamily']]],
      ],
    );
    expect(line).toMatchObject({
      EventFamily: 'identities',
      Queue: 'q-catch-all',
      Reason: 'unmatched',
      CatchAllDeliveries: 1,
      SchemaFailures: 1,
    });
  });

  it('gives each further queue of a fanned-out delivery a document of its own, all in one write', () => {
    // Act
    createMetrics(ENV).delivered({ event: 'accounts.updated', queues: ['q-a', 'q-b', 'q-c'] });

    // Assert
    const lines = emfLines();
    expect(written).toHaveLength(1);
    expect(lines.map((line) => line.Queue)).toEqual(['q-a', 'q-b', 'q-c']);
    expect(lines.map((line) => line.MessagesRouted)).toEqual([1, 1, 1]);
    expect(lines.filter((line) => line.DeliveriesAccepted === 1)).toHaveLength(1);
    for (const line of lines.slice(1)) {
      expect(line._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'ArgyleWebhooks',
          Dimensions: [['service', 'FunctionName', 'Queue']],
          Metrics: [{ Name: 'MessagesRouted', Unit: 'Count' }],
        },
      ]);
    }
  });

  it('counts an event name that is no dimension value as "other" under its own family, and no event as "none"', () => {
    // Act
    const metrics = createMetrics(ENV);
    metrics.delivered({ event: 'Accounts.Connected', queues: ['q'] });
    metrics.delivered({ event: undefined, queues: ['q'], catchAllReason: 'invalid-json' });

    // Assert
    const [other, none] = emfLines();
    expect(other).toMatchObject({ EventFamily: 'Accounts', Event: 'other' });
    expect(none).toMatchObject({
      EventFamily: 'none',
      Event: 'none',
      Subscription: 'none',
      Reason: 'invalid-json',
    });
  });

  it('stamps each document with the time it is written', () => {
    // Arrange: the first delivery serializes its counters; the clock is read only to write after that.
    const metrics = createMetrics(ENV);
    metrics.delivered({ event: 'accounts.connected', queues: ['q'] });
    written = [];
    vi.spyOn(Date, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(2_000);

    // Act
    metrics.delivered({ event: 'accounts.connected', queues: ['q'] });
    metrics.delivered({ event: 'accounts.connected', queues: ['q'] });

    // Assert
    expect(emfLines().map((line) => (line._aws as unknown as { Timestamp: number }).Timestamp)).toEqual([
      1_000, 2_000,
    ]);
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

describe('subscriptionName', () => {
  it('keeps the names a stack configures', () => {
    expect(subscriptionName('prod-all')).toBe('prod-all');
  });

  it('cuts a long name like an attribute value', () => {
    expect(subscriptionName('s'.repeat(300))).toBe('s'.repeat(256));
  });

  it('gives "other" for a name CloudWatch would refuse as a dimension value, and "none" without one', () => {
    expect(subscriptionName('prod\u0001')).toBe('other');
    expect(subscriptionName('prod ünïcode')).toBe('other');
    expect(subscriptionName(' prod')).toBe('other');
    expect(subscriptionName(undefined)).toBe('none');
    expect(subscriptionName('')).toBe('none');
  });
});
