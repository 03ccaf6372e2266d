import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_RESOURCE_TYPE } from '#functions/shared/contract';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp, fullApp } from '../support/cdk-app';
import { customResources } from './subscriptions-fixtures';
import { logicalId, type Resource } from './template-helpers';

describe('ArgyleWebhookStack subscriptions', () => {
  function stackOf(rawConfig: unknown) {
    const stack = new ArgyleWebhookStack(fastApp(), 'Test', { config: parseConfig(rawConfig) });
    return { stack, template: Template.fromStack(stack) };
  }

  it('registers the configured subscriptions at the webhook URL, signed with the signing secret', () => {
    // Act
    const { stack, template } = stackOf({
      environment: 'production',
      subscriptions: [
        { name: 'accounts', events: ['accounts.connected'], config: { include_resource: true } },
      ],
      argyleApi: {
        credentialsSecretName: 'team/argyle',
        version: 'v1',
        baseUrl: 'https://proxy.example.com',
      },
    });

    // Assert
    const [only, ...others] = customResources(template);
    expect(others).toEqual([]);
    expect(only?.Properties).toMatchObject({
      Name: 'accounts',
      Config: '{"include_resource":true}',
      WebhookUrl: { 'Fn::Join': ['', expect.arrayContaining(['/webhook'])] },
      SigningSecretArn: { Ref: logicalId(stack, stack.ingest.signingSecret) },
      CredentialsSecretName: 'team/argyle',
      Environment: 'production',
      ApiVersion: 'v1',
      ApiBaseUrl: 'https://proxy.example.com',
    });
    expect(JSON.stringify(only?.Properties?.WebhookUrl)).toContain(logicalId(stack, stack.ingest.api));
  });

  it("outputs each subscription's id", () => {
    const { stack, template } = stackOf({
      subscriptions: [
        { name: 'all-events', events: ['*'] },
        { name: 'paystubs-90', events: ['paystubs.partially_synced'], config: { days_synced: 90 } },
      ],
    });

    for (const [output, name] of [
      ['AllEventsSubscriptionId', 'all-events'],
      ['Paystubs90SubscriptionId', 'paystubs-90'],
    ] as const) {
      template.hasOutput(output, {
        Description: `Argyle id of the webhook subscription "${name}"`,
        Value: {
          'Fn::GetAtt': [
            logicalId(stack, stack.subscriptions?.resources.get(name) ?? stack),
            'SubscriptionId',
          ],
        },
      });
    }
  });

  it('registers nothing, and creates no handler, for subscriptions: []', () => {
    const { stack, template } = stackOf({ subscriptions: [] });

    expect(stack.subscriptions).toBeUndefined();
    expect(template.findResources(SUBSCRIPTION_RESOURCE_TYPE)).toEqual({});
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.endsWith('SubscriptionId'))).toEqual([]);
  });

  it('warns when a route filters on a subscription that is not configured', () => {
    const { stack } = stackOf({
      routes: [{ name: 'partner', events: ['*'], subscriptions: ['partner-feed', 'all-events'] }],
    });

    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp(
        'route "partner" filters on subscription "partner-feed", which "subscriptions" does not configure \\(all-events\\)',
      ),
    );
  });

  it('does not warn about route subscriptions that are configured', () => {
    const { stack } = stackOf({ routes: [{ name: 'all', events: ['*'], subscriptions: ['all-events'] }] });

    expect(
      Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('filters on subscription')),
    ).toEqual([]);
  });

  it('bundles the subscription handler into one module that exports handler', () => {
    // Arrange
    const app = fullApp();
    const stack = new ArgyleWebhookStack(app, 'Bundled', { config: parseConfig({}) });

    // Act
    const template = Template.fromStack(stack);

    // Assert
    const handler = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) =>
        (fn as Resource).Properties?.Description ===
        'Registers Argyle webhook subscriptions (CloudFormation custom resource handler)',
    ) as Resource | undefined;
    const code = handler?.Properties?.Code as { S3Key: string };
    const bundle = readFileSync(
      path.join(app.synth().directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'),
      'utf8',
    );
    expect(/export\{\w+ as handler\}/.test(bundle), 'the bundle exports handler').toBe(true);
    expect(/from\s*["']@aws-sdk\//.test(bundle), 'the bundle imports nothing from @aws-sdk').toBe(false);
    expect(bundle).not.toContain('aws-cdk-lib');
  });
});
