import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, App } from 'aws-cdk-lib';
import { readAppConfiguration } from '../lib/app-configuration';
import { ArgyleWebhookStack } from '../lib/argyle-webhook-stack';
import { ArgyleWebhooksConfigError, CONFIG_CONTEXT_KEY } from '../lib/config';

const app = new App();
const cdkJson = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../cdk.json'), 'utf8')) as {
  context?: Record<string, unknown>;
};

let configuration: ReturnType<typeof readAppConfiguration>;
try {
  configuration = readAppConfiguration({
    value: app.node.tryGetContext(CONFIG_CONTEXT_KEY),
    cdkJsonBlock: cdkJson.context?.[CONFIG_CONTEXT_KEY],
    keys: Object.keys(app.node.getAllContext()),
  });
} catch (error) {
  if (!(error instanceof ArgyleWebhooksConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

for (const note of configuration.notes) console.error(note);
// One stack per Argyle environment (see lib/environments.ts); without "environments", one stack.
for (const config of configuration.configs) {
  const stack = new ArgyleWebhookStack(app, config.stackName, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  for (const warning of configuration.warnings) {
    Annotations.of(stack).addWarningV2('argyle-webhooks:unknown-context-key', warning);
  }
}
