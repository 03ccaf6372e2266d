/**
 * The v2 part of the catalogue: every event name Argyle documents for `/v2/webhooks` (docs/argyle-protocol.md
 * §6.1–§6.9), mapped to the schema of its `data`. Events whose payload or existence the reference marks
 * UNCONFIRMED are listed in {@link UNCONFIRMED_V2_EVENT_NAMES}; their schemas accept what is known.
 */
import { accountData, accountFailedData, accountRemovedData } from './accounts.js';
import { directDepositSwitchCompletedData } from './deposit-switches.js';
import { itemRemovedData, itemUpdatedData } from './items.js';
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
import { verificationCreationFailedData, verificationUpdatedData } from './verifications.js';

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
  // §6.6
  'direct_deposit_switches.completed': directDepositSwitchCompletedData,
  // §6.7
  'items.updated': itemUpdatedData,
  'items.removed': itemRemovedData,
  // §6.8
  'reports.ready': reportsReadyData,
  'reports.generated': reportsGeneratedData,
  // §6.9
  'verifications.updated': verificationUpdatedData,
  'verifications.creation_failed': verificationCreationFailedData,
} as const;

/**
 * v2 events the reference marks UNCONFIRMED (§6, §8 items 4–5), either because the payload is undocumented or
 * because the event may not exist. Their schemas require only what is known, usually just `account` and `user`.
 */
export const UNCONFIRMED_V2_EVENT_NAMES = [
  'paystubs.updated',
  'paystubs.removed',
  'gigs.updated',
  'gigs.removed',
  'shifts.updated',
  'shifts.removed',
  'payroll_documents.removed',
  'deposit_destinations.removed',
  'user_uploads.ocr_failed',
  'reports.generated',
] as const satisfies readonly (keyof typeof V2_DATA_SCHEMAS)[];
