import { App } from 'aws-cdk-lib';
import { ArgyleWebhookStack } from '../lib/argyle-webhook-stack';
import { ArgyleWebhooksConfigError, CONFIG_CONTEXT_KEY, parseConfig } from '../lib/config';

const app = new App();

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(app.node.tryGetContext(CONFIG_CONTEXT_KEY));
} catch (error) {
  if (!(error instanceof ArgyleWebhooksConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

new ArgyleWebhookStack(app, config.stackName, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
