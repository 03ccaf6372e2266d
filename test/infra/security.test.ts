import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { ArgyleWebhookWaf, asCidr } from '../../lib/constructs/argyle-webhook-waf';
import { fastApp } from '../support/cdk-app';
import { logicalId, onlyResource, policyStatements, type Resource } from './template-helpers';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synthStack(rawConfig: Record<string, unknown> = {}) {
  const stack = new ArgyleWebhookStack(fastApp(), 'Test', {
    config: parseConfig({ subscriptions: [], ...rawConfig }),
  });
  return { stack, template: Template.fromStack(stack) };
}

function wafRules(template: Template): Record<string, unknown>[] {
  return onlyResource(template, 'AWS::WAFv2::WebACL').Properties?.Rules as Record<string, unknown>[];
}

describe('AWS WAF', () => {
  describe('when enabled', () => {
    const { stack, template } = synthStack({ waf: { enabled: true } });

    it('puts one regional web ACL on the API stage', () => {
      template.resourceCountIs('AWS::WAFv2::WebACL', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        VisibilityConfig: {
          CloudWatchMetricsEnabled: true,
          SampledRequestsEnabled: true,
          MetricName: Match.anyValue(),
        },
      });
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafWebAcl'), 'Arn'] },
        ResourceArn: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              { Ref: logicalId(stack, stack.ingest.api) },
              '/stages/',
              { Ref: logicalId(stack, stack.ingest.api.deploymentStage) },
            ]),
          ],
        },
      });
    });

    it('first answers 429 to an address above 300000 requests in 5 minutes by default', () => {
      expect(wafRules(template)[0]).toMatchObject({
        Name: 'RateLimitPerIp',
        Priority: 0,
        Statement: {
          RateBasedStatement: { Limit: 300_000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 },
        },
        Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      });
    });

    it("then lets only Argyle's addresses through, blocking everything else", () => {
      template.hasResourceProperties('AWS::WAFv2::IPSet', {
        Scope: 'REGIONAL',
        IPAddressVersion: 'IPV4',
        Addresses: ['34.27.251.226/32', '34.122.50.253/32', '35.188.163.115/32', '35.226.53.251/32'],
      });
      expect(wafRules(template)[1]).toMatchObject({
        Name: 'AllowedSourceIps',
        Priority: 1,
        Statement: {
          IPSetReferenceStatement: {
            Arn: { 'Fn::GetAtt': [expect.stringMatching(/^WafAllowedSourceIpsV4/), 'Arn'] },
          },
        },
        Action: { Allow: {} },
      });
      template.hasResourceProperties('AWS::WAFv2::WebACL', { DefaultAction: { Block: {} } });
    });

    it('uses the given rate limit when given', () => {
      const { template: strict } = synthStack({ waf: { enabled: true, rateLimitPer5Minutes: 300 } });

      expect(wafRules(strict)[0]).toMatchObject({ Statement: { RateBasedStatement: { Limit: 300 } } });
    });

    it('allows every address, rate limited, when the source addresses are not restricted', () => {
      const { template: open } = synthStack({ waf: { enabled: true }, sourceIps: { restrict: false } });

      open.hasResourceProperties('AWS::WAFv2::WebACL', { DefaultAction: { Allow: {} } });
      expect(wafRules(open).map((rule) => rule.Name)).toEqual(['RateLimitPerIp']);
      expect(open.findResources('AWS::WAFv2::IPSet')).toEqual({});
    });

    it('puts IPv4 and IPv6 addresses in two IP sets, as CIDR blocks, either of which lets a request through', () => {
      // Act
      const { template: mixed } = synthStack({
        waf: { enabled: true },
        sourceIps: { allow: ['203.0.113.7', '2001:db8::/32', '2001:db8:1::1'] },
      });

      // Assert
      mixed.hasResourceProperties('AWS::WAFv2::IPSet', {
        IPAddressVersion: 'IPV4',
        Addresses: ['203.0.113.7/32'],
      });
      mixed.hasResourceProperties('AWS::WAFv2::IPSet', {
        IPAddressVersion: 'IPV6',
        Addresses: ['2001:db8::/32', '2001:db8:1::1/128'],
      });
      expect(wafRules(mixed)[1]).toMatchObject({
        Statement: {
          OrStatement: {
            Statements: [
              { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/V4/), 'Arn'] } } },
              { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/V6/), 'Arn'] } } },
            ],
          },
        },
      });
    });

    it('graphs the web ACL on the dashboard', () => {
      const dashboard = onlyResource(template, 'AWS::CloudWatch::Dashboard');

      expect(JSON.stringify(dashboard.Properties?.DashboardBody)).toContain('AWS/WAFV2');
    });
  });

  describe('when disabled', () => {
    it('creates no web ACL by default', () => {
      const { template } = synthStack();

      expect(template.findResources('AWS::WAFv2::WebACL')).toEqual({});
      expect(template.findResources('AWS::WAFv2::WebACLAssociation')).toEqual({});
      expect(template.findResources('AWS::WAFv2::IPSet')).toEqual({});
    });
  });

  describe('the construct', () => {
    const stage = () => new ArgyleWebhookIngest(new Stack(fastApp(), 'Test'), 'Ingest').api.deploymentStage;

    it('fails for a rate limit AWS WAF refuses and for an allow list it cannot hold', () => {
      // Arrange
      const deploymentStage = stage();

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookWaf(Stack.of(deploymentStage), 'Waf', {
            stage: deploymentStage,
            rateLimitPer5Minutes: 5,
            allowedSourceIps: ['0.0.0.0/0', 'not-an-ip'],
          }),
      ).toThrow(
        'invalid ArgyleWebhookWaf props at Test/Waf:\n' +
          '  rateLimitPer5Minutes: 5 is out of range; write a whole number of requests from 10 to 2000000000\n' +
          '  allowedSourceIps[0]: "0.0.0.0/0" is every address, which AWS WAF IP sets refuse; leave allowedSourceIps out to allow every address\n' +
          '  allowedSourceIps[1]: "not-an-ip" is not an IP address or CIDR block; write an IPv4 or IPv6 address or CIDR block, e.g. "34.27.251.226/32" or "2001:db8::/32"',
      );
    });

    it('writes a bare address as a /32 or /128 block and keeps a block as it is', () => {
      expect(asCidr('203.0.113.7')).toBe('203.0.113.7/32');
      expect(asCidr('2001:db8::1')).toBe('2001:db8::1/128');
      expect(asCidr('203.0.113.0/24')).toBe('203.0.113.0/24');
    });
  });
});

