/**
 * The cdk-nag AwsSolutions findings this project accepts, each with the reason, on the construct it concerns.
 * Acknowledging through CDK's `Validations` costs nothing when cdk-nag is not installed as a plugin; the test
 * suite runs the pack on the full stack (test/infra/nag.test.ts). Findings that had a right fix were fixed
 * instead (execution logging, TLS-only topic, key rotation).
 */
import { Aspects, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IStage } from 'aws-cdk-lib/aws-apigateway';
import { type ISecret, RotationSchedule } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import type { SigningSecretRotation } from './signing-secret-rotation.js';

const MANAGED_POLICY = 'Policy::arn:<AWS::Partition>:iam::aws:policy';

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
}

/** Findings of {@link ArgyleWebhookIngest} as designed; `customerManagedKey` when it encrypts with one. */
export function acknowledgeIngestFindings(ingest: ArgyleWebhookIngest, customerManagedKey: boolean): void {
  for (const method of ingest.api.methods) {
    const reason =
      'Argyle cannot send credentials: the X-Argyle-Signature HMAC-SHA512 over the body, verified by the ' +
      "receiver, is the authentication, behind a resource policy that by default admits only Argyle's addresses.";
    acknowledge(method, 'APIG4', reason);
    acknowledge(method, 'COG4', reason);
  }
  acknowledge(
    ingest.api,
    'APIG2',
    'The receiver validates every request itself, answering 401 for a missing or wrong signature and 413 for ' +
      "an oversized body as Argyle's contract expects, where API Gateway's request validator would answer 400.",
  );
  acknowledge(
    ingest.receiver,
    `IAM4[${MANAGED_POLICY}/service-role/AWSLambdaBasicExecutionRole]`,
    'AWSLambdaBasicExecutionRole only lets the function write its own logs, the least any Lambda function needs.',
  );
  acknowledge(
    ingest.api,
    `IAM4[${MANAGED_POLICY}/service-role/AmazonAPIGatewayPushToCloudWatchLogs]`,
    "API Gateway's account-wide logging role needs exactly what this AWS policy made for it allows.",
  );
  if (customerManagedKey) {
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge(
        ingest.receiver,
        `IAM5[Action::${action}]`,
        `${action} comes with CDK's grant to send to a queue encrypted with the configured key, and the statement names that one key only.`,
      );
    }
  }
  acknowledgeWhileNotRotated(ingest.signingSecret);
}

/**
 * SMG4 (no automatic rotation) is acknowledged for the signing secret only while it has no rotation schedule:
 * decided when the app synthesizes (an aspect), since `SigningSecretRotation` adds the schedule after the ingest
 * construct made the secret. With rotation on, there is nothing to acknowledge.
 */
function acknowledgeWhileNotRotated(secret: ISecret): void {
  Aspects.of(secret).add({
    visit(node: IConstruct) {
      if (node !== secret) return;
      if (secret.node.children.some((child) => child instanceof RotationSchedule)) return;
      acknowledge(
        secret,
        'SMG4',
        'Its value must equal the secret of every Argyle subscription, so it is rotated by replacing them: ' +
          'turn on signingSecret.rotation (docs/rotation.md), or rotate by hand with signingSecretGeneration.',
      );
    },
  });
}

/** The one finding of a stage deployed without {@link ArgyleWebhookWaf}. */
export function acknowledgeNoWaf(stage: IStage): void {
  acknowledge(
    stage,
    'APIG3',
    "WAF is optional (waf.enabled): the resource policy already admits only Argyle's addresses and the stage " +
      'is throttled, so a web ACL adds cost for edge rate limiting that not every deployment needs.',
  );
}

/** Findings of the archive as designed. */
export function acknowledgeArchiveFindings(archive: {
  readonly bucket: IConstruct;
  readonly archiver: IConstruct;
}): void {
  acknowledge(
    archive.bucket,
    'S1',
    'Only the archiver writes (under deliveries/v1/) and only operators granted read may read, so S3 server ' +
      'access logs would record little but the archiver itself; CloudTrail S3 data events are the audit trail ' +
      'to turn on where one is required (docs/archive.md).',
  );
  acknowledge(
    archive.archiver,
    `IAM4[${MANAGED_POLICY}/service-role/AWSLambdaBasicExecutionRole]`,
    'AWSLambdaBasicExecutionRole only lets the function write its own logs, the least any Lambda function needs.',
  );
  const bucketId = Stack.of(archive.bucket).getLogicalId(archive.bucket.node.defaultChild as CfnElement);
  acknowledge(
    archive.archiver,
    `IAM5[Resource::<${bucketId}.Arn>/deliveries/v1/*]`,
    'The archiver writes a new key per batch, so it may put objects under the archive prefix and nowhere else.',
  );
}

/** The one finding of {@link SigningSecretRotation} as designed. */
export function acknowledgeRotationFindings(rotation: SigningSecretRotation): void {
  const role = rotation.function.role;
  if (role === undefined) return;
  acknowledge(
    role,
    'IAM5[Resource::*]',
    'secretsmanager:GetRandomPassword acts on no resource, so IAM grants it only on "*", and it reads or changes nothing; every other grant names its resource.',
  );
}
