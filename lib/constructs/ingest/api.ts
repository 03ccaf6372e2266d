/**
 * The ingest construct's API: a regional REST API with one `POST /webhook` method proxied to the receiver, its
 * one stage (throttled), its access log and its execution log (errors only).
 */
import { Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ILogGroup, LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type ResolvedIngestProps, STAGE_NAME } from './props.js';
import { sourceIpPolicy } from './source-ip-policy.js';

/** One JSON object per request; `errorMessage` uses API Gateway's own JSON-escaped form. */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    requestTime: AccessLogField.contextRequestTime(),
    httpMethod: AccessLogField.contextHttpMethod(),
    path: AccessLogField.contextPath(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    errorMessage: '@ERROR_MESSAGE@',
    responseLatency: AccessLogField.contextResponseLatency(),
    apiId: AccessLogField.contextApiId(),
  }).replace('"@ERROR_MESSAGE@"', AccessLogField.contextErrorMessageString()),
);

export interface IngestApi {
  readonly api: RestApi;
  /** Undefined when access logging is off. */
  readonly accessLogGroup?: ILogGroup;
  /** Undefined when access logging is off. */
  readonly executionLogGroup?: ILogGroup;
}

/**
 * Creates, under `scope` (whose id `id` names the API), the access log group, the API with its stage, the
 * execution log group and `POST /webhook` proxied to `receiver`.
 */
export function createIngestApi(
  scope: Construct,
  id: string,
  resolved: ResolvedIngestProps,
  receiver: IFunction,
): IngestApi {
  const { props, accessLogging, logRetention, restrictSourceIps, allowedSourceIps, throttling } = resolved;
  const accessLogGroup = accessLogging
    ? new LogGroup(scope, 'AccessLogs', { retention: logRetention })
    : undefined;
  const api = new RestApi(scope, 'Api', {
    restApiName: `${Stack.of(scope).stackName}-${id}`,
    description: 'Receives Argyle webhooks: POST /webhook',
    endpointConfiguration: { types: [EndpointType.REGIONAL] },
    // Every content type is binary, so API Gateway hands the receiver the exact body bytes (base64) to verify.
    binaryMediaTypes: ['*/*'],
    cloudWatchRole: accessLogging && (props.createApiGatewayAccountRole ?? true),
    policy: restrictSourceIps ? sourceIpPolicy(allowedSourceIps) : undefined,
    deployOptions: {
      stageName: STAGE_NAME,
      throttlingRateLimit: throttling.rateLimit,
      throttlingBurstLimit: throttling.burstLimit,
      metricsEnabled: true,
      // Execution logging records errors only, and never data tracing, which would write bodies and
      // signatures to CloudWatch. It needs the account's API Gateway logging role, as access logging does.
      loggingLevel: accessLogging ? MethodLoggingLevel.ERROR : MethodLoggingLevel.OFF,
      dataTraceEnabled: false,
      ...(accessLogGroup
        ? {
            accessLogDestination: new LogGroupLogDestination(accessLogGroup),
            accessLogFormat: ACCESS_LOG_FORMAT,
          }
        : {}),
    },
  });
  let executionLogGroup: ILogGroup | undefined;
  if (accessLogging) {
    // API Gateway would create this group itself, without a retention; the stage logs once it exists.
    executionLogGroup = new LogGroup(scope, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${api.restApiId}/${STAGE_NAME}`,
      retention: logRetention,
    });
    api.deploymentStage.node.addDependency(executionLogGroup);
  }
  // A changed resource policy only takes effect with a new deployment.
  api.latestDeployment?.addToLogicalId({ restrictSourceIps, allowedSourceIps });
  api.root
    .addResource('webhook')
    // No request validator: the receiver answers a missing or wrong signature with 401 and an oversized body
    // with 413 (the contract), where API Gateway's validator would answer 400.
    .addMethod('POST', new LambdaIntegration(receiver, { proxy: true, allowTestInvoke: false }));
  return { api, accessLogGroup, executionLogGroup };
}
