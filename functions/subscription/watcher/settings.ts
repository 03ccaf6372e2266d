/** The watcher's settings, from the environment the stack sets (`WATCHER_ENV`). */
import { RECEIVER_METRIC_NAMESPACE, WATCHER_ENV } from '../../shared/contract';
import { DEFAULT_SILENT_AFTER_MS } from '../drift';

export interface WatcherEnvironment {
  readonly repair: boolean;
  readonly silentAfterMs: number;
  /** Where the receiver's `DeliveriesAccepted` by `Subscription` lives; undefined: `silent` is not checked. */
  readonly receiver?: { readonly functionName: string; readonly namespace: string };
}

/** @throws Error naming a variable that is set to something unreadable */
export function watcherEnvironment(env: NodeJS.ProcessEnv = process.env): WatcherEnvironment {
  const minutesText = env[WATCHER_ENV.SILENT_AFTER_MINUTES]?.trim();
  let silentAfterMs = DEFAULT_SILENT_AFTER_MS;
  if (minutesText !== undefined && minutesText !== '') {
    const minutes = Number(minutesText);
    if (!Number.isInteger(minutes) || minutes < 1) {
      throw new Error(
        `${WATCHER_ENV.SILENT_AFTER_MINUTES} must be a whole number of minutes, got ${JSON.stringify(minutesText)}`,
      );
    }
    silentAfterMs = minutes * 60_000;
  }
  const functionName = env[WATCHER_ENV.RECEIVER_FUNCTION_NAME]?.trim();
  return {
    repair: env[WATCHER_ENV.REPAIR]?.trim() === 'true',
    silentAfterMs,
    ...(functionName
      ? {
          receiver: {
            functionName,
            namespace: env[WATCHER_ENV.RECEIVER_METRIC_NAMESPACE]?.trim() || RECEIVER_METRIC_NAMESPACE,
          },
        }
      : {}),
  };
}
