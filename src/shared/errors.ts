/**
 * Every error a client can receive, once: its id (stable, part of the API), its HTTP status and what it
 * means. Messages are written where the error is raised and never contain PHI.
 */
export const ERRORS = {
  // The request itself
  bad_request: { status: 400, meaning: 'The request is not valid.' },
  validation_failed: { status: 400, meaning: 'A field is missing or has the wrong form; details name each one.' },
  malformed_body: { status: 400, meaning: 'The body is not valid JSON.' },
  payload_too_large: { status: 413, meaning: 'The body is larger than the server accepts.' },
  unsupported_media_type: { status: 415, meaning: 'Only JSON bodies are accepted (and pictures where a route takes one).' },
  media_refused: {
    status: 415,
    meaning: 'The file is not a picture Harborline accepts (its content was checked, not its name); the message says why.',
  },
  media_damaged: { status: 422, meaning: 'The picture is truncated or damaged and cannot be read.' },
  media_too_many_pixels: { status: 413, meaning: 'The picture decodes to more pixels than the server accepts.' },
  media_not_ready: { status: 409, meaning: 'The picture is still being checked (or its check failed); wait for it to be ready.' },
  route_not_found: { status: 404, meaning: 'No such route.' },
  not_found: { status: 404, meaning: 'Not found, or not visible to the caller (ids cannot be probed).' },
  conflict: { status: 409, meaning: 'The request conflicts with the current state.' },
  too_long: { status: 422, meaning: 'A text is longer than its destination allows.' },
  media_not_accepted: {
    status: 422,
    meaning: "A channel cannot take the post's pictures or video (count, shape, length, kind); the message names the channel and the rule.",
  },
  rate_limited: { status: 429, meaning: 'Too many attempts; Retry-After says when to try again.' },
  // Who is asking
  unauthorized: { status: 401, meaning: 'Sign in first.' },
  forbidden: { status: 403, meaning: 'The caller may not do this.' },
  csrf_failed: { status: 403, meaning: 'The CSRF token is missing or wrong.' },
  invalid_credentials: { status: 401, meaning: 'Email or password is wrong.' },
  wrong_password: { status: 403, meaning: 'The password (or code) given to confirm a change is wrong.' },
  weak_password: { status: 422, meaning: 'The new password is too short or commonly breached.' },
  invalid_code: { status: 401, meaning: 'The sign-in code is not valid.' },
  code_mismatch: { status: 400, meaning: 'The code does not match the authenticator being set up.' },
  challenge_expired: { status: 401, meaning: 'The sign-in challenge expired or was used up.' },
  already_enabled: { status: 409, meaning: 'Two-factor sign-in is already on.' },
  not_enabled: { status: 409, meaning: 'Two-factor sign-in is not on.' },
  two_factor_required: { status: 403, meaning: 'The organization requires two-factor sign-in for this role; enroll first.' },
  no_passkey: { status: 400, meaning: 'No passkey is registered for this account.' },
  passkey_invalid: { status: 401, meaning: 'The passkey could not be verified.' },
  passkey_registration_failed: { status: 400, meaning: 'The new passkey could not be verified.' },
  passkey_challenge_expired: { status: 400, meaning: 'The passkey challenge expired.' },
  account_suspended: { status: 403, meaning: 'The account is suspended in this organization.' },
  account_deactivated: { status: 403, meaning: 'The organization deactivated this account (offboarding).' },
  sso_misconfigured: { status: 400, meaning: "The organization's identity provider settings do not work." },
  sso_failed: { status: 401, meaning: "The identity provider's answer was refused (tampered, expired, replayed, or for someone else)." },
  reply_exists: { status: 409, meaning: 'Someone else already replied; publishing would replace their reply, so it must be confirmed.' },
  sso_replayed: { status: 401, meaning: 'This single sign-on answer was already used once; start again from the sign-in page.' },
  sso_required: { status: 403, meaning: "Staff of this organization sign in with the organization's identity provider." },
  invitation_expired: { status: 400, meaning: 'The invitation link expired or was used.' },
  reset_expired: { status: 400, meaning: 'The password reset link expired or was used.' },
  second_person_required: { status: 403, meaning: 'A second person must approve (break-glass access).' },
  training_required: { status: 403, meaning: 'Required training or policy acknowledgement is missing; details list each.' },
  not_clinical: { status: 422, meaning: 'Only clinicians may do this.' },
  // The guard
  phi_blocked: { status: 422, meaning: 'The text contains identifiers that may not be shared there.' },
  phi_consent_required: { status: 422, meaning: 'The text identifies a patient: each needs their own consent.' },
  phi_confirmation_required: { status: 409, meaning: 'The text may identify someone; confirm to share it.' },
  consent_not_valid: { status: 422, meaning: 'An attached consent expired or was revoked.' },
  invalid_witness: { status: 422, meaning: 'The consent witness is not a staff member of the organization.' },
  rule_blocked: { status: 422, meaning: 'A moderation rule blocks this text.' },
  needs_approval: { status: 422, meaning: 'The sharing rules require approval first.' },
  not_pending: { status: 409, meaning: 'It is no longer waiting for a decision.' },
  // Records and publishing
  production_changed: { status: 409, meaning: 'The production changed since it was reviewed.' },
  channel_unavailable: { status: 422, meaning: 'The network account cannot be used now.' },
  channel_unreachable: { status: 422, meaning: 'The network could not be reached or refused the request.' },
  oauth_denied: { status: 403, meaning: 'The network did not grant access (the sign-in there was declined).' },
  oauth_failed: { status: 400, meaning: 'Signing in to the network did not complete (expired, reused or not matching).' },
  // The server
  database_unavailable: { status: 503, meaning: 'The database is unavailable; nothing was saved.' },
  // Said by the load balancer (deploy/errors/harborline-503.http) when no server process answers.
  service_unavailable: { status: 503, meaning: 'No server is available to answer; nothing was saved.' },
  database_busy: { status: 503, meaning: 'The database was busy with a conflicting change; nothing was saved.' },
  media_storage_unavailable: {
    status: 503,
    meaning: 'Picture storage could not be written or read (full disk, storage unreachable); nothing was saved.',
  },
  storage_full: { status: 507, meaning: 'The database is out of storage; nothing was saved, reading works.' },
  internal: { status: 500, meaning: 'An unexpected failure (logged without content).' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorId = keyof typeof ERRORS;

/** An error a client can act on: stable id, its catalogued HTTP status and a message that never contains PHI. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERRORS[id].status;
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError('bad_request', message, details);
export const unauthorized = (message = 'Sign in first.') => new AppError('unauthorized', message);
export const forbidden = (message = 'You may not do that.') => new AppError('forbidden', message);
/** Used for anything the caller may not see, so nobody can probe which ids exist. */
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found.`);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError('conflict', message, details);
export const unprocessable = (id: ErrorId, message: string, details?: Record<string, unknown>) => new AppError(id, message, details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
