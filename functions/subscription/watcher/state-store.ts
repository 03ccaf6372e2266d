/** The state store the deployed watcher uses: the DynamoDB table the stack names in its environment. */
import { createDynamoDbClient, DynamoDbStateStore, stateTableFromEnvironment } from '../state/dynamodb-store';
import type { SubscriptionStateStore } from '../state/store';

/** @throws Error when the table's variable is not set */
export function stateStoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubscriptionStateStore {
  return new DynamoDbStateStore(createDynamoDbClient(), stateTableFromEnvironment(env));
}
