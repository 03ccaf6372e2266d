/** Lambda entry point of the subscription custom resource (the provider framework's `onEventHandler`). */
import { createHandler } from './create-handler';
import { createLog } from './log';
import { createSecretsManagerClient } from './secrets';
import { createDynamoDbClient } from './state/dynamodb-store';

export const handler = createHandler({
  secrets: createSecretsManagerClient(),
  dynamoDb: createDynamoDbClient(),
  log: createLog(),
});
