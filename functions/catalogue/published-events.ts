/**
 * The webhook event names Argyle's published OpenAPI document lists: `argyle-all.yaml`, `info.version` 1.0.111
 * (https://docs.argyle.com/openAPI/argyle-all.yaml), the enum shared by the subscription request's `events` and
 * the delivery's `event`, in the spec's order. The tests hold this list to the extract vendored in
 * test/fixtures/argyle-openapi/events.json.
 */

/** The version of `argyle-all.yaml` that {@link PUBLISHED_EVENT_NAMES} was taken from. */
export const PUBLISHED_SPEC_VERSION = '1.0.111';

export const PUBLISHED_EVENT_NAMES = [
  'users.fully_synced',
  'accounts.added',
  'accounts.updated',
  'accounts.removed',
  'accounts.connected',
  'accounts.failed',
  'items.updated',
  'items.removed',
  'identities.added',
  'identities.updated',
  'paystubs.added',
  'paystubs.updated',
  'paystubs.partially_synced',
  'paystubs.fully_synced',
  'payroll_documents.added',
  'payroll_documents.updated',
  'payroll_documents.removed',
  'payroll_documents.ocr_completed',
  'payroll_documents.ocr_failed',
  'deposit_destinations.added',
  'deposit_destinations.updated',
  'deposit_destinations.removed',
  'direct_deposit_switches.completed',
  'direct_deposit_switches.failed',
  'shifts.added',
  'shifts.updated',
  'shifts.removed',
  'shifts.partially_synced',
  'shifts.fully_synced',
  'gigs.added',
  'gigs.updated',
  'gigs.removed',
  'gigs.partially_synced',
  'gigs.fully_synced',
  'vehicles.added',
  'vehicles.updated',
  'vehicles.removed',
  'ratings.added',
  'ratings.updated',
  'reports.ready',
  'reports.generated',
  'user_uploads.added',
  'user_uploads.removed',
  'user_uploads.ocr_completed',
  'user_uploads.ocr_failed',
  'user_uploads.ocr_authenticity',
  'user_forms.removed',
  'user_forms.submitted',
  'verifications.updated',
  'verifications.creation_failed',
  'verifications.connection_added',
] as const;

/** An event name Argyle's published spec lists. */
export type PublishedEventName = (typeof PUBLISHED_EVENT_NAMES)[number];
