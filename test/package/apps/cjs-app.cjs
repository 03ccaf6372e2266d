// A CommonJS CDK app, as `cdk init app --language typescript` makes one, composing the constructs itself.
const { App, Stack } = require('aws-cdk-lib');
const { ArgyleSubscriptions, ArgyleWebhookIngest, ArgyleWebhookMonitoring } = require('argyle-webhooks-aws');

const app = new App();
const stack = new Stack(app, 'CommonJsApp');
const ingest = new ArgyleWebhookIngest(stack, 'Ingest', {
  routes: [{ name: 'accounts', events: ['accounts.*'] }],
});
new ArgyleSubscriptions(stack, 'Subscriptions', {
  webhookUrl: ingest.webhookUrl,
  signingSecret: ingest.signingSecret,
});
new ArgyleWebhookMonitoring(stack, 'Monitoring', { ingest });
app.synth();
