/**
 * What the CLI says while it retries a call to Argyle, so a slow failure is never a silent one: the reason, the
 * wait, and what is left of the call's time budget.
 */
import type { RetryNotice } from '../../argyle-api/http-transport';
import { CLI_NAME } from '../remedies';

export function retryNoticeLine(notice: RetryNotice): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `${CLI_NAME}: ${notice.reason}; retrying in ${seconds(notice.waitMs)} (attempt ${notice.attempt + 1}; ${seconds(notice.remainingMs)} left of the ${seconds(notice.totalTimeoutMs)} budget)\n`;
}
