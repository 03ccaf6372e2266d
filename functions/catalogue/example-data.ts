/**
 * How to make a realistic `data` for each event in the catalogue. The table is typed against the schemas' output
 * types, so an example that the schema would reject does not compile. Events whose payload is UNCONFIRMED get
 * only the fields that are known, so consumers tested with them do not come to rely on guesses.
 */
import type { ArgyleEventData, ArgyleEventName } from './catalogue.js';
import type { ExampleContext } from './example-context.js';

type DataBuilder<N extends ArgyleEventName> = (g: ExampleContext) => ArgyleEventData<N>;
type AccountResource = NonNullable<ArgyleEventData<'accounts.updated'>['resource']>;

const EMPLOYERS = ['Whole Goods', 'Aramark', 'Advance Auto Parts', 'Uber Driver'] as const;
const CONNECTION_ERRORS = [
  'account_inaccessible',
  'auth_required',
  'account_disabled',
  'system_error',
] as const;

const accountAndUser = (g: ExampleContext) => ({ account: g.id('account'), user: g.id('user') });

function accountResource(g: ExampleContext, status: 'connecting' | 'connected' | 'error'): AccountResource {
  const errorCode = status === 'error' ? g.pick(CONNECTION_ERRORS) : null;
  const synced = (secondsAgo: number) => ({ status: 'synced', updated_at: g.instant(secondsAgo) });
  const counted = (count: number) => ({
    status: status === 'connected' ? 'synced' : 'in_progress',
    updated_at: g.instant(5),
    available_count: count,
    available_from: count === 0 ? null : g.day(g.int(60, 900)),
    available_to: count === 0 ? null : g.day(0),
  });
  return {
    id: g.id('account'),
    user: g.id('user'),
    employers: [g.pick(EMPLOYERS)],
    item: g.id('item'),
    source: 'argyle_sandbox',
    created_at: g.instant(600),
    updated_at: g.instant(5),
    scanned_at: g.instant(6),
    connection: {
      status,
      error_code: errorCode,
      error_message: errorCode === null ? null : 'The account could not be connected.',
      updated_at: g.instant(30),
    },
    direct_deposit_switch: {
      status: 'idle',
      error_code: null,
      error_message: null,
      updated_at: g.instant(590),
    },
    availability:
      status === 'error'
        ? {}
        : {
            gigs: counted(0),
            paystubs: counted(status === 'connected' ? g.int(1, 160) : 0),
            payroll_documents: synced(20),
            identities: synced(8),
            ratings: synced(18),
            vehicles: synced(19),
            deposit_destinations: synced(25),
            user_forms: null,
          },
    ongoing_refresh: { status: 'disabled' },
  };
}

function accountEvent(status: 'connecting' | 'connected' | 'error') {
  return (g: ExampleContext) =>
    g.includeResource ? { ...accountAndUser(g), resource: accountResource(g, status) } : accountAndUser(g);
}

function syncWindow(g: ExampleContext) {
  const available = g.int(1, 400);
  return { available_from: g.day(g.int(90, 1200)), available_to: g.day(0), available_count: available };
}

const fullySynced = (g: ExampleContext) => ({ ...accountAndUser(g), ...syncWindow(g) });
/** The window reaches back about `days_synced` days, which is what a partial sync means. */
function partialWindow(g: ExampleContext) {
  const days = g.int(30, 200);
  const available = g.int(0, 40);
  return {
    available_from: available === 0 ? null : g.day(days - g.int(0, 10)),
    available_to: available === 0 ? null : g.day(g.int(0, 20)),
    available_count: available,
    days_synced: days,
  };
}

const partiallySynced = (g: ExampleContext) => ({ ...accountAndUser(g), ...partialWindow(g) });
const added = (g: ExampleContext) => ({
  ...fullySynced(g),
  added_count: g.int(1, 12),
  added_from: g.day(2),
  added_to: g.day(0),
});
const idList = (g: ExampleContext) => Array.from({ length: g.int(1, 3) }, () => g.freshId());

/** Error codes of `direct_deposit_switches.failed` (docs.argyle.com, guides/docs/pay-distribution-errors). */
const DEPOSIT_SWITCH_ERRORS = [
  'confirmation_timeout',
  'account_disconnected',
  'bank_and_card_update_failed',
  'card_update_failed',
] as const;

const reportAccounts = (g: ExampleContext) => [{ id: g.id('account'), last_synced_at: g.instant(60) }];

