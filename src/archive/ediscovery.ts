import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { withoutStatementTimeout, type Db } from '../db/database.ts';
import type { MediaStorage } from '../shared/media-store.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { buildProduction, type BuiltProduction, type ProductionMeta } from './production.ts';
import { signingKey } from './signing.ts';

export interface ArchiveQuery {
  custodianId?: string;
  from?: Date;
  to?: Date;
  keyword?: string;
  recordKind?: string;
  channel?: string;
}

export const MAX_PRODUCTION = 2_000_000;
/** Counting stops here: beyond it the screen says "more than", and the facets count among these. */
const COUNT_CAP = 10_000;
// Highlight markers: private-use characters removed from the text before highlighting, so none is real.
const HIT_START = '\uE000';
const HIT_END = '\uE001';

/**
 * The content still held (not destroyed) that a search matches: one table, filtered by its own columns
 * (content carries its entry's custodian, kind and channel) and read newest first by its own indexes.
 */
export function matchingContent(db: Db, orgId: string, q: ArchiveQuery) {
  let query = db.selectFrom('archive_content as c').where('c.org_id', '=', orgId);
  if (q.custodianId) query = query.where('c.author_id', '=', q.custodianId);
  // Content is partitioned by month: a date range reads only those months.
  if (q.from) query = query.where('c.occurred_at', '>=', q.from);
  if (q.to) query = query.where('c.occurred_at', '<', q.to);
  if (q.recordKind) query = query.where('c.record_kind', '=', q.recordKind);
  if (q.channel) query = query.where('c.channel', '=', q.channel);
  if (q.keyword) query = query.where(sql<boolean>`c.search @@ plainto_tsquery('simple', ${q.keyword})`);
  return query;
}

/** The matching entries with their content: for review sets and productions, which take every match. */
export function filteredEntries(db: Db, orgId: string, q: ArchiveQuery) {
  let query = matchingContent(db, orgId, q)
    .innerJoin('archive_entries as a', (j) => j.onRef('a.id', '=', 'c.entry_id').onRef('a.occurred_at', '=', 'c.occurred_at'))
    .where('a.org_id', '=', orgId);
  if (q.from) query = query.where('a.occurred_at', '>=', q.from);
  if (q.to) query = query.where('a.occurred_at', '<', q.to);
  return query;
}

/** A piece of a result's text; `hit` marks the words the keyword matched. */
export interface TextPiece {
  text: string;
  hit: boolean;
}

function pieces(marked: string): TextPiece[] {
  const out: TextPiece[] = [];
  for (const [i, part] of marked.split(new RegExp(`[${HIT_START}${HIT_END}]`)).entries())
    if (part) out.push({ text: part, hit: i % 2 === 1 });
  return out;
}

/**
 * eDiscovery search, newest first, only what has not been destroyed: a page of results with their
 * matching words highlighted, how many match in all (counted up to 10,000), and counts by custodian,
 * channel and kind to narrow by (among those 10,000 when more match).
 */
