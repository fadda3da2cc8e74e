import { STAFF_ROLES, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { ensureStatutoryRetention } from '../archive/retention.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { isUuid } from '../shared/ids.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { cleanText } from '../shared/text.ts';
import { memberIds } from '../repositories/index.ts';

/** Acknowledgements are records HIPAA asks to keep for six years (45 CFR 164.316(b)(2)(i)). */
export const ACKNOWLEDGEMENT_CLASS = 'policy_acknowledgement';
export async function listPolicies(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('policy_documents as d')
    .innerJoin('policy_versions as v', 'v.policy_id', 'd.id')
    .leftJoin('policy_acknowledgements as a', (j) => j.onRef('a.policy_version_id', '=', 'v.id').on('a.user_id', '=', actor.userId))
    .select(['d.id', 'd.slug', 'd.title', 'v.id as version_id', 'v.version', 'v.published_at', 'v.change_summary', 'a.acknowledged_at'])
    .where('d.org_id', '=', actor.orgId)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('policy_versions as x')
          .select(({ fn }) => fn.max('x.version').as('m'))
          .whereRef('x.policy_id', '=', 'd.id'),
      ),
    )
    .orderBy('d.title')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    version: r.version,
    versionId: r.version_id,
    publishedAt: r.published_at.toISOString(),
    changeSummary: r.change_summary,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  }));
}

async function loadPolicy(db: Db | Tx, orgId: string, id: string) {
  if (!isUuid(id)) throw notFound('Policy');
  const d = await db.selectFrom('policy_documents').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!d) throw notFound('Policy');
  return d;
}

export async function getPolicy(db: Db, actor: Actor, id: string) {
  const d = await loadPolicy(db, actor.orgId, id);
  const versions = await db
    .selectFrom('policy_versions as v')
    .innerJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.id', 'v.version', 'v.body', 'v.change_summary', 'v.published_at', 'v.body_sha256', 'u.display_name'])
    .where('v.policy_id', '=', d.id)
    .orderBy('v.version', 'desc')
    .execute();
  const mine = await db
    .selectFrom('policy_acknowledgements')
    .select(['policy_version_id', 'acknowledged_at'])
    .where('user_id', '=', actor.userId)
    .where(
      'policy_version_id',
      'in',
      versions.map((v) => v.id),
    )
    .execute();
  return {
    id: d.id,
    slug: d.slug,
    title: d.title,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      body: v.body,
      changeSummary: v.change_summary,
      publishedAt: v.published_at.toISOString(),
      publishedBy: v.display_name,
      sha256: v.body_sha256,
      acknowledgedAt: mine.find((m) => m.policy_version_id === v.id)?.acknowledged_at.toISOString() ?? null,
    })),
  };
}

