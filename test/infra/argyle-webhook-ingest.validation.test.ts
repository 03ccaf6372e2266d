import { Duration, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import {
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
} from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { IMPORTED_ARN, IMPORTED_FIFO_ARN } from './ingest-fixtures';

describe('ArgyleWebhookIngest', () => {
  describe('validation', () => {
    const stackWith = (props: ArgyleWebhookIngestProps) => () =>
      new ArgyleWebhookIngest(new Stack(fastApp(), 'Test'), 'Ingest', props);

    it('fails for a malformed route name, showing it and the rule', () => {
      expect(stackWith({ routes: [{ name: 'Accounts', events: ['*'] }] })).toThrow(
        /routes\[0\]\.name: "Accounts" is not a route name; write 1 to 40 lower-case letters/,
      );
    });

    it('fails for the reserved route name catch-all', () => {
      expect(stackWith({ routes: [{ name: 'catch-all', events: ['*'] }] })).toThrow(
        /routes\[0\]\.name: "catch-all" is reserved/,
      );
    });

    it('fails for duplicate route names', () => {
      const routes = [
        { name: 'a', events: ['*'] },
        { name: 'a', events: ['accounts.*'] },
      ];

      expect(stackWith({ routes })).toThrow(/routes\[1\]\.name: "a" is already the name of route 0/);
    });

    it('fails for a malformed event pattern and for no patterns, with examples', () => {
      const routes = [
        { name: 'a', events: ['accounts.*', 'Accounts.Connected'] },
        { name: 'b', events: [] },
      ];

      expect(stackWith({ routes })).toThrow(
        /routes\[0\]\.events\[1\]: "Accounts.Connected" is not an event pattern.*"accounts.connected", "accounts.\*" or "\*"\n {2}routes\[1\]\.events: \[\] is empty/,
      );
    });

    it('fails when fifo disagrees with the given queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookIngest(stack, 'Ingest', {
            routes: [{ name: 'a', events: ['*'], fifo: true, queue }],
          }),
      ).toThrow(/routes\[0\]\.fifo: true disagrees with the given queue, which is standard/);
    });

    it('fails when queue settings come with a given queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookIngest(stack, 'Ingest', {
            routes: [{ name: 'a', events: ['*'], maxReceiveCount: 3, queue }],
          }),
      ).toThrow(/routes\[0\]: maxReceiveCount only apply to queues this construct creates/);
    });

    it('fails for a FIFO catch-all queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_FIFO_ARN);

      // Act / Assert
      expect(() => new ArgyleWebhookIngest(stack, 'Ingest', { catchAllQueue: queue })).toThrow(
        /catchAllQueue: is a FIFO queue; the catch-all queue must be a standard queue/,
      );
    });

    it('fails for out-of-range queue settings', () => {
      expect(
        stackWith({
          routes: [{ name: 'a', events: ['*'], maxReceiveCount: 0, retentionPeriod: Duration.days(15) }],
        }),
      ).toThrow(
        /routes\[0\]\.maxReceiveCount: 0 is out of range.*\n.*routes\[0\]\.retentionPeriod: 1296000 is out of range/,
      );
    });

    it('fails for a maxBodyBytes that cannot fit one SQS message, explaining why', () => {
      expect(stackWith({ maxBodyBytes: 200_000 })).toThrow(
        /maxBodyBytes: 200000 bytes is too large: a body must fit one SQS message \(256 KiB\).*base64.*193536/,
      );
    });

    it('fails for an invalid source address and for an empty allow list', () => {
      expect(stackWith({ allowedSourceIps: ['34.27.251.226/33'] })).toThrow(
        /allowedSourceIps\[0\]: "34.27.251.226\/33" has an invalid prefix length/,
      );
      expect(stackWith({ allowedSourceIps: [] })).toThrow(/allowedSourceIps: \[\] would block every caller/);
    });

    it('accepts an empty allow list when the restriction is off', () => {
      expect(stackWith({ allowedSourceIps: [], restrictSourceIps: false })).not.toThrow();
    });

    it('fails when the routing table could exceed the 4 KB Lambda environment, saying how many routes fit', () => {
      // Arrange
      const routes = Array.from({ length: 40 }, (_, i) => ({
        name: `route-${i}`,
        events: ['accounts.connected'],
      }));

      // Act / Assert
      expect(stackWith({ routes })).toThrow(
        /routes: 40 routes need up to \d+ bytes of environment variables on the receiver, above Lambda's limit of 4096; about \d+ routes like these fit.*put several event patterns on one route/,
      );
    });

    it('accounts for the full length of imported queue URLs in the size check', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const routes = Array.from({ length: 20 }, (_, i) => ({
        name: `route-${i}`,
        events: ['accounts.connected'],
        queue: Queue.fromQueueArn(stack, `Q${i}`, `${IMPORTED_ARN}-${i}`),
      }));

      // Act / Assert: 20 routes with generated names fit, but not with 256-byte URL tokens.
      expect(stackWith({ routes: routes.map(({ queue: _, ...route }) => route) })).not.toThrow();
      expect(() => new ArgyleWebhookIngest(stack, 'Ingest', { routes })).toThrow(/20 routes need up to/);
    });
  });
});
