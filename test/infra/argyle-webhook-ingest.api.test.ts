import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ARGYLE_SOURCE_IPS } from '../../lib/constructs/argyle-webhook-ingest';
import { synth } from './ingest-fixtures';
import { arnOf, logicalId, onlyResource } from './template-helpers';

describe('ArgyleWebhookIngest', () => {
  describe('REST API', () => {
    const { stack, ingest, template } = synth();

    it('creates one regional REST API that passes every body through as binary', () => {
      template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        EndpointConfiguration: { Types: ['REGIONAL'] },
        BinaryMediaTypes: ['*/*'],
      });
    });

    it('exposes exactly one method, POST /webhook, as a Lambda proxy integration', () => {
      template.resourceCountIs('AWS::ApiGateway::Resource', 1);
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'webhook' });
      template.resourceCountIs('AWS::ApiGateway::Method', 1);
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        AuthorizationType: 'NONE',
        Integration: Match.objectLike({
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([arnOf(stack, ingest.receiver)])]),
          }),
        }),
      });
    });

    it('lets only the deployed stage invoke the receiver, not test invocations', () => {
      // Arrange
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));

      // Assert
      expect(permissions).toHaveLength(1);
      expect(JSON.stringify(permissions)).not.toContain('test-invoke-stage');
    });

    it('gives webhookUrl as the full URL of POST /webhook', () => {
      const url = JSON.stringify(stack.resolve(ingest.webhookUrl));

      expect(url).toMatch(/^\{"Fn::Join".*"https:\/\/".*execute-api.*"\/webhook"\]\]\}$/);
    });

    it('enables metrics, logs execution errors only and keeps data tracing off', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [
          Match.objectLike({
            HttpMethod: '*',
            ResourcePath: '/*',
            MetricsEnabled: true,
            LoggingLevel: 'ERROR',
            DataTraceEnabled: false,
          }),
        ],
      });
    });

    it('throttles the stage at 1000 requests per second with bursts of 1000 by default', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 1000 })],
      });
    });

    it('uses the given throttling when given', () => {
      const { template: throttled } = synth({ throttling: { rateLimit: 7.5, burstLimit: 15 } });

      throttled.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 7.5, ThrottlingBurstLimit: 15 })],
      });
    });
  });

  describe('source IP restriction', () => {
    const invoke = { Action: 'execute-api:Invoke', Principal: { AWS: '*' }, Resource: 'execute-api:/*' };

    it("allows invocation and denies every address outside Argyle's by default", () => {
      const { template } = synth();

      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Policy: {
          Statement: [
            { ...invoke, Effect: 'Allow' },
            {
              ...invoke,
              Effect: 'Deny',
              Condition: { NotIpAddress: { 'aws:SourceIp': [...ARGYLE_SOURCE_IPS] } },
            },
          ],
        },
      });
      expect(ARGYLE_SOURCE_IPS).toEqual([
        '34.27.251.226/32',
        '34.122.50.253/32',
        '35.188.163.115/32',
        '35.226.53.251/32',
      ]);
    });

    it('denies every address outside the given ones when given', () => {
      const { template } = synth({ allowedSourceIps: ['203.0.113.7', '2001:db8::/32'] });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Policy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.7', '2001:db8::/32'] } },
            }),
          ]),
        },
      });
    });

    it('does not warn while the restriction is on', () => {
      const { stack } = synth();

      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('anyone'))).toEqual([]);
    });

    it('attaches no resource policy and warns that only the HMAC protects the API when the restriction is off', () => {
      const { stack, template } = synth({ restrictSourceIps: false });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
      Annotations.fromStack(stack).hasWarning(
        '/Test/Ingest',
        Match.stringLikeRegexp('anyone on the internet can reach POST /webhook.*only the HMAC'),
      );
      Annotations.fromStack(stack).hasWarning(
        '/Test/Ingest',
        Match.stringLikeRegexp('argyle-webhooks:source-ips-unrestricted'),
      );
    });

    it('redeploys the API when the allowed addresses change', () => {
      // Arrange
      const deploymentIds = (ips: string[]) =>
        Object.keys(synth({ allowedSourceIps: ips }).template.findResources('AWS::ApiGateway::Deployment'));

      // Act / Assert
      expect(deploymentIds(['203.0.113.7'])).not.toEqual(deploymentIds(['203.0.113.8']));
    });
  });

  describe('access logging', () => {
    it('writes JSON access logs to its own log group and creates the API Gateway account role by default', () => {
      // Arrange
      const { stack, ingest, template } = synth();
      const accessLogGroup = ingest.accessLogGroup;
      if (accessLogGroup === undefined) throw new Error('no access log group');

      // Assert
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        AccessLogSetting: {
          DestinationArn: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logicalId(stack, accessLogGroup) }])]),
          }),
          Format: Match.anyValue(),
        },
      });
      const stage = onlyResource(template, 'AWS::ApiGateway::Stage');
      const format = (stage.Properties?.AccessLogSetting as { Format?: string } | undefined)?.Format ?? '';
      const fields = JSON.parse(format.replace('$context.error.messageString', '"message"'));
      expect(fields).toEqual({
        requestId: '$context.requestId',
        sourceIp: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        httpMethod: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationStatus: '$context.integrationStatus',
        errorMessage: 'message',
        responseLatency: '$context.responseLatency',
        apiId: '$context.apiId',
      });
      template.resourceCountIs('AWS::Logs::LogGroup', 3);
      template.resourceCountIs('AWS::ApiGateway::Account', 1);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
        },
      });
    });

    it('skips the account role when createApiGatewayAccountRole is false', () => {
      const { template } = synth({ createApiGatewayAccountRole: false });

      template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.anyValue() });
      expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
      template.resourceCountIs('AWS::IAM::Role', 1); // the receiver's
    });

    it('creates neither an access log group nor the account role without access logging', () => {
      const { ingest, template } = synth({ accessLogging: false });

      template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
      expect(ingest.accessLogGroup).toBeUndefined();
      template.resourceCountIs('AWS::Logs::LogGroup', 1); // the receiver's
      expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
    });
  });
});
