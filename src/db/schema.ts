import type { ColumnType, Generated } from 'kysely';
import type {
  ArchiveEvent,
  Locale,
  CommunityVisibility,
  ContentStatus,
  FlagSource,
  InboxKind,
  ModerationActionKind,
  Network,
  NotificationBatch,
  PostKind,
  PostVisibility,
  PublisherPostStatus,
  RepeatPeriod,
  Reaction,
  Role,
  RuleAction,
  SignatureMethod,
  TargetStatus,
  ThreadKind,
  Verdict,
} from '../shared/enums.ts';
export type {
  ArchiveEvent,
  CommunityVisibility,
  ContentStatus,
  FlagSource,
  InboxKind,
  ModerationActionKind,
  Network,
  PostKind,
  PostVisibility,
  PublisherPostStatus,
  RepeatPeriod,
  Role,
  RuleAction,
  SignatureMethod,
  TargetStatus,
  ThreadKind,
};
export { ROLES } from '../shared/enums.ts';

/** Row types as Kysely sees them. Timestamps come back as Date; bigint columns as strings. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;
type BigSerial = ColumnType<string, never, never>;
/** A generated full-text column: read in raw SQL only, never written. */
type SearchVector = ColumnType<string | null, never, never>;

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  settings: Json;
  created_at: Generated<Date>;
  /** Bumped by the database when members, their names or the settings change (guard context cache). */
  roster_version: Generated<string>;
}
export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  recovery_codes: Generated<string[]>;
  /** The TOTP time step of the last accepted code: a code is accepted once. */
  totp_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  disabled_at: NullableTimestamp;
  created_at: Generated<Date>;
  notification_prefs: Generated<NotificationPrefs>;
  /** When the person finished (or dismissed) the first-visit guide. */
  onboarded_at: NullableTimestamp;
  locale: Generated<Locale | null>;
}
/** Quiet hours (local to timeZone) and how notifications are batched; live pushes and mail wait until they end. */
export interface NotificationPrefs {
  quietStart?: number;
  quietEnd?: number;
  timeZone?: string;
  batch?: NotificationBatch;
}
export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: Generated<Date>;
  trust_level: Generated<number>;
  silenced_until: NullableTimestamp;
  suspended_until: NullableTimestamp;
  /** Offboarded: no sign-in, no session; everything they wrote is kept. */
  deactivated_at: NullableTimestamp;
  deactivated_by: string | null;
  /** The identity system's own id for this person (SCIM externalId). */
  external_id: Generated<string | null>;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  org_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}
export interface LoginFailuresTable {
  key: string;
  failures: number;
  last_failed_at: Timestamp;
}
export interface RateLimitsTable {
  key: string;
  hits: number;
  window_started_at: Timestamp;
}
export interface SecurityAlertsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string | null;
  kind: string;
  detail: Json;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
}
export interface ChainHeadsTable {
  chain: string;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}
