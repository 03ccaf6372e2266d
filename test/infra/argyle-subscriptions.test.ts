import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ARGYLE_API_BASE_URL_ENV } from '#functions/argyle-api/index';
import { SUBSCRIPTION_ENV, SUBSCRIPTION_RESOURCE_TYPE } from '#functions/shared/contract';
import { FUNCTION_ENTRIES } from '../../lib/constructs/function-defaults';
import { customResources, synth, WEBHOOK_URL } from './subscriptions-fixtures';
import { logicalId } from './template-helpers';

describe('ArgyleSubscriptions', () => {
  describe('custom resources', () => {
    const { stack, signingSecret, subscriptions, template } = synth({
      environment: 'production',
      subscriptions: [
        { name: 'all-events', events: ['*'] },
        {
          name: 'accounts',
          events: ['accounts.connected', 'accounts.updated'],
          config: { include_resource: true },
        },
        { name: 'items', events: ['items.updated'], config: { items: ['item_000000001'] } },
      ],
    });

    it('creates one custom resource per subscription, named after it', () => {
      expect(customResources(template)).toHaveLength(3);
      expect(Object.keys(template.findResources(SUBSCRIPTION_RESOURCE_TYPE))).toEqual([
        expect.stringMatching(/^Subscriptionsallevents[0-9A-F]{8}$/),
        expect.stringMatching(/^Subscriptionsaccounts[0-9A-F]{8}$/),
        expect.stringMatching(/^Subscriptionsitems[0-9A-F]{8}$/),
      ]);
    });

    it('gives each its settings as properties, and secrets only by name or ARN', () => {
      const [, accounts] = customResources(template);

      expect(accounts?.Properties).toEqual({
        ServiceToken: {
          'Fn::GetAtt': [expect.stringMatching(/^SubscriptionsProviderframeworkonEvent/), 'Arn'],
        },
        ServiceTimeout: '600',
        Name: 'accounts',
        Events: ['accounts.connected', 'accounts.updated'],
        Config: '{"include_resource":true}',
        WebhookUrl: WEBHOOK_URL,
        SigningSecretArn: { Ref: logicalId(stack, signingSecret) },
        CredentialsSecretName: 'argyle-webhooks/production/api-credentials',
        Environment: 'production',
        ApiVersion: 'v2',
        StateTable: { Ref: logicalId(stack, subscriptions.stateTable) },
      });
    });

    it('writes config with its keys in a fixed order, and {} for none', () => {
      const [allEvents, , items] = customResources(template);

      expect(allEvents?.Properties?.Config).toBe('{}');
      expect(items?.Properties?.Config).toBe('{"items":["item_000000001"]}');
    });

    it('deletes the subscriptions with the stack', () => {
      template.allResources(SUBSCRIPTION_RESOURCE_TYPE, { DeletionPolicy: 'Delete' });
    });

    it('puts no secret value in the template', () => {
      const json = JSON.stringify(template.toJSON());

      expect(json).not.toMatch(/resolve:secretsmanager|"SecretString"|api_key_secret/);
    });
  });

  describe('handler function', () => {
    const { template } = synth({ logRetention: 7 });

    it('runs Node.js 24 on arm64 with a 5 minute timeout, so failures reach CloudFormation within minutes', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('^Registers Argyle webhook subscriptions'),
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: 300,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'argyle-webhook-subscriptions',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          },
        },
      });
    });

    it('keeps the handler and framework logs for the given retention', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 2);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    });

    it('bundles functions/subscription/handler.ts', () => {
      expect(FUNCTION_ENTRIES.subscription).toMatch(/^functions\/subscription\/handler\.ts$/);
    });

    it('reads the same base URL override variable as the API client', () => {
      expect(SUBSCRIPTION_ENV.API_BASE_URL).toBe(ARGYLE_API_BASE_URL_ENV);
    });
  });

  describe('defaults', () => {
    it('registers one subscription to all events by default', () => {
      const [only, ...others] = customResources(synth().template);

      expect(others).toEqual([]);
      expect(only?.Properties).toMatchObject({ Name: 'all-events', Events: ['*'], Config: '{}' });
    });

    it('uses the sandbox, API v2 and the sandbox credentials secret by default', () => {
      const [only] = customResources(synth().template);

      expect(only?.Properties).toMatchObject({
        Environment: 'sandbox',
        ApiVersion: 'v2',
        CredentialsSecretName: 'argyle-webhooks/sandbox/api-credentials',
      });
      expect(only?.Properties?.ApiBaseUrl).toBeUndefined();
    });

    it('leaves the signing secret generation out at its default, so existing stacks see no change', () => {
      const [only] = customResources(synth().template);

      expect(only?.Properties?.SigningSecretGeneration).toBeUndefined();
    });

    it('passes a raised signing secret generation to every subscription, which makes CloudFormation update them', () => {
      const resources = customResources(
        synth({
          subscriptions: [
            { name: 'a', events: ['*'] },
            { name: 'b', events: ['accounts.connected'] },
          ],
          signingSecretGeneration: 2,
        }).template,
      );

      expect(resources.map((r) => r.Properties?.SigningSecretGeneration)).toEqual(['2', '2']);
    });

    it('uses the credentials secret, API version and base URL when given', () => {
      const [only] = customResources(
        synth({
          credentialsSecretName: 'team/argyle',
          apiVersion: 'v1',
          apiBaseUrl: 'https://argyle-proxy.example.com',
        }).template,
      );

      expect(only?.Properties).toMatchObject({
        CredentialsSecretName: 'team/argyle',
        ApiVersion: 'v1',
        ApiBaseUrl: 'https://argyle-proxy.example.com',
      });
    });
  });

  describe('subscription ids', () => {
    it('reads a subscription id from its custom resource', () => {
      const { stack, subscriptions } = synth();

      expect(stack.resolve(subscriptions.subscriptionId('all-events'))).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^Subscriptionsallevents/), 'SubscriptionId'],
      });
    });

    it('fails for a name that is not configured, listing the configured ones', () => {
      const { subscriptions } = synth();

      expect(() => subscriptions.subscriptionId('accounts')).toThrow(
        'no subscription named "accounts"; the configured ones are all-events',
      );
    });
  });

  describe('validation', () => {
    it("fails for subscriptions that break Argyle's rules, naming each field and the fix", () => {
      expect(() =>
        synth({
          subscriptions: [
            { name: 'all', events: ['*'], config: { include_resource: true } },
            { name: 'items', events: ['items.updated'] },
            { name: 'all', events: ['accounts.*'] },
          ],
        }),
      ).toThrow(
        [
          'invalid ArgyleSubscriptions props:',
          "  subscriptions[0].config: config cannot be used with events ['*']: subscribe to the events that need config in a subscription of their own, and leave config empty here",
          '  subscriptions[1].config.items: items.updated require config.items: list the 1 to 30 Item ids (item_...) to follow',
          '  subscriptions[2].events[0]: "accounts.*" is not an event name; write "<resource>.<action>" in lower case, e.g. "accounts.connected", or "*" for all events (Argyle takes no patterns such as "accounts.*")',
          '  subscriptions[2].name: "all" is already the name of subscription 0; give every subscription its own name',
        ].join('\n'),
      );
    });

    it('fails for an empty list, a bad secret name and a bad base URL', () => {
      expect(() =>
        synth({ subscriptions: [], credentialsSecretName: 'bad name', apiBaseUrl: 'https://user:pw@proxy' }),
      ).toThrow(
        /^invalid ArgyleSubscriptions props:\n {2}subscriptions: \[\] is empty; .*\n {2}credentialsSecretName: "bad name" is not a secret name; .*\n {2}apiBaseUrl: "https:\/\/user:pw@proxy" contains credentials; .*$/,
      );
    });
  });
});
