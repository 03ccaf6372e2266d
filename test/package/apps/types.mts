// Type-checked (not run) in an ES module app: the published declarations resolve, with real types.

import { ARGYLE_SOURCE_IPS, ArgyleWebhookIngest, type ArgyleWebhookIngestProps } from 'argyle-webhooks-aws';
import { type ArgyleMessage, parseArgyleRecord } from 'argyle-webhooks-aws/consumer';
import { App, Stack } from 'aws-cdk-lib';

const props: ArgyleWebhookIngestProps = { routes: [{ name: 'all', events: ['*'] }] };
const ingest = new ArgyleWebhookIngest(new Stack(new App(), 'Types'), 'Ingest', props);
const url: string = ingest.webhookUrl;
const ips: readonly string[] = ARGYLE_SOURCE_IPS;
// @ts-expect-error routes is a list of routes, not a string: fails only if the types resolved
new ArgyleWebhookIngest(new Stack(new App(), 'Wrong'), 'Ingest', { routes: 'all' });
const message: ArgyleMessage = parseArgyleRecord({ body: '{}', messageAttributes: {} });
// @ts-expect-error a parsed message has no such field: fails only if the consumer's types resolved
message.nonsense;

export { ips, url };