export async function searchArchive(db: Db, actor: Actor, q: ArchiveQuery, page: { limit: number; offset?: number } = { limit: 100 }) {
  // The page first, from content alone (an index read newest first that stops at the page's end), then
  // its entries: joining them before the limit made the planner read every match of a common word.
  const hits = await matchingContent(db, actor.orgId, q)
    .select(['c.entry_id', 'c.occurred_at'])
    .orderBy('c.occurred_at', 'desc')
    .orderBy('c.entry_id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  const rows = hits.length === 0 ? [] : await pageEntries(db, actor.orgId, q, hits);
  const found = await countAndFacets(db, actor.orgId, q);
  const channelNames = await channelLabels(
    db,
    actor.orgId,
    found.channels.map((c) => c.value ?? ''),
  );
  return {
    total: Math.min(found.total, COUNT_CAP),
    more: found.total > COUNT_CAP,
    facets: {
      custodians: found.custodians.map((f) => ({ value: f.value, label: f.value ? (f.label ?? 'Unknown') : 'System', count: f.n })),
      channels: found.channels.map((f) => ({ value: f.value, label: channelNames.get(f.value ?? '') ?? f.value, count: f.n })),
      kinds: found.kinds.map((f) => ({ value: f.value, label: f.value, count: f.n })),
    },
    entries: rows.map((e) => ({ ...e, snippet: pieces(e.marked) })),
  };
}

/** The entries of a page of hits, in the hits' order, with the matching words marked. */
async function pageEntries(db: Db, orgId: string, q: ArchiveQuery, hits: { entry_id: string; occurred_at: Date }[]) {
  const text = q.keyword
    ? sql<string>`ts_headline('simple', translate(c.content_text, ${HIT_START + HIT_END}, ''), plainto_tsquery('simple', ${q.keyword}),
        ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=60, MinWords=25, MaxFragments=3, FragmentDelimiter=" … "`})`
    : sql<string>`left(c.content_text, 400)`;
  const times = hits.map((h) => h.occurred_at.getTime());
  // The page's time span bounds both tables, so only its months are read.
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  const keys = sql.join(hits.map((h) => sql`(${h.entry_id}::bigint, ${h.occurred_at}::timestamptz)`));
  const rows = await db
    .selectFrom('archive_entries as a')
    .innerJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select([
      'a.id',
      'a.seq',
      'a.record_kind',
      'a.record_id',
      'a.record_class',
      'a.event',
      'a.version',
      'a.channel',
      'a.occurred_at',
      'a.author_id',
      'u.display_name as custodian',
      'c.content_text',
      'a.content_hash',
    ])
    .select(text.as('marked'))
    .where('a.org_id', '=', orgId)
    .where('a.occurred_at', '>=', first)
    .where('a.occurred_at', '<=', last)
    .where('c.occurred_at', '>=', first)
    .where('c.occurred_at', '<=', last)
    .where(sql<boolean>`(a.id, a.occurred_at) IN (${keys})`)
    .execute();
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return hits.map((h) => byId.get(String(h.entry_id))).filter((r) => r !== undefined);
}

interface FacetCount {
  value: string | null;
  n: number;
  label?: string | null;
}

/**
 * How many match, counted up to COUNT_CAP (one more tells "more"), and the custodians, channels and kinds
 * among those counted (the 50 most frequent of each), all from one read of at most COUNT_CAP + 1 matches.
 */
async function countAndFacets(db: Db, orgId: string, q: ArchiveQuery) {
  const sample = matchingContent(db, orgId, q)
    .select(['c.author_id', 'c.channel', 'c.record_kind'])
    .limit(COUNT_CAP + 1);
  const { rows } = await sql<{ facet: 'total' | 'custodian' | 'channel' | 'kind'; value: string | null; n: number }>`
    WITH m AS MATERIALIZED (${sample}), counted AS (SELECT * FROM m LIMIT ${COUNT_CAP})
    SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM m
    UNION ALL (SELECT 'custodian', author_id::text, count(*)::int FROM counted GROUP BY author_id ORDER BY 3 DESC LIMIT 50)
    UNION ALL (SELECT 'channel', channel, count(*)::int FROM counted GROUP BY channel ORDER BY 3 DESC LIMIT 50)
    UNION ALL (SELECT 'kind', record_kind, count(*)::int FROM counted GROUP BY record_kind ORDER BY 3 DESC LIMIT 50)`.execute(db);
  const of = (facet: string): FacetCount[] =>
    rows
      .filter((r) => r.facet === facet)
      .map((r) => ({ value: r.value, n: r.n }))
      .sort((a, b) => b.n - a.n);
  const custodians = of('custodian');
  const ids = custodians.flatMap((c) => (c.value ? [c.value] : []));
  const names = ids.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  const nameOf = new Map(names.map((u) => [u.id, u.display_name]));
  return {
    total: rows.find((r) => r.facet === 'total')?.n ?? 0,
    custodians: custodians.map((c) => ({ ...c, label: c.value ? (nameOf.get(c.value) ?? null) : null })),
    channels: of('channel'),
    kinds: of('kind'),
  };
}

/** Readable names for archive channels: a community's name, a network account's name. */
async function channelLabels(db: Db, orgId: string, channels: string[]): Promise<Map<string, string>> {
  const idsOf = (prefix: string) =>
    channels.filter((c) => c.startsWith(prefix) && /^[0-9a-f-]{36}$/i.test(c.slice(prefix.length))).map((c) => c.slice(prefix.length));
  const communities = idsOf('community:');
  const networks = idsOf('network:');
  const out = new Map<string, string>([['publisher', 'Publisher posts']]);
  if (communities.length)
    for (const c of await db
      .selectFrom('communities')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', communities)
      .execute())
      out.set(`community:${c.id}`, `Community: ${c.name}`);
  if (networks.length)
    for (const c of await db
      .selectFrom('channels')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', networks)
      .execute())
      out.set(`network:${c.id}`, `Network: ${c.name}`);
  for (const c of channels) if (c.startsWith('thread:')) out.set(c, 'A conversation');
  return out;
}

/** Where a production's documents come from: a search, or a review set's coded documents. */
export type ProductionSource = { query: ArchiveQuery } | { reviewSetId: string; include: 'responsive' | 'all' };

export async function createProduction(
  db: Db,
  secrets: SecretBox,
  store: MediaStorage,
  actor: Actor,
  input: { name: string; batesPrefix: string; batesStart?: number; source: ProductionSource },
) {
  const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const source = input.source;
  let query: unknown;
  if ('query' in source) {
    query = JSON.parse(JSON.stringify(source.query));
  } else {
    const set = await db
      .selectFrom('review_sets')
      .select(['id', 'name'])
      .where('id', '=', source.reviewSetId)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!set) throw notFound('Review set');
    query = { reviewSet: set.id, include: source.include };
  }
  const row = await db.transaction().execute(async (tx) => {
    // Listing a million documents takes longer than an ordinary statement may.
    await withoutStatementTimeout(tx);
    if ('query' in source) {
      const n = await tx
        .selectFrom(
          filteredEntries(db, actor.orgId, source.query)
            .select('a.id')
            .limit(MAX_PRODUCTION + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(n.n) === 0) throw badRequest('Nothing in the archive matches this search.');
      if (Number(n.n) > MAX_PRODUCTION)
        throw badRequest(`More than ${MAX_PRODUCTION.toLocaleString('en-US')} entries match; narrow the search.`);
    }
    const production = await tx
      .insertInto('productions')
      .values({
        org_id: actor.orgId,
        name: input.name,
        query: JSON.stringify(query),
        bates_prefix: input.batesPrefix,
        bates_start: input.batesStart ?? 1,
        review_set_id: 'reviewSetId' in source ? source.reviewSetId : null,
        zip_sha256: '',
        created_by: actor.userId,
        created_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The document list is written by the database from the search itself: no id list passes through here.
    if ('query' in source) {
      const matches = filteredEntries(db, actor.orgId, source.query).select([
        sql.lit(production.id).as('production_id'),
        sql<number>`row_number() OVER (ORDER BY a.seq)`.as('position'),
        'a.id as entry_id',
        'a.occurred_at as entry_at',
      ]);
      await tx
        .insertInto('production_documents')
        .columns(['production_id', 'position', 'entry_id', 'entry_at'])
        .expression(matches)
        .execute();
    } else {
      const items = tx
        .selectFrom('review_items as i')
        .innerJoin('archive_content as c', 'c.entry_id', 'i.entry_id')
        .select([
          sql.lit(production.id).as('production_id'),
          sql<number>`row_number() OVER (ORDER BY i.position)`.as('position'),
          'i.entry_id',
          'c.occurred_at as entry_at',
          sql<boolean>`'privileged' = ANY(i.tags)`.as('withheld'),
        ])
        .where('i.set_id', '=', source.reviewSetId);
      const chosen = source.include === 'responsive' ? items.where(sql<boolean>`'responsive' = ANY(i.tags)`) : items;
      await tx
        .insertInto('production_documents')
        .columns(['production_id', 'position', 'entry_id', 'entry_at', 'withheld'])
        .expression(chosen)
        .execute();
    }
    const counts = await tx
      .selectFrom('production_documents')
      .select((eb) => [eb.fn.countAll<string>().as('all'), sql<string>`count(*) FILTER (WHERE withheld)`.as('withheld')])
      .where('production_id', '=', production.id)
      .executeTakeFirstOrThrow();
    if (Number(counts.all) === 0)
      throw badRequest(
        'include' in source && source.include === 'responsive'
          ? 'No document in this review set is tagged responsive yet.'
          : 'This review set has no documents left to produce.',
      );
    await tx
      .updateTable('productions')
      .set({ documents: Number(counts.all) - Number(counts.withheld), withheld: Number(counts.withheld) })
      .where('id', '=', production.id)
      .execute();
    return { id: production.id, documents: Number(counts.all) - Number(counts.withheld), withheld: Number(counts.withheld) };
  });
  const meta = await productionMeta(db, actor.orgId, row.id);
  const built = await buildProduction(db, store, meta, await signingKey(db, secrets, actor.orgId));
  await built.dispose();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('productions').set({ zip_sha256: built.sha256 }).where('id', '=', row.id).execute();
    await tx
      .insertInto('custody_events')
      .values({ org_id: actor.orgId, production_id: row.id, action: 'created', actor_id: actor.userId, sha256: built.sha256 })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.production_created',
      targetType: 'production',
      targetId: row.id,
      ip: actor.ip,
      detail: { documents: row.documents, withheld: row.withheld },
    });
  });
  return { ...row, sha256: built.sha256, bytes: built.bytes };
}

async function productionMeta(db: Db, orgId: string, id: string): Promise<ProductionMeta & { sha256: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Production');
  const p = await db.selectFrom('productions').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!p) throw notFound('Production');
  return {
    id: p.id,
    name: p.name,
    orgId: p.org_id,
    createdAt: p.created_at,
    batesPrefix: p.bates_prefix,
    batesStart: p.bates_start,
    format: p.format,
    query: p.query,
    withheld: p.withheld,
    sha256: p.zip_sha256,
  };
}

/**
 * Rebuilds the production byte for byte into a private temporary file and refuses if anything in it
 * changed since it was made. The caller streams the file and disposes of it.
 */
export async function downloadProduction(
  db: Db,
  secrets: SecretBox,
  store: MediaStorage,
  actor: Actor,
  productionId: string,
): Promise<BuiltProduction & { name: string }> {
  const meta = await productionMeta(db, actor.orgId, productionId);
  const built = await buildProduction(db, store, meta, await signingKey(db, secrets, actor.orgId));
  if (built.sha256 !== meta.sha256) {
    await built.dispose();
    throw new AppError(
      'production_changed',
      'Records in this production have changed or been destroyed since it was made; create a new production.',
    );
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('custody_events')
      .values({ org_id: actor.orgId, production_id: meta.id, action: 'downloaded', actor_id: actor.userId, sha256: built.sha256 })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.production_downloaded',
      targetType: 'production',
      targetId: meta.id,
      ip: actor.ip,
    });
  });
  return { ...built, name: `${meta.batesPrefix}${meta.id.slice(0, 8)}.zip` };
}
