/** Lambda entry point of the archiver: an SQS event source on the archive queue, with ReportBatchItemFailures. */
import { createArchiver } from './wiring';

export const handler = createArchiver(process.env);
