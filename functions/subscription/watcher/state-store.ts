/**
 * The state store the deployed watcher uses: the DynamoDB table named by `WATCHER_ENV.STATE_TABLE`.
 *
 * The DynamoDB store (`../state/dynamodb-store.ts`) is being built alongside; until it is merged, the deployed
 * watcher has no store and says so. The logic takes any `SubscriptionStateStore` (tests use `MemoryStateStore`).
 */
import { WATCHER_ENV } from '../../shared/contract';
import type { SubscriptionStateStore } from '../state/store';

export function stateStoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubscriptionStateStore {
  const table = env[WATCHER_ENV.STATE_TABLE]?.trim();
  if (!table)
    throw new Error(`${WATCHER_ENV.STATE_TABLE} is not set: the watcher has no state table to read`);
  throw new Error(`the DynamoDB state store is not part of this build yet (table ${table})`);
}
