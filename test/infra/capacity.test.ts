/**
 * The capacity model (lib/capacity.ts) against what the stack really does: its defaults, its template, the
 * receiver's log output, the catalogue, and the figures docs/capacity.md quotes.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { V2_DATA_SCHEMAS } from '#functions/catalogue/v2-events';
import { argyleShapedBody } from '../../bench/fixtures';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import {
  ARGYLE_LOAD,
  AWS_QUOTAS,
  CATALOGUE_SIZE,
  capacityFigures,
  concurrentExecutions,
  HEADROOM,
  LOG_BYTES_PER_DELIVERY,
  monthlyCost,
  peakDeliveriesPerSecond,
  RECEIVER_PROFILE,
} from '../../lib/capacity';
import { parseConfig } from '../../lib/config';
import { ACCESS_LOG_FORMAT, SECRET_TTL_SECONDS } from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { receiverLogLines } from '../support/receiver-log-output';
import { receiverFunction } from './template-helpers';

const defaults = parseConfig(undefined);
const peak = peakDeliveriesPerSecond(ARGYLE_LOAD);
const { rateLimit, burstLimit } = defaults.throttling;

function defaultTemplate(): Template {
  return Template.fromStack(new ArgyleWebhookStack(fastApp(), 'Capacity', { config: defaults }));
}

const bytes = (lines: readonly string[]) => lines.reduce((total, line) => total + Buffer.byteLength(line), 0);

describe('the capacity model', () => {
  describe('against the default throttling', () => {
    it('lets the stage take twice the busiest second of a large integrator’s refresh', () => {
      expect(rateLimit).toBeGreaterThanOrEqual(peak * HEADROOM);
      expect(burstLimit).toBeGreaterThanOrEqual(peak * HEADROOM);
    });

    it('keeps the burst within an account’s default Lambda concurrency, so Lambda never refuses what the stage lets in at once', () => {
      expect(burstLimit).toBeLessThanOrEqual(AWS_QUOTAS.lambdaAccountConcurrency);
    });

    it('fits the account-wide API Gateway quota even in the regions with the lower default', () => {
      expect(rateLimit).toBeLessThanOrEqual(AWS_QUOTAS.apiGatewayAccountRateLowRegions);
      expect(burstLimit).toBeLessThanOrEqual(AWS_QUOTAS.apiGatewayAccountBurstLowRegions);
    });

    it('runs the receiver at the full stage rate and its p99 duration within a fifth of the default Lambda concurrency', () => {
      expect(concurrentExecutions(rateLimit, RECEIVER_PROFILE.p99DurationMs)).toBeLessThanOrEqual(
        AWS_QUOTAS.lambdaAccountConcurrency / 5,
      );
    });

    it('lets one address send the stage’s full rate through the WAF for its whole window', () => {
      expect(defaults.waf.rateLimitPer5Minutes).toBeGreaterThanOrEqual(
        rateLimit * AWS_QUOTAS.wafWindowSeconds,
      );
    });

    it('puts the same throttling on the synthesized stage', () => {
      const stage = Object.values(defaultTemplate().findResources('AWS::ApiGateway::Stage'))[0];
      expect(stage?.Properties.MethodSettings[0]).toMatchObject({
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      });
    });
  });

  describe('against the stack', () => {
    it('assumes the receiver’s memory and the signing secret’s cache time', () => {
      expect(receiverFunction(defaultTemplate()).Properties?.MemorySize).toBe(RECEIVER_PROFILE.memoryMb);
      expect(SECRET_TTL_SECONDS).toBe(RECEIVER_PROFILE.secretTtlSeconds);
    });

    it('keeps the alarm on the stage’s 429s, since Argyle may not retry one', () => {
      const names = Object.values(defaultTemplate().findResources('AWS::CloudWatch::Alarm')).map(
        (alarm) => alarm.Properties.AlarmName,
      );
      expect(names).toContain('Capacity-Monitoring-ApiThrottles');
    });

    it('counts the default stack’s alarms in its monthly cost', () => {
      const alarms = Object.keys(defaultTemplate().findResources('AWS::CloudWatch::Alarm')).length;
      expect(monthlyCost(alarms, 1)[0]?.line).toBe('17 alarms');
    });

    it('counts the catalogue’s events and families in the metric count', () => {
      const names = Object.keys(V2_DATA_SCHEMAS);
      expect(CATALOGUE_SIZE).toEqual({
        events: names.length,
        families: new Set(names.map((name) => name.split('.')[0])).size,
      });
    });

    it('keeps one account’s events far below SQS’s per message group quota even if a refresh sends them all at once', () => {
      expect(ARGYLE_LOAD.eventsPerAccountPerRefresh * ARGYLE_LOAD.subscriptionsPerEvent).toBeLessThan(
        AWS_QUOTAS.sqsFifoTps / 10,
      );
    });
  });

  describe('against the log output', () => {
    it('counts the bytes the receiver really writes for an accepted delivery', async () => {
      // Act
      const deliveries = await receiverLogLines(argyleShapedBody(1024), 5);

      // Assert
      for (const lines of deliveries) {
        const info = lines.filter((line) => line.includes('"delivery accepted"'));
        const metrics = lines.filter((line) => line.includes('"_aws"'));
        expect(lines).toHaveLength(info.length + metrics.length);
        expect(info).toHaveLength(1);
        expect(metrics).toHaveLength(LOG_BYTES_PER_DELIVERY.receiverMetricLineCount);
        expect(bytes(info)).toBeCloseTo(LOG_BYTES_PER_DELIVERY.receiverInfoLine, -1);
        expect(bytes(metrics)).toBeCloseTo(LOG_BYTES_PER_DELIVERY.receiverMetricLines, -1);
      }
    });

    it('counts the bytes of the stage’s access log line with typical values', () => {
      // Arrange
      const typical: Record<string, string> = {
        '$context.requestId': '6c9f5c1e-2b7d-4f0a-9e3b-8d1a7f4c2e60',
        '$context.identity.sourceIp': '34.122.50.253',
        '$context.requestTime': '23/Nov/2026:10:00:00 +0000',
        '$context.httpMethod': 'POST',
        '$context.path': '/prod/webhook',
        '$context.status': '200',
        '$context.responseLength': '76',
        '$context.integrationStatus': '200',
        '$context.error.messageString': '"-"',
        '$context.responseLatency': '42',
        '$context.apiId': 'a1b2c3d4e5',
      };

      // Act
      const line = ACCESS_LOG_FORMAT.toString().replace(
        /\$context\.[\w.]+/g,
        (name) => typical[name] ?? name,
      );

      // Assert
      expect(line).not.toContain('$context');
      expect(Buffer.byteLength(line)).toBeCloseTo(LOG_BYTES_PER_DELIVERY.accessLogLine, -1);
    });
  });

  describe('in docs/capacity.md', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/capacity.md'), 'utf8');
    const figures = capacityFigures();
    const thousands = (value: number) => value.toLocaleString('en-US');

    it('quotes the model’s load, the defaults and the concurrency they need', () => {
      for (const quoted of [
        `${thousands(ARGYLE_LOAD.connectedAccounts)} connected accounts`,
        `${figures.averageDeliveriesPerSecond} deliveries/s`,
        `${figures.peakDeliveriesPerSecond} deliveries/s`,
        `rateLimit: ${rateLimit}`,
        `burstLimit: ${burstLimit}`,
        `${figures.peakConcurrency} concurrent executions`,
        `${figures.peakConcurrencyP99} at the p99 duration`,
        `${thousands(defaults.waf.rateLimitPer5Minutes)} requests`,
        `${thousands(figures.secretReadsPerMillion)} GetSecretValue calls per million deliveries`,
      ]) {
        expect(doc).toContain(quoted);
      }
    });

    it('quotes the cost per million deliveries line by line, its total and its dominant line', () => {
      for (const { line, usd } of figures.costPerMillion) expect(doc).toContain(`| ${line} | ${usd} |`);
      expect(doc).toContain(`**${figures.costPerMillionTotal}**`);
      expect(doc).toContain(`${figures.dominantLine} (${figures.dominantShare})`);
      expect(doc).toContain(`${thousands(figures.logBytesPerDelivery)} bytes`);
      expect(doc).toContain(`${thousands(figures.logBytesPerDeliveryQuiet)} bytes`);
    });

    it('quotes what the archive adds per million deliveries, line by line, and docs/archive.md its comparison', () => {
      const archiveDoc = readFileSync(path.resolve(import.meta.dirname, '../../docs/archive.md'), 'utf8');
      for (const { line, usd } of figures.archiveCostPerMillion)
        expect(doc).toContain(`| ${line} | ${usd} |`);
      expect(doc).toContain(`**${figures.archiveCostPerMillionTotal}**`);
      const alternatives = figures.archiveAlternatives;
      for (const quoted of [
        `${alternatives.queueAndArchiver} (${alternatives.queueAndArchiverQuiet} at one delivery a second)`,
        `| ${alternatives.firehose} |`,
        `| ${alternatives.directPutObject} |`,
      ]) {
        expect(archiveDoc).toContain(quoted);
      }
    });
  });
});
