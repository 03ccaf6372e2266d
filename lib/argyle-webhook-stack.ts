import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ArgyleEnvironment, ArgyleWebhooksConfig } from './config';
import { ArgyleWebhookIngest } from './constructs/argyle-webhook-ingest';
import { CATCH_ALL_NAME, outputNameClashProblems, pascalCase } from './validation';

/** Tag that records which Argyle environment (sandbox or production) the stack serves. */
export const ENVIRONMENT_TAG = 'argyle-webhooks:environment';

export interface ArgyleWebhookStackProps extends StackProps {
  /** The parsed `argyleWebhooks` configuration (see `parseConfig`). */
  readonly config: ArgyleWebhooksConfig;
}

/** The deployable app: {@link ArgyleWebhookIngest} wired from the cdk.json configuration, tags and outputs. */
export class ArgyleWebhookStack extends Stack {
  readonly ingest: ArgyleWebhookIngest;
  /** The Argyle environment the webhooks come from, for the subscription custom resource. */
  readonly argyleEnvironment: ArgyleEnvironment;

  constructor(scope: Construct, id: string, props: ArgyleWebhookStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.argyleEnvironment = config.environment;

    this.ingest = new ArgyleWebhookIngest(this, 'Ingest', {
      routes: config.routes.map((route) => ({
        name: route.name,
        events: route.events,
        subscriptions: route.subscriptions,
        fifo: route.fifo,
        maxReceiveCount: route.maxReceiveCount,
        visibilityTimeout: Duration.seconds(route.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(route.retentionDays),
      })),
      catchAll: {
        maxReceiveCount: config.catchAll.maxReceiveCount,
        visibilityTimeout: Duration.seconds(config.catchAll.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(config.catchAll.retentionDays),
      },
      maxBodyBytes: config.maxBodyBytes,
      restrictSourceIps: config.sourceIps.restrict,
      allowedSourceIps: config.sourceIps.allow,
      throttling: config.throttling,
      accessLogging: config.accessLogs.enabled,
      createApiGatewayAccountRole: config.accessLogs.createApiGatewayAccountRole,
      // The config schema only admits CloudWatch's retention values, which are RetentionDays' values.
      logRetention: config.logRetentionDays as RetentionDays,
    });

    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);
    Tags.of(this).add(ENVIRONMENT_TAG, config.environment);

    new CfnOutput(this, 'WebhookUrl', {
      description:
        'URL to register with Argyle as the webhook subscription URL (Argyle POSTs deliveries here)',
      value: this.ingest.webhookUrl,
    });
    new CfnOutput(this, 'SigningSecretArn', {
      description:
        'ARN of the Secrets Manager secret whose value is the signing secret; use it as the subscription secret',
      value: this.ingest.signingSecret.secretArn,
    });
    const names = [...this.ingest.routeQueues.keys(), CATCH_ALL_NAME];
    const [clash] = outputNameClashProblems(names);
    if (clash) throw new Error(`routes[${clash.index}].name: ${clash.problem}`);
    for (const name of names) {
      const prefix = pascalCase(name);
      const [queueWhat, deadLetterWhat] =
        name === CATCH_ALL_NAME
          ? [
              'the catch-all queue (deliveries that match no route or cannot be parsed)',
              "the catch-all queue's",
            ]
          : [`the queue of route "${name}" (deliveries matching its events)`, `route "${name}"'s`];
      const queue = this.ingest.queue(name);
      new CfnOutput(this, `${prefix}QueueUrl`, { description: `URL of ${queueWhat}`, value: queue.queueUrl });
      new CfnOutput(this, `${prefix}QueueArn`, { description: `ARN of ${queueWhat}`, value: queue.queueArn });
      const deadLetterQueue = this.ingest.deadLetterQueue(name);
      if (deadLetterQueue) {
        new CfnOutput(this, `${prefix}DeadLetterQueueUrl`, {
          description: `URL of ${deadLetterWhat} dead-letter queue (messages that repeatedly failed processing)`,
          value: deadLetterQueue.queueUrl,
        });
      }
    }
  }
}
