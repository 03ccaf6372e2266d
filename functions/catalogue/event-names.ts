/**
 * Every event name the catalogue knows, without its schemas, for the checks that need the names alone: `cdk
 * synth` (through functions/catalogue/known-events.ts) and the `argyle-subscriptions` CLI. catalogue.ts holds
 * this list to its schema maps, at compile time and in test/catalogue/event-names.test.ts.
 */
import { PUBLISHED_EVENT_NAMES } from './published-events.js';

/**
 * v2 events in the catalogue that Argyle's published spec (argyle-all.yaml 1.0.111) does not list. They stay
 * accepted, so a delivery of one is still checked and routed, but nobody should subscribe to them on purpose:
 * `paystubs.removed` was in the reference's event list (§6.4) and may never be sent.
 */
export const UNPUBLISHED_V2_EVENT_NAMES = ['paystubs.removed'] as const;

/** The legacy v1 event names (docs/argyle-protocol.md §6.10); Argyle does not offer them to v2 subscriptions. */
export const LEGACY_V1_EVENT_NAMES = [
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
] as const;

/** Every name the catalogue knows: the published ones, then the unpublished v2 ones, then the legacy v1 ones. */
export const KNOWN_EVENT_NAMES = [
  ...PUBLISHED_EVENT_NAMES,
  ...UNPUBLISHED_V2_EVENT_NAMES,
  ...LEGACY_V1_EVENT_NAMES,
] as const;
