import { sql } from 'kysely';
import { can, type Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { withoutStatementTimeout, type Db } from '../db/database.ts';
import { membersAmong } from '../repositories/index.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { filteredEntries, type ArchiveQuery } from './ediscovery.ts';

/** Coding a reviewer may give a document. */
export const REVIEW_TAGS = ['responsive', 'non_responsive', 'privileged', 'confidential'] as const;
export type ReviewTag = (typeof REVIEW_TAGS)[number];
export const MAX_REVIEW_SET = 100_000;

/** A saved search's filters as a query (dates come back from JSON as strings). */
export function queryOf(saved: Record<string, unknown>): ArchiveQuery {
  const q: ArchiveQuery = {};
  for (const key of ['custodianId', 'keyword', 'recordKind', 'channel'] as const) if (typeof saved[key] === 'string') q[key] = saved[key];
  for (const key of ['from', 'to'] as const) if (typeof saved[key] === 'string') q[key] = new Date(saved[key]);
  return q;
}

export async function savedSearch(db: Db, orgId: string, id: string) {
  const row = await db.selectFrom('saved_searches').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw notFound('Saved search');
  return row;
}

/** A review set: the documents a search finds now, frozen in order, to be coded by reviewers. */
export async function createReviewSet(db: Db, actor: Actor, input: { name: string; query: ArchiveQuery }) {
  return db.transaction().execute(async (tx) => {
    await withoutStatementTimeout(tx);
    const matching = await tx
      .selectFrom(
        filteredEntries(db, actor.orgId, input.query)
          .select('a.id')
          .limit(MAX_REVIEW_SET + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(matching.n);
    if (n === 0) throw badRequest('Nothing in the archive matches this search; a review set needs at least one document.');
    if (n > MAX_REVIEW_SET) throw badRequest(`More than ${MAX_REVIEW_SET.toLocaleString('en-US')} documents match; narrow the search.`);
    const set = await tx
      .insertInto('review_sets')
      .values({ org_id: actor.orgId, name: input.name, query: JSON.stringify(input.query), documents: 0, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = filteredEntries(db, actor.orgId, input.query).select([
      sql.lit(set.id).as('set_id'),
      sql<number>`row_number() OVER (ORDER BY a.seq)`.as('position'),
      'a.id as entry_id',
    ]);
    const inserted = await tx.insertInto('review_items').columns(['set_id', 'position', 'entry_id']).expression(rows).executeTakeFirst();
    const documents = Number(inserted.numInsertedOrUpdatedRows ?? 0);
    await tx.updateTable('review_sets').set({ documents }).where('id', '=', set.id).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.review_set_created',
      targetType: 'review_set',
      targetId: set.id,
      ip: actor.ip,
      detail: { documents },
    });
    return { id: set.id, documents };
  });
}

async function ownSet(db: Db, orgId: string, id: string) {
  const set = await db.selectFrom('review_sets').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!set) throw notFound('Review set');
  return set;
}

/** Shares the set's documents without a reviewer among the given reviewers, in turn. */
export async function assignReviewers(db: Db, actor: Actor, setId: string, reviewerIds: string[]) {
  await ownSet(db, actor.orgId, setId);
  const members = await membersAmong(db, actor.orgId, reviewerIds);
  if (members.length !== reviewerIds.length) throw notFound('Reviewer');
  const unable = members.find((m) => !can({ role: m.role }, 'archive.read'));
  if (unable) throw badRequest('Every reviewer must be someone who may read the archive (a compliance officer).');
  return db.transaction().execute(async (tx) => {
    const res = await sql`
      UPDATE review_items i SET assignee_id = (${reviewerIds}::uuid[])[((t.k - 1) % ${reviewerIds.length}) + 1]
      FROM (SELECT position, row_number() OVER (ORDER BY position) AS k FROM review_items WHERE set_id = ${setId} AND assignee_id IS NULL) t
      WHERE i.set_id = ${setId} AND i.position = t.position`.execute(tx);
    const assigned = Number(res.numAffectedRows ?? 0);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.review_assigned',
      targetType: 'review_set',
      targetId: setId,
      ip: actor.ip,
      detail: { reviewers: reviewerIds.length, documents: assigned },
    });
    return { assigned };
  });
}

