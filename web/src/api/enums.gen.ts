// Generated from src/shared/enums.ts by `npm run api-types`; do not edit by hand.

export const ARCHIVE_EVENTS = ["create","edit","delete","visibility","restore","status"] as const;
export const CAPABILITIES = ["publish_public","answer_questions","approve_posts"] as const;
export const COMMUNITY_VISIBILITIES = ["public","members","private"] as const;
export const CONSENT_MEDIA = ["text","photo","video","audio"] as const;
export const CONTENT_STATUSES = ["visible","pending","hidden","deleted"] as const;
export const DESTINATIONS = ["public","community","direct","care_team"] as const;
export const FLAG_SOURCES = ["member","classifier","rule","guard","known_claim","source_signal"] as const;
export const INBOX_KINDS = ["reply","mention","dm","review"] as const;
export const LOCALES = ["en","es"] as const;
export const MODERATION_ACTION_KINDS = ["agree","disagree","hide","delete","warn","silence","suspend","approve","restore"] as const;
export const NETWORKS = ["mastodon","bluesky","google_reviews","x","facebook","linkedin","sandbox","instagram","youtube"] as const;
export const NOTIFICATION_BATCHES = ["instant","hourly","daily"] as const;
export const POST_KINDS = ["post","announcement","education","event","campaign","question"] as const;
export const POST_VISIBILITIES = ["public","members","care_team"] as const;
export const PUBLISHER_POST_STATUSES = ["draft","pending_approval","approved","rejected","expired","published","partly_failed","failed","cancelled"] as const;
export const REACTIONS = ["like","support","thanks","helpful"] as const;
export const REPEAT_PERIODS = ["day","week","month"] as const;
export const ROLES = ["patient","clinician","staff","communications","compliance","admin"] as const;
export const RULE_ACTIONS = ["block","require_approval","flag","replace"] as const;
export const SIGNATURE_METHODS = ["signed_form","typed_signature","own_account"] as const;
export const TARGET_STATUSES = ["waiting","queued","publishing","published","failed","cancelled","taken_down"] as const;
export const THREAD_KINDS = ["direct","care_team","consult"] as const;
export const VERDICTS = ["allow","warn","needs_consent","block"] as const;
export const CATEGORY_LABELS: Record<string, string> = {"SH01_NAME":"Name","SH02_GEO":"Address or place","SH03_DATE":"Date or age over 89","SH04_PHONE":"Phone number","SH05_FAX":"Fax number","SH06_EMAIL":"Email address","SH07_SSN":"Social Security number","SH08_MRN":"Medical record number","SH09_HEALTH_PLAN":"Health plan number","SH10_ACCOUNT":"Account or card number","SH11_LICENSE":"Certificate or license number","SH12_VEHICLE":"Vehicle identifier","SH13_DEVICE":"Device identifier","SH14_URL":"Web address","SH15_IP":"IP address","SH16_BIOMETRIC":"Biometric identifier","SH17_PHOTO":"Photo","SH18_OTHER_ID":"Other identifying number"};
