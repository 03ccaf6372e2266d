// An ES module CDK app deploying the whole stack, configured as the repository's test configures its own.

import { ArgyleWebhookStack, parseConfig } from 'argyle-webhooks-aws';
import { App } from 'aws-cdk-lib';

const app = new App();
new ArgyleWebhookStack(app, 'EsmApp', { config: parseConfig(JSON.parse(process.env.APP_CONFIG ?? '{}')) });
app.synth();