/** Tags and a note on one document of a set, by its reviewer (or any officer: review is shared work). */
export async function codeDocument(db: Db, actor: Actor, setId: string, position: number, input: { tags: ReviewTag[]; note: string }) {
  await ownSet(db, actor.orgId, setId);
  const tags = [...new Set(input.tags)].sort();
  if (tags.includes('responsive') && tags.includes('non_responsive'))
    throw conflict('A document cannot be both responsive and non-responsive.');
  return db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('review_items')
      .set({ tags, note: input.note, reviewed_by: actor.userId, reviewed_at: new Date() })
      .where('set_id', '=', setId)
      .where('position', '=', position)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('Document');
    // The tags, not the note: notes may quote the record.
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.document_coded',
      targetType: 'review_set',
      targetId: setId,
      ip: actor.ip,
      detail: { position, tags },
    });
    return { tags };
  });
}

/** The set with its progress: documents reviewed, counts by tag and by reviewer. */
export async function reviewSetSummary(db: Db, orgId: string, setId: string) {
  const set = await ownSet(db, orgId, setId);
  const tags = await sql<{ tag: string; n: string }>`
    SELECT t.tag, count(*) AS n FROM review_items i, unnest(i.tags) AS t(tag) WHERE i.set_id = ${setId} GROUP BY t.tag`.execute(db);
  const reviewers = await db
    .selectFrom('review_items as i')
    .leftJoin('users as u', 'u.id', 'i.assignee_id')
    .select(['i.assignee_id', 'u.display_name', (eb) => eb.fn.countAll<string>().as('n'), sql<string>`count(i.reviewed_at)`.as('done')])
    .where('i.set_id', '=', setId)
    .groupBy(['i.assignee_id', 'u.display_name'])
    .execute();
  return {
    id: set.id,
    name: set.name,
    documents: set.documents,
    query: set.query,
    at: set.created_at.toISOString(),
    reviewed: reviewers.reduce((sum, r) => sum + Number(r.done), 0),
    tags: Object.fromEntries(tags.rows.map((t) => [t.tag, Number(t.n)])),
    reviewers: reviewers.map((r) => ({ id: r.assignee_id, name: r.display_name, documents: Number(r.n), reviewed: Number(r.done) })),
  };
}

/** A page of a set's documents, with filters for "mine", a tag, or not yet reviewed. */
export async function reviewItems(
  db: Db,
  actor: Actor,
  setId: string,
  f: { mine?: boolean; tag?: ReviewTag; unreviewed?: boolean; offset: number; limit: number },
) {
  await ownSet(db, actor.orgId, setId);
  let q = db
    .selectFrom('review_items as i')
    .innerJoin('archive_entries as a', 'a.id', 'i.entry_id')
    .leftJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .leftJoin('users as r', 'r.id', 'i.assignee_id')
    .where('i.set_id', '=', setId);
  if (f.mine) q = q.where('i.assignee_id', '=', actor.userId);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = ANY(i.tags)`);
  if (f.unreviewed) q = q.where('i.reviewed_at', 'is', null);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'i.position',
      'i.tags',
      'i.note',
      'i.reviewed_at',
      'r.display_name as assignee',
      'a.record_kind',
      'a.record_id',
      'a.version',
      'a.channel',
      'a.occurred_at',
      'u.display_name as custodian',
      'c.content_text',
    ])
    .orderBy('i.position')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      position: r.position,
      tags: r.tags,
      note: r.note,
      reviewedAt: r.reviewed_at?.toISOString() ?? null,
      assignee: r.assignee,
      recordKind: r.record_kind,
      recordId: r.record_id,
      version: r.version,
      channel: r.channel,
      at: r.occurred_at.toISOString(),
      custodian: r.custodian,
      // Destroyed since the set was made: shown as such, never produced.
      text: r.content_text,
    })),
  };
}
