/** What the ArgyleWebhookIngest tests share: a synthesized stack with the construct, and its routing table. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import {
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
} from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { receiverEnvironment } from './template-helpers';

export function synth(props?: ArgyleWebhookIngestProps) {
  const stack = new Stack(fastApp(), 'Test');
  const ingest = new ArgyleWebhookIngest(stack, 'Ingest', props);
  return { stack, ingest, template: Template.fromStack(stack) };
}

export function routingTable(template: Template): RoutingTable {
  const json = receiverEnvironment(template)[RECEIVER_ENV.ROUTES];
  if (json === undefined) throw new Error(`${RECEIVER_ENV.ROUTES} is not set`);
  return JSON.parse(json);
}

export const IMPORTED_ARN = 'arn:aws:sqs:us-east-1:111111111111:existing-queue';
export const IMPORTED_FIFO_ARN = 'arn:aws:sqs:us-east-1:111111111111:existing-queue.fifo';
