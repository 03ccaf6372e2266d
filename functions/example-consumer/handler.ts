/**
 * Lambda entry point of the example consumer: an SQS event source with `reportBatchItemFailures`. It logs the
 * name and delivery id of each Argyle event it receives and nothing else; replace `processBatch` with real work.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processBatch } from './process-batch';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'argyle-example-consumer' });

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => processBatch(event, logger);
