import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/policy.ts';
import type { Role } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';
import { deactivateMember, reactivateMember } from '../organizations/offboarding.ts';
import { hashPassword } from '../security/passwords.ts';
import { ROLES } from '../shared/enums.ts';
import { matches } from './scim-filter.ts';
import { scimGroupRoutes } from './scim-groups.ts';
import { listResponse, patchOperations, SCIM_ROUTE, ScimError, scimFilter, scimHandlers } from './scim-protocol.ts';

/**
 * SCIM 2.0 (RFC 7643/7644) provisioning of Users by the organization's identity system, with a bearer token
 * per organization: create, read, filter, replace, patch; `active: false` (or DELETE) runs the offboarding
 * path (sessions end at once, content kept). Roles follow the `roles` attribute, or the SCIM groups a person
 * is in (scim-groups.ts) through the organization's group-to-role map.
 */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const FILTERABLE = ['userName', 'externalId', 'displayName', 'active', 'emails.value', 'id'] as const;

interface Member {
  id: string;
  email: string;
  display_name: string;
  external_id: string | null;
  deactivated_at: Date | null;
  role: Role;
  created_at: Date;
}

function members(ctx: AppContext, orgId: string) {
  return ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'm.external_id', 'm.deactivated_at', 'm.role', 'm.created_at'])
    .where('m.org_id', '=', orgId);
}

async function member(ctx: AppContext, orgId: string, id: string): Promise<Member> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ScimError(404, 'No such user.');
  const row = await members(ctx, orgId).where('u.id', '=', id).executeTakeFirst();
  if (!row) throw new ScimError(404, 'No such user.');
  return row;
}

const resource = (m: Member, base: string) => ({
  schemas: [USER],
  id: m.id,
  externalId: m.external_id ?? undefined,
  userName: m.email,
  name: { formatted: m.display_name },
  displayName: m.display_name,
  emails: [{ value: m.email, primary: true, type: 'work' }],
  active: !m.deactivated_at,
  roles: [{ value: m.role, primary: true }],
  meta: { resourceType: 'User', created: m.created_at.toISOString(), location: `${base}/Users/${m.id}` },
});

/** Entra ID sends booleans as "True"/"False" strings in PATCH. */
const bool = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() === 'true' : Boolean(v));
const roleOf = (roles: unknown): Role | null => {
  const value = Array.isArray(roles) ? (roles[0] as { value?: unknown } | undefined)?.value : undefined;
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
};
const nameOf = (body: Record<string, unknown>) => {
  const n = body.displayName ?? (body.name as { formatted?: unknown } | undefined)?.formatted;
  return typeof n === 'string' && n.trim() ? n.trim().slice(0, 120) : null;
};

async function setActive(ctx: AppContext, actor: Actor, m: Member, active: boolean) {
  if (active && m.deactivated_at) await reactivateMember(ctx.db, actor, m.id);
  if (!active && !m.deactivated_at) await deactivateMember(ctx.db, actor, m.id, 'Deactivated by the identity system (SCIM)');
}

async function update(
  ctx: AppContext,
  actor: Actor,
  m: Member,
  changes: { name?: string | null; externalId?: unknown; role?: Role | null; active?: boolean },
) {
  if (changes.name) await ctx.db.updateTable('users').set({ display_name: changes.name }).where('id', '=', m.id).execute();
  if (changes.externalId !== undefined)
    await ctx.db
      .updateTable('memberships')
      .set({ external_id: typeof changes.externalId === 'string' ? changes.externalId.slice(0, 200) : null })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', m.id)
      .execute();
  if (changes.role && changes.role !== m.role)
    await ctx.db
      .updateTable('memberships')
      .set({ role: changes.role })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', m.id)
      .execute();
  if (changes.active !== undefined) await setActive(ctx, actor, m, changes.active);
}