export const EXAMPLE_DATA: { readonly [N in ArgyleEventName]: DataBuilder<N> } = {
  'accounts.added': accountEvent('connecting'),
  'accounts.connected': accountEvent('connected'),
  'accounts.failed': accountEvent('error'),
  'accounts.updated': accountEvent('connected'),
  'accounts.removed': accountAndUser,
  'users.fully_synced': (g) => ({
    user: g.id('user'),
    resource: {
      id: g.id('user'),
      accounts_connected: [g.id('account')],
      items_connected: [g.id('item')],
      employers_connected: [g.pick(EMPLOYERS)],
      external_metadata: {},
      external_id: g.freshId(),
      created_at: g.instant(900),
    },
  }),
  'identities.added': (g) => ({ ...accountAndUser(g), identity: g.id('identity') }),
  'identities.updated': (g) => ({ ...accountAndUser(g), identity: g.id('identity') }),
  'paystubs.added': added,
  'paystubs.updated': accountAndUser,
  'paystubs.removed': accountAndUser,
  'paystubs.partially_synced': partiallySynced,
  'paystubs.fully_synced': fullySynced,
  'gigs.added': added,
  'gigs.updated': accountAndUser,
  'gigs.removed': accountAndUser,
  'gigs.partially_synced': (g) => ({ ...accountAndUser(g), item_id: g.id('item'), ...partialWindow(g) }),
  'gigs.fully_synced': fullySynced,
  'shifts.added': added,
  'shifts.updated': accountAndUser,
  'shifts.removed': accountAndUser,
  'shifts.partially_synced': partiallySynced,
  'shifts.fully_synced': fullySynced,
  'payroll_documents.added': (g) => ({ ...accountAndUser(g), payroll_document: g.id('payroll_document') }),
  'payroll_documents.updated': (g) => ({ ...accountAndUser(g), payroll_document: g.id('payroll_document') }),
  'payroll_documents.removed': (g) => ({ ...accountAndUser(g), payroll_document: g.id('payroll_document') }),
  'payroll_documents.ocr_completed': (g) => ({
    ...accountAndUser(g),
    payroll_document: g.id('payroll_document'),
  }),
  'payroll_documents.ocr_failed': (g) => ({
    ...accountAndUser(g),
    payroll_document: g.id('payroll_document'),
  }),
  'deposit_destinations.added': (g) => ({
    ...accountAndUser(g),
    deposit_destination: g.id('deposit_destination'),
  }),
  'deposit_destinations.updated': (g) => ({
    ...accountAndUser(g),
    deposit_destination: g.id('deposit_destination'),
  }),
  'deposit_destinations.removed': (g) => ({
    ...accountAndUser(g),
    deposit_destination: g.id('deposit_destination'),
  }),
  'vehicles.added': (g) => ({ ...accountAndUser(g), vehicle: g.id('vehicle') }),
  'vehicles.updated': (g) => ({ ...accountAndUser(g), vehicle: g.id('vehicle') }),
  'vehicles.removed': (g) => ({ ...accountAndUser(g), vehicle: g.id('vehicle') }),
  'ratings.added': (g) => ({ ...accountAndUser(g), rating: g.id('rating') }),
  'ratings.updated': (g) => ({ ...accountAndUser(g), rating: g.id('rating') }),
  'user_forms.submitted': (g) => ({ ...accountAndUser(g), user_form: g.id('user_form') }),
  'user_forms.removed': (g) => ({ ...accountAndUser(g), user_form: g.id('user_form') }),
  'user_uploads.added': (g) => ({ ...accountAndUser(g), user_upload: g.id('user_upload') }),
  'user_uploads.removed': (g) => ({ ...accountAndUser(g), user_upload: g.id('user_upload') }),
  'user_uploads.ocr_completed': (g) => ({ ...accountAndUser(g), user_upload: g.id('user_upload') }),
  'user_uploads.ocr_failed': (g) => ({ ...accountAndUser(g), user_upload: g.id('user_upload') }),
  'user_uploads.ocr_authenticity': (g) => ({ ...accountAndUser(g), user_upload: g.id('user_upload') }),
  'direct_deposit_switches.completed': (g) => ({
    ...accountAndUser(g),
    deposit_destination: g.id('deposit_destination'),
    direct_deposit_changed: true,
    type: 'ach_deposit_account',
    flow: 'update',
    details: null,
    ...(g.includeResource ? { resource: {} } : {}),
  }),
  'direct_deposit_switches.failed': (g) => ({
    ...accountAndUser(g),
    error_code: g.pick(DEPOSIT_SWITCH_ERRORS),
    error_message: 'The deposit switch could not be completed.',
    ...(g.includeResource ? { resource: {} } : {}),
  }),
  'items.updated': (g) => ({
    item: g.id('item'),
    name: g.pick(EMPLOYERS),
    status: g.pick(['healthy', 'issues'] as const),
    status_details: null,
    mapping_status: 'verified',
    known_limitations: null,
    logo_url: 'https://res.cloudinary.com/argyle-media/image/upload/example.png',
    features: {},
  }),
  'items.removed': (g) => ({ item: g.id('item') }),
  'reports.ready': (g) =>
    g.includeResource
      ? {
          user: g.id('user'),
          resource: { user: g.id('user'), external_id: null, accounts: reportAccounts(g), documents: [] },
        }
      : { user: g.id('user'), external_id: null, accounts: reportAccounts(g) },
  'reports.generated': (g) => ({ user: g.id('user') }),
  'verifications.updated': (g) => ({
    user: g.id('user'),
    verification: g.id('verification'),
    ...(g.includeResource
      ? {
          resource: {
            id: g.id('verification'),
            user: g.id('user'),
            created_at: g.instant(3600),
            updated_at: g.instant(10),
            channel: 'api',
            status: { state: 'COMPLETED', code: 'completed', errors: [] },
            report: {
              id: g.id('report'),
              type: 'voie',
              file_url: 'https://example.com/reports/report.pdf',
              json_url: 'https://example.com/reports/report.json',
            },
            data_source: 'payroll',
          },
        }
      : {}),
  }),
  'verifications.creation_failed': (g) => ({
    user: g.id('user'),
    client: g.id('client'),
    context: {
      user: g.id('user'),
      attempted_at: g.instant(5),
      channel: 'api',
      data_source: 'payroll',
      report_type: 'voie',
    },
  }),
  'verifications.connection_added': (g) => ({
    user: g.id('user'),
    verification: g.id('verification'),
    connection: {
      id: String(g.int(100_000, 999_999)),
      data_source: g.pick(['banking', 'payroll'] as const),
      connected_at: g.instant(30),
    },
  }),
  // Legacy v1 (§6.10).
  'activities.added': added,
  'activities.updated': (g) => ({
    ...fullySynced(g),
    updated_count: 2,
    updated_from: g.day(10),
    updated_to: g.day(1),
    updated_activities: idList(g),
  }),
  'activities.removed': (g) => ({
    ...fullySynced(g),
    removed_count: 1,
    removed_from: g.day(10),
    removed_to: g.day(1),
    removed_activities: idList(g),
  }),
  'activities.partially_synced': partiallySynced,
  'activities.fully_synced': fullySynced,
  'payouts.added': added,
  'payouts.updated': (g) => ({
    ...fullySynced(g),
    updated_count: 2,
    updated_from: g.day(10),
    updated_to: g.day(1),
    updated_payouts: idList(g),
  }),
  'payouts.partially_synced': partiallySynced,
  'payouts.fully_synced': fullySynced,
  'profiles.added': (g) => ({ ...accountAndUser(g), profile: g.id('profile') }),
  'profiles.updated': (g) => ({ ...accountAndUser(g), profile: g.id('profile') }),
  'documents.added': (g) => ({ ...accountAndUser(g), document: g.id('document') }),
  'documents.updated': (g) => ({ ...accountAndUser(g), document: g.id('document') }),
  'documents.removed': (g) => ({ ...accountAndUser(g), document: g.id('document') }),
  'documents.ocr_completed': (g) => ({ ...accountAndUser(g), document: g.id('document') }),
  'documents.ocr_failed': (g) => ({ ...accountAndUser(g), document: g.id('document') }),
  'forms.submitted': (g) => ({ ...accountAndUser(g), form: g.id('form') }),
  'forms.removed': (g) => ({ ...accountAndUser(g), form: g.id('form') }),
  'forms.ocr_completed': (g) => ({ ...accountAndUser(g), form: g.id('form') }),
  'forms.ocr_failed': (g) => ({ ...accountAndUser(g), form: g.id('form') }),
  'pay_allocations.added': (g) => ({ ...accountAndUser(g), pay_allocation: g.id('pay_allocation') }),
  'pay_allocations.updated': (g) => ({ ...accountAndUser(g), pay_allocation: g.id('pay_allocation') }),
  'pay_allocations.removed': (g) => ({ ...accountAndUser(g), pay_allocation: g.id('pay_allocation') }),
  'reputations.added': (g) => ({ ...accountAndUser(g), reputation: g.id('reputation') }),
  'reputations.updated': (g) => ({ ...accountAndUser(g), reputation: g.id('reputation') }),
  'accounts.pay_distribution_updated': (g) => ({
    ...accountEvent('connected')(g),
    allocation_id: g.id('pay_allocation'),
    type: 'bank_account',
  }),
  'accounts.pay_distribution_failed': (g) => ({
    ...accountEvent('connected')(g),
    error_code: 'invalid_mfa',
    error_message: 'The user did not complete multi-factor authentication.',
  }),
};
