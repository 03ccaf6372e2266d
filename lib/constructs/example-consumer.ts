import { Duration, Validations } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  EXAMPLE_CONSUMER_BATCH_SIZE,
  EXAMPLE_CONSUMER_TIMEOUT_SECONDS,
  exampleConsumerRouteProblem,
} from '../defaults.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import { functionDefaults } from './function-defaults.js';

export { EXAMPLE_CONSUMER_BATCH_SIZE, EXAMPLE_CONSUMER_TIMEOUT_SECONDS, exampleConsumerRouteProblem };

export interface ExampleConsumerProps {
  /** The ingest whose queue to consume. */
  readonly ingest: ArgyleWebhookIngest;
  /** The route whose queue to consume; `catch-all` for the catch-all queue. */
  readonly route: string;
  /**
   * How long the function's log group keeps entries.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * An example of a consumer of one route's queue (`functions/example-consumer/handler.ts`): a Lambda function
 * pre-built like the receiver, fed by an SQS event source that reports batch item failures, allowed
 * to receive and delete through the ingest's `grantConsume`. It logs each event's name and delivery id, and
 * nothing from the payload.
 */
export class ExampleConsumer extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: ExampleConsumerProps) {
    super(scope, id);
    const queue = props.ingest.queue(props.route);
    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    this.function = new LambdaFunction(this, 'Function', {
      description: `Example consumer of the Argyle webhook queue of route "${props.route}": logs event names`,
      ...functionDefaults('example-consumer'),
      timeout: Duration.seconds(EXAMPLE_CONSUMER_TIMEOUT_SECONDS),
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'argyle-example-consumer',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only lets the function write its own logs, the least any Lambda function needs.',
    });
    props.ingest.grantConsume(props.route, this.function);
    this.function.addEventSource(
      new SqsEventSource(queue, { batchSize: EXAMPLE_CONSUMER_BATCH_SIZE, reportBatchItemFailures: true }),
    );
  }
}
