/** The CloudWatch stand-in, through the AWS SDK's own CloudWatchClient: EMF in, GetMetricData out. */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataInput } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeCloudWatch } from '#local/cloudwatch-metrics';

const NOW = Date.parse('2026-03-01T12:00:30Z');

let cloudwatch: FakeCloudWatch;
let client: CloudWatchClient;

beforeAll(async () => {
  cloudwatch = await FakeCloudWatch.start({ now: () => NOW });
  client = new CloudWatchClient({ endpoint: cloudwatch.endpoint, maxAttempts: 1 });
});
beforeEach(() => cloudwatch.reset());
afterAll(async () => {
  client.destroy();
  await cloudwatch.close();
});

/** An EMF document as Powertools writes it: DeliveriesAccepted by Subscription, at `at`. */
function accepted(at: number, subscription = 'accounts', value: number | number[] = 1): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: 'ArgyleWebhooks',
          Dimensions: [
            ['service', 'FunctionName', 'Subscription'],
            ['service', 'FunctionName'],
          ],
          Metrics: [{ Name: 'DeliveriesAccepted', Unit: 'Count' }],
        },
      ],
    },
    service: 'argyle-webhook-receiver',
    FunctionName: 'receiver-fn',
    Subscription: subscription,
    DeliveriesAccepted: value,
  });
}

