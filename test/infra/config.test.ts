import { describe, expect, it } from 'vitest';
import { ArgyleWebhooksConfigError, parseConfig } from '../../lib/config';
import { cdkJsonContext } from '../support/cdk-app';
import { configProblems as problems } from '../support/config-problems';

const DEFAULTS = {
  environment: 'sandbox',
  stackName: 'ArgyleWebhooks',
  routes: [
    {
      name: 'all-events',
      events: ['*'],
      fifo: false,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 30,
      retentionDays: 4,
    },
  ],
  subscriptions: [{ name: 'all-events', events: ['*'] }],
  argyleApi: { version: 'v2', signingSecretGeneration: 1 },
  catchAll: { maxReceiveCount: 5, visibilityTimeoutSeconds: 30, retentionDays: 14 },
  sourceIps: {
    restrict: true,
    allow: ['34.27.251.226/32', '34.122.50.253/32', '35.188.163.115/32', '35.226.53.251/32'],
  },
  maxBodyBytes: 131_072,
  throttling: { rateLimit: 1000, burstLimit: 1000 },
  accessLogs: { enabled: true, createApiGatewayAccountRole: true },
  alarms: { signatureFailuresPer5Minutes: 20, oldestMessageAgeMinutes: 30 },
  waf: { enabled: false, rateLimitPer5Minutes: 300_000 },
  logRetentionDays: 30,
  tags: {},
  exampleConsumer: { enabled: false, route: 'all-events' },
};

