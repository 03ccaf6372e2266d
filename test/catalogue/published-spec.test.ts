/**
 * The catalogue measured against Argyle's published OpenAPI, argyle-all.yaml 1.0.111, as vendored in
 * test/fixtures/argyle-openapi: every event it lists has a schema, and every example delivery it gives passes.
 */
import { describe, expect, it } from 'vitest';
import {
  ARGYLE_EVENT_NAMES,
  ARGYLE_EVENT_SCHEMAS,
  argyleEventSchema,
  checkEvent,
  dataSchemaFor,
  eventListing,
  exampleEvent,
  isArgyleEventName,
  isPublishedEventName,
  LEGACY_V1_EVENT_NAMES,
  PUBLISHED_EVENT_NAMES,
  UNPUBLISHED_EVENT_NAMES,
} from '#functions/catalogue/index';
import { parseArgyleRecord } from '#functions/consumer/index';
import { argyleBody, publishedSpecEvents, publishedSpecExamples } from '../support/argyle-fixtures';

const spec = publishedSpecEvents();
const examples = publishedSpecExamples();
const sorted = (names: readonly string[]) => [...names].sort();

describe("the catalogue against Argyle's published spec", () => {
  it('lists the same 51 event names as the spec, in its order', () => {
    expect(spec).toHaveLength(51);
    expect([...PUBLISHED_EVENT_NAMES]).toEqual(spec.map((entry) => entry.event));
  });

  it.each(spec.map((entry) => entry.event))('has a schema for %s, marked published', (name) => {
    expect(isArgyleEventName(name)).toBe(true);
    expect(dataSchemaFor(name)).toBeDefined();
    expect(isPublishedEventName(name)).toBe(true);
    expect(eventListing(name)).toBe('published');
  });

  it('has the 12 example deliveries of the spec to test against', () => {
    expect(examples).toHaveLength(12);
  });

  it.each(examples.map((example, index) => [example.event, index, example] as const))(
    'accepts the example delivery of %s (#%i) with verdict passed, unchanged',
    (event, _index, example) => {
      // Arrange
      expect(isArgyleEventName(event)).toBe(true);
      if (!isArgyleEventName(event)) return;
      // Act
      const parsed = ARGYLE_EVENT_SCHEMAS[event].safeParse(example);
      // Assert
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(example);
      expect(argyleEventSchema.safeParse(example).success).toBe(true);
      expect(checkEvent(example)).toBe('passed');
    },
  );

  it.each(examples.map((example, index) => [example.event, index, example] as const))(
    "gives the consumer's parse the example delivery of %s (#%i) as a typed event",
    (_event, index, example) => {
      // Arrange: the record the receiver would put on a queue
      const body = argyleBody(example);
      // Act
      const message = parseArgyleRecord({
        body,
        messageAttributes: {
          'argyle.delivery-id': { stringValue: `spec-example-${index}` },
          'argyle.schema': { stringValue: 'passed' },
        },
      });
      // Assert
      expect(message.event).toEqual(example);
      expect(message.rawBody).toBe(body);
    },
  );

  it('leaves out the one example that is a subscription object, not a delivery', () => {
    const malformed = spec.flatMap((entry) => entry.malformed_examples ?? []);
    expect(malformed.map((example) => example.example_key)).toEqual(['verifications_updated']);
    for (const { value } of malformed) expect(argyleEventSchema.safeParse(value).success).toBe(false);
  });

  it('accepts gigs.partially_synced without item_id, as the spec sends it, and with it, as captured', () => {
    const withItem = exampleEvent('gigs.partially_synced', { seed: 3 });
    const { item_id: _itemId, ...withoutItem } = withItem.data;
    expect(withItem.data.item_id).toMatch(/^item_/);
    expect(checkEvent({ event: 'gigs.partially_synced', data: withoutItem })).toBe('passed');
    expect(checkEvent(withItem)).toBe('passed');
  });

  it('still refuses an event without the ids a consumer keys on', () => {
    const { verification: _verification, ...noVerification } = exampleEvent(
      'verifications.connection_added',
      { seed: 1 },
    ).data;
    expect(checkEvent({ event: 'verifications.connection_added', data: noVerification })).toBe('failed');
    expect(checkEvent({ event: 'gigs.partially_synced', data: { user: 'u', days_synced: 30 } })).toBe(
      'failed',
    );
    expect(checkEvent({ event: 'verifications.creation_failed', data: { context: {} } })).toBe('failed');
  });
});

describe('events the published spec does not list', () => {
  const unlisted = ARGYLE_EVENT_NAMES.filter((name) => !spec.some((entry) => entry.event === name));

  it('are the legacy v1 names and paystubs.removed, marked as such', () => {
    expect(sorted(UNPUBLISHED_EVENT_NAMES)).toEqual(sorted(unlisted));
    expect(sorted(unlisted)).toEqual(sorted([...LEGACY_V1_EVENT_NAMES, 'paystubs.removed']));
    expect(eventListing('paystubs.removed')).toBe('unpublished');
    expect(eventListing('activities.added')).toBe('legacy-v1');
    expect(eventListing('accounts.teleported')).toBeUndefined();
  });

  it.each(unlisted)('stay accepted: %s passes with verdict passed', (name) => {
    expect(checkEvent(exampleEvent(name, { seed: 5 }))).toBe('passed');
  });
});
