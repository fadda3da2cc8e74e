import { z } from 'zod';
import { JsonObject, Ok, WebAuthnOptions } from '../shared/responses.ts';

/** What each security route answers. */
export const securityResponses = {
  'POST /api/security/2fa/setup': {
    200: z.object({
      secret: z.string(),
      uri: z.string(),
      /** The otpauth URI as a QR code (an SVG document) to scan with the authenticator app. */
      qrSvg: z.string(),
    }),
  },
  'POST /api/security/2fa/enable': {
    200: z.object({
      recoveryCodes: z.array(z.string()),
    }),
  },
  'POST /api/security/2fa/disable': { 200: Ok },
  'POST /api/security/passkeys/options': { 200: WebAuthnOptions },
  'POST /api/security/passkeys': {
    201: Ok,
  },
  'GET /api/security/passkeys': {
    200: z.object({
      passkeys: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
    }),
  },
  'DELETE /api/security/passkeys/:id': { 200: Ok },
  'GET /api/security/alerts': {
    200: z.object({
      alerts: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          detail: JsonObject,
          user: z
            .object({
              id: z.string(),
              name: z.string().nullable(),
            })
            .nullable(),
          createdAt: z.string(),
          read: z.boolean(),
        }),
      ),
    }),
  },
  'POST /api/security/alerts/:id/read': { 200: Ok },
  'POST /api/security/break-glass': {
    201: z.object({
      grant: z.object({
        id: z.string(),
        status: z.string(),
        lapsesAt: z.string(),
      }),
    }),
  },
  'GET /api/security/break-glass': {
    200: z.object({
      grants: z.array(
        z.object({
          id: z.string(),
          userId: z.string(),
          grantee: z.string(),
          requester: z.string(),
          approver: z.string().nullable(),
          reason: z.string(),
          minutes: z.number(),
          status: z.string(),
          expiresAt: z.string(),
          canApprove: z.boolean(),
        }),
      ),
    }),
  },
  'POST /api/security/break-glass/:id/approve': {
    200: z.object({
      grant: z.object({
        id: z.string(),
        status: z.string(),
        expiresAt: z.string(),
      }),
    }),
  },
  'DELETE /api/security/break-glass/:id': {
    200: Ok,
  },
};
