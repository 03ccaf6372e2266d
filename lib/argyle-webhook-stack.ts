import { Annotations, CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ArgyleEnvironment, ArgyleWebhooksConfig } from './config.js';
import { ArgyleSubscriptions } from './constructs/argyle-subscriptions.js';
import { ArgyleWebhookArchive } from './constructs/argyle-webhook-archive.js';
import { ArgyleWebhookIngest } from './constructs/argyle-webhook-ingest.js';
import { ArgyleWebhookMonitoring } from './constructs/argyle-webhook-monitoring.js';
import { ArgyleWebhookWaf } from './constructs/argyle-webhook-waf.js';
import { ExampleConsumer } from './constructs/example-consumer.js';
import { acknowledgeNoWaf } from './constructs/nag-acknowledgements.js';
import { SigningSecretRotation } from './constructs/signing-secret-rotation.js';
import { subscriptionOutputName } from './constructs/subscription-settings.js';
import { SubscriptionWatcher } from './constructs/subscription-watcher.js';
import { CATCH_ALL_NAME, outputNameClashProblems, pascalCase } from './validation.js';

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
  /** The example consumer, when `exampleConsumer.enabled` is set. */
  readonly exampleConsumer?: ExampleConsumer;
  /** The Argyle webhook subscriptions registered on deploy; undefined when `subscriptions` is `[]`. */
  readonly subscriptions?: ArgyleSubscriptions;
  /** The alarms, their topic and the dashboard. */
  readonly monitoring: ArgyleWebhookMonitoring;
  /** The signing secret's rotation schedule and function, when `signingSecret.rotation.enabled` is set. */
  readonly signingSecretRotation?: SigningSecretRotation;
  /** The web ACL on the API stage, when `waf.enabled` is set. */
  readonly waf?: ArgyleWebhookWaf;
  /** The archive, when `archive.enabled` is set. */
  readonly archive?: ArgyleWebhookArchive;
  /** The scheduled check (and repair) of the subscriptions, unless `subscriptionWatch.enabled` is false. */
  readonly subscriptionWatcher?: SubscriptionWatcher;

  constructor(scope: Construct, id: string, props: ArgyleWebhookStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.argyleEnvironment = config.environment;
    const encryptionKey =
      config.kmsKeyArn === undefined ? undefined : Key.fromKeyArn(this, 'EncryptionKey', config.kmsKeyArn);
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
      encryptionKey,
    });
    if (config.archive.enabled) {
      this.archive = new ArgyleWebhookArchive(this, 'Archive', {
        ingest: this.ingest,
        retention: Duration.days(config.archive.retentionDays),
        encryptionKey,
        logRetention: config.logRetentionDays as RetentionDays,
      });
    }

    if (config.waf.enabled) {
      this.waf = new ArgyleWebhookWaf(this, 'Waf', {
        stage: this.ingest.api.deploymentStage,
        allowedSourceIps: config.sourceIps.restrict ? config.sourceIps.allow : undefined,
        rateLimitPer5Minutes: config.waf.rateLimitPer5Minutes,
      });
    } else {
      acknowledgeNoWaf(this.ingest.api.deploymentStage);
    }
    if (config.exampleConsumer.enabled) {
      this.exampleConsumer = new ExampleConsumer(this, 'ExampleConsumer', {
        ingest: this.ingest,
        route: config.exampleConsumer.route,
        logRetention: config.logRetentionDays as RetentionDays,
      });
    }

    if (config.subscriptions.length > 0) {
      const subscriptions = new ArgyleSubscriptions(this, 'Subscriptions', {
        webhookUrl: this.ingest.webhookUrl,
        signingSecret: this.ingest.signingSecret,
        environment: config.environment,
        subscriptions: config.subscriptions,
        credentialsSecretName: config.argyleApi.credentialsSecretName,
        apiVersion: config.argyleApi.version,
        apiBaseUrl: config.argyleApi.baseUrl,
        signingSecretGeneration: config.argyleApi.signingSecretGeneration,
        logRetention: config.logRetentionDays as RetentionDays,
        encryptionKey,
      });
      this.subscriptions = subscriptions;
      for (const { name } of config.subscriptions) {
        new CfnOutput(this, subscriptionOutputName(name), {
          description: `Argyle id of the webhook subscription "${name}"`,
          value: subscriptions.subscriptionId(name),
        });
      }
      const configured = new Set(config.subscriptions.map((s) => s.name));
      for (const route of config.routes) {
        const unknown = (route.subscriptions ?? []).filter((name) => !configured.has(name));
        if (unknown.length === 0) continue;
        Annotations.of(this).addWarningV2(
          'argyle-webhooks:route-subscription-not-configured',
          `route "${route.name}" filters on subscription ${unknown.map((n) => `"${n}"`).join(', ')}, which "subscriptions" does not configure (${[...configured].join(', ')}); it only gets deliveries from a subscription registered elsewhere under that name`,
        );
      }
    }

    // The watcher compares what Argyle holds with the ownership records the subscriptions construct keeps.
    if (this.subscriptions !== undefined && config.subscriptionWatch.enabled) {
      this.subscriptionWatcher = new SubscriptionWatcher(this, 'SubscriptionWatcher', {
        stateTable: this.subscriptions.stateTable,
        credentialsSecret: this.subscriptions.credentialsSecret,
        signingSecret: this.ingest.signingSecret,
        receiver: this.ingest.receiver,
        every: Duration.minutes(config.subscriptionWatch.intervalMinutes),
        silentAfter: Duration.minutes(config.subscriptionWatch.silentAfterMinutes),
        repair: config.subscriptionWatch.repair,
        logRetention: config.logRetentionDays as RetentionDays,
      });
    }

    const { noDeliveryHours } = config.alarms;
    this.monitoring = new ArgyleWebhookMonitoring(this, 'Monitoring', {
      ingest: this.ingest,
      alarmEmail: config.alarms.email,
      signatureFailuresPer5Minutes: config.alarms.signatureFailuresPer5Minutes,
      oldestMessageAge: Duration.minutes(config.alarms.oldestMessageAgeMinutes),
      noDeliveryFor: noDeliveryHours === undefined ? undefined : Duration.hours(noDeliveryHours),
      waf: this.waf,
      archive: this.archive,
      subscriptionWatcher: this.subscriptionWatcher,
    });

    // Rotation replaces the subscriptions the ownership records hold; its alarm goes to the monitoring topic.
    const { rotation } = config.signingSecret;
    if (this.subscriptions !== undefined && rotation.enabled) {
      this.signingSecretRotation = new SigningSecretRotation(this, 'SigningSecretRotation', {
        signingSecret: this.ingest.signingSecret,
        subscriptions: this.subscriptions,
        everyDays: rotation.everyDays,
        minimumIntervalHours: rotation.minimumIntervalHours,
        alarmTopic: this.monitoring.alarmTopic,
        logRetention: config.logRetentionDays as RetentionDays,
      });
    }

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
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'ARN of the SNS topic every alarm notifies; subscribe your on-call tooling to it',
      value: this.monitoring.alarmTopic.topicArn,
    });
    if (this.subscriptions !== undefined) {
      new CfnOutput(this, 'SubscriptionStateTable', {
        description:
          'The table of the Argyle subscriptions the stack owns: npx argyle-subscriptions status|repair --state-table <this>',
        value: this.subscriptions.stateTable.tableName,
      });
    }
    new CfnOutput(this, 'ReceiverFunctionName', {
      description:
        'The receiver function, whose DeliveriesAccepted by Subscription status reads: --function-name <this>',
      value: this.ingest.receiver.functionName,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description: 'The CloudWatch dashboard of deliveries, queues and the receiver',
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
    });
    if (this.archive) this.archiveOutputs(this.archive);
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

  /**
   * What `argyle-subscriptions replay`, `peek` and `redrive archive` read (`--stack`): the bucket, the archive's
   * queues, and the routing the receiver applies. Their names end neither in `QueueUrl` nor `QueueArn`, so no
   * route's outputs can take them.
   */
  private archiveOutputs(archive: ArgyleWebhookArchive): void {
    new CfnOutput(this, 'ArchiveBucketName', {
      description:
        'The bucket that keeps every accepted delivery (read by argyle-subscriptions replay and peek)',
      value: archive.bucket.bucketName,
    });
    new CfnOutput(this, 'ArchiveQueue', {
      description: 'URL of the archive queue, which the archiver drains into the archive bucket',
      value: archive.queue.queueUrl,
    });
    new CfnOutput(this, 'ArchiveDeadLetterQueue', {
      description: "URL of the archive queue's dead-letter queue (argyle-subscriptions redrive archive)",
      value: archive.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'ReceiverRouting', {
      description: "The receiver's routing table and queue URL prefix, JSON (argyle-subscriptions replay)",
      value: this.toJsonString(this.ingest.routing),
    });
  }
}
