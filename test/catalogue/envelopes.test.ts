import { describe, expect, it } from 'vitest';
import { ARGYLE_EVENT_SCHEMAS, argyleEventSchema, exampleEvent } from '#functions/catalogue/index';

describe('envelope schemas', () => {
  it('keep unknown fields in the envelope, in data and in resource', () => {
    // Arrange
    const example = exampleEvent('accounts.updated', { seed: 3, includeResource: true });
    const body = {
      ...example,
      delivered_by: 'v3',
      data: { ...example.data, brand_new: 1, resource: { ...example.data.resource, new_section: { a: 1 } } },
    };
    // Act
    const parsed = ARGYLE_EVENT_SCHEMAS['accounts.updated'].parse(body);
    // Assert
    expect(parsed).toEqual(body);
    expect(parsed.delivered_by).toBe('v3');
  });

  it('reject a delivery whose event does not match the schema', () => {
    const body = { ...exampleEvent('accounts.added', { seed: 1 }), event: 'accounts.removed' };
    expect(ARGYLE_EVENT_SCHEMAS['accounts.added'].safeParse(body).success).toBe(false);
  });

  it('require the subscription name', () => {
    const { name: _name, ...body } = exampleEvent('accounts.added', { seed: 1 });
    expect(ARGYLE_EVENT_SCHEMAS['accounts.added'].safeParse(body).success).toBe(false);
  });

  it('pick the event schema by event in the discriminated union', () => {
    const parsed = argyleEventSchema.parse(exampleEvent('gigs.partially_synced', { seed: 2 }));
    expect(parsed.event === 'gigs.partially_synced' && parsed.data.item_id).toMatch(/^item_\d{9}$/);
  });

  it('reject an event that is not in the catalogue in the discriminated union', () => {
    expect(argyleEventSchema.safeParse({ event: 'invoices.added', name: 's', data: {} }).success).toBe(false);
  });
});
