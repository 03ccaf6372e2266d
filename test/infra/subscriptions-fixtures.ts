/** What the ArgyleSubscriptions tests share: a synthesized stack with the construct, and its custom resources. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { SUBSCRIPTION_RESOURCE_TYPE } from '#functions/shared/contract';
import {
  ArgyleSubscriptions,
  type ArgyleSubscriptionsProps,
} from '../../lib/constructs/argyle-subscriptions';
import { fastApp } from '../support/cdk-app';
import type { Resource } from './template-helpers';

export const WEBHOOK_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/webhook';
export const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export function synth(props: Partial<ArgyleSubscriptionsProps> = {}) {
  const stack = new Stack(fastApp(), 'Test');
  const signingSecret = new Secret(stack, 'SigningSecret');
  const subscriptions = new ArgyleSubscriptions(stack, 'Subscriptions', {
    webhookUrl: WEBHOOK_URL,
    signingSecret,
    ...props,
  });
  return { stack, signingSecret, subscriptions, template: Template.fromStack(stack) };
}

export function customResources(template: Template): Resource[] {
  return Object.values(template.findResources(SUBSCRIPTION_RESOURCE_TYPE)) as Resource[];
}
