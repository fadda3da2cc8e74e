import { z } from 'zod';
import { ACTIONS } from '../access/policy.ts';
import { LOCALES, ROLES } from '../shared/enums.ts';
import { Ok, WebAuthnOptions } from '../shared/responses.ts';

export const SessionSchema = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), email: z.string(), twoFactor: z.boolean(), passkey: z.boolean() }),
  organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  role: z.enum(ROLES),
  /** What this role may do, from the server's one permission table. */
  can: z.array(z.enum(ACTIONS)),
  mustEnrollTwoFactor: z.boolean(),
  onboarded: z.boolean(),
  /** Null until the person chooses (the browser's language is used meanwhile). */
  locale: z.enum(LOCALES).nullable(),
});
const SignedIn = z.object({ csrfToken: z.string(), session: SessionSchema });
/** Signed in, or a second factor is asked for first. */
const LoginAnswer = z.union([
  SignedIn,
  z.object({ secondFactor: z.object({ challenge: z.string(), methods: z.array(z.enum(['totp', 'passkey', 'recovery_code'])) }) }),
]);

/** What each accounts route answers. */
export const accountsResponses = {
  'POST /api/auth/login': { 200: LoginAnswer },
  'POST /api/auth/login/second-factor': { 200: LoginAnswer },
  'POST /api/auth/login/passkey/options': { 200: WebAuthnOptions },
  'POST /api/auth/login/passkey': { 200: LoginAnswer },
  'GET /api/session': { 200: SignedIn },
  'POST /api/auth/logout': { 200: Ok },
  'POST /api/auth/logout-all': { 200: z.object({ ok: z.boolean(), revoked: z.number() }) },
  'POST /api/auth/passkey/options': { 200: WebAuthnOptions },
  'GET /api/auth/sessions': {
    200: z.object({
      sessions: z.array(
        z.object({
          id: z.string(),
          device: z.string(),
          network: z.string().nullable(),
          startedAt: z.string(),
          lastSeenAt: z.string(),
          current: z.boolean(),
        }),
      ),
    }),
  },
  'DELETE /api/auth/sessions/:id': { 200: Ok },
  'POST /api/auth/password': { 200: Ok },
  'POST /api/auth/password-reset': { 200: z.object({ ok: z.boolean(), message: z.string() }) },
  'POST /api/auth/password-reset/confirm': { 200: Ok },
  'POST /api/invitations/accept': { 200: LoginAnswer },
  'POST /api/me/onboarded': { 200: Ok },
  'PUT /api/me/locale': { 200: Ok },
};
