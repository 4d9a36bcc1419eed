import type { Generated } from 'kysely';

/** Table types as Kysely sees them. Columns are snake_case; repositories map them to camelCase. */
export interface DivisionsTable {
  code: string;
  name: string;
  short_name: string;
  level: string;
  parent_code: string | null;
  path_label: string;
  pinyin: string;
  initials: string;
  short_pinyin: string;
  created_at: number;
}

export interface DivisionImportsTable {
  code: string;
  division_count: number;
  imported_at: number;
}

export interface LogHeadTable {
  id: number;
  size: number;
}

export interface LogEntriesTable {
  idx: number;
  kind: string;
  body: Uint8Array;
  created_at: number;
}

export interface LogHashesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LogCheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: number;
}

export interface LogCosignaturesTable {
  checkpoint_size: number;
  witness: string;
  line: string;
  signed_at: number;
}

export interface LogSaltsTable {
  subject: string;
  salt: Uint8Array;
  created_at: number;
}

export interface AccountsTable {
  id: string;
  nickname: string;
  phone_cipher: string | null;
  phone_index: string | null;
  home_division: string | null;
  verification: string;
  status: string;
  privacy_version: string;
  created_at: number;
  updated_at: number;
  name_cipher: string | null;
  resident_id_cipher: string | null;
  resident_id_index: string | null;
  party_member: number;
  verified_at: number | null;
  compound_id: string | null;
  building_id: string | null;
  unit: string | null;
  skills: Generated<string>;
  availability: Generated<string>;
  /** 代办: the community whose workers manage this phone-less account; null otherwise. */
  managed_division: Generated<string | null>;
}

export interface PointsAccountsTable {
  id: string;
  kind: string;
  owner_id: string | null;
  division_code: string;
  credit_limit: number | null;
  balance: Generated<number>;
  postings: Generated<number>;
  flagged: Generated<number>;
  priority: string | null;
  gift_month: string | null;
  gifted_in_month: Generated<number>;
  created_at: number;
}

export interface PointsTransfersTable {
  id: string;
  type: string;
  key_scope: string;
  idempotency_key: string;
  request_hash: string;
  initiator_id: string | null;
  memo: string | null;
  ref: string | null;
  reverses_id: string | null;
  log_index: number;
  created_at: number;
}

export interface PointsPostingsTable {
  account_id: string;
  seq: number;
  transfer_id: string;
  amount: number;
  balance_after: number;
  created_at: number;
}

export interface PointsRulesTable {
  district_code: string;
  version: number;
  rules: string;
  created_by: string | null;
  created_at: number;
}

export interface PointsAdjustmentsTable {
  id: string;
  account_id: string;
  district_code: string;
  amount: number;
  reason: string;
  override: number;
  status: string;
  requested_by: string;
  idempotency_key: string;
  request_hash: string;
  decided_by: string | null;
  transfer_id: string | null;
  created_at: number;
  decided_at: number | null;
}

export interface CompoundsTable {
  id: string;
  community_code: string;
  name: string;
  created_at: number;
}

export interface BuildingsTable {
  id: string;
  compound_id: string;
  name: string;
  created_at: number;
}

export interface ConsentsTable {
  id: string;
  account_id: string;
  purpose: string;
  version: string;
  granted_at: number;
  withdrawn_at: number | null;
}

export interface PersonalDataAccessTable {
  id: string;
  account_id: string;
  viewer_id: string | null;
  field: string;
  reason: string;
  created_at: number;
}

export interface AccountKeysTable {
  account_id: string;
  wrapped_key: string;
  created_at: number;
}

