import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
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
  subscriptionWatch: { enabled: true, intervalMinutes: 15, silentAfterMinutes: 15, repair: false },
  signingSecret: { rotation: { enabled: false, everyDays: 30, minimumIntervalHours: 24 } },
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
  archive: { enabled: false, retentionDays: 30 },
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
