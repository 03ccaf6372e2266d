import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { InlineCode, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ENV } from '#functions/shared/contract';
import { ArgyleSubscriptions } from '../../lib/constructs/argyle-subscriptions';
import { fastApp } from '../support/cdk-app';
import { KEY_ARN, synth, WEBHOOK_URL } from './subscriptions-fixtures';
import { logicalId, policyStatements, type Resource } from './template-helpers';

describe('ArgyleSubscriptions', () => {
  describe('state table', () => {
    const { stack, subscriptions, template } = synth();
    const tableId = logicalId(stack, subscriptions.stateTable);
    const table = (template.findResources('AWS::DynamoDB::Table') as Record<string, Resource>)[tableId];

    it('is one on-demand table keyed by the string pk, with point-in-time recovery', () => {
      expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([tableId]);
      expect(table?.Properties).toMatchObject({
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    it('is encrypted with the AWS managed key for DynamoDB unless a key is given', () => {
      // SSEEnabled without a key: KMS with aws/dynamodb (CloudFormation's AWS::DynamoDB::Table SSESpecification).
      expect(table?.Properties?.SSESpecification).toEqual({ SSEEnabled: true });
    });

    it('is deleted with the stack, after the custom resources that reference it', () => {
      const policies = table as unknown as { DeletionPolicy?: string; UpdateReplacePolicy?: string };
      expect(policies.DeletionPolicy).toBe('Delete');
      expect(policies.UpdateReplacePolicy).toBe('Delete');
    });

    it('is named to the handler in its environment', () => {
      const handler = (template.findResources('AWS::Lambda::Function') as Record<string, Resource>)[
        logicalId(stack, subscriptions.handler)
      ];

      expect(handler?.Properties?.Environment).toMatchObject({
        Variables: { [SUBSCRIPTION_ENV.STATE_TABLE]: { Ref: tableId } },
      });
    });

    it('is encrypted with the configured key, which the handler may use through DynamoDB only', () => {
      // Arrange
      const keyStack = new Stack(fastApp(), 'Keyed');
      const keyed = new ArgyleSubscriptions(keyStack, 'Subscriptions', {
        webhookUrl: WEBHOOK_URL,
        signingSecret: new Secret(keyStack, 'SigningSecret'),
        encryptionKey: Key.fromKeyArn(keyStack, 'Key', KEY_ARN),
      });

      // Act
      const keyedTemplate = Template.fromStack(keyStack);

      // Assert
      keyedTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
      });
      expect(
        policyStatements(keyedTemplate, logicalId(keyStack, keyed.handler.role ?? keyed.handler)),
      ).toContainEqual({
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Effect: 'Allow',
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          },
        },
      });
    });

    it('can be granted to another function with the same least privilege', () => {
      // Arrange
      const other = new Stack(fastApp(), 'Other');
      const construct = new ArgyleSubscriptions(other, 'Subscriptions', {
        webhookUrl: WEBHOOK_URL,
        signingSecret: new Secret(other, 'SigningSecret'),
      });
      const watcher = new LambdaFunction(other, 'Watcher', {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: new InlineCode('exports.handler = async () => {}'),
      });

      // Act
      construct.grantStateAccess(watcher);

      // Assert
      expect(
        policyStatements(Template.fromStack(other), logicalId(other, watcher.role ?? watcher)),
      ).toContainEqual({
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(other, construct.stateTable), 'Arn'] },
      });
    });
  });
});