export interface SmsCodesTable {
  id: string;
  phone_index: string;
  code_hash: string;
  attempts: number;
  ip: string;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface SmsOutboxTable {
  id: string;
  phone_masked: string;
  phone_index: string;
  body: string;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  grants_fingerprint: Generated<string>;
  rotated_at: number | null;
}

export interface RoleGrantsTable {
  id: string;
  account_id: string;
  role: string;
  division_code: string;
  granted_by: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface DeviceKeysTable {
  id: string;
  account_id: string;
  public_key: Uint8Array;
  label: string;
  created_at: number;
  revoked_at: number | null;
}

export interface NotificationsTable {
  id: string;
  account_id: string;
  kind: string;
  payload: string;
  created_at: number;
  read_at: number | null;
}

export interface AccessTokensTable {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface FamilyLinksTable {
  id: string;
  requester_id: string;
  target_id: string;
  relation: string;
  status: string;
  created_at: number;
  confirmed_at: number | null;
}

export interface GuardianConsentsTable {
  id: string;
  guardian_id: string;
  child_id: string;
  created_at: number;
  withdrawn_at: number | null;
}

export interface AvatarsTable {
  account_id: string;
  mime: string;
  bytes: Uint8Array;
  updated_at: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  dedupe_key: string | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  run_at: number;
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface NotifyPreferencesTable {
  account_id: string;
  sms: Generated<number>;
  updated_at: number;
}

export interface ListingCategoriesTable {
  district_code: string;
  key: string;
  group_key: string;
  name_zh: string;
  name_en: string;
  keywords: Generated<string>;
  required_verification: string;
  sort_order: Generated<number>;
  active: Generated<number>;
  updated_by: string | null;
  updated_at: number;
}

export interface ListingsTable {
  id: string;
  owner_id: string;
  acted_by: string | null;
  direction: 'offer' | 'need';
  kind: 'skill' | 'service' | 'time' | 'item';
  title: string;
  description: string;
  district_code: string;
  category: string;
  tags: Generated<string>;
  division_code: string;
  compound_id: string | null;
  availability: Generated<string>;
  deadline: number | null;
  minutes: number | null;
  points: number | null;
  required_verification: string;
  capacity: number;
  open_slots: number;
  alerts: Generated<number>;
  status: 'open' | 'closed' | 'expired' | 'fulfilled';
  expires_at: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

export interface ListingPhotosTable {
  id: string;
  listing_id: string;
  position: number;
  content_type: string;
  bytes: Uint8Array;
  created_at: number;
}

export interface ListingTermsTable {
  term: string;
  listing_id: string;
  direction: string;
  weight: number;
  /** The listing's community (12 digits), for proximity and `within` from the index alone. */
  division_code: Generated<string>;
}

export interface ExchangesTable {
  id: string;
  listing_id: string;
  counter_listing_id: string | null;
  provider_id: string;
  recipient_id: string;
  initiator_id: string;
  category: string;
  community_code: string;
  status: string;
  version: Generated<number>;
  holds_slot: Generated<number>;
  scheduled_at: number | null;
  place: string | null;
  planned_minutes: number | null;
  actual_minutes: number | null;
  points: number | null;
  transfer_id: string | null;
  dispute_reason: string | null;
  resolution: string | null;
  resolved_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ExchangeEventsTable {
  id: string;
  exchange_id: string;
  actor_id: string | null;
  acted_by: string | null;
  kind: string;
  status: string;
  data: Generated<string>;
  log_index: number | null;
  created_at: number;
}

export interface ExchangeMessagesTable {
  id: string;
  exchange_id: string;
  sender_id: string;
  body: string;
  created_at: number;
}

export interface HelperLoadTable {
  account_id: string;
  active: Generated<number>;
  completed: Generated<number>;
  no_shows: Generated<number>;
  last_completed_at: number | null;
  updated_at: number;
}

export interface ReviewWindowsTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  party_a: string;
  party_b: string;
  community_code: string;
  title: string | null;
  opened_at: number;
  closes_at: number;
  closed_at: number | null;
}

export interface ReviewsTable {
  id: string;
  window_id: string;
  reviewer_id: string;
  reviewee_id: string;
  community_code: string;
  stars: number;
  tags: Generated<string>;
  comment: Generated<string>;
  salt: string;
  editable_until: number;
  published_at: number | null;
  published_index: number | null;
  counted: Generated<number>;
  hidden_at: number | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  log_indexes: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface ReviewReportsTable {
  id: string;
  review_id: string;
  reporter_id: string;
  community_code: string;
  reason: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  decision: string | null;
  decision_reason: string | null;
}

export interface ReputationTable {
  account_id: string;
  stars_sum: Generated<number>;
  reviews_count: Generated<number>;
  updated_at: number;
}

export interface HutsTable {
  id: string;
  community_code: string;
  name: string;
  address: string;
  hours: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface HutClosuresTable {
  hut_id: string;
  date: string;
  reason: string;
  created_at: number;
}

export interface HutKeepersTable {
  hut_id: string;
  account_id: string;
  created_at: number;
}

export interface HutItemsTable {
  id: string;
  hut_id: string;
  community_code: string;
  owner_kind: 'hut' | 'resident';
  owner_id: string | null;
  donor_id: string | null;
  donor_note: string | null;
  title: string;
  description: string;
  category: string;
  condition: string;
  accessories: string;
  sanitise_after_return: number;
  safety_check: number;
  deposit_points: number | null;
  loan_days: number | null;
  pooled: number;
  consumable: number;
  stock_total: number;
  stock_available: number;
  status: 'active' | 'retired';
  loan_count: number;
  last_loan_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface HutItemPhotosTable {
  id: string;
  item_id: string;
  position: number;
  content_type: string;
  bytes: Uint8Array;
  thumb: Uint8Array;
  created_at: number;
}

export interface HutItemTermsTable {
  term: string;
  item_id: string;
  community_code: string;
  weight: number;
}

export interface HutUnitsTable {
  id: string;
  item_id: string;
  label: string;
  status: string;
  condition: string;
  note: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface HutPoliciesTable {
  id: string;
  district_code: string;
  hut_id: string | null;
  member_kind: string | null;
  category: string | null;
  loan_days: number;
  max_renewals: number;
  max_loans: number;
  max_holds: number;
  pickup_days: number;
  deposit_points: number;
  needs_approval: number;
  created_by: string | null;
  created_at: number;
}

export interface HutHoldsTable {
  id: string;
  item_id: string;
  member_id: string;
  status: string;
  position: number;
  unit_id: string | null;
  ready_at: number | null;
  pickup_by: string | null;
  reorder_reason: string | null;
  approved: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface HutLoansTable {
  id: string;
  item_id: string;
  unit_id: string | null;
  hut_id: string;
  borrower_id: string;
  lender_id: string | null;
  kind: 'desk' | 'neighbour';
  status: string;
  quantity: number;
  hold_id: string | null;
  due_date: string | null;
  return_by: number | null;
  pickup_at: number | null;
  renewals: number;
  checkout_condition: string | null;
  return_condition: string | null;
  lender_confirmed_out: number;
  borrower_confirmed_out: number;
  lender_confirmed_back: number;
  borrower_confirmed_back: number;
  note: string | null;
  deposit_points: number;
  deposit_status: string;
  deposit_transfer_id: string | null;
  damage: string;
  damage_note: string | null;
  settled_by: string | null;
  reminded_at: number | null;
  version: number;
  checked_out_at: number | null;
  returned_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface HutLoanPhotosTable {
  id: string;
  loan_id: string;
  stage: string;
  account_id: string | null;
  content_type: string;
  bytes: Uint8Array;
  thumb: Uint8Array;
  created_at: number;
}

export interface HutItemEventsTable {
  id: string;
  item_id: string;
  unit_id: string | null;
  loan_id: string | null;
  hold_id: string | null;
  actor_id: string | null;
  kind: string;
  data: string;
  log_index: number | null;
  created_at: number;
}

export interface HutMemberCodesTable {
  account_id: string;
  code: string;
  created_at: number;
}
export interface Database {
  huts: HutsTable;
  hut_closures: HutClosuresTable;
  hut_keepers: HutKeepersTable;
  hut_items: HutItemsTable;
  hut_item_photos: HutItemPhotosTable;
  hut_item_terms: HutItemTermsTable;
  hut_units: HutUnitsTable;
  hut_policies: HutPoliciesTable;
  hut_holds: HutHoldsTable;
  hut_loans: HutLoansTable;
  hut_item_events: HutItemEventsTable;
  hut_loan_photos: HutLoanPhotosTable;
  hut_member_codes: HutMemberCodesTable;
  review_windows: ReviewWindowsTable;
  reviews: ReviewsTable;
  review_reports: ReviewReportsTable;
  reputation: ReputationTable;
  jobs: JobsTable;
  notify_preferences: NotifyPreferencesTable;
  listing_categories: ListingCategoriesTable;
  listings: ListingsTable;
  listing_photos: ListingPhotosTable;
  listing_terms: ListingTermsTable;
  exchanges: ExchangesTable;
  exchange_events: ExchangeEventsTable;
  exchange_messages: ExchangeMessagesTable;
  helper_load: HelperLoadTable;
  guardian_consents: GuardianConsentsTable;
  avatars: AvatarsTable;
  family_links: FamilyLinksTable;
  access_tokens: AccessTokensTable;
  compounds: CompoundsTable;
  buildings: BuildingsTable;
  consents: ConsentsTable;
  personal_data_access: PersonalDataAccessTable;
  accounts: AccountsTable;
  points_accounts: PointsAccountsTable;
  points_transfers: PointsTransfersTable;
  points_postings: PointsPostingsTable;
  points_rules: PointsRulesTable;
  points_adjustments: PointsAdjustmentsTable;
  account_keys: AccountKeysTable;
  sms_codes: SmsCodesTable;
  sms_outbox: SmsOutboxTable;
  sessions: SessionsTable;
  role_grants: RoleGrantsTable;
  device_keys: DeviceKeysTable;
  notifications: NotificationsTable;
  log_head: LogHeadTable;
  log_entries: LogEntriesTable;
  log_hashes: LogHashesTable;
  log_checkpoints: LogCheckpointsTable;
  log_cosignatures: LogCosignaturesTable;
  log_salts: LogSaltsTable;
  divisions: DivisionsTable;
  division_imports: DivisionImportsTable;
  kysely_migration: { name: string; timestamp: string; id?: Generated<number> };
}
