/**
 * The archive (lib/constructs/argyle-webhook-archive.ts) as `archive.enabled` synthesizes it: a bucket that is
 * private, TLS only, encrypted and expiring; an encrypted archive queue with its dead-letter queue; the archiver
 * on it in large batches; and grants that let the receiver send, the archiver put under the prefix, and nothing
 * more.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { RECEIVER_ENV } from '#functions/shared/contract';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp } from '../support/cdk-app';
import { logicalId, policyStatements, receiverEnvironment } from './template-helpers';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function archiveStack(config: Record<string, unknown> = {}) {
  const stack = new ArgyleWebhookStack(fastApp(), 'Archived', {
    config: parseConfig({ archive: { enabled: true }, ...config }),
  });
  const archive = stack.archive;
  if (archive === undefined) throw new Error('no archive');
  return { stack, archive, template: Template.fromStack(stack) };
}

describe('the archive', () => {
  it('is not there unless archive.enabled is set, and the receiver then sends to no archive queue', () => {
    const stack = new ArgyleWebhookStack(fastApp(), 'Plain', { config: parseConfig({}) });
    const template = Template.fromStack(stack);

    expect(stack.archive).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(receiverEnvironment(template)[RECEIVER_ENV.ARCHIVE_QUEUE_URL]).toBeUndefined();
  });

  it('keeps the bucket private, TLS only, S3-encrypted by default, and expires objects after 30 days', () => {
    const { template } = archiveStack();

    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: 30,
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('encrypts the bucket (with a bucket key) and both archive queues with the stack’s KMS key when kmsKeyArn is set', () => {
    const { template } = archiveStack({ kmsKeyArn: KEY_ARN, archive: { enabled: true, retentionDays: 90 } });

    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN },
          },
        ],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
    });
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.filter((q) => q.Properties.KmsMasterKeyId === KEY_ARN).length).toBeGreaterThanOrEqual(4);
  });

  it('drains the archive queue in large batches, reports item failures and keeps what fails in its dead-letter queue', () => {
    const { stack, archive, template } = archiveStack();

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, archive.queue), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, archive.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(stack, archive.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('tells the receiver the archive queue and lets it send there', () => {
    const { stack, archive, template } = archiveStack();

    expect(receiverEnvironment(template)[RECEIVER_ENV.ARCHIVE_QUEUE_URL]).toBe(
      `ref:${logicalId(stack, archive.queue)}`,
    );
    const receiverRole = logicalId(stack, stack.ingest.receiver.role ?? stack);
    const sends = policyStatements(template, receiverRole).filter((s) =>
      JSON.stringify(s.Resource).includes(logicalId(stack, archive.queue)),
    );
    expect(sends).toEqual([expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']) })]);
  });

  it('lets the archiver put objects under deliveries/v1/ only: no read, list or delete', () => {
    const { stack, archive, template } = archiveStack({ kmsKeyArn: KEY_ARN });
    const statements = policyStatements(template, logicalId(stack, archive.archiver.role ?? stack));
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));

    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, archive.bucket), 'Arn'] }, '/deliveries/v1/*']],
        },
      },
    ]);
    const kms = statements.filter((s) => JSON.stringify(s.Action).includes('kms:GenerateDataKey"'));
    expect(kms).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: KEY_ARN })]);
  });

  it('grants readers list and get under the archive prefix', () => {
    const stack = new ArgyleWebhookStack(fastApp(), 'Read', {
      config: parseConfig({ archive: { enabled: true } }),
    });
    const reader = new Role(stack, 'Operator', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
    stack.archive?.grantRead(reader);
    const statements = policyStatements(Template.fromStack(stack), logicalId(stack, reader));

    expect(JSON.stringify(statements)).toMatch(/s3:GetObject/);
    expect(JSON.stringify(statements)).toMatch(/deliveries\/v1\/\*/);
    expect(JSON.stringify(statements)).not.toMatch(/s3:(Put|Delete)/);
  });

  it('publishes the bucket, the archive queues and the receiver’s routing as outputs replay reads', () => {
    const { template } = archiveStack({ routes: [{ name: 'archive', events: ['*'] }] });
    const outputs = template.toJSON().Outputs as Record<string, unknown>;

    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ArchiveBucketName',
        'ArchiveQueue',
        'ArchiveDeadLetterQueue',
        'ReceiverRouting',
        'ArchiveQueueUrl',
      ]),
    );
  });

  it('alarms on the archive’s dead letters, its backlog and the archiver’s errors', () => {
    const { stack } = archiveStack();
    const names = stack.monitoring.alarms.map((alarm) => alarm.node.id);

    expect(names).toEqual(expect.arrayContaining(['ArchiveDeadLetters', 'ArchiveBacklog', 'ArchiverErrors']));
  });

  it('refuses a retention outside 1 to 3650 days', () => {
    expect(() => parseConfig({ archive: { enabled: true, retentionDays: 0 } })).toThrow(
      /archive\.retentionDays/,
    );
    const stack = new Stack(fastApp(), 'Bad');
    expect(Stack.of(stack)).toBe(stack);
  });
});
