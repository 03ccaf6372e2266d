import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { configProblems } from '../support/config-problems';

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