export interface AuditLogTable {
  id: BigSerial;
  chain: string;
  seq: ColumnType<string, string | number, string | number>;
  org_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  detail: Json;
  created_at: Timestamp;
  prev_hash: string;
  hash: string;
}
export interface ArchiveEntriesTable {
  id: BigSerial;
  chain: string;
  seq: ColumnType<string, string | number, string | number>;
  org_id: string;
  record_kind: string;
  record_id: string;
  record_class: string;
  event: ArchiveEvent;
  version: number;
  author_id: string | null;
  channel: string;
  content_hash: string;
  occurred_at: Timestamp;
  prev_hash: string;
  hash: string;
}
/** The content of an archive entry while it is kept; deleted when the entry is destroyed. */
export interface ArchiveContentTable {
  entry_id: ColumnType<string, string | number, string | number>;
  org_id: string;
  content: Json;
  content_text: string;
  search: SearchVector;
  /** The entry's time: content is partitioned by month like its entries. */
  occurred_at: Timestamp;
  /** The entry's custodian, kind and channel, which a search filters on (migration 0032). */
  author_id: string | null;
  record_kind: string;
  channel: string;
}
/** One row per archived record still holding content: the time of its newest entry (migration 0032). */
export interface ArchiveRecordsTable {
  org_id: string;
  record_kind: string;
  record_id: string;
  record_class: string;
  last_at: Timestamp;
}
export interface ArchiveDestructionsTable {
  entry_id: ColumnType<string, string | number, string | number>;
  certificate_id: string;
  destroyed_at: Generated<Date>;
}
export interface DistributionLogTable {
  id: BigSerial;
  org_id: string;
  record_kind: string;
  record_id: string;
  destination_kind: string;
  destination_id: string;
  external_id: string | null;
  audience: Json;
  delivered_at: Generated<Date>;
}
export interface CommunitiesTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  visibility: CommunityVisibility;
  created_by: string | null;
  created_at: Generated<Date>;
  region: string | null;
  /** Shown before joining and accepted at join. */
  rules: Generated<string>;
}
export interface CommunityMembersTable {
  community_id: string;
  user_id: string;
  org_id: string;
  role: Generated<'member' | 'moderator'>;
  pseudonym: string | null;
  joined_at: Generated<Date>;
  rules_accepted_at: NullableTimestamp;
  last_read_at: NullableTimestamp;
}
export interface PushKeysTable {
  id: number;
  public_key: string;
  private_key_sealed: string;
  created_at: Generated<Date>;
}
/** One device's Web Push subscription (its push service's endpoint and the keys to encrypt for it). */
export interface PushSubscriptionsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Generated<Date>;
  last_sent_at: NullableTimestamp;
}
export interface PushOutboxTable {
  id: BigSerial;
  subscription_id: string;
  title: string;
  link: string;
  attempts: Generated<number>;
  created_at: Generated<Date>;
}
/** An invitation link (and its code) to one community, set by the organization. */
export interface CommunityInvitesTable {
  id: Generated<string>;
  org_id: string;
  community_id: string;
  code: string;
  label: Generated<string>;
  requires_approval: Generated<boolean>;
  email_domains: Generated<string[]>;
  access_code_hash: string | null;
  expires_at: NullableTimestamp;
  max_uses: number | null;
  uses: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  revoked_at: NullableTimestamp;
}
/** A self sign-up waiting for its email to be verified; nothing else exists until then. */
export interface SignupRequestsTable {
  token_hash: string;
  invite_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  pseudonym: string | null;
  rules_accepted_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface CommunityJoinRequestsTable {
  id: Generated<string>;
  org_id: string;
  community_id: string;
  user_id: string;
  pseudonym: string | null;
  invite_id: string | null;
  rules_accepted_at: Timestamp;
  created_at: Generated<Date>;
}
export interface ConsentsTable {
  id: Generated<string>;
  org_id: string;
  /** The patient's account, when the person has one. */
  patient_id: string | null;
  /** Who the consent covers: the guard lifts "needs consent" only for findings about this person. */
  subject_name: string;
  subject_aliases: Generated<string[]>;
  subject_birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  subject_contact: string | null;
  media: Generated<string[]>;
  signature_method: Generated<SignatureMethod>;
  signed_name: string | null;
  witness_id: string | null;
  recorded_by: string;
  purpose: string;
  destinations: string[];
  categories: string[];
  valid_from: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  lapsed_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface RecordConsentsTable {
  org_id: string;
  record_kind: 'post' | 'comment' | 'network_post';
  record_id: string;
  consent_id: string;
}
export interface TakedownsTable {
  id: Generated<string>;
  org_id: string;
  target_id: string;
  consent_id: string | null;
  reason: string;
  status: Generated<'pending' | 'done' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: Generated<Date>;
  done_at: NullableTimestamp;
}
export interface PostsTable {
  id: Generated<string>;
  org_id: string;
  community_id: string | null;
  author_id: string;
  kind: Generated<PostKind>;
  title: Generated<string>;
  body: string;
  visibility: Generated<PostVisibility>;
  content_warning: string | null;
  pseudonym: string | null;
  status: Generated<ContentStatus>;
  pinned: Generated<boolean>;
  consent_id: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  question_to: string | null;
  answered_at: NullableTimestamp;
  answered_by: string | null;
  search: SearchVector;
}
export interface CommentsTable {
  id: Generated<string>;
  org_id: string;
  post_id: string;
  parent_id: string | null;
  author_id: string;
  body: string;
  pseudonym: string | null;
  status: Generated<ContentStatus>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface ReactionsTable {
  org_id: string;
  post_id: string;
  user_id: string;
  emoji: Reaction;
  created_at: Generated<Date>;
}
export type GuardVerdict = Verdict;
export interface GuardDecisionsTable {
  id: Generated<string>;
  org_id: string;
  actor_id: string | null;
  record_kind: string;
  record_id: string | null;
  destination: string;
  decision: GuardVerdict;
  outcome: 'stored' | 'rejected' | 'unconfirmed';
  categories: string[];
  finding_count: number;
  consent_id: string | null;
  author_confirmed: boolean;
  created_at: Generated<Date>;
}
export interface FlagsTable {
  id: Generated<string>;
  org_id: string;
  record_kind: string;
  record_id: string;
  reporter_id: string | null;
  reason: string;
  status: Generated<'open' | 'agreed' | 'disagreed'>;
  created_at: Generated<Date>;
  source: Generated<FlagSource>;
  weight: Generated<number>;
  score: number | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  /** What an automated flag found (the matching known claim, the listed domain). */
  evidence: Json<Record<string, unknown>> | null;
}
export interface ModerationRulesTable {
  id: Generated<string>;
  org_id: string;
  community_id: string | null;
  pattern: string;
  is_regex: Generated<boolean>;
  action: RuleAction;
  replacement: string | null;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
  removed_at: NullableTimestamp;
}
export interface ModerationActionsTable {
  id: Generated<string>;
  org_id: string;
  record_kind: string | null;
  record_id: string | null;
  target_user_id: string | null;
  action: ModerationActionKind;
  reason: string;
  days: number | null;
  moderator_id: string;
  created_at: Generated<Date>;
  appeal_text: string | null;
  appealed_at: NullableTimestamp;
  appeal_status: 'pending' | 'upheld' | 'overturned' | null;
  appeal_decided_by: string | null;
  appeal_decided_at: NullableTimestamp;
  appeal_note: string | null;
}
export interface ApprovedSourcesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  url: string;
  publisher: string;
  summary: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
}
export interface PostCorrectionsTable {
  post_id: string;
  source_id: string;
  org_id: string;
  note: Generated<string>;
  linked_by: string;
  created_at: Generated<Date>;
}
export interface SignalAlertsTable {
  id: Generated<string>;
  org_id: string;
  scope: string;
  syndrome: string;
  day: string;
  method: 'c2' | 'cusum';
  observed: number;
  expected: number;
  statistic: number;
  created_at: Generated<Date>;
}

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface LoginChallengesTable {
  token_hash: string;
  user_id: string;
  org_id: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  created_at: Generated<Date>;
}
export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  public_key: string;
  counter: ColumnType<string, string | number, string | number>;
  transports: Generated<string[]>;
  name: Generated<string>;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
}
export interface WebauthnChallengesTable {
  user_id: string;
  challenge: string;
  purpose: string;
  expires_at: Timestamp;
}
export interface LoginEventsTable {
  id: BigSerial;
  user_id: string;
  org_id: string | null;
  ip: string | null;
  network: string | null;
  device: string | null;
  succeeded: boolean;
  created_at: Generated<Date>;
}
export interface BreakGlassGrantsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  requested_by: string;
  reason: string;
  minutes: number;
  /** Until approval, when the request lapses; after it, when the access ends. */
  expires_at: Timestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface MailOutboxTable {
  id: BigSerial;
  org_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export interface MessageThreadsTable {
  id: Generated<string>;
  org_id: string;
  kind: ThreadKind;
  subject: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
  last_message_at: Generated<Date>;
}
export interface ThreadParticipantsTable {
  thread_id: string;
  user_id: string;
  org_id: string;
  last_read_at: NullableTimestamp;
}
export interface MessagesTable {
  id: Generated<string>;
  org_id: string;
  thread_id: string;
  author_id: string;
  body: string;
  redactions: Json<{ category: string; start: number; end: number }[]> | null;
  created_at: Generated<Date>;
}
export interface ProviderProfilesTable {
  user_id: string;
  org_id: string;
  specialty: string;
  npi: string | null;
  bio: Generated<string>;
  verified_at: NullableTimestamp;
  verified_by: string | null;
  updated_at: Generated<Date>;
}
export interface ReviewsTable {
  id: Generated<string>;
  org_id: string;
  provider_id: string;
  author_id: string;
  rating: number;
  body: string;
  status: Generated<'visible' | 'hidden'>;
  reply_body: string | null;
  reply_by: string | null;
  replied_at: NullableTimestamp;
  created_at: Generated<Date>;
}
export interface NotificationsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  kind: string;
  title: string;
  link: string;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
  email_pending: Generated<boolean>;
}

export interface RetentionRulesTable {
  id: Generated<string>;
  org_id: string;
  record_class: string;
  jurisdiction: string;
  years: number;
  basis: string;
  created_by: string | null;
  created_at: Generated<Date>;
  effective_from: Generated<Date>;
  retired_at: Date | null;
  retired_by: string | null;
  version: Generated<number>;
  updated_at: Generated<Date>;
}
export interface RetentionFloorsTable {
  id: Generated<string>;
  org_id: string;
  record_class: string;
  jurisdiction: string;
  years: number;
  basis: string;
  created_by: string | null;
  created_at: Generated<Date>;
}
export type DispositionStatus = 'pending' | 'approved' | 'executed' | 'cancelled';
export interface DispositionRequestsTable {
  id: Generated<string>;
  org_id: string;
  requested_by: string | null;
  as_of: Date;
  rules: Json<unknown[]>;
  preview: Json;
  status: Generated<DispositionStatus>;
  approvals_required: number;
  approver_ids: Generated<string[]>;
  runs_after: Date | null;
  certificate_id: string | null;
  result: Json<{ records: number; entries: number; heldRecords: number }> | null;
  decided_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface LegalHoldsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  reason: string;
  custodian_ids: Generated<string[]>;
  channels: Generated<string[]>;
  keywords: Generated<string[]>;
  date_from: NullableTimestamp;
  date_to: NullableTimestamp;
  created_by: string;
  created_at: Generated<Date>;
  released_at: NullableTimestamp;
  released_by: string | null;
  saved_search_id: string | null;
}
export interface DestructionCertificatesTable {
  id: Generated<string>;
  org_id: string;
  reason: string;
  entry_count: number;
  record_count: number;
  rules: Json<unknown[]>;
  sample: Json<unknown[]>;
  manifest_sha256: string;
  signature: string;
  created_at: Generated<Date>;
}
export interface ErasureRequestsTable {
  id: Generated<string>;
  org_id: string;
  subject_id: string;
  requested_by: string;
  status: 'restricted' | 'erased';
  certificate_id: string | null;
  created_at: Generated<Date>;
  completed_at: NullableTimestamp;
}
export interface ProductionsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  query: Json;
  bates_prefix: string;
  /** 1: built in memory (before streaming); 2: streamed. A production is always rebuilt in its own format. */
  format: Generated<number>;
  bates_start: Generated<number>;
  review_set_id: string | null;
  documents: Generated<number>;
  withheld: Generated<number>;
  zip_sha256: string;
  created_by: string;
  created_at: Generated<Date>;
}
export interface ProductionDocumentsTable {
  production_id: string;
  position: number;
  entry_id: ColumnType<string, string | number, string | number>;
  /** The entry's time, so a page of documents reads only its months (migration 0032). */
  entry_at: Timestamp;
  withheld: Generated<boolean>;
}
export interface SavedSearchesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  query: Json;
  created_by: string;
  created_at: Generated<Date>;
}
export interface ReviewSetsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  query: Json;
  documents: number;
  created_by: string;
  created_at: Generated<Date>;
}
export interface ReviewItemsTable {
  set_id: string;
  position: number;
  entry_id: ColumnType<string, string | number, string | number>;
  assignee_id: string | null;
  tags: Generated<string[]>;
  note: Generated<string>;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
}
export interface IdentityProvidersTable {
  org_id: string;
  kind: Generated<'oidc' | 'saml'>;
  /** OpenID Connect: the issuer URL; SAML: the IdP's entity ID. */
  issuer: string;
  client_id: string | null;
  /** Sealed with the server's key, bound to the organization (OpenID Connect only). */
  client_secret: string | null;
  /** SAML: the IdP's single sign-on address (HTTP-Redirect binding). */
  sso_url: string | null;
  /** SAML: the IdP's signing certificate (PEM). */
  idp_certificate: string | null;
  groups_claim: Generated<string>;
  role_map: Json<Record<string, Role>>;
  default_role: Role | null;
  require_for_staff: Generated<boolean>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
export interface SsoFlowsTable {
  state: string;
  org_id: string;
  code_verifier: string;
  nonce: string;
  browser_hash: string;
  expires_at: Timestamp;
}
export interface ScimTokensTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
export interface KnownClaimsTable {
  id: Generated<string>;
  org_id: string;
  claim: string;
  correction: Generated<string>;
  url: string | null;
  source_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  retired_at: NullableTimestamp;
}
export interface UnreliableDomainsTable {
  org_id: string;
  domain: string;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
}
export interface SamlRequestsTable {
  id: string;
  org_id: string;
  created_at: Generated<Date>;
}
export interface SamlAssertionsSeenTable {
  org_id: string;
  assertion_id: string;
  expires_at: Timestamp;
}
export interface SsoIdentitiesTable {
  org_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Generated<Date>;
  last_sign_in_at: Generated<Date>;
}
export interface ScimGroupsTable {
  id: Generated<string>;
  org_id: string;
  display_name: string;
  external_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface ScimGroupMembersTable {
  group_id: string;
  user_id: string;
}
export interface PasskeyLoginChallengesTable {
  challenge: string;
  expires_at: Timestamp;
}
export interface MembershipChangesTable {
  id: BigSerial;
  org_id: string;
  user_id: string;
  change: 'deactivated' | 'reactivated';
  reason: Generated<string>;
  by_id: string | null;
  detail: Json;
  at: Generated<Date>;
}
export interface CustodyEventsTable {
  id: BigSerial;
  org_id: string;
  production_id: string;
  action: string;
  actor_id: string | null;
  sha256: string | null;
  at: Generated<Date>;
}
export interface SigningKeysTable {
  org_id: string;
  secret: string;
  created_at: Generated<Date>;
}

export interface PolicyDocumentsTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  title: string;
  created_at: Generated<Date>;
}
export interface PolicyVersionsTable {
  id: Generated<string>;
  org_id: string;
  policy_id: string;
  version: number;
  body: string;
  change_summary: Generated<string>;
  published_by: string;
  published_at: Generated<Date>;
  body_sha256: string;
}
export interface PolicyAcknowledgementsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  policy_version_id: string;
  acknowledged_at: Generated<Date>;
  ip: string | null;
}
export interface TrainingLesson {
  title: string;
  body: string;
}
export interface TrainingQuestion {
  prompt: string;
  options: string[];
  answer: number;
  explanation: string;
}
export interface TrainingModulesTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  title: string;
  summary: Generated<string>;
  lessons: ColumnType<TrainingLesson[], string, string>;
  questions: ColumnType<TrainingQuestion[], string, string>;
  pass_mark: number;
  valid_days: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface TrainingAttemptsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  module_id: string;
  module_version: number;
  score: number;
  passed: boolean;
  answers: ColumnType<number[], string, string>;
  certificate_signature: string | null;
  created_at: Generated<Date>;
}
export interface SupervisoryReviewsTable {
  id: Generated<string>;
  org_id: string;
  record_kind: string;
  record_id: string;
  author_id: string;
  sampled_at: Generated<Date>;
  reviewer_id: string | null;
  decision: 'appropriate' | 'concern' | null;
  note: string | null;
  decided_at: NullableTimestamp;
}
export interface ComplianceDigestsTable {
  id: Generated<string>;
  org_id: string;
  period_start: Date;
  period_end: Date;
  figures: ColumnType<Record<string, unknown>, string, string>;
  sent_at: Generated<Date>;
}
export interface ChannelsTable {
  id: Generated<string>;
  org_id: string;
  network: Network;
  name: string;
  base_url: string;
  account_id: string;
  handle: string;
  max_length: number;
  can_post: boolean;
  credentials: string;
  status: Generated<'active' | 'revoked' | 'paused'>;
  status_reason: string | null;
  last_checked_at: NullableTimestamp;
  inbox_cursor: string | null;
  created_by: string;
  created_at: Generated<Date>;
  /** Whoever connected it was deactivated: someone should take it over. */
  owner_departed_at: NullableTimestamp;
}
export interface PublisherPostsTable {
  id: Generated<string>;
  org_id: string;
  body: string;
  author_id: string;
  status: PublisherPostStatus;
  approvals_required: number;
  approval_expires_at: Date;
  scheduled_at: NullableTimestamp;
  campaign: string | null;
  consent_id: string | null;
  misinformation: number | null;
  /** What the screen said for approvers to weigh (a known claim repeated, an unreliable link, a watched word). */
  screen_flags: Generated<string[]>;
  follow_ups: Generated<string[]>;
  repeat_every: RepeatPeriod | null;
  repeat_remaining: Generated<number>;
  series_id: string | null;
  next_occurrence_id: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface PublisherApprovalsTable {
  id: Generated<string>;
  post_id: string;
  org_id: string;
  step: number;
  approver_id: string;
  decision: 'approve' | 'reject';
  note: Generated<string>;
  created_at: Generated<Date>;
}
export interface PublisherTargetsTable {
  id: Generated<string>;
  post_id: string;
  org_id: string;
  channel_id: string;
  status: Generated<TargetStatus>;
  idempotency_key: string;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  locked_until: NullableTimestamp;
  last_error: string | null;
  remote_id: string | null;
  remote_url: string | null;
  published_at: NullableTimestamp;
  thread_ref: string | null;
  follow_up_keys: Generated<string[]>;
  follow_up_ids: Generated<string[]>;
}
export type LibraryItemStatus = 'proposed' | 'approved' | 'retired';
export interface LibraryItemsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  body: string;
  tags: Generated<string[]>;
  status: Generated<LibraryItemStatus>;
  created_by: string;
  decided_by: string | null;
  decided_at: Date | null;
  uses: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export type MediaStatus = 'processing' | 'ready' | 'failed' | 'destroyed';
export interface MediaTable {
  id: string;
  org_id: string;
  uploader_id: string;
  status: Generated<MediaStatus>;
  stage: Generated<string>;
  claimed_at: Date | null;
  attempts: Generated<number>;
  file_name: string;
  content_type: string;
  byte_size: number | string;
  /** A video's length; null for a still picture. */
  duration_ms: ColumnType<number | null, number | null | undefined, number | null>;
  width: number;
  height: number;
  /** Role (original, clean, shared, w320, w1280) → the stored file. */
  files: ColumnType<unknown, string | undefined, string>;
  evidence: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  redactions: ColumnType<unknown, string | undefined, string>;
  alt_text: Generated<string>;
  record_kind: string | null;
  record_id: string | null;
  attached_at: Date | null;
  failure: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface MediaPurgesTable {
  key: string;
  org_id: string;
  created_at: Generated<Date>;
}
export interface InboxItemsTable {
  id: Generated<string>;
  org_id: string;
  channel_id: string;
  kind: InboxKind;
  remote_id: string;
  remote_url: string | null;
  author_handle: string;
  author_name: string;
  body: string;
  rating: number | null;
  in_reply_to: string | null;
  remote_created_at: Date;
  received_at: Generated<Date>;
  status: Generated<'open' | 'responded' | 'closed'>;
  assignee_id: string | null;
  tags: Generated<string[]>;
  due_at: Date;
  first_response_at: NullableTimestamp;
  breach_alerted_at: NullableTimestamp;
}
export interface InboxResponsesTable {
  id: Generated<string>;
  item_id: string;
  org_id: string;
  body: string;
  responder_id: string;
  status: Generated<'queued' | 'sent' | 'failed'>;
  idempotency_key: string;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  remote_id: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}
export interface ResponseTemplatesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  body: string;
  created_by: string;
  created_at: Generated<Date>;
}
export interface NetworkMetricsTable {
  target_id: string;
  org_id: string;
  captured_at: Generated<Date>;
  likes: number;
  reposts: number;
  replies: number;
  impressions: number | null;
}
export interface SandboxPostsTable {
  id: Generated<string>;
  org_id: string;
  channel_id: string;
  idempotency_key: string;
  body: string;
  in_reply_to: string | null;
  continues: Generated<string | null>;
  /** Descriptions of the pictures the post carried. */
  picture_alts: Generated<string[]>;
  created_at: Generated<Date>;
  edited_at: Date | null;
  deleted_at: Date | null;
}
export type SandboxEventKind = 'reply' | 'mention' | 'dm' | 'review' | 'like' | 'repost';
export interface SandboxEventsTable {
  id: Generated<string>;
  org_id: string;
  channel_id: string;
  post_id: string | null;
  kind: SandboxEventKind;
  author_handle: string;
  author_name: string;
  body: Generated<string>;
  rating: number | null;
  deliver_at: Date;
  seq: Generated<string>;
}
export interface OAuthFlowsTable {
  id: string;
  state_hash: string;
  org_id: string;
  user_id: string;
  network: Network;
  name: string;
  extra: ColumnType<Record<string, string>, string, string>;
  verifier: string;
  nonce: string;
  redirect_uri: string;
  created_at: Generated<Date>;
  expires_at: Date;
}
export interface ScreeningInstrumentsTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  definition: ColumnType<unknown, string, string>;
  created_by: string;
  created_at: Generated<Date>;
  retired_at: Date | null;
}
export interface ScreeningResultsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  instrument: string;
  instrument_title: string;
  answers: ColumnType<Record<string, number>, string, string>;
  score: number;
  max_score: number;
  band: string;
  next_steps: string;
  crisis: Generated<boolean>;
  alerted_care_team: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface ScreeningSharesTable {
  result_id: string;
  clinician_id: string;
  shared_at: Generated<Date>;
}

