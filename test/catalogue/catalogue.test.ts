import { describe, expect, it } from 'vitest';
import {
  ARGYLE_EVENT_NAMES,
  ARGYLE_EVENT_SCHEMAS,
  checkEvent,
  dataSchemaFor,
  exampleEvent,
  isArgyleEventName,
  isLegacyV1EventName,
  LEGACY_V1_EVENT_NAMES,
  UNCONFIRMED_EVENT_NAMES,
} from '#functions/catalogue/index';

/** docs/argyle-protocol.md §6.1–§6.9, plus the five names only argyle-all.yaml 1.0.111 lists. */
const REFERENCE_V2_EVENTS = [
  'accounts.added',
  'accounts.connected',
  'accounts.failed',
  'accounts.updated',
  'accounts.removed',
  'users.fully_synced',
  'identities.added',
  'identities.updated',
  ...['paystubs', 'gigs', 'shifts'].flatMap((resource) =>
    ['added', 'updated', 'removed', 'partially_synced', 'fully_synced'].map(
      (action) => `${resource}.${action}`,
    ),
  ),
  'payroll_documents.added',
  'payroll_documents.updated',
  'payroll_documents.removed',
  'deposit_destinations.added',
  'deposit_destinations.updated',
  'deposit_destinations.removed',
  'vehicles.added',
  'vehicles.updated',
  'vehicles.removed',
  'ratings.added',
  'ratings.updated',
  'user_forms.submitted',
  'user_forms.removed',
  'user_uploads.added',
  'user_uploads.removed',
  'user_uploads.ocr_completed',
  'user_uploads.ocr_failed',
  'direct_deposit_switches.completed',
  'items.updated',
  'items.removed',
  'reports.ready',
  'reports.generated',
  'verifications.updated',
  'verifications.creation_failed',
  'payroll_documents.ocr_completed',
  'payroll_documents.ocr_failed',
  'direct_deposit_switches.failed',
  'user_uploads.ocr_authenticity',
  'verifications.connection_added',
];

/** §6.10 and the legacy pages in the seeds; names v1 shares with v2 are v2 events. */
const REFERENCE_V1_ONLY_EVENTS = [
  'activities.added',
  'activities.updated',
  'activities.removed',
  'activities.partially_synced',
  'activities.fully_synced',
  'payouts.added',
  'payouts.updated',
  'payouts.partially_synced',
  'payouts.fully_synced',
  'profiles.added',
  'profiles.updated',
  'documents.added',
  'documents.updated',
  'documents.removed',
  'documents.ocr_completed',
  'documents.ocr_failed',
  'forms.submitted',
  'forms.removed',
  'forms.ocr_completed',
  'forms.ocr_failed',
  'pay_allocations.added',
  'pay_allocations.updated',
  'pay_allocations.removed',
  'reputations.added',
  'reputations.updated',
  'accounts.pay_distribution_updated',
  'accounts.pay_distribution_failed',
];

const sorted = (names: readonly string[]) => [...names].sort();

describe('the event catalogue', () => {
  it('holds exactly the v2 and legacy v1 events of the reference', () => {
    expect(sorted(ARGYLE_EVENT_NAMES)).toEqual(sorted([...REFERENCE_V2_EVENTS, ...REFERENCE_V1_ONLY_EVENTS]));
  });

  it('lists each event once', () => {
    expect(new Set(ARGYLE_EVENT_NAMES).size).toBe(ARGYLE_EVENT_NAMES.length);
  });

  it('marks exactly the v1-only events as legacy', () => {
    expect(sorted(LEGACY_V1_EVENT_NAMES)).toEqual(sorted(REFERENCE_V1_ONLY_EVENTS));
    expect(isLegacyV1EventName('reputations.updated')).toBe(true);
    expect(isLegacyV1EventName('vehicles.removed')).toBe(false);
  });

  it('marks as unconfirmed only events that are in the catalogue', () => {
    expect(UNCONFIRMED_EVENT_NAMES.every((name) => isArgyleEventName(name))).toBe(true);
    expect(UNCONFIRMED_EVENT_NAMES).toContain('paystubs.removed');
    expect(UNCONFIRMED_EVENT_NAMES).not.toContain('gigs.partially_synced');
  });

  it('does not take names inherited from Object.prototype for events', () => {
    expect(isArgyleEventName('toString')).toBe(false);
    expect(isArgyleEventName('__proto__')).toBe(false);
    expect(dataSchemaFor('constructor')).toBeUndefined();
  });

  it.each([...REFERENCE_V2_EVENTS, ...REFERENCE_V1_ONLY_EVENTS])(
    'has a schema and a generated example that parses for %s',
    (name) => {
      // Arrange
      expect(isArgyleEventName(name)).toBe(true);
      if (!isArgyleEventName(name)) return;
      // Act: several seeds, to reach every branch of the generator
      const examples = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((seed) => [
        exampleEvent(name, { seed }),
        exampleEvent(name, { seed, includeResource: true }),
      ]);
      // Assert
      expect(dataSchemaFor(name)).toBeDefined();
      for (const example of examples) {
        expect(ARGYLE_EVENT_SCHEMAS[name].safeParse(example).success).toBe(true);
        expect(checkEvent(example)).toBe('passed');
      }
    },
  );
});
