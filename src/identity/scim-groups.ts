import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Tx } from '../db/index.ts';
import type { AppContext } from '../http/context.ts';
import { roleFromGroups } from './roles.ts';
import { matches } from './scim-filter.ts';
import { listResponse, patchOperations, SCIM_ROUTE, ScimError, scimFilter, scimHandlers } from './scim-protocol.ts';

/**
 * SCIM 2.0 Groups (RFC 7643 §4.2): the identity system's groups and who is in them. A group whose name
 * the organization maps to a role (the same map single sign-on uses) gives its members that role — the
 * highest of their mapped groups — as soon as membership changes, not at their next sign-in. Leaving
 * every mapped group changes no role (deactivation is the user's `active`, which runs offboarding).
 */
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const FILTERABLE = ['displayName', 'externalId', 'id'] as const;
const MAX_MEMBERS_PER_REQUEST = 10_000;
const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

async function groupOf(ctx: AppContext, orgId: string, id: string): Promise<GroupRow> {
  const row = isUuid(id)
    ? await ctx.db
        .selectFrom('scim_groups')
        .select(['id', 'display_name', 'external_id', 'created_at', 'updated_at'])
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new ScimError(404, 'No such group.');
  return row;
}

async function membersOf(ctx: AppContext, groupIds: string[]) {
  if (groupIds.length === 0) return new Map<string, { value: string; display: string }[]>();
  const rows = await ctx.db
    .selectFrom('scim_group_members as gm')
    .innerJoin('users as u', 'u.id', 'gm.user_id')
    .select(['gm.group_id', 'u.id', 'u.display_name'])
    .where('gm.group_id', 'in', groupIds)
    .orderBy('u.display_name')
    .execute();
  const byGroup = new Map<string, { value: string; display: string }[]>();
  for (const r of rows) byGroup.set(r.group_id, [...(byGroup.get(r.group_id) ?? []), { value: r.id, display: r.display_name }]);
  return byGroup;
}

const resource = (g: GroupRow, members: { value: string; display: string }[] | undefined, base: string) => ({
  schemas: [GROUP],
  id: g.id,
  displayName: g.display_name,
  externalId: g.external_id ?? undefined,
  ...(members ? { members: members.map((m) => ({ ...m, $ref: `${base}/Users/${m.value}`, type: 'User' })) } : {}),
  meta: {
    resourceType: 'Group',
    created: g.created_at.toISOString(),
    lastModified: g.updated_at.toISOString(),
    location: `${base}/Groups/${g.id}`,
  },
});

/** Member ids from a `members` value ([{ value }]); every one must be a person in this organization. */
async function memberIds(tx: Tx, orgId: string, value: unknown): Promise<string[]> {
  const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  if (list.length > MAX_MEMBERS_PER_REQUEST) throw new ScimError(400, `At most ${MAX_MEMBERS_PER_REQUEST} members per request.`, 'tooMany');
  const ids = [...new Set(list.map((m) => (m as { value?: unknown } | null)?.value))];
  if (ids.some((id) => typeof id !== 'string' || !isUuid(id)))
    throw new ScimError(400, 'Each member needs the "value" of a User id.', 'invalidValue');
  if (ids.length === 0) return [];
  const known = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('user_id', 'in', ids as string[])
    .execute();
  if (known.length !== ids.length) throw new ScimError(400, 'A member is not a User of this organization.', 'invalidValue');
  return ids as string[];
}

/** Each person's role from all their SCIM groups, through the organization's group-to-role map (audited when it changes). */
async function applyGroupRoles(tx: Tx, actor: Actor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const provider = await tx.selectFrom('identity_providers').select('role_map').where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!provider || Object.keys(provider.role_map).length === 0) return;
  const rows = await tx
    .selectFrom('memberships as m')
    .leftJoin('scim_group_members as gm', 'gm.user_id', 'm.user_id')
    .leftJoin('scim_groups as g', (j) => j.onRef('g.id', '=', 'gm.group_id').onRef('g.org_id', '=', 'm.org_id'))
    .select(['m.user_id', 'm.role', 'g.display_name'])
    .where('m.org_id', '=', actor.orgId)
    .where('m.user_id', 'in', [...new Set(userIds)])
    .execute();
  const people = new Map<string, { role: string; groups: string[] }>();
  for (const r of rows) {
    const p = people.get(r.user_id) ?? { role: r.role, groups: [] };
    if (r.display_name) p.groups.push(r.display_name);
    people.set(r.user_id, p);
  }
  for (const [userId, p] of people) {
    const role = roleFromGroups(p.groups, provider.role_map, null);
    if (!role || role === p.role) continue;
    await tx.updateTable('memberships').set({ role }).where('org_id', '=', actor.orgId).where('user_id', '=', userId).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
      detail: { from: p.role, to: role, by: 'scim_groups' },
    });
  }
}

