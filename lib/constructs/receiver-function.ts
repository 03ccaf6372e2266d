import { Duration } from 'aws-cdk-lib';
import { type FunctionProps, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { RECEIVER_DEFAULT_ENVIRONMENT } from '../../functions/shared/contract.js';
import { functionDefaults } from './function-defaults.js';

/** Variables every receiver gets; the caller's `environment` is merged over them. Defined in the contract. */
export { RECEIVER_DEFAULT_ENVIRONMENT };

export interface ReceiverFunctionProps
  extends Omit<
    FunctionProps,
    'handler' | 'code' | 'runtime' | 'architecture' | 'logGroup' | 'logRetention' | 'loggingFormat'
  > {
  /**
   * How long the function's log group keeps entries.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The Lambda function that verifies and routes Argyle deliveries (`functions/receiver/entry.ts`, pre-built
 * into the package's `dist/assets/receiver`), with the project's defaults:
 * - Node.js 24 on ARM64, 256 MB, 20 s timeout (the handler bounds the SDK's retries, so it answers well
 *   within API Gateway's 29 s)
 * - JSON log format, into its own log group with a retention ({@link ReceiverFunctionProps.logRetention})
 * - Powertools service name, metrics namespace and log level ({@link RECEIVER_DEFAULT_ENVIRONMENT}), merged
 *   with the caller's `environment`
 */
export class ReceiverFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: ReceiverFunctionProps = {}) {
    const { logRetention = RetentionDays.ONE_MONTH, environment, ...rest } = props;
    // Created before `super`, so it is a sibling of the function rather than a child.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, { retention: logRetention });
    const { memorySize, ...defaults } = functionDefaults('receiver');
    super(scope, id, {
      memorySize,
      timeout: Duration.seconds(20),
      description: 'Verifies Argyle webhook deliveries (HMAC-SHA512) and routes them to SQS queues',
      ...rest,
      ...defaults,
      logGroup,
      environment: { ...RECEIVER_DEFAULT_ENVIRONMENT, ...environment },
    });
  }
}
