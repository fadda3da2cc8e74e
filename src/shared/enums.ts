/**
 * The product's closed sets of values, each written once. The database types (db/schema.ts), the request
 * and response schemas (zod) and the web UI all derive from these lists; adding a value here is the one
 * change, and a migration's CHECK constraint (where there is one) follows it.
 */
const set = <const T extends readonly [string, ...string[]]>(values: T) => values;
export type OneOf<T extends readonly string[]> = T[number];

/** What a role may do only with current training and acknowledged policies. */
export const CAPABILITIES = set(['publish_public', 'answer_questions', 'approve_posts']);
export type Capability = OneOf<typeof CAPABILITIES>;

export const ROLES = set(['patient', 'clinician', 'staff', 'communications', 'compliance', 'admin']);
export type Role = OneOf<typeof ROLES>;

/** Where content goes, strictest first. */
export const DESTINATIONS = set(['public', 'community', 'direct', 'care_team']);
export type Destination = OneOf<typeof DESTINATIONS>;
/** What the guard decides for a piece of content (least to most severe: allow, warn, needs_consent, block). */
export const VERDICTS = set(['allow', 'warn', 'needs_consent', 'block']);
export type Verdict = OneOf<typeof VERDICTS>;

export const COMMUNITY_VISIBILITIES = set(['public', 'members', 'private']);
export type CommunityVisibility = OneOf<typeof COMMUNITY_VISIBILITIES>;
export const POST_KINDS = set(['post', 'announcement', 'education', 'event', 'campaign', 'question']);
export type PostKind = OneOf<typeof POST_KINDS>;
export const POST_VISIBILITIES = set(['public', 'members', 'care_team']);
export type PostVisibility = OneOf<typeof POST_VISIBILITIES>;
export const CONTENT_STATUSES = set(['visible', 'pending', 'hidden', 'deleted']);
export type ContentStatus = OneOf<typeof CONTENT_STATUSES>;
export const REACTIONS = set(['like', 'support', 'thanks', 'helpful']);
export type Reaction = OneOf<typeof REACTIONS>;

export const THREAD_KINDS = set(['direct', 'care_team', 'consult']);
export type ThreadKind = OneOf<typeof THREAD_KINDS>;
export const NOTIFICATION_BATCHES = set(['instant', 'hourly', 'daily']);
export type NotificationBatch = OneOf<typeof NOTIFICATION_BATCHES>;

export const SIGNATURE_METHODS = set(['signed_form', 'typed_signature', 'own_account']);
export type SignatureMethod = OneOf<typeof SIGNATURE_METHODS>;
export const CONSENT_MEDIA = set(['text', 'photo', 'video', 'audio']);
export type ConsentMedium = OneOf<typeof CONSENT_MEDIA>;

export const RULE_ACTIONS = set(['block', 'require_approval', 'flag', 'replace']);
export type RuleAction = OneOf<typeof RULE_ACTIONS>;
export const FLAG_SOURCES = set(['member', 'classifier', 'rule', 'guard', 'known_claim', 'source_signal']);
export type FlagSource = OneOf<typeof FLAG_SOURCES>;
export const MODERATION_ACTION_KINDS = set(['agree', 'disagree', 'hide', 'delete', 'warn', 'silence', 'suspend', 'approve', 'restore']);
export type ModerationActionKind = OneOf<typeof MODERATION_ACTION_KINDS>;

/** `sandbox` is the built-in practice network (no account; lives in Harborline's own database). */
export const NETWORKS = set(['mastodon', 'bluesky', 'google_reviews', 'x', 'facebook', 'linkedin', 'sandbox', 'instagram', 'youtube']);
export type Network = OneOf<typeof NETWORKS>;
export const PUBLISHER_POST_STATUSES = set([
  'draft',
  'pending_approval',
  'approved',
  'rejected',
  'expired',
  'published',
  'partly_failed',
  'failed',
  'cancelled',
]);
export type PublisherPostStatus = OneOf<typeof PUBLISHER_POST_STATUSES>;
export const REPEAT_PERIODS = set(['day', 'week', 'month']);
export type RepeatPeriod = OneOf<typeof REPEAT_PERIODS>;
export const TARGET_STATUSES = set(['waiting', 'queued', 'publishing', 'published', 'failed', 'cancelled', 'taken_down']);
export type TargetStatus = OneOf<typeof TARGET_STATUSES>;
export const INBOX_KINDS = set(['reply', 'mention', 'dm', 'review']);
export type InboxKind = OneOf<typeof INBOX_KINDS>;
export const ARCHIVE_EVENTS = set(['create', 'edit', 'delete', 'visibility', 'restore', 'status']);
export type ArchiveEvent = OneOf<typeof ARCHIVE_EVENTS>;

/** The languages of the UI (English, and Spanish as a full second language). */
export const LOCALES = set(['en', 'es']);
export type Locale = OneOf<typeof LOCALES>;