export interface GoalsTable {
  id: Generated<string>;
  org_id: string;
  patient_id: string;
  kind: 'steps' | 'weight' | 'a1c' | 'blood_pressure' | 'sleep' | 'habit';
  title: string;
  unit: string;
  /** numeric: read back as a string by node-postgres. */
  target: ColumnType<string | null, number | null, number | null>;
  target2: ColumnType<string | null, number | null, number | null>;
  due_date: ColumnType<Date | null, string | null, string | null>;
  status: Generated<'suggested' | 'active' | 'declined' | 'stopped'>;
  suggested_by: string | null;
  suggestion_note: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface GoalEntriesTable {
  id: Generated<string>;
  goal_id: string;
  value: ColumnType<string, number, number>;
  value2: ColumnType<string | null, number | null, number | null>;
  recorded_on: ColumnType<Date, string, string>;
  created_at: Generated<Date>;
}
export interface GoalSharesTable {
  goal_id: string;
  clinician_id: string;
  shared_at: Generated<Date>;
}

export interface EventsTable {
  id: Generated<string>;
  org_id: string;
  community_id: string;
  created_by: string;
  title: string;
  description: Generated<string>;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  place: string | null;
  online_url: string | null;
  capacity: number | null;
  status: Generated<'scheduled' | 'cancelled'>;
  reminded_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface EventRsvpsTable {
  event_id: string;
  user_id: string;
  status: 'going' | 'waitlist';
  attended: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CampaignsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  story: string;
  /** bigint: read back as a string. */
  goal_cents: ColumnType<string, number, number>;
  currency: Generated<string>;
  donate_url: string;
  ends_on: ColumnType<Date | null, string | null, string | null>;
  status: Generated<'active' | 'closed'>;
  created_by: string;
  created_at: Generated<Date>;
}
export interface CampaignUpdatesTable {
  id: Generated<string>;
  campaign_id: string;
  body: string;
  created_by: string;
  created_at: Generated<Date>;
}
export interface PledgesTable {
  id: Generated<string>;
  campaign_id: string;
  org_id: string;
  donor_id: string | null;
  donor_name: string;
  amount_cents: ColumnType<string, number, number>;
  thank_publicly: Generated<boolean>;
  consent_id: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface DB {
  campaigns: CampaignsTable;
  campaign_updates: CampaignUpdatesTable;
  pledges: PledgesTable;
  events: EventsTable;
  event_rsvps: EventRsvpsTable;
  goals: GoalsTable;
  goal_entries: GoalEntriesTable;
  goal_shares: GoalSharesTable;
  screening_instruments: ScreeningInstrumentsTable;
  screening_results: ScreeningResultsTable;
  screening_shares: ScreeningSharesTable;
  oauth_flows: OAuthFlowsTable;
  sandbox_posts: SandboxPostsTable;
  sandbox_events: SandboxEventsTable;
  retention_rules: RetentionRulesTable;
  retention_floors: RetentionFloorsTable;
  disposition_requests: DispositionRequestsTable;
  legal_holds: LegalHoldsTable;
  destruction_certificates: DestructionCertificatesTable;
  erasure_requests: ErasureRequestsTable;
  productions: ProductionsTable;
  production_documents: ProductionDocumentsTable;
  saved_searches: SavedSearchesTable;
  review_sets: ReviewSetsTable;
  review_items: ReviewItemsTable;
  membership_changes: MembershipChangesTable;
  passkey_login_challenges: PasskeyLoginChallengesTable;
  identity_providers: IdentityProvidersTable;
  sso_flows: SsoFlowsTable;
  scim_tokens: ScimTokensTable;
  saml_requests: SamlRequestsTable;
  known_claims: KnownClaimsTable;
  unreliable_domains: UnreliableDomainsTable;
  saml_assertions_seen: SamlAssertionsSeenTable;
  sso_identities: SsoIdentitiesTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  custody_events: CustodyEventsTable;
  signing_keys: SigningKeysTable;
  message_threads: MessageThreadsTable;
  thread_participants: ThreadParticipantsTable;
  messages: MessagesTable;
  provider_profiles: ProviderProfilesTable;
  reviews: ReviewsTable;
  notifications: NotificationsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  login_challenges: LoginChallengesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  login_events: LoginEventsTable;
  break_glass_grants: BreakGlassGrantsTable;
  mail_outbox: MailOutboxTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  login_failures: LoginFailuresTable;
  security_alerts: SecurityAlertsTable;
  chain_heads: ChainHeadsTable;
  audit_log: AuditLogTable;
  archive_entries: ArchiveEntriesTable;
  archive_content: ArchiveContentTable;
  archive_destructions: ArchiveDestructionsTable;
  archive_records: ArchiveRecordsTable;
  distribution_log: DistributionLogTable;
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  community_invites: CommunityInvitesTable;
  signup_requests: SignupRequestsTable;
  community_join_requests: CommunityJoinRequestsTable;
  push_keys: PushKeysTable;
  push_subscriptions: PushSubscriptionsTable;
  push_outbox: PushOutboxTable;
  consents: ConsentsTable;
  record_consents: RecordConsentsTable;
  takedowns: TakedownsTable;
  posts: PostsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  guard_decisions: GuardDecisionsTable;
  flags: FlagsTable;
  moderation_rules: ModerationRulesTable;
  moderation_actions: ModerationActionsTable;
  approved_sources: ApprovedSourcesTable;
  post_corrections: PostCorrectionsTable;
  signal_alerts: SignalAlertsTable;
  policy_documents: PolicyDocumentsTable;
  policy_versions: PolicyVersionsTable;
  policy_acknowledgements: PolicyAcknowledgementsTable;
  training_modules: TrainingModulesTable;
  training_attempts: TrainingAttemptsTable;
  supervisory_reviews: SupervisoryReviewsTable;
  compliance_digests: ComplianceDigestsTable;
  channels: ChannelsTable;
  publisher_posts: PublisherPostsTable;
  publisher_approvals: PublisherApprovalsTable;
  publisher_targets: PublisherTargetsTable;
  inbox_items: InboxItemsTable;
  library_items: LibraryItemsTable;
  media: MediaTable;
  media_purges: MediaPurgesTable;
  inbox_responses: InboxResponsesTable;
  response_templates: ResponseTemplatesTable;
  network_metrics: NetworkMetricsTable;
}
