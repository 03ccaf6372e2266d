/**
 * Assembles the archiver from its environment: the bucket, an S3 client and a logger. The Lambda entry point
 * and the local dev server build it here; the dev server passes an S3 client for its local stand-in.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { ARCHIVER_ENV, ARCHIVER_SERVICE_NAME } from '../shared/contract';
import { type ArchiveHandler, type ArchiverDependencies, createArchiveHandler } from './archiver';

/** At most 3 attempts of 2 s to connect and 15 s to answer: an object holds up to a few MB. */
export const S3_CLIENT_OPTIONS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
} as const;

export function createArchiver(
  env: NodeJS.ProcessEnv,
  overrides: Partial<Omit<ArchiverDependencies, 'bucket'>> = {},
): ArchiveHandler {
  const bucket = env[ARCHIVER_ENV.BUCKET];
  if (bucket === undefined || bucket === '') {
    throw new Error(`environment variable ${ARCHIVER_ENV.BUCKET} is not set`);
  }
  return createArchiveHandler({
    s3: overrides.s3 ?? new S3Client(S3_CLIENT_OPTIONS),
    bucket,
    logger: overrides.logger ?? new Logger({ serviceName: ARCHIVER_SERVICE_NAME }),
    batchId: overrides.batchId,
  });
}
