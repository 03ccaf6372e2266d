import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { ARGYLE_API_BASE_URL_ENV } from '../../functions/argyle-api';
import { SUBSCRIPTION_ENV, SUBSCRIPTION_RESOURCE_TYPE } from '../../functions/shared/contract';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import {
  ArgyleSubscriptions,
  type ArgyleSubscriptionsProps,
} from '../../lib/constructs/argyle-subscriptions';
import { FUNCTION_ENTRIES } from '../../lib/constructs/function-defaults';
import { fastApp, fullApp } from '../support/cdk-app';
import { configProblems } from '../support/config-problems';
import { logicalId, policyStatements, type Resource } from './template-helpers';

const WEBHOOK_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/webhook';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synth(props: Partial<ArgyleSubscriptionsProps> = {}) {
  const stack = new Stack(fastApp(), 'Test');
  const signingSecret = new Secret(stack, 'SigningSecret');
  const subscriptions = new ArgyleSubscriptions(stack, 'Subscriptions', {
    webhookUrl: WEBHOOK_URL,
    signingSecret,
    ...props,
  });
  return { stack, signingSecret, subscriptions, template: Template.fromStack(stack) };
}

function customResources(template: Template): Resource[] {
  return Object.values(template.findResources(SUBSCRIPTION_RESOURCE_TYPE)) as Resource[];
}

