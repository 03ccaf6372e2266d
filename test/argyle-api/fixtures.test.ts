import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type WebhookSubscription,
  type WebhookSubscriptionPage,
  WebhookSubscriptionPageSchema,
  WebhookSubscriptionSchema,
} from '#functions/argyle-api/index';
import type { FakeWebhook } from '../support/fake-argyle-api';
import { clientOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';
import { NEW_SUBSCRIPTION } from './harness';

const fixtures = new URL('../fixtures/argyle-api/', import.meta.url);
const readFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

describe("Argyle's real response bodies", () => {
  it('parse the create response into a WebhookSubscription, unchanged', () => {
    const body = readFixture('response_create_webhook_subscription.json');

    const parsed: WebhookSubscription = WebhookSubscriptionSchema.parse(body);

    expect(parsed).toEqual(body);
    expect(parsed.config).toEqual({ include_resource: true });
  });

  it('parse the list response into a WebhookSubscriptionPage, unchanged', () => {
    const body = readFixture('response_get_webhook_subscriptions.json');

    const parsed: WebhookSubscriptionPage = WebhookSubscriptionPageSchema.parse(body);

    expect(parsed).toEqual(body);
    expect(parsed.results).toHaveLength(6);
    expect(parsed.results.find((s) => s.events.includes('*'))?.config).toEqual({});
  });

  describe('served by the fake API', () => {
    const api = useFakeArgyleApi({ resetBeforeEach: false });

    it('come back through the client as they were', async () => {
      const page = readFixture('response_get_webhook_subscriptions.json') as { results: FakeWebhook[] };
      api.seed(...[...page.results].reverse());

      const listed = await clientOf(api).list({ limit: 4 });

      expect(listed).toEqual(page.results);
    });

    it('match the shape of what the fake API creates', async () => {
      const real = readFixture('response_create_webhook_subscription.json') as Record<string, unknown>;

      const created = await clientOf(api).create(NEW_SUBSCRIPTION);

      expect(Object.keys(created).sort()).toEqual(Object.keys(real).sort());
      expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });
  });
});
