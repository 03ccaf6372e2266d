import { describe, expect, it } from 'vitest';
import { planDevQueues } from '#local/dev-queues';
import { parseConfig } from '../../lib/config';

describe('planDevQueues', () => {
  it('plans the default route, the catch-all, and a dead-letter queue before each', () => {
    // Act
    const plan = planDevQueues(parseConfig({}));
    // Assert
    expect(plan.queues.map((queue) => queue.name)).toEqual([
      'all-events_dlq',
      'all-events',
      'catch-all_dlq',
      'catch-all',
    ]);
    expect(plan.routingTable).toEqual({
      queues: ['all-events', 'catch-all'],
      catchAll: 1,
      rules: [{ events: ['*'], queue: 0 }],
    });
  });

  it('makes a FIFO route and its dead-letter queue FIFO in high-throughput mode, with the configured queue settings', () => {
    // Act
    const plan = planDevQueues(
      parseConfig({
        routes: [
          {
            name: 'payroll',
            events: ['paystubs.*'],
            fifo: true,
            maxReceiveCount: 3,
            visibilityTimeoutSeconds: 120,
            retentionDays: 2,
          },
        ],
      }),
    );
    // Assert
    expect(plan.queues.slice(0, 2)).toEqual([
      {
        name: 'payroll_dlq.fifo',
        route: 'payroll',
        fifo: true,
        deadLetter: true,
        attributes: {
          FifoQueue: 'true',
          DeduplicationScope: 'messageGroup',
          FifoThroughputLimit: 'perMessageGroupId',
          SqsManagedSseEnabled: 'true',
          MessageRetentionPeriod: '1209600',
        },
      },
      {
        name: 'payroll.fifo',
        route: 'payroll',
        fifo: true,
        deadLetter: false,
        attributes: {
          FifoQueue: 'true',
          DeduplicationScope: 'messageGroup',
          FifoThroughputLimit: 'perMessageGroupId',
          SqsManagedSseEnabled: 'true',
          VisibilityTimeout: '120',
          MessageRetentionPeriod: '172800',
        },
        redrive: { deadLetterQueue: 'payroll_dlq.fifo', maxReceiveCount: 3 },
      },
    ]);
  });

  it('builds the routing table the stack builds: rules in route order, subscriptions kept', () => {
    // Act
    const plan = planDevQueues(
      parseConfig({
        routes: [
          { name: 'accounts', events: ['accounts.*'] },
          { name: 'partner', events: ['*'], subscriptions: ['partner'] },
        ],
      }),
    );
    // Assert
    expect(plan.routingTable).toEqual({
      queues: ['accounts', 'partner', 'catch-all'],
      catchAll: 2,
      rules: [
        { events: ['accounts.*'], queue: 0 },
        { events: ['*'], subscriptions: ['partner'], queue: 1 },
      ],
    });
  });

  it('sends everything to the catch-all when there are no routes', () => {
    // Act
    const plan = planDevQueues(parseConfig({ routes: [] }));
    // Assert
    expect(plan.routingTable).toEqual({ queues: ['catch-all'], catchAll: 0, rules: [] });
  });
});
