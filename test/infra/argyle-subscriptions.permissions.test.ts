import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { ArgyleSubscriptions } from '../../lib/constructs/argyle-subscriptions';
import { fastApp } from '../support/cdk-app';
import { KEY_ARN, synth, WEBHOOK_URL } from './subscriptions-fixtures';
import { logicalId, policyStatements, type Resource } from './template-helpers';

describe('ArgyleSubscriptions', () => {
  describe('permissions', () => {
    const { stack, signingSecret, subscriptions, template } = synth();
    const handlerRoleId = logicalId(stack, subscriptions.handler.role ?? subscriptions.handler);
    const frameworkRoles = Object.entries(template.findResources('AWS::IAM::Role')).filter(
      ([id]) => id !== handlerRoleId && id.startsWith('SubscriptionsProviderRole'),
    );
    const handlerArn = { 'Fn::GetAtt': [logicalId(stack, subscriptions.handler), 'Arn'] };

    it('lets the handler read the credentials secret and the signing secret, use the state table, and write its logs, nothing else', () => {
      expect(policyStatements(template, handlerRoleId)).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SubscriptionsHandlerLogGroup/), 'Arn'] },
        },
        {
          Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [logicalId(stack, subscriptions.stateTable), 'Arn'] },
        },
        {
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Effect: 'Allow',
          Resource: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':secretsmanager:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':secret:argyle-webhooks/sandbox/api-credentials-??????',
                ],
              ],
            },
            { Ref: logicalId(stack, signingSecret) },
          ],
        },
      ]);
    });

    it('lets the handler decrypt a signing secret encrypted with a customer managed key, through Secrets Manager only', () => {
      // Arrange
      const keyStack = new Stack(fastApp(), 'Keyed');
      const key = Key.fromKeyArn(keyStack, 'Key', KEY_ARN);
      const signingSecret = new Secret(keyStack, 'SigningSecret', { encryptionKey: key });
      const keyed = new ArgyleSubscriptions(keyStack, 'Subscriptions', {
        webhookUrl: WEBHOOK_URL,
        signingSecret,
      });

      // Act
      const statements = policyStatements(
        Template.fromStack(keyStack),
        logicalId(keyStack, keyed.handler.role ?? keyed.handler),
      );

      // Assert
      expect(statements).toContainEqual({
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      });
    });

    it('gives both roles no managed policy', () => {
      const roles = template.findResources('AWS::IAM::Role') as Record<string, Resource>;

      expect(roles[handlerRoleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(frameworkRoles).toHaveLength(1);
      expect(frameworkRoles[0]?.[1].Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('lets the provider framework only invoke the handler (and write its logs)', () => {
      const [[frameworkRoleId = ''] = []] = frameworkRoles;

      expect(policyStatements(template, frameworkRoleId)).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SubscriptionsProviderLogGroup/), 'Arn'] },
        },
        {
          Action: 'lambda:InvokeFunction',
          Effect: 'Allow',
          Resource: [handlerArn, { 'Fn::Join': ['', [handlerArn, ':*']] }],
        },
        { Action: 'lambda:GetFunction', Effect: 'Allow', Resource: handlerArn },
      ]);
    });
  });
});
