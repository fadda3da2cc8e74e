import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createInvitation } from '../accounts/password-flows.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { ROLES } from '../shared/enums.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { raiseAlert } from '../security/alerts.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { parseOrgSettings, roleOf, writeOrgSettings } from '../repositories/index.ts';
import { organizationsResponses } from './responses.ts';
import { deactivateMember, offboardingReport, reactivateMember } from './offboarding.ts';
import { resetSecondFactors } from '../security/second-factor.ts';

const Role = z.enum(ROLES);

/** Organization administration: members, roles, invitations, two-factor requirements. Admins only. */
export function organizationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organization'];
  const admin = (req: Parameters<typeof requireActor>[0]) => requirePermission(req, 'org.manage_members');

  r.get('/api/org/members', { schema: { response: organizationsResponses['GET /api/org/members'], tags } }, async (req) => {
    const actor = admin(req);
    const rows = await ctx.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.email',
        'u.display_name',
        'u.totp_enabled',
        'm.role',
        'm.created_at',
        'm.trust_level',
        'm.silenced_until',
        'm.suspended_until',
        'm.deactivated_at',
      ])
      .select((eb) => eb.exists(eb.selectFrom('webauthn_credentials as w').select('w.id').whereRef('w.user_id', '=', 'u.id')).as('passkey'))
      .where('m.org_id', '=', actor.orgId)
      .orderBy('u.display_name')
      .execute();
    return {
      members: rows.map((m) => ({
        id: m.id,
        email: m.email,
        displayName: m.display_name,
        role: m.role,
        twoFactor: m.totp_enabled || Boolean(m.passkey),
        since: m.created_at.toISOString(),
        trustLevel: m.trust_level,
        silencedUntil: m.silenced_until?.toISOString() ?? null,
        suspendedUntil: m.suspended_until?.toISOString() ?? null,
        deactivatedAt: m.deactivated_at?.toISOString() ?? null,
      })),
    };
  });

  r.patch(
    '/api/org/members/:id',
    {
      schema: {
        response: organizationsResponses['PATCH /api/org/members/:id'],
        tags,
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ role: Role }),
      },
    },
    async (req) => {
      const actor = admin(req);
      if (req.params.id === actor.userId) throw badRequest('Ask another admin to change your own role.');
      await ctx.db.transaction().execute(async (tx) => {
        const before = await roleOf(tx, actor.orgId, req.params.id, { forUpdate: true });
        if (!before) throw notFound('Member');
        await tx
          .updateTable('memberships')
          .set({ role: req.body.role as never })
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', req.params.id)
          .execute();
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'member.role_changed',
          targetType: 'user',
          targetId: req.params.id,
          ip: actor.ip,
          detail: { from: before, to: req.body.role },
        });
        if (req.body.role === 'admin' && before !== 'admin') {
          await raiseAlert(tx, { orgId: actor.orgId, userId: req.params.id, kind: 'admin_granted', detail: { by: actor.displayName } });
        }
      });
      return { ok: true };
    },
  );

  r.post(
    '/api/org/members/:id/deactivate',
    {
      schema: {
        response: organizationsResponses['POST /api/org/members/:id/deactivate'],
        tags,
        description: 'Offboarding: ends their sessions, refuses sign-in, flags their channels, holds their unsent approved posts.',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ reason: z.string().trim().max(300).default('') }),
      },
    },
    async (req) => deactivateMember(ctx.db, admin(req), req.params.id, req.body.reason),
  );

  r.post(
    '/api/org/members/:id/reactivate',
    {
      schema: {
        response: organizationsResponses['POST /api/org/members/:id/reactivate'],
        tags,
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (req) => {
      await reactivateMember(ctx.db, admin(req), req.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/org/members/:id/reset-2fa',
    {
      schema: {
        response: organizationsResponses['POST /api/org/members/:id/reset-2fa'],
        tags,
        description:
          "Reset a member's two-factor sign-in (a lost phone): authenticator, recovery codes and passkeys removed, sessions ended, the person told by email.",
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (req) => resetSecondFactors(ctx.db, admin(req), req.params.id),
  );

  r.get('/api/org/offboarding', { schema: { response: organizationsResponses['GET /api/org/offboarding'], tags } }, async (req) => ({
    changes: await offboardingReport(ctx.db, admin(req).orgId),
  }));

  r.post(
    '/api/org/invitations',
    {
      schema: {
        response: organizationsResponses['POST /api/org/invitations'],
        tags,
        body: z.object({ email: z.string().trim().email().max(254), role: Role }),
      },
    },
    async (req, reply) => {
      const actor = admin(req);
      const inv = await createInvitation(ctx, actor, req.body.email, req.body.role);
      reply.code(201);
      // The link is also mailed; admins can copy it where mail is not configured.
      return { invitation: { id: inv.id, token: inv.token, expiresAt: inv.expiresAt.toISOString() } };
    },
  );

  r.get('/api/org/settings', { schema: { response: organizationsResponses['GET /api/org/settings'], tags } }, async (req) => {
    const actor = admin(req);
    const org = await ctx.db
      .selectFrom('organizations')
      .select(['name', 'slug', 'settings'])
      .where('id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    return { name: org.name, slug: org.slug, require2faRoles: parseOrgSettings(org.settings).require2faRoles };
  });

  r.patch(
    '/api/org/settings',
    {
      schema: {
        response: organizationsResponses['PATCH /api/org/settings'],
        tags,
        body: z.object({ require2faRoles: z.array(Role).max(6) }),
      },
    },
    async (req) => {
      const actor = admin(req);
      await ctx.db.transaction().execute(async (tx) => {
        await writeOrgSettings(tx, actor.orgId, { require2faRoles: [...new Set(req.body.require2faRoles)] });
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'org.settings_changed',
          targetType: 'organization',
          targetId: actor.orgId,
          ip: actor.ip,
          detail: { require2faRoles: req.body.require2faRoles },
        });
      });
      return { ok: true };
    },
  );
}
