import { describe, expectTypeOf, it } from 'vitest';
import type {
  ArgyleEvent,
  ArgyleEventData,
  ArgyleEventName,
  ArgyleEventOf,
} from '#functions/catalogue/index';
import { exampleEvent } from '#functions/catalogue/index';

/** Assertions that run on any event; taking it as a parameter keeps TypeScript from narrowing it in advance. */
function assertNarrowingOnEvent(event: ArgyleEvent): void {
  if (event.event === 'gigs.partially_synced') {
    // Optional since 0.2.0: the example in Argyle's published spec has no item_id.
    expectTypeOf(event.data.item_id).toEqualTypeOf<string | undefined>();
    expectTypeOf(event.data.days_synced).toEqualTypeOf<number | string>();
    expectTypeOf(event.data.available_from).toEqualTypeOf<string | null>();
  }
  if (event.event === 'items.updated') {
    expectTypeOf(event.data.item).toEqualTypeOf<string>();
    expectTypeOf(event.data.account).toBeUnknown();
  }
  if (event.event === 'accounts.updated') {
    expectTypeOf(event.data.account).toEqualTypeOf<string>();
    expectTypeOf(event.data.resource?.connection?.status).toEqualTypeOf<string | undefined>();
  }
  if (event.event === 'identities.added') {
    expectTypeOf(event.data.identity).toEqualTypeOf<string>();
  }
}

function assertNarrowingInSwitch(event: ArgyleEvent): void {
  switch (event.event) {
    case 'users.fully_synced':
      expectTypeOf(event.data.resource.id).toEqualTypeOf<string>();
      break;
    case 'reputations.updated':
      expectTypeOf(event.data.reputation).toEqualTypeOf<string>();
      break;
    default:
      expectTypeOf(event.event).toExtend<ArgyleEventName>();
  }
}

function assertReportsReadyShapes(data: ArgyleEventData<'reports.ready'>): void {
  if (data.resource) expectTypeOf(data.resource.accounts[0]?.id).toEqualTypeOf<string | undefined>();
  else expectTypeOf(data.accounts[0]?.last_synced_at).toEqualTypeOf<string | null | undefined>();
}

describe('catalogue types', () => {
  it('narrow data when narrowing on event', () => {
    assertNarrowingOnEvent(exampleEvent('gigs.partially_synced', { seed: 1 }));
  });

  it('narrow data in a switch over event', () => {
    assertNarrowingInSwitch(exampleEvent('users.fully_synced', { seed: 1 }));
  });

  it('tell the two shapes of reports.ready apart by resource', () => {
    assertReportsReadyShapes(exampleEvent('reports.ready', { seed: 1 }).data);
    assertReportsReadyShapes(exampleEvent('reports.ready', { seed: 1, includeResource: true }).data);
  });

  it('give the envelope of one event', () => {
    expectTypeOf<ArgyleEventOf<'accounts.connected'>['event']>().toEqualTypeOf<'accounts.connected'>();
    expectTypeOf<ArgyleEventOf<'accounts.connected'>['name']>().toEqualTypeOf<string>();
    expectTypeOf<ArgyleEventOf<'accounts.connected'>['data']>().toEqualTypeOf<
      ArgyleEventData<'accounts.connected'>
    >();
  });

  it('type exampleEvent by the event asked for', () => {
    expectTypeOf(exampleEvent('gigs.partially_synced')).toEqualTypeOf<
      ArgyleEventOf<'gigs.partially_synced'>
    >();
    expectTypeOf(exampleEvent).parameter(0).toEqualTypeOf<ArgyleEventName>();
  });

  it('reject event names that are not in the catalogue', () => {
    expectTypeOf<'invoices.added'>().not.toExtend<ArgyleEventName>();
    expectTypeOf<'reputations.added'>().toExtend<ArgyleEventName>();
  });
});
