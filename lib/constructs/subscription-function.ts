import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionDefaults } from './function-defaults.js';

/**
 * How long one custom resource event may run. The handler's calls to Argyle are bounded well below it (40 s
 * each, retries included), so a failure reaches CloudFormation within minutes, never after the hour a custom
 * resource may otherwise hang.
 */
export const SUBSCRIPTION_HANDLER_TIMEOUT = Duration.minutes(5);

export interface SubscriptionFunctionProps {
  /**
   * How long the function's log group keeps entries.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The custom resource handler that registers Argyle webhook subscriptions (`functions/subscription/handler.ts`):
 * Node.js 24 on ARM64, 256 MB, a 5 minute timeout, pre-built like the receiver, JSON logs in its own log group.
 * Its role starts empty except for writing to that log group; grant it what it reads.
 */
export class SubscriptionFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: SubscriptionFunctionProps = {}) {
    // Created before `super`, so they are siblings of the function rather than children.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    // No managed policy: the function may write its own logs and, once granted, read its two secrets.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Argyle subscription custom resource: writes its logs, reads the API credentials and signing secret',
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      description: 'Registers Argyle webhook subscriptions (CloudFormation custom resource handler)',
      ...functionDefaults('subscription'),
      timeout: SUBSCRIPTION_HANDLER_TIMEOUT,
      logGroup,
      role,
      environment: { POWERTOOLS_SERVICE_NAME: 'argyle-webhook-subscriptions', POWERTOOLS_LOG_LEVEL: 'INFO' },
    });
  }
}
