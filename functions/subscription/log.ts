/**
 * The custom resource's log: one structured line per step, carrying ids and names only (never a secret, a
 * subscription body, or the presigned ResponseURL).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export interface SubscriptionLog {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function createLog(serviceName = 'argyle-webhook-subscriptions'): SubscriptionLog {
  const logger = new Logger({ serviceName });
  return {
    info: (message, fields = {}) => logger.info(message, { ...fields }),
    warn: (message, fields = {}) => logger.warn(message, { ...fields }),
    error: (message, fields = {}) => logger.error(message, { ...fields }),
  };
}

/** A log that drops everything. */
export const SILENT_LOG: SubscriptionLog = { info: () => {}, warn: () => {}, error: () => {} };