/** A new policy, or a new version of one: staff must acknowledge it again. */
/** Runs inside the caller's transaction (organization set-up publishes the starter policy in its own). */
export async function publishPolicy(
  tx: Tx,
  actor: Pick<Actor, 'orgId' | 'userId' | 'ip'>,
  input: { slug: string; title: string; body: string; changeSummary: string },
  notifyStaff = true,
) {
  const body = cleanText(input.body).trim();
  if (body.length < 20) throw badRequest('A policy needs a body of at least 20 characters.');
  let d = await tx
    .selectFrom('policy_documents')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('slug', '=', input.slug)
    .forUpdate()
    .executeTakeFirst();
  if (!d)
    d = await tx
      .insertInto('policy_documents')
      .values({ org_id: actor.orgId, slug: input.slug, title: cleanText(input.title).trim() })
      .returningAll()
      .executeTakeFirstOrThrow();
  else if (input.title && input.title !== d.title)
    await tx
      .updateTable('policy_documents')
      .set({ title: cleanText(input.title).trim() })
      .where('id', '=', d.id)
      .execute();
  const last = await tx
    .selectFrom('policy_versions')
    .select(({ fn }) => fn.max('version').as('v'))
    .where('policy_id', '=', d.id)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const sha = sha256Hex(body);
  const v = await tx
    .insertInto('policy_versions')
    .values({
      org_id: actor.orgId,
      policy_id: d.id,
      version,
      body,
      change_summary: cleanText(input.changeSummary).trim(),
      published_by: actor.userId,
      body_sha256: sha,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await captureRecord(tx, {
    orgId: actor.orgId,
    recordKind: 'policy_version',
    recordId: v.id,
    recordClass: 'policy',
    event: 'create',
    version,
    authorId: actor.userId,
    channel: `policy:${d.id}`,
    content: { title: input.title || d.title, version, body, sha256: sha },
  });
  await recordAudit(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'policy.publish',
    targetType: 'policy',
    targetId: d.id,
    ip: actor.ip,
    detail: { version, sha256: sha },
  });
  await ensureStatutoryRetention(tx, actor.orgId, 'policy_acknowledgement');
  const staff = notifyStaff ? await memberIds(tx, actor.orgId, { roles: STAFF_ROLES, except: [actor.userId] }) : [];
  await notify(tx, {
    orgId: actor.orgId,
    userIds: staff,
    kind: 'moderation',
    title: `Please read and acknowledge: ${d.title} (version ${version})`,
    link: '/learning',
    email: true,
  });
  return { id: d.id, version, versionId: v.id };
}

/** The attestation: this person, this exact version, at this time. Archived as a record kept six years. */
export async function acknowledgePolicy(db: Db, actor: Actor, policyId: string, version: number) {
  const d = await loadPolicy(db, actor.orgId, policyId);
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('policy_versions')
      .select(['id', 'version', 'body_sha256'])
      .where('policy_id', '=', d.id)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (current.version !== version)
      throw conflict(
        `Version ${version} is not the current version of "${d.title}" (it is ${current.version}). Read the current version and acknowledge that.`,
      );
    const row = await tx
      .insertInto('policy_acknowledgements')
      .values({ org_id: actor.orgId, user_id: actor.userId, policy_version_id: current.id, ip: actor.ip })
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'acknowledged_at'])
      .executeTakeFirst();
    if (!row) throw conflict('You already acknowledged this version.');
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'policy_acknowledgement',
      recordId: row.id,
      recordClass: ACKNOWLEDGEMENT_CLASS,
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `policy:${d.id}`,
      content: {
        policy: d.title,
        policyId: d.id,
        version: current.version,
        sha256: current.body_sha256,
        userId: actor.userId,
        name: actor.displayName,
        acknowledgedAt: row.acknowledged_at.toISOString(),
      },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'policy.acknowledge',
      targetType: 'policy',
      targetId: d.id,
      ip: actor.ip,
      detail: { version: current.version, sha256: current.body_sha256 },
    });
    return { acknowledgedAt: row.acknowledged_at.toISOString(), version: current.version };
  });
}

/** For compliance: every staff member and whether they acknowledged the current version. */
export async function acknowledgementStatus(db: Db, actor: Actor, policyId: string) {
  const d = await loadPolicy(db, actor.orgId, policyId);
  const current = await db
    .selectFrom('policy_versions')
    .select(['id', 'version'])
    .where('policy_id', '=', d.id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('policy_acknowledgements as a', (j) => j.onRef('a.user_id', '=', 'm.user_id').on('a.policy_version_id', '=', current.id))
    .select(['u.id', 'u.display_name', 'm.role', 'a.acknowledged_at'])
    .where('m.org_id', '=', actor.orgId)
    .where('m.role', 'in', [...STAFF_ROLES])
    .orderBy('u.display_name')
    .execute();
  return {
    policy: d.title,
    version: current.version,
    staff: rows.map((r) => ({
      userId: r.id,
      name: r.display_name,
      role: r.role,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    })),
  };
}