/** The path of a PATCH that names one member: `members[value eq "id"]`. */
const ONE_MEMBER = /^members\[value eq "([^"]+)"\]$/i;

export function scimGroupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { handle, bodyOf, base } = scimHandlers(ctx);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const withoutMembers = (req: FastifyRequest) =>
    /(^|,)\s*members\s*(,|$)/.test((req.query as { excludedAttributes?: string }).excludedAttributes ?? '');
  const nameOf = (v: unknown) => {
    if (typeof v !== 'string' || !v.trim() || v.length > 200)
      throw new ScimError(400, 'displayName (1–200 characters) is required.', 'invalidValue');
    return v.trim();
  };
  const audit = (tx: Tx, actor: Actor, action: string, groupId: string, detail: Record<string, unknown>) =>
    recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action,
      targetType: 'scim_group',
      targetId: groupId,
      ip: actor.ip,
      detail,
    });
  const uniqueName = async (tx: Tx, orgId: string, name: string, except?: string) => {
    let q = tx.selectFrom('scim_groups').select('id').where('org_id', '=', orgId).where('display_name', '=', name);
    if (except) q = q.where('id', '!=', except);
    if (await q.executeTakeFirst()) throw new ScimError(409, 'A group with this displayName already exists.', 'uniqueness');
  };
  const answer = async (req: FastifyRequest, orgId: string, id: string, status = 200) => {
    const g = await groupOf(ctx, orgId, id);
    return { status, body: resource(g, (await membersOf(ctx, [g.id])).get(g.id) ?? [], base(req)) };
  };

  app.get(
    '/scim/v2/Groups',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const q = req.query as { filter?: string; startIndex?: string; count?: string };
      const filter = scimFilter(q.filter, FILTERABLE);
      const all = (
        await ctx.db
          .selectFrom('scim_groups')
          .select(['id', 'display_name', 'external_id', 'created_at', 'updated_at'])
          .where('org_id', '=', actor.orgId)
          .orderBy('created_at')
          .limit(100_000)
          .execute()
      ).filter((g) => matches({ id: g.id, displayName: g.display_name, externalId: g.external_id }, filter));
      const list = listResponse(all, q, (g) => g);
      const members = withoutMembers(req)
        ? null
        : await membersOf(
            ctx,
            list.Resources.map((g) => g.id),
          );
      return {
        status: 200,
        body: { ...list, Resources: list.Resources.map((g) => resource(g, members ? (members.get(g.id) ?? []) : undefined, base(req))) },
      };
    }),
  );

  app.get(
    '/scim/v2/Groups/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      if (!withoutMembers(req)) return answer(req, actor.orgId, idOf(req));
      return { status: 200, body: resource(await groupOf(ctx, actor.orgId, idOf(req)), undefined, base(req)) };
    }),
  );

  app.post(
    '/scim/v2/Groups',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const body = bodyOf(req);
      const name = nameOf(body.displayName);
      const id = await ctx.db.transaction().execute(async (tx) => {
        await uniqueName(tx, actor.orgId, name);
        const users = await memberIds(tx, actor.orgId, body.members);
        const g = await tx
          .insertInto('scim_groups')
          .values({
            org_id: actor.orgId,
            display_name: name,
            external_id: typeof body.externalId === 'string' ? body.externalId.slice(0, 200) : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (users.length)
          await tx
            .insertInto('scim_group_members')
            .values(users.map((user_id) => ({ group_id: g.id, user_id })))
            .execute();
        await audit(tx, actor, 'scim.group_created', g.id, { name, members: users.length });
        await applyGroupRoles(tx, actor, users);
        return g.id;
      });
      return answer(req, actor.orgId, id, 201);
    }),
  );

  app.put(
    '/scim/v2/Groups/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const g = await groupOf(ctx, actor.orgId, idOf(req));
      const body = bodyOf(req);
      const name = nameOf(body.displayName);
      await ctx.db.transaction().execute(async (tx) => {
        await uniqueName(tx, actor.orgId, name, g.id);
        const users = await memberIds(tx, actor.orgId, body.members);
        const before = await tx.deleteFrom('scim_group_members').where('group_id', '=', g.id).returning('user_id').execute();
        if (users.length)
          await tx
            .insertInto('scim_group_members')
            .values(users.map((user_id) => ({ group_id: g.id, user_id })))
            .execute();
        await tx
          .updateTable('scim_groups')
          .set({
            display_name: name,
            external_id: typeof body.externalId === 'string' ? body.externalId.slice(0, 200) : null,
            updated_at: new Date(),
          })
          .where('id', '=', g.id)
          .execute();
        await audit(tx, actor, 'scim.group_replaced', g.id, { name, members: users.length });
        await applyGroupRoles(tx, actor, [...users, ...before.map((b) => b.user_id)]);
      });
      return answer(req, actor.orgId, g.id);
    }),
  );

  app.patch(
    '/scim/v2/Groups/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const g = await groupOf(ctx, actor.orgId, idOf(req));
      const ops = patchOperations(bodyOf(req));
      await ctx.db.transaction().execute(async (tx) => {
        const touched: string[] = [];
        let added = 0;
        let removed = 0;
        for (const op of ops) {
          const one = op.path ? ONE_MEMBER.exec(op.path) : null;
          const path = op.path?.toLowerCase();
          // Without a path the value is an object of attributes (Entra ID sends displayName this way).
          const values: [string, unknown][] =
            op.path === undefined ? Object.entries((op.value as Record<string, unknown>) ?? {}) : [[path!, op.value]];
          if (one && op.op === 'remove') {
            const res = await tx
              .deleteFrom('scim_group_members')
              .where('group_id', '=', g.id)
              .where('user_id', '=', isUuid(one[1]) ? one[1] : '00000000-0000-0000-0000-000000000000')
              .executeTakeFirst();
            removed += Number(res.numDeletedRows);
            touched.push(one[1]);
            continue;
          }
          for (const [attribute, value] of values) {
            const a = attribute.toLowerCase();
            if (a === 'members') {
              if (op.op === 'remove' && (value === undefined || value === null)) {
                const gone = await tx.deleteFrom('scim_group_members').where('group_id', '=', g.id).returning('user_id').execute();
                removed += gone.length;
                touched.push(...gone.map((r) => r.user_id));
                continue;
              }
              const users = await memberIds(tx, actor.orgId, value);
              if (op.op === 'remove') {
                if (users.length)
                  removed += Number(
                    (
                      await tx
                        .deleteFrom('scim_group_members')
                        .where('group_id', '=', g.id)
                        .where('user_id', 'in', users)
                        .executeTakeFirst()
                    ).numDeletedRows,
                  );
              } else {
                if (op.op === 'replace') {
                  const gone = await tx.deleteFrom('scim_group_members').where('group_id', '=', g.id).returning('user_id').execute();
                  touched.push(...gone.map((r) => r.user_id));
                }
                if (users.length) {
                  const rows = await tx
                    .insertInto('scim_group_members')
                    .values(users.map((user_id) => ({ group_id: g.id, user_id })))
                    .onConflict((oc) => oc.doNothing())
                    .returning('user_id')
                    .execute();
                  added += rows.length;
                }
              }
              touched.push(...users);
            } else if (a === 'displayname' && op.op !== 'remove') {
              const name = nameOf(value);
              await uniqueName(tx, actor.orgId, name, g.id);
              await tx.updateTable('scim_groups').set({ display_name: name }).where('id', '=', g.id).execute();
              touched.push(
                ...(await tx.selectFrom('scim_group_members').select('user_id').where('group_id', '=', g.id).execute()).map(
                  (r) => r.user_id,
                ),
              );
            } else if (a === 'externalid') {
              await tx
                .updateTable('scim_groups')
                .set({ external_id: op.op === 'remove' || typeof value !== 'string' ? null : value.slice(0, 200) })
                .where('id', '=', g.id)
                .execute();
            } else throw new ScimError(400, `Changing "${attribute}" is not supported.`, 'invalidPath');
          }
        }
        await tx.updateTable('scim_groups').set({ updated_at: new Date() }).where('id', '=', g.id).execute();
        await audit(tx, actor, 'scim.group_changed', g.id, { added, removed });
        await applyGroupRoles(tx, actor, touched);
      });
      return answer(req, actor.orgId, g.id);
    }),
  );

  app.delete(
    '/scim/v2/Groups/:id',
    SCIM_ROUTE,
    handle(async (req, actor) => {
      const g = await groupOf(ctx, actor.orgId, idOf(req));
      await ctx.db.transaction().execute(async (tx) => {
        const members = await tx.deleteFrom('scim_group_members').where('group_id', '=', g.id).returning('user_id').execute();
        await tx.deleteFrom('scim_groups').where('id', '=', g.id).execute();
        await audit(tx, actor, 'scim.group_deleted', g.id, { name: g.display_name, members: members.length });
        await applyGroupRoles(
          tx,
          actor,
          members.map((m) => m.user_id),
        );
      });
      return { status: 204 };
    }),
  );
}
