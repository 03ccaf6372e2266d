/**
 * Lambda entry point of the signing secret's rotation function, which Secrets Manager invokes for each step.
 * Clients are created once per instance; the configuration comes from the variables the stack sets.
 */
import { createLog } from '../log';
import { createSecretsManagerClient } from '../secrets';
import { createDynamoDbClient, DynamoDbStateStore, stateTableFromEnvironment } from '../state/dynamodb-store';
import { createRotationHandler } from './rotation';
import { readRotationSettings } from './settings';

const settings = readRotationSettings(process.env);

export const handler = createRotationHandler({
  secrets: createSecretsManagerClient(),
  store: new DynamoDbStateStore(createDynamoDbClient(), stateTableFromEnvironment(process.env)),
  log: createLog(),
  signingSecretArn: settings.signingSecretArn,
  minimumIntervalMs: settings.minimumIntervalMs,
});
