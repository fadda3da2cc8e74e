import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import type { Db } from '../db/database.ts';
import type { LibraryItemStatus } from '../db/schema.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { requireCapability } from '../policies/gates.ts';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';

const cleanTags = (tags: string[]) => [
  ...new Set(
    tags
      .map((t) => cleanText(t).trim().toLowerCase().slice(0, 40))
      .filter(Boolean)
      .slice(0, 10),
  ),
];

/**
 * A caption proposed for the library. It is meant for public networks, so the guard reads it as public
 * (identifiers refused or confirmed); it is archived like a post and waits for someone else's approval.
 */
export async function proposeLibraryItem(
  db: Db,
  actor: Actor,
  input: { title: string; body: string; tags: string[]; confirmPhi: boolean },
) {
  await requireCapability(db, actor, 'publish_public');
  const title = cleanText(input.title).trim();
  const body = cleanText(input.body).trim();
  if (!title || !body) throw badRequest('Give the item a title and the words to reuse.');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'library_item',
    destination: 'public',
    fields: { title, body },
    confirmed: input.confirmPhi,
  });
  const tags = cleanTags(input.tags);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('library_items')
      .values({ org_id: actor.orgId, title: prepared.fields.title, body: prepared.fields.body, tags, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict('The library already has an item with that title.');
    await commitWrite(tx, prepared, {
      recordId: row.id,
      action: 'library.propose',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: row.version,
        authorId: actor.userId,
        channel: 'publisher:library',
        content: { title: row.title, body: row.body, tags: row.tags, status: row.status },
      },
    });
    return row;
  });
}

/** Approving makes an item available in the composer; retiring takes it out. Nobody approves their own. */
export async function decideLibraryItem(db: Db, actor: Actor, id: string, decision: 'approve' | 'retire') {
  if (!isUuid(id)) throw notFound('Library item');
  return db.transaction().execute(async (tx) => {
    const item = await tx
      .selectFrom('library_items')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw notFound('Library item');
    const status: LibraryItemStatus = decision === 'approve' ? 'approved' : 'retired';
    if (decision === 'approve' && item.created_by === actor.userId) throw forbidden('Someone else approves what you proposed.');
    if (item.status === status) throw conflict(`This item is already ${status}.`);
    if (item.status === 'retired') throw conflict('A retired item stays retired; propose it again.');
    await tx
      .updateTable('library_items')
      .set({ status, decided_by: actor.userId, decided_at: new Date() })
      .where('id', '=', item.id)
      .execute();
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'library_item',
      recordId: item.id,
      recordClass: 'public_communication',
      event: 'status',
      version: item.version,
      authorId: item.created_by,
      channel: 'publisher:library',
      content: { status, by: actor.userId },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `library.${decision}`,
      targetType: 'library_item',
      targetId: item.id,
      ip: actor.ip,
    });
    return { status };
  });
}

/** The library: approved items for everyone who composes; proposals and retired items too for those who decide. */
export async function listLibrary(db: Db, actor: Actor, opts: { all: boolean; q?: string }) {
  let q = db
    .selectFrom('library_items as l')
    .innerJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.title', 'l.body', 'l.tags', 'l.status', 'l.uses', 'l.created_at', 'l.created_by', 'u.display_name as author'])
    .where('l.org_id', '=', actor.orgId);
  if (!opts.all) q = q.where('l.status', '=', 'approved');
  const words = (opts.q ?? '').trim().toLowerCase();
  const rows = await q.orderBy('l.status').orderBy('l.title').limit(500).execute();
  return rows
    .filter((r) => !words || `${r.title} ${r.body} ${r.tags.join(' ')}`.toLowerCase().includes(words))
    .map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      tags: r.tags,
      status: r.status,
      uses: r.uses,
      author: r.author,
      mine: r.created_by === actor.userId,
      createdAt: r.created_at.toISOString(),
    }));
}

/** Counted when the composer takes an item (which captions get used). */
export async function countLibraryUse(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Library item');
  const r = await db
    .updateTable('library_items')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .where('status', '=', 'approved')
    .returning('uses')
    .executeTakeFirst();
  if (!r) throw notFound('Library item');
}
