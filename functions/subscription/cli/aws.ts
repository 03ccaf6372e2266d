/**
 * The AWS clients of the archive commands (replay, redrive, peek), created once per run and only when used,
 * with the usual AWS settings (credentials, `AWS_REGION`, `AWS_ENDPOINT_URL_S3` / `_SQS` for local stand-ins).
 * Tests hand in clients pointed at the stand-ins on 127.0.0.1.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsClients {
  readonly s3: Pick<S3Client, 'send'>;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly cloudformation: Pick<CloudFormationClient, 'send'>;
}

/** Each client from `given`, else a new one made on first use. */
export function awsClients(given: Partial<AwsClients> = {}): AwsClients {
  let s3 = given.s3;
  let sqs = given.sqs;
  let cloudformation = given.cloudformation;
  return {
    get s3() {
      s3 ??= new S3Client({ maxAttempts: 5 });
      return s3;
    },
    get sqs() {
      sqs ??= new SQSClient({ maxAttempts: 5 });
      return sqs;
    },
    get cloudformation() {
      cloudformation ??= new CloudFormationClient({});
      return cloudformation;
    },
  };
}