describe('encryption at rest', () => {
  describe('with a customer managed key', () => {
    const { stack, template } = synthStack({ kmsKeyArn: KEY_ARN });
    const receiverRole = logicalId(stack, stack.ingest.receiver.role ?? stack.ingest.receiver);

    it('encrypts every queue with the configured key instead of SQS-managed keys', () => {
      template.allResourcesProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: KEY_ARN,
        SqsManagedSseEnabled: Match.absent(),
      });
    });

    it('encrypts the signing secret with the configured key', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: KEY_ARN });
    });

    it('lets the receiver generate data keys and decrypt with that key, through the grants', () => {
      const kms = policyStatements(template, receiverRole).filter((statement) =>
        JSON.stringify(statement.Action).includes('kms:'),
      );

      expect(kms).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
          Resource: KEY_ARN,
        }),
      );
      expect(kms.every((statement) => statement.Resource === KEY_ARN)).toBe(true);
    });

    it('takes any kms.IKey in the construct', () => {
      // Arrange
      const keyStack = new Stack(fastApp(), 'Test');
      const key = new Key(keyStack, 'Key');

      // Act
      new ArgyleWebhookIngest(keyStack, 'Ingest', { encryptionKey: key });

      // Assert
      Template.fromStack(keyStack).allResourcesProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(keyStack, key), 'Arn'] },
      });
    });
  });

  describe('by default', () => {
    const { stack, template } = synthStack();

    it('encrypts every queue with SQS-managed keys', () => {
      template.allResourcesProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        KmsMasterKeyId: Match.absent(),
      });
    });

    it("encrypts the signing secret with Secrets Manager's own key", () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.absent() });
    });

    it('gives the receiver no KMS permissions', () => {
      const role = logicalId(stack, stack.ingest.receiver.role ?? stack.ingest.receiver);

      expect(JSON.stringify(policyStatements(template, role))).not.toContain('kms:');
    });
  });
});

describe('the API', () => {
  const { stack, template } = synthStack();

  it('leaves every request to the receiver, which answers 401 and 413 as the contract says, with no request validator', () => {
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 0);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestParameters: Match.absent(),
      RequestValidatorId: Match.absent(),
      RequestModels: Match.absent(),
    });
  });

  it("logs execution errors to API Gateway's execution log group, created first with a retention", () => {
    // Arrange
    const executionLogGroup = stack.ingest.executionLogGroup;
    if (executionLogGroup === undefined) throw new Error('no execution log group');
    const groupId = logicalId(stack, executionLogGroup);

    // Assert
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': [
          '',
          ['API-Gateway-Execution-Logs_', { Ref: logicalId(stack, stack.ingest.api) }, '/prod'],
        ],
      },
      RetentionInDays: 30,
    });
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage')) as (Resource & {
      DependsOn?: string[];
    })[];
    expect(stages[0]?.DependsOn).toContain(groupId);
  });

  it('keeps execution logging off, with no group for it, without access logging', () => {
    const { stack: unlogged, template: quiet } = synthStack({ accessLogs: { enabled: false } });

    quiet.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ LoggingLevel: 'OFF', DataTraceEnabled: false })],
    });
    expect(unlogged.ingest.executionLogGroup).toBeUndefined();
  });
});
