/**
 * The v2 part of the catalogue: every event name Argyle documents for `/v2/webhooks` (docs/argyle-protocol.md
 * §6.1–§6.9, and the 51 names of argyle-all.yaml 1.0.111 in `published-events.ts`), mapped to the schema of its
 * `data`. Events whose payload or existence is unconfirmed are listed in {@link UNCONFIRMED_V2_EVENT_NAMES};
 * their schemas accept what is known. The one v2 name the published spec does not list is in
 * {@link UNPUBLISHED_V2_EVENT_NAMES}.
 */
import { accountData, accountFailedData, accountRemovedData } from './accounts.js';
import { directDepositSwitchCompletedData, directDepositSwitchFailedData } from './deposit-switches.js';
import { UNPUBLISHED_V2_EVENT_NAMES } from './event-names.js';
import { itemRemovedData, itemUpdatedData } from './items.js';
import type { PublishedEventName } from './published-events.js';
import { reportsGeneratedData, reportsReadyData } from './reports.js';
import {
  depositDestinationData,
  identityData,
  payrollDocumentData,
  ratingData,
  userFormData,
  userUploadData,
  vehicleData,
} from './single-objects.js';
import {
  addedData,
  fullySyncedData,
  gigsPartiallySyncedData,
  gigsRemovedData,
  gigsUpdatedData,
  partiallySyncedData,
  paystubsRemovedData,
  paystubsUpdatedData,
  shiftsRemovedData,
  shiftsUpdatedData,
} from './time-series.js';
import { usersFullySyncedData } from './users.js';
import {
  verificationConnectionAddedData,
  verificationCreationFailedData,
  verificationUpdatedData,
} from './verifications.js';

export const V2_DATA_SCHEMAS = {
  // §6.1
  'accounts.added': accountData,
  'accounts.connected': accountData,
  'accounts.failed': accountFailedData,
  'accounts.updated': accountData,
  'accounts.removed': accountRemovedData,
  // §6.2
  'users.fully_synced': usersFullySyncedData,
  // §6.3
  'identities.added': identityData,
  'identities.updated': identityData,
  // §6.4
  'paystubs.added': addedData,
  'paystubs.updated': paystubsUpdatedData,
  'paystubs.removed': paystubsRemovedData,
  'paystubs.partially_synced': partiallySyncedData,
  'paystubs.fully_synced': fullySyncedData,
  'gigs.added': addedData,
  'gigs.updated': gigsUpdatedData,
  'gigs.removed': gigsRemovedData,
  'gigs.partially_synced': gigsPartiallySyncedData,
  'gigs.fully_synced': fullySyncedData,
  'shifts.added': addedData,
  'shifts.updated': shiftsUpdatedData,
  'shifts.removed': shiftsRemovedData,
  'shifts.partially_synced': partiallySyncedData,
  'shifts.fully_synced': fullySyncedData,
  // §6.5
  'payroll_documents.added': payrollDocumentData,
  'payroll_documents.updated': payrollDocumentData,
  'payroll_documents.removed': payrollDocumentData,
  'payroll_documents.ocr_completed': payrollDocumentData,
  'payroll_documents.ocr_failed': payrollDocumentData,
  'deposit_destinations.added': depositDestinationData,
  'deposit_destinations.updated': depositDestinationData,
  'deposit_destinations.removed': depositDestinationData,
  'vehicles.added': vehicleData,
  'vehicles.updated': vehicleData,
  'vehicles.removed': vehicleData,
  'ratings.added': ratingData,
  'ratings.updated': ratingData,
  'user_forms.submitted': userFormData,
  'user_forms.removed': userFormData,
  'user_uploads.added': userUploadData,
  'user_uploads.removed': userUploadData,
  'user_uploads.ocr_completed': userUploadData,
  'user_uploads.ocr_failed': userUploadData,
  'user_uploads.ocr_authenticity': userUploadData,
  // §6.6
  'direct_deposit_switches.completed': directDepositSwitchCompletedData,
  'direct_deposit_switches.failed': directDepositSwitchFailedData,
  // §6.7
  'items.updated': itemUpdatedData,
  'items.removed': itemRemovedData,
  // §6.8
  'reports.ready': reportsReadyData,
  'reports.generated': reportsGeneratedData,
  // §6.9
  'verifications.updated': verificationUpdatedData,
  'verifications.creation_failed': verificationCreationFailedData,
  'verifications.connection_added': verificationConnectionAddedData,
} as const;

/**
 * v2 events whose payload no document or capture shows (the reference's UNCONFIRMED, §6, §8 items 4–5), or, for
 * `paystubs.removed`, whose very existence is unconfirmed. Their schemas require only the ids: `account`, `user`
 * and, where the event is about one object, that object's id under its singular name, as in the documented
 * events of the same resource (`payroll_documents.ocr_*` like `payroll_documents.added`,
 * `user_uploads.ocr_authenticity` like `user_uploads.ocr_completed`).
 */
export const UNCONFIRMED_V2_EVENT_NAMES = [
  'paystubs.updated',
  'paystubs.removed',
  'gigs.updated',
  'gigs.removed',
  'shifts.updated',
  'shifts.removed',
  'payroll_documents.removed',
  'payroll_documents.ocr_completed',
  'payroll_documents.ocr_failed',
  'deposit_destinations.removed',
  'user_uploads.ocr_failed',
  'user_uploads.ocr_authenticity',
  'reports.generated',
] as const satisfies readonly (keyof typeof V2_DATA_SCHEMAS)[];

/**
 * v2 events in the catalogue that Argyle's published spec (argyle-all.yaml 1.0.111) does not list. They stay
 * accepted, so a delivery of one is still checked and routed, but nobody should subscribe to them on purpose:
 * `paystubs.removed` was in the reference's event list (§6.4) and may never be sent.
 */
export { UNPUBLISHED_V2_EVENT_NAMES };

// Every v2 event is either published or listed above: a compile error here means the two lists drifted.
type UnaccountedV2Event = Exclude<
  keyof typeof V2_DATA_SCHEMAS,
  PublishedEventName | (typeof UNPUBLISHED_V2_EVENT_NAMES)[number]
>;
type MissingPublishedEvent = Exclude<PublishedEventName, keyof typeof V2_DATA_SCHEMAS>;
type UnpublishedNotV2 = Exclude<(typeof UNPUBLISHED_V2_EVENT_NAMES)[number], keyof typeof V2_DATA_SCHEMAS>;
const v2EventsAccountedFor: [UnaccountedV2Event, MissingPublishedEvent, UnpublishedNotV2] extends [
  never,
  never,
  never,
]
  ? true
  : never = true;
void v2EventsAccountedFor;
