import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_PROPERTY as P } from '#functions/shared/contract';
import { readProperties, readTarget } from '#functions/subscription/properties';

const RAW = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  [P.NAME]: 'paystubs',
  [P.EVENTS]: ['paystubs.partially_synced'],
  [P.CONFIG]: '{"days_synced":90}',
  [P.WEBHOOK_URL]: 'https://example.com/webhook',
  [P.SIGNING_SECRET_ARN]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:signing-AbCdEf',
  [P.CREDENTIALS_SECRET_NAME]: 'argyle-webhooks/sandbox/api-credentials',
  [P.ENVIRONMENT]: 'sandbox',
  [P.API_VERSION]: 'v2',
};

describe('readProperties', () => {
  it('reads the properties CloudFormation passes as strings into typed settings', () => {
    expect(readProperties(RAW)).toEqual({
      subscription: {
        name: 'paystubs',
        events: ['paystubs.partially_synced'],
        config: { days_synced: 90 },
        url: 'https://example.com/webhook',
      },
      signingSecretArn: RAW[P.SIGNING_SECRET_ARN],
      signingSecretGeneration: '1',
      target: {
        environment: 'sandbox',
        apiVersion: 'v2',
        credentialsSecretName: 'argyle-webhooks/sandbox/api-credentials',
      },
    });
  });

  it('takes the signing secret generation when given', () => {
    expect(readProperties({ ...RAW, [P.SIGNING_SECRET_GENERATION]: '3' }).signingSecretGeneration).toBe('3');
  });

  it('defaults the API version to v2 and takes a base URL when given', () => {
    const { [P.API_VERSION]: _, ...withoutVersion } = RAW;

    const props = readProperties({ ...withoutVersion, [P.API_BASE_URL]: 'https://proxy.example.com' });

    expect(props.target).toMatchObject({ apiVersion: 'v2', baseUrl: 'https://proxy.example.com' });
  });

  it('reads a missing or empty config as no config', () => {
    const { [P.CONFIG]: _, ...withoutConfig } = RAW;

    expect(readProperties({ ...withoutConfig, [P.EVENTS]: ['*'] }).subscription.config).toEqual({});
    expect(readProperties({ ...RAW, [P.CONFIG]: '' }).subscription.config).toEqual({});
  });

  it('fails naming every missing or malformed property', () => {
    expect(() =>
      readProperties({ ...RAW, [P.NAME]: ' ', [P.ENVIRONMENT]: 'staging', [P.EVENTS]: [] }),
    ).toThrow(/^invalid resource properties: Environment: .+; Name: .+; Events: .+$/);
  });

  it('reads only where the subscription lives for a delete', () => {
    expect(readTarget({ [P.CREDENTIALS_SECRET_NAME]: 'creds', [P.ENVIRONMENT]: 'production' })).toEqual({
      environment: 'production',
      apiVersion: 'v2',
      credentialsSecretName: 'creds',
    });
    expect(() => readTarget({ [P.ENVIRONMENT]: 'production' })).toThrow(
      /^invalid resource properties: CredentialsSecretName: /,
    );
  });

  it('fails for a config that is not JSON or has malformed values', () => {
    expect(() => readProperties({ ...RAW, [P.CONFIG]: '{days_synced: 90}' })).toThrow(
      'invalid resource properties: Config is not JSON',
    );
    expect(() => readProperties({ ...RAW, [P.CONFIG]: '{"days_synced":"90"}' })).toThrow(
      'invalid resource properties: Config has a malformed days_synced',
    );
  });

  it("fails for a subscription that breaks Argyle's rules, before calling Argyle", () => {
    expect(() =>
      readProperties({ ...RAW, [P.EVENTS]: ['*'], [P.CONFIG]: '{"include_resource":true}' }),
    ).toThrow(/^subscription "paystubs" breaks Argyle's rules: config cannot be used with events \['\*'\]/);
  });
});