describe('ArgyleSubscriptions', () => {
  describe('custom resources', () => {
    const { stack, signingSecret, template } = synth({
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

  describe('permissions', () => {
    const { stack, signingSecret, subscriptions, template } = synth();
    const handlerRoleId = logicalId(stack, subscriptions.handler.role ?? subscriptions.handler);
    const frameworkRoles = Object.entries(template.findResources('AWS::IAM::Role')).filter(
      ([id]) => id !== handlerRoleId && id.startsWith('SubscriptionsProviderRole'),
    );
    const handlerArn = { 'Fn::GetAtt': [logicalId(stack, subscriptions.handler), 'Arn'] };

    it('lets the handler read the credentials secret and the signing secret, and write its logs, nothing else', () => {
      expect(policyStatements(template, handlerRoleId)).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SubscriptionsHandlerLogGroup/), 'Arn'] },
        },
        {
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Effect: 'Allow',
          Resource: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':secretsmanager:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':secret:argyle-webhooks/sandbox/api-credentials-??????',
                ],
              ],
            },
            { Ref: logicalId(stack, signingSecret) },
          ],
        },
      ]);
    });

    it('lets the handler decrypt a signing secret encrypted with a customer managed key, through Secrets Manager only', () => {
      // Arrange
      const keyStack = new Stack(fastApp(), 'Keyed');
      const key = Key.fromKeyArn(keyStack, 'Key', KEY_ARN);
      const signingSecret = new Secret(keyStack, 'SigningSecret', { encryptionKey: key });
      const keyed = new ArgyleSubscriptions(keyStack, 'Subscriptions', {
        webhookUrl: WEBHOOK_URL,
        signingSecret,
      });

      // Act
      const statements = policyStatements(
        Template.fromStack(keyStack),
        logicalId(keyStack, keyed.handler.role ?? keyed.handler),
      );

      // Assert
      expect(statements).toContainEqual({
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      });
    });

    it('gives both roles no managed policy', () => {
      const roles = template.findResources('AWS::IAM::Role') as Record<string, Resource>;

      expect(roles[handlerRoleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(frameworkRoles).toHaveLength(1);
      expect(frameworkRoles[0]?.[1].Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('lets the provider framework only invoke the handler (and write its logs)', () => {
      const [[frameworkRoleId = ''] = []] = frameworkRoles;

      expect(policyStatements(template, frameworkRoleId)).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SubscriptionsProviderLogGroup/), 'Arn'] },
        },
        {
          Action: 'lambda:InvokeFunction',
          Effect: 'Allow',
          Resource: [handlerArn, { 'Fn::Join': ['', [handlerArn, ':*']] }],
        },
        { Action: 'lambda:GetFunction', Effect: 'Allow', Resource: handlerArn },
      ]);
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

describe('subscriptions configuration', () => {
  it('defaults to one subscription to all events and API v2', () => {
    expect(parseConfig({})).toMatchObject({
      subscriptions: [{ name: 'all-events', events: ['*'] }],
      argyleApi: { version: 'v2' },
    });
  });

  it('keeps the given subscriptions, config and API settings', () => {
    const config = parseConfig({
      subscriptions: [
        { name: 'items', events: ['items.updated', 'items.removed'], config: { items: ['item_1'] } },
      ],
      argyleApi: {
        credentialsSecretName: 'argyle/creds',
        version: 'v1',
        baseUrl: 'https://proxy.example.com',
      },
    });

    expect(config.subscriptions).toEqual([
      { name: 'items', events: ['items.updated', 'items.removed'], config: { items: ['item_1'] } },
    ]);
    expect(config.argyleApi).toEqual({
      credentialsSecretName: 'argyle/creds',
      version: 'v1',
      baseUrl: 'https://proxy.example.com',
      signingSecretGeneration: 1,
    });
  });

  it("fails for Argyle's rules, one line per problem with the fix", () => {
    expect(
      configProblems({
        subscriptions: [
          { name: 'all-events', events: ['*'], config: { days_synced: 90 } },
          { name: 'paystubs', events: ['paystubs.added'], config: { days_synced: 90 } },
          { name: 'items', events: ['items.updated'], config: { items: [] } },
        ],
      }),
    ).toEqual([
      "argyleWebhooks.subscriptions[0].config: config cannot be used with events ['*']: subscribe to the events that need config in a subscription of their own, and leave config empty here",
      expect.stringMatching(
        /^argyleWebhooks\.subscriptions\[1\]\.config: config is only allowed when every event is one of accounts\.added, .*; move paystubs\.added to a subscription without config$/,
      ),
      'argyleWebhooks.subscriptions[2].config.items: config.items must list between 1 and 30 Item ids, got 0 ids; split larger sets over several subscriptions',
    ]);
  });

  it('fails for malformed names, events, config and duplicates', () => {
    expect(
      configProblems({
        subscriptions: [
          { name: 'Accounts', events: ['accounts.*'] },
          { name: 'a1', events: [] },
          { name: 'a-1', events: ['accounts.connected'], config: { include_resource: 'yes', extra: 1 } },
          { name: 'a1', events: ['*'] },
        ],
      }),
    ).toEqual([
      expect.stringMatching(
        /^argyleWebhooks\.subscriptions\[0\]\.name: "Accounts" is not a subscription name; write 1 to 64 lower-case/,
      ),
      expect.stringMatching(
        /^argyleWebhooks\.subscriptions\[0\]\.events\[0\]: "accounts\.\*" is not an event name/,
      ),
      'argyleWebhooks.subscriptions[1].events: [] is empty; write at least one, e.g. ["*"]',
      'argyleWebhooks.subscriptions[2].config.include_resource: "yes" is not a boolean; write true or false',
      'argyleWebhooks.subscriptions[2].config.extra: unknown key; allowed keys here are include_resource, days_synced, items',
      'argyleWebhooks.subscriptions[2].name: "a-1" and "a1" would both name their stack output A1SubscriptionId; rename one of them',
      'argyleWebhooks.subscriptions[3].name: "a1" is already the name of subscription 1; give every subscription its own name',
    ]);
  });

  it('fails for a bad credentials secret name, API version or base URL', () => {
    expect(
      configProblems({
        argyleApi: {
          credentialsSecretName: 'argyle-creds-AbCdEf',
          version: 'v3',
          baseUrl: 'https://x/?key=1',
        },
      }),
    ).toEqual([
      'argyleWebhooks.argyleApi.credentialsSecretName: "argyle-creds-AbCdEf" ends with "-" and six characters, which Secrets Manager confuses with the suffix of an ARN; write a Secrets Manager secret name, e.g. "argyle-webhooks/sandbox/api-credentials"',
      'argyleWebhooks.argyleApi.version: "v3" is not an Argyle API version; write "v2" or "v1"',
      'argyleWebhooks.argyleApi.baseUrl: "https://x/?key=1" has a query or fragment; write an http(s) URL such as "https://api-sandbox.argyle.com", or leave "baseUrl" out',
    ]);
  });
});
