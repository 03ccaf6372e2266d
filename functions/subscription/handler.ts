/** Lambda entry point of the subscription custom resource (the provider framework's `onEventHandler`). */
import { createHandler } from './create-handler';
import { createLog } from './log';
import { createSecretsManagerClient } from './secrets';

export const handler = createHandler({ secrets: createSecretsManagerClient(), log: createLog() });
