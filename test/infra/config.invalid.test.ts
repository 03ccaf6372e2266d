import { describe, expect, it } from 'vitest';
import { ArgyleWebhooksConfigError, parseConfig } from '../../lib/config';
import { configProblems as problems } from '../support/config-problems';

describe('parseConfig', () => {
  describe('invalid configuration', () => {
    it('fails for a string that is not JSON, showing how to pass JSON', () => {
      expect(problems('{environment: production}')).toEqual([
        expect.stringMatching(
          /^argyleWebhooks: "\{environment: production\}" is not JSON \(.+\); pass a JSON object, e\.g\. cdk synth -c argyleWebhooks='\{"alarms":\{"email":"oncall@example\.com"\}\}'$/,
        ),
      ]);
    });

    it('fails for an unknown key, naming it, suggesting the close one and listing the allowed ones', () => {
      expect(problems({ routes: [{ name: 'accounts', evnts: ['accounts.*'], events: ['*'] }] })).toEqual([
        'argyleWebhooks.routes[0].evnts: unknown key (did you mean "events"?); allowed keys here are name, events, subscriptions, fifo, maxReceiveCount, visibilityTimeoutSeconds, retentionDays',
      ]);
    });

    it('fails for every unknown key, one line each, at any depth', () => {
      expect(problems({ enviroment: 'production', accessLogs: { enable: false }, foo: 1 })).toEqual([
        expect.stringMatching(
          /^argyleWebhooks\.accessLogs\.enable: unknown key \(did you mean "enabled"\?\)/,
        ),
        expect.stringMatching(
          /^argyleWebhooks\.enviroment: unknown key \(did you mean "environment"\?\); allowed keys here are environment, stackName, routes/,
        ),
        expect.stringMatching(/^argyleWebhooks\.foo: unknown key; allowed keys here are/),
      ]);
    });

    it('fails for a malformed event pattern, showing it and examples', () => {
      expect(
        problems({
          routes: [
            { name: 'a', events: ['*'] },
            { name: 'b', events: ['accounts.Connected', 'accounts'] },
          ],
        }),
      ).toEqual([
        'argyleWebhooks.routes[1].events[0]: "accounts.Connected" is not an event pattern; write "<resource>.<action>" in lower case where either part may be "*", e.g. "accounts.connected", "accounts.*" or "*"',
        expect.stringMatching(
          /^argyleWebhooks\.routes\[1\]\.events\[1\]: "accounts" is not an event pattern/,
        ),
      ]);
    });

    it('fails for a route without events', () => {
      expect(problems({ routes: [{ name: 'a', events: [] }, { name: 'b' }] })).toEqual([
        'argyleWebhooks.routes[0].events: [] is empty; write at least one, e.g. ["accounts.*"]',
        'argyleWebhooks.routes[1].events: missing; write a list of event patterns, e.g. ["accounts.connected", "accounts.*"] or ["*"]',
      ]);
    });

    it('fails for duplicate route names, even when another route is malformed', () => {
      expect(
        problems({
          routes: [
            { name: 'accounts', events: ['accounts.*'] },
            { name: 'accounts', events: ['users.*'], fifo: 'yes' },
          ],
        }),
      ).toEqual([
        'argyleWebhooks.routes[1].fifo: "yes" is not a boolean; write true or false',
        'argyleWebhooks.routes[1].name: "accounts" is already the name of route 0; give every route its own name',
      ]);
    });

    it('fails for route names that would give the same stack output names', () => {
      expect(
        problems({
          routes: [
            { name: 'a-1', events: ['*'] },
            { name: 'a1', events: ['*'] },
          ],
        }),
      ).toEqual([
        'argyleWebhooks.routes[1].name: "a1" and "a-1" would both name their stack outputs A1QueueUrl; rename one of them',
      ]);
    });

    it('fails for a malformed or reserved route name', () => {
      expect(
        problems({
          routes: [
            { name: 'All_Events', events: ['*'] },
            { name: 'catch-all', events: ['*'] },
          ],
        }),
      ).toEqual([
        'argyleWebhooks.routes[0].name: "All_Events" is not a route name; write 1 to 40 lower-case letters, digits or "-", starting with a letter, e.g. "accounts"',
        expect.stringMatching(
          /^argyleWebhooks\.routes\[1\]\.name: "catch-all" is reserved for the catch-all queue/,
        ),
      ]);
    });

    it('fails for an empty subscription list or name', () => {
      expect(
        problems({
          routes: [
            { name: 'a', events: ['*'], subscriptions: [] },
            { name: 'b', events: ['*'], subscriptions: [''] },
          ],
        }),
      ).toEqual([
        expect.stringMatching(/^argyleWebhooks\.routes\[0\]\.subscriptions: \[\] is empty/),
        expect.stringMatching(
          /^argyleWebhooks\.routes\[1\]\.subscriptions\[0\]: "" is not a subscription name/,
        ),
      ]);
    });

    it('fails for an invalid IP address or CIDR block', () => {
      expect(
        problems({
          sourceIps: { allow: ['34.27.251.226/32', '10.0.0.300', '10.0.0.0/33', '::1/129', 'argyle'] },
        }),
      ).toEqual([
        'argyleWebhooks.sourceIps.allow[1]: "10.0.0.300" is not an IP address or CIDR block; write an IPv4 or IPv6 address or CIDR block, e.g. "34.27.251.226/32" or "2001:db8::/32"',
        expect.stringMatching(
          /^argyleWebhooks\.sourceIps\.allow\[2\]: "10\.0\.0\.0\/33" has an invalid prefix length; an IPv4 prefix is a number from 0 to 32/,
        ),
        expect.stringMatching(
          /^argyleWebhooks\.sourceIps\.allow\[3\]: "::1\/129" has an invalid prefix length; an IPv6 prefix is a number from 0 to 128/,
        ),
        expect.stringMatching(/^argyleWebhooks\.sourceIps\.allow\[4\]: "argyle" is not an IP address/),
      ]);
    });

    it('fails for an empty allow list while the restriction is on', () => {
      expect(problems({ sourceIps: { allow: [] } })).toEqual([
        expect.stringMatching(
          /^argyleWebhooks\.sourceIps\.allow: \[\] would block every caller while "restrict" is true/,
        ),
      ]);
      expect(parseConfig({ sourceIps: { restrict: false, allow: [] } }).sourceIps.allow).toEqual([]);
    });

    it('fails for a maxBodyBytes too large for one SQS message, explaining why', () => {
      expect(problems({ maxBodyBytes: 262_144 })).toEqual([
        'argyleWebhooks.maxBodyBytes: 262144 bytes is too large: a body must fit one SQS message (256 KiB) together with its attributes, after base64 encoding (which adds a third), so the largest is 193536; write a value from 1024 to 193536',
      ]);
    });

    it('fails for a maxBodyBytes that is too small or not a whole number', () => {
      expect(problems({ maxBodyBytes: 1.5 })).toEqual([
        'argyleWebhooks.maxBodyBytes: 1.5 is not a body size; write a whole number of bytes from 1024 to 193536, e.g. 131072',
      ]);
      expect(problems({ maxBodyBytes: '128k' })).toEqual([
        'argyleWebhooks.maxBodyBytes: "128k" is not a number; write a whole number of bytes from 1024 to 193536',
      ]);
    });

    it('fails for a log retention CloudWatch does not accept, listing the accepted ones', () => {
      expect(problems({ logRetentionDays: 31 })).toEqual([
        'argyleWebhooks.logRetentionDays: 31 is not a retention CloudWatch Logs accepts; write one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days)',
      ]);
    });

    it('fails for out-of-range queue settings', () => {
      expect(
        problems({
          routes: [
            {
              name: 'a',
              events: ['*'],
              maxReceiveCount: 0,
              visibilityTimeoutSeconds: 43_201,
              retentionDays: 15,
            },
          ],
          catchAll: { retentionDays: 0.5 },
        }),
      ).toEqual([
        'argyleWebhooks.routes[0].maxReceiveCount: 0 is out of range; write a whole number of receives from 1 to 1000',
        'argyleWebhooks.routes[0].visibilityTimeoutSeconds: 43201 is out of range; write a whole number of seconds from 0 to 43200',
        'argyleWebhooks.routes[0].retentionDays: 15 is out of range; write a whole number of days from 1 to 14',
        'argyleWebhooks.catchAll.retentionDays: 0.5 is out of range; write a whole number of days from 1 to 14',
      ]);
    });

    it('fails for an unknown environment, a bad stack name and bad throttling', () => {
      expect(
        problems({
          environment: 'staging',
          stackName: '1-stack',
          throttling: { rateLimit: 0, burstLimit: 2.5 },
        }),
      ).toEqual([
        'argyleWebhooks.environment: "staging" is not an Argyle environment; write "sandbox" or "production"',
        expect.stringMatching(/^argyleWebhooks\.stackName: "1-stack" is not a CloudFormation stack name/),
        expect.stringMatching(/^argyleWebhooks\.throttling\.rateLimit: 0 is not positive/),
        expect.stringMatching(/^argyleWebhooks\.throttling\.burstLimit: 2\.5 is not a positive whole number/),
      ]);
    });

    it('fails for subscription watcher settings out of range, a misspelt key, and repair that is no boolean', () => {
      expect(
        problems({
          subscriptionWatch: { intervalMinutes: 1, silentAfterMinutes: 2000, repair: 'yes', repiar: true },
        }),
      ).toEqual([
        'argyleWebhooks.subscriptionWatch.intervalMinutes: 1 is out of range; write a whole number of minutes from 5 to 720',
        'argyleWebhooks.subscriptionWatch.silentAfterMinutes: 2000 is out of range; write a whole number of minutes from 5 to 1440',
        'argyleWebhooks.subscriptionWatch.repair: "yes" is not a boolean; write true or false',
        'argyleWebhooks.subscriptionWatch.repiar: unknown key (did you mean "repair"?); allowed keys here are enabled, intervalMinutes, silentAfterMinutes, repair',
      ]);
    });

    it('fails for tags AWS would refuse or this app reserves', () => {
      expect(
        problems({
          tags: {
            'aws:owner': 'me',
            'cost center': 'x'.repeat(257),
            'argyle-webhooks:environment': 'x',
            ok: 'ok',
          },
        }),
      ).toEqual([
        expect.stringMatching(
          /^argyleWebhooks\.tags\["cost center"\]: a value of 257 characters is too long for a tag; write at most 256$/,
        ),
        expect.stringMatching(
          /^argyleWebhooks\.tags\["aws:owner"\]: "aws:owner" starts with "aws:", which AWS reserves/,
        ),
        expect.stringMatching(
          /^argyleWebhooks\.tags\["argyle-webhooks:environment"\]: .* which this app sets itself/,
        ),
      ]);
    });

    it('fails when the routes would not fit the receiver environment, saying how many fit', () => {
      // Arrange
      const routes = Array.from({ length: 40 }, (_, i) => ({
        name: `route-${i}`,
        events: ['accounts.connected'],
      }));

      // Act / Assert
      expect(problems({ routes })).toEqual([
        expect.stringMatching(
          /^argyleWebhooks\.routes: 40 routes need up to \d+ bytes .* about \d+ routes like these fit\. Use fewer routes: put several event patterns on one route/,
        ),
      ]);
    });

    it('lists every problem in the message, one per line', () => {
      // Act
      const act = () => parseConfig({ environment: 'prod', maxBodyBytes: 10 });

      // Assert
      expect(act).toThrow(ArgyleWebhooksConfigError);
      expect(act).toThrow(
        /^invalid argyleWebhooks configuration \(cdk\.json "context", or -c argyleWebhooks=\.\.\.\):\n {2}argyleWebhooks\.environment: .*\n {2}argyleWebhooks\.maxBodyBytes: .*$/,
      );
    });

    it('fails for a configuration that is not an object', () => {
      expect(problems(['routes'])).toEqual([
        'argyleWebhooks: ["routes"] is not an object; write an object, e.g. {"environment": "sandbox"}',
      ]);
    });
  });
});
