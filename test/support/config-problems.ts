/** The problem lines of the error `parseConfig(raw)` throws; fails the test when the configuration is accepted. */
import { ArgyleWebhooksConfigError, parseConfig } from '../../lib/config';

export function configProblems(raw: unknown): readonly string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ArgyleWebhooksConfigError) return error.problems;
    throw error;
  }
  throw new Error('parseConfig accepted the configuration');
}