describe('parseConfig', () => {
  describe('defaults', () => {
    it('gives every default with no configuration', () => {
      expect(parseConfig(undefined)).toEqual(DEFAULTS);
    });

    it('gives every default for an empty object', () => {
      expect(parseConfig({})).toEqual(DEFAULTS);
    });

    it("accepts the project's cdk.json configuration", () => {
      expect(parseConfig(cdkJsonContext().argyleWebhooks)).toEqual(DEFAULTS);
    });

    it('fills route and nested defaults around the given values', () => {
      // Act
      const config = parseConfig({
        environment: 'production',
        routes: [{ name: 'accounts', events: ['accounts.*'], subscriptions: ['prod'], fifo: true }],
        catchAll: { retentionDays: 7 },
        sourceIps: { restrict: false },
        throttling: { rateLimit: 2.5 },
        accessLogs: { createApiGatewayAccountRole: false },
        tags: { team: 'payments' },
      });

      // Assert
      expect(config).toEqual({
        ...DEFAULTS,
        environment: 'production',
        routes: [
          {
            name: 'accounts',
            events: ['accounts.*'],
            subscriptions: ['prod'],
            fifo: true,
            maxReceiveCount: 5,
            visibilityTimeoutSeconds: 30,
            retentionDays: 4,
          },
        ],
        catchAll: { ...DEFAULTS.catchAll, retentionDays: 7 },
        sourceIps: { ...DEFAULTS.sourceIps, restrict: false },
        throttling: { rateLimit: 2.5, burstLimit: 1000 },
        accessLogs: { enabled: true, createApiGatewayAccountRole: false },
        tags: { team: 'payments' },
      });
    });

    it('allows an explicit empty route list, which sends everything to the catch-all queue', () => {
      expect(parseConfig({ routes: [] }).routes).toEqual([]);
    });

    it('reads a JSON string, as cdk synth -c passes it', () => {
      expect(parseConfig('{"environment":"production","stackName":"Webhooks-Prod"}')).toMatchObject({
        environment: 'production',
        stackName: 'Webhooks-Prod',
      });
    });

    it('accepts IPv6 addresses and CIDR blocks', () => {
      const allow = ['2001:db8::1', '2001:db8::/32', '203.0.113.0/24', '198.51.100.7'];

      expect(parseConfig({ sourceIps: { allow } }).sourceIps.allow).toEqual(allow);
    });
  });

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

describe('parseConfig: alarms, WAF and KMS key', () => {
  const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('uses the alarm settings when given', () => {
    const config = parseConfig({
      alarms: {
        email: 'payroll-oncall@example.com',
        signatureFailuresPer5Minutes: 5,
        oldestMessageAgeMinutes: 120,
        noDeliveryHours: 6,
      },
    });

    expect(config.alarms).toEqual({
      email: 'payroll-oncall@example.com',
      signatureFailuresPer5Minutes: 5,
      oldestMessageAgeMinutes: 120,
      noDeliveryHours: 6,
    });
  });

  it('defaults to 20 signature failures and 30 minutes, with no e-mail and no silence alarm, otherwise', () => {
    expect(parseConfig({}).alarms).toEqual({ signatureFailuresPer5Minutes: 20, oldestMessageAgeMinutes: 30 });
  });

  it('uses the WAF settings when given', () => {
    expect(parseConfig({ waf: { enabled: true, rateLimitPer5Minutes: 500 } }).waf).toEqual({
      enabled: true,
      rateLimitPer5Minutes: 500,
    });
  });

  it('defaults to no WAF, with a limit of 300000 requests per address ready, otherwise', () => {
    expect(parseConfig({ waf: {} }).waf).toEqual({ enabled: false, rateLimitPer5Minutes: 300_000 });
  });

  it('uses the KMS key when given', () => {
    expect(parseConfig({ kmsKeyArn: KEY_ARN }).kmsKeyArn).toBe(KEY_ARN);
    expect(
      parseConfig({ kmsKeyArn: KEY_ARN.replace(/key\/.*/, `key/mrk-${'0a'.repeat(16)}`) }).kmsKeyArn,
    ).toMatch(/mrk-/);
  });

  it('defaults to no KMS key (SQS-managed encryption) otherwise', () => {
    expect(parseConfig({}).kmsKeyArn).toBeUndefined();
  });

  it('fails for a malformed e-mail address, an alias ARN and a string that is no key ARN', () => {
    expect(problems({ alarms: { email: 'oncall at example.com' } })).toEqual([
      'argyleWebhooks.alarms.email: "oncall at example.com" is not an e-mail address; write one address, e.g. "payroll-oncall@example.com"',
    ]);
    expect(problems({ kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/webhooks' })).toEqual([
      expect.stringMatching(
        /^argyleWebhooks\.kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias\/webhooks" is an alias ARN, which IAM grants cannot name; write the ARN of a customer managed key/,
      ),
    ]);
    expect(problems({ kmsKeyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' })).toEqual([
      expect.stringMatching(/^argyleWebhooks\.kmsKeyArn: "1234abcd-.*" is not a KMS key ARN; write the ARN/),
    ]);
  });

  it('fails for out-of-range alarm and WAF settings, and unknown keys', () => {
    expect(
      problems({
        alarms: {
          signatureFailuresPer5Minutes: 0,
          oldestMessageAgeMinutes: 30.5,
          noDeliveryHours: 48,
          emial: 'x',
        },
        waf: { enabled: 'yes', rateLimitPer5Minutes: 5 },
      }),
    ).toEqual([
      'argyleWebhooks.alarms.signatureFailuresPer5Minutes: 0 is out of range; write a whole number of failures from 1 to 1000000',
      'argyleWebhooks.alarms.oldestMessageAgeMinutes: 30.5 is out of range; write a whole number of minutes from 1 to 20160',
      'argyleWebhooks.alarms.noDeliveryHours: 48 is out of range; write a whole number of hours from 1 to 24',
      expect.stringMatching(/^argyleWebhooks\.alarms\.emial: unknown key \(did you mean "email"\?\)/),
      'argyleWebhooks.waf.enabled: "yes" is not a boolean; write true or false',
      'argyleWebhooks.waf.rateLimitPer5Minutes: 5 is out of range; write a whole number of requests from 10 to 2000000000',
    ]);
  });
});