export function scimRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  const { handle, bodyOf, base } = scimHandlers(ctx);
  scimGroupRoutes(app, ctx);

  app.get(
    '/scim/v2/ServiceProviderConfig',
    SCIM_ROUTE,
    handle(async () => ({
      status: 200,
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 200 },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [
          { type: 'oauthbearertoken', name: 'Bearer token', description: 'A token an administrator creates on the Organization page.' },
        ],
      },
    })),
  );

  app.get(
    '/scim/v2/Users',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const q = req.query as { filter?: string; startIndex?: string; count?: string };
      const filter = scimFilter(q.filter, FILTERABLE);
      const all = (await members(ctx, actor.orgId).orderBy('m.created_at').limit(100_000).execute()).filter((m) =>
        matches(
          {
            id: m.id,
            userName: m.email,
            'emails.value': m.email,
            externalId: m.external_id,
            displayName: m.display_name,
            active: !m.deactivated_at,
          },
          filter,
        ),
      );
      return { status: 200, body: listResponse(all, q, (m) => resource(m, base(req))) };
    }),
  );

  app.get(
    '/scim/v2/Users/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => ({
      status: 200,
      body: resource(await member(ctx, actor.orgId, (req.params as { id: string }).id), base(req)),
    })),
  );

  app.post(
    '/scim/v2/Users',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const body = bodyOf(req);
      const email = typeof body.userName === 'string' ? body.userName.trim().toLowerCase() : '';
      if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/.test(email))
        throw new ScimError(400, 'userName must be an email address.', 'invalidValue');
      const name = nameOf(body) ?? email;
      const existing = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) throw new ScimError(409, 'A user with this userName already exists.', 'uniqueness');
      const password = await hashPassword(randomBytes(32).toString('base64url'));
      const id = await ctx.db.transaction().execute(async (tx) => {
        const user = await tx
          .insertInto('users')
          .values({ email, display_name: name, password_hash: password })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('memberships')
          .values({
            org_id: actor.orgId,
            user_id: user.id,
            role: roleOf(body.roles) ?? 'staff',
            external_id: typeof body.externalId === 'string' ? body.externalId.slice(0, 200) : null,
          })
          .execute();
        return user.id;
      });
      const created = await member(ctx, actor.orgId, id);
      if (body.active === false || body.active === 'False') await setActive(ctx, actor, created, false);
      return { status: 201, body: resource(await member(ctx, actor.orgId, id), base(req)) };
    }),
  );

  app.put(
    '/scim/v2/Users/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const m = await member(ctx, actor.orgId, (req.params as { id: string }).id);
      const body = bodyOf(req);
      if (typeof body.userName === 'string' && body.userName.trim().toLowerCase() !== m.email)
        throw new ScimError(400, 'userName (the email address) cannot be changed here.', 'mutability');
      await update(ctx, actor, m, {
        name: nameOf(body),
        externalId: body.externalId ?? null,
        role: roleOf(body.roles),
        active: body.active === undefined ? undefined : bool(body.active),
      });
      return { status: 200, body: resource(await member(ctx, actor.orgId, m.id), base(req)) };
    }),
  );

  app.patch(
    '/scim/v2/Users/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const m = await member(ctx, actor.orgId, (req.params as { id: string }).id);
      const body = bodyOf(req);
      const changes: Parameters<typeof update>[3] = {};
      for (const op of patchOperations(body)) {
        // Without a path the value is an object of attributes (how Entra ID and Okta often send it).
        const values: Record<string, unknown> =
          op.path !== undefined ? { [op.path]: op.op === 'remove' ? null : op.value } : ((op.value as Record<string, unknown>) ?? {});
        for (const [path, value] of Object.entries(values)) {
          const p = path.toLowerCase();
          if (p === 'active') changes.active = bool(value);
          else if (p === 'displayname' || p === 'name.formatted')
            changes.name = typeof value === 'string' ? value.trim().slice(0, 120) : null;
          else if (p === 'externalid') changes.externalId = value ?? null;
          else if (p === 'roles') changes.role = roleOf(value);
          else throw new ScimError(400, `Changing "${path}" is not supported.`, 'invalidPath');
        }
      }
      await update(ctx, actor, m, changes);
      return { status: 200, body: resource(await member(ctx, actor.orgId, m.id), base(req)) };
    }),
  );

  app.delete(
    '/scim/v2/Users/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      // Records are the organization's: the person is deactivated (offboarded), never erased, by provisioning.
      await setActive(ctx, actor, await member(ctx, actor.orgId, (req.params as { id: string }).id), false);
      return { status: 204 };
    }),
  );
}
