/**
 * The archive of `npm run dev`, with `archive.enabled`: the S3 stand-in with the archive bucket, and the archiver
 * (functions/archive/wiring.ts, the deployed handler's assembly) run on the archive queue as Lambda's event
 * source mapping runs it, batch by batch with ReportBatchItemFailures (local/example-consumer-runner.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createArchiver } from '../functions/archive/wiring';
import { ARCHIVER_ENV, ARCHIVER_SERVICE_NAME } from '../functions/shared/contract';
import { DEV_ARCHIVE_BUCKET } from './defaults';
import { runSqsHandler } from './example-consumer-runner';
import { startS3StandIn } from './s3-stand-in';

export interface DevArchive {
  readonly bucket: string;
  /** e.g. `http://127.0.0.1:9325` */
  readonly s3Endpoint: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Resolves once the archive queue is empty and nothing is in flight: what was accepted is in the bucket. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface DevArchiveOptions {
  readonly s3Port: number;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Let the archiver write its own log lines. @default false */
  readonly logs?: boolean;
}

export async function startDevArchive(options: DevArchiveOptions): Promise<DevArchive> {
  const s3 = await startS3StandIn(options.s3Port);
  try {
    await s3.createBucket(DEV_ARCHIVE_BUCKET);
  } catch (error) {
    await s3.close();
    throw error;
  }
  const handler = createArchiver(
    { [ARCHIVER_ENV.BUCKET]: DEV_ARCHIVE_BUCKET },
    {
      s3: s3.client,
      logger: new Logger({ serviceName: ARCHIVER_SERVICE_NAME, logLevel: options.logs ? 'INFO' : 'ERROR' }),
    },
  );
  const stop = new AbortController();
  const running = runSqsHandler({
    client: options.sqs,
    queueUrl: options.queueUrl,
    handler,
    waitSeconds: 1,
    signal: stop.signal,
  }).catch(() => undefined);
  const pending = async () => {
    const { Attributes = {} } = await options.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: options.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };
  return {
    bucket: DEV_ARCHIVE_BUCKET,
    s3Endpoint: s3.endpoint,
    queueUrl: options.queueUrl,
    deadLetterQueueUrl: options.deadLetterQueueUrl,
    async settle(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await pending()) > 0) {
        if (Date.now() > deadline) throw new Error('the archive queue did not empty in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      stop.abort();
      await running;
      await s3.close();
    },
  };
}