function query(overrides: Partial<GetMetricDataInput> = {}, subscription = 'accounts'): GetMetricDataInput {
  return {
    MetricDataQueries: [
      {
        Id: 'accepted',
        MetricStat: {
          Metric: {
            Namespace: 'ArgyleWebhooks',
            MetricName: 'DeliveriesAccepted',
            Dimensions: [
              { Name: 'service', Value: 'argyle-webhook-receiver' },
              { Name: 'FunctionName', Value: 'receiver-fn' },
              { Name: 'Subscription', Value: subscription },
            ],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ],
    StartTime: new Date(NOW - 30 * 60_000),
    EndTime: new Date(NOW),
    ...overrides,
  };
}

async function failure(
  input: GetMetricDataInput,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await client.send(new GetMetricDataCommand(input));
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected GetMetricData to fail');
}

describe('the CloudWatch metrics stand-in', () => {
  it('sums the values of each minute, newest first, for exactly the dimension set asked', async () => {
    cloudwatch.ingest(
      [
        accepted(NOW - 10 * 60_000 + 1_000),
        accepted(NOW - 10 * 60_000 + 2_000),
        accepted(NOW - 3 * 60_000, 'accounts', [1, 1, 1]),
        accepted(NOW - 3 * 60_000, 'paystubs'),
        'START RequestId: 1 Version: $LATEST',
        '{"level":"INFO","message":"delivery accepted"}',
      ].join('\n'),
    );

    const output = await client.send(new GetMetricDataCommand(query()));

    const [result] = output.MetricDataResults ?? [];
    expect(result?.Id).toBe('accepted');
    expect(result?.StatusCode).toBe('Complete');
    expect(result?.Values).toEqual([3, 2]);
    expect(result?.Timestamps).toEqual([new Date('2026-03-01T11:57:00Z'), new Date('2026-03-01T11:50:00Z')]);
  });

  it('does not count a metric under a smaller dimension set than the one it was stored with', async () => {
    cloudwatch.ingest(accepted(NOW - 60_000));
    const input = query();
    const stat = input.MetricDataQueries?.[0]?.MetricStat;
    if (stat?.Metric?.Dimensions) stat.Metric.Dimensions = stat.Metric.Dimensions.slice(0, 1);

    const output = await client.send(new GetMetricDataCommand(input));

    expect(output.MetricDataResults?.[0]?.Values).toEqual([]);
  });

  it('leaves out data at or after EndTime, which is exclusive', async () => {
    cloudwatch.ingest(accepted(NOW - 60_000));

    const output = await client.send(new GetMetricDataCommand(query({ EndTime: new Date(NOW - 60_000) })));

    expect(output.MetricDataResults?.[0]?.Values).toEqual([]);
  });

  it('orders oldest first when asked to', async () => {
    cloudwatch.ingest([accepted(NOW - 5 * 60_000), accepted(NOW - 2 * 60_000)].join('\n'));

    const output = await client.send(new GetMetricDataCommand(query({ ScanBy: 'TimestampAscending' })));

    expect(output.MetricDataResults?.[0]?.Timestamps?.map((t) => t.toISOString())).toEqual([
      '2026-03-01T11:55:00.000Z',
      '2026-03-01T11:58:00.000Z',
    ]);
  });

  it('pages past MaxDatapoints with a NextToken, and refuses a token it never gave', async () => {
    cloudwatch.ingest([1, 2, 3].map((m) => accepted(NOW - m * 60_000)).join('\n'));

    const first = await client.send(new GetMetricDataCommand(query({ MaxDatapoints: 2 })));
    const second = await client.send(
      new GetMetricDataCommand(query({ MaxDatapoints: 2, NextToken: first.NextToken })),
    );
    const refused = await failure(query({ NextToken: 'made-up' }));

    expect(first.MetricDataResults?.[0]?.Values).toHaveLength(2);
    expect(first.MetricDataResults?.[0]?.StatusCode).toBe('PartialData');
    expect(second.MetricDataResults?.[0]?.Values).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(refused.name).toBe('InvalidNextToken');
  });

  it('refuses a StartTime that is not before EndTime, as CloudWatch does', async () => {
    const equal = await failure(query({ StartTime: new Date(NOW), EndTime: new Date(NOW) }));
    const after = await failure(query({ StartTime: new Date(NOW), EndTime: new Date(NOW - 60_000) }));

    expect(equal.message).toBe('The parameter StartTime must not equal parameter EndTime.');
    expect(after.message).toBe('The parameter StartTime must be less than the parameter EndTime.');
    expect(equal.$metadata?.httpStatusCode).toBe(400);
  });

  it('refuses a request without StartTime', async () => {
    const input = query();
    delete input.StartTime;

    const error = await failure(input);

    expect(error.name).toBe('MissingRequiredParameterException');
    expect(error.message).toBe('The parameter StartTime is required.');
  });

  it('refuses an Id that does not start with a lower-case letter, and two queries with one Id', async () => {
    const upper = query();
    const [first] = upper.MetricDataQueries ?? [];
    if (first) first.Id = 'Accepted';
    const twice = query();
    twice.MetricDataQueries = [...(twice.MetricDataQueries ?? []), ...(twice.MetricDataQueries ?? [])];

    expect((await failure(upper)).name).toBe('InvalidParameterValueException');
    expect((await failure(twice)).message).toContain('each must be unique');
  });

  it('refuses a period that is neither 1, 5, 10, 20, 30 nor a multiple of 60, and a missing Stat', async () => {
    const odd = query();
    const noStat = query();
    const oddStat = odd.MetricDataQueries?.[0]?.MetricStat;
    if (oddStat) oddStat.Period = 90;
    const statless = noStat.MetricDataQueries?.[0]?.MetricStat;
    if (statless) delete statless.Stat;

    expect((await failure(odd)).message).toContain('MetricStat.Period is not valid');
    expect((await failure(noStat)).name).toBe('MissingRequiredParameterException');
  });

  it('refuses a query with both MetricStat and Expression, or with neither', async () => {
    const both = query();
    const neither = query();
    const [b] = both.MetricDataQueries ?? [];
    if (b) b.Expression = 'SUM(METRICS())';
    const [n] = neither.MetricDataQueries ?? [];
    if (n) delete n.MetricStat;

    expect((await failure(both)).name).toBe('InvalidParameterCombinationException');
    expect((await failure(neither)).name).toBe('InvalidParameterCombinationException');
  });

  it('refuses more than 500 queries', async () => {
    const many = query();
    const [template] = many.MetricDataQueries ?? [];
    many.MetricDataQueries = Array.from({ length: 501 }, (_, i) => ({ ...template, Id: `q${i}` }));

    expect((await failure(many)).message).toContain('at most 500');
  });

  it('returns nothing for a 1-minute period over a start more than 15 days ago, as the API reference says', async () => {
    cloudwatch.ingest(accepted(NOW - 16 * 24 * 3600_000));

    const minute = await client.send(
      new GetMetricDataCommand(query({ StartTime: new Date(NOW - 17 * 24 * 3600_000) })),
    );
    const fiveMinutes = query({ StartTime: new Date(NOW - 17 * 24 * 3600_000) });
    const stat = fiveMinutes.MetricDataQueries?.[0]?.MetricStat;
    if (stat) stat.Period = 300;

    expect(minute.MetricDataResults?.[0]?.Values).toEqual([]);
    expect((await client.send(new GetMetricDataCommand(fiveMinutes))).MetricDataResults?.[0]?.Values).toEqual(
      [1],
    );
  });

  it('answers an injected fault with a 500 the SDK recognises', async () => {
    cloudwatch.failNext(1);

    const error = await failure(query());

    expect(error.name).toBe('InternalServiceFault');
  });

  it('ignores a document that is not valid EMF', async () => {
    const stored = cloudwatch.ingest(
      JSON.stringify({
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [{ Namespace: 'X', Dimensions: [['missing']], Metrics: [] }],
        },
      }),
    );

    expect(stored).toBe(0);
  });
});
