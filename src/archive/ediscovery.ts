import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { MediaStorage } from '../shared/media-store.ts';
import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { canonicalJson } from '../shared/canonical.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { hmacSha256, signingKey } from './signing.ts';
import type { SecretBox } from '../shared/secret-box.ts';

export interface ArchiveQuery {
  custodianId?: string;
  from?: Date;
  to?: Date;
  keyword?: string;
  recordKind?: string;
  channel?: string;
}

export const MAX_PRODUCTION = 100_000;

function filtered(db: Db, orgId: string, q: ArchiveQuery) {
  // The inner join keeps only entries whose content is still held (not destroyed).
  let query = db
    .selectFrom('archive_entries as a')
    .innerJoin('archive_content as c', 'c.entry_id', 'a.id')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .where('a.org_id', '=', orgId);
  if (q.custodianId) query = query.where('a.author_id', '=', q.custodianId);
  if (q.from) query = query.where('a.occurred_at', '>=', q.from);
  if (q.to) query = query.where('a.occurred_at', '<', q.to);
  if (q.recordKind) query = query.where('a.record_kind', '=', q.recordKind);
  if (q.channel) query = query.where('a.channel', '=', q.channel);
  // Keyword search uses the GIN index; newest first with a limit avoids ranking the whole archive.
  if (q.keyword) query = query.where(sql<boolean>`c.search @@ plainto_tsquery('simple', ${q.keyword})`);
  return query;
}

/** eDiscovery search: newest first, only what has not been destroyed. */
export async function searchArchive(db: Db, actor: Actor, q: ArchiveQuery, limit = 100) {
  return filtered(db, actor.orgId, q)
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
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.seq', 'desc')
    .limit(limit)
    .execute();
}

interface ProductionRow {
  id: string;
  seq: string;
  record_kind: string;
  record_id: string;
  event: string;
  version: number;
  channel: string;
  occurred_at: Date;
  author_id: string | null;
  custodian: string | null;
  content: unknown;
  content_text: string | null;
}

const DELIM = '\u0014'; // Concordance's field separator (shown as ¶)
const QUOTE = 'þ';
// A value can never end a field or a row: separators, quotes, line breaks and other controls become spaces.
const datField = (v: string) => `${QUOTE}${v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029þ]/g, ' ')}${QUOTE}`;
// XML 1.0 cannot carry most control characters at all (dropped); tab and line breaks are kept as references.
const xml = (v: string) =>
  v
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(
      /[<>&'"\t\n\r]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!,
    );
const digest = (alg: 'md5' | 'sha256', data: Uint8Array) => createHash(alg).update(data).digest('hex');

/** A picture's file carried in a production beside its archive entry (the original and every derived copy). */
interface AttachedFile {
  role: string;
  ext: string;
  bytes: Uint8Array;
  sha256: string;
}

/**
 * The files of picture entries, read from storage and checked against the hashes the archive entry holds:
 * a file that changed is refused like any changed record; one already destroyed is simply absent.
 */
async function attachmentsFor(rows: readonly ProductionRow[], store: MediaStorage): Promise<Map<string, AttachedFile[]>> {
  const out = new Map<string, AttachedFile[]>();
  for (const r of rows) {
    if (r.record_kind !== 'media' || !r.content || typeof r.content !== 'object') continue;
    const { files, stored } = r.content as { files?: Record<string, string>; stored?: Record<string, string> };
    const list: AttachedFile[] = [];
    for (const [role, key] of Object.entries(stored ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const bytes = await store.read(key).catch(() => null);
      if (!bytes) continue;
      const sha256 = digest('sha256', bytes);
      if (sha256 !== files?.[role])
        throw new AppError(
          'production_changed',
          'A picture file in this production does not match its archived hash; create a new production.',
        );
      list.push({ role, ext: key.split('.').pop() ?? 'bin', bytes, sha256 });
    }
    if (list.length) out.set(r.id, list);
  }
  return out;
}

/** Builds the production ZIP: natives (and picture files), texts, Concordance DAT, EDRM XML, and a signed manifest. Deterministic. */
function buildZip(
  meta: { id: string; name: string; orgId: string; createdAt: Date; batesPrefix: string; query: unknown },
  rows: ProductionRow[],
  secret: string,
  attachments: ReadonlyMap<string, AttachedFile[]> = new Map(),
): Uint8Array {
  const mtime = meta.createdAt;
  const files: Zippable = {};
  const enc = new TextEncoder();
  const header = [
    'BEGBATES',
    'ENDBATES',
    'DOCID',
    'CUSTODIAN',
    'AUTHOR_ID',
    'DATE',
    'RECORD_KIND',
    'CHANNEL',
    'EVENT',
    'VERSION',
    'MD5',
    'SHA256',
    'NATIVEPATH',
    'TEXTPATH',
    'ATTACHMENTS',
  ];
  const dat: string[] = [header.map(datField).join(DELIM)];
  const docs: string[] = [];
  const manifestDocs: unknown[] = [];
  rows.forEach((r, i) => {
    const bates = `${meta.batesPrefix}${String(i + 1).padStart(7, '0')}`;
    const native = enc.encode(canonicalJson(r.content));
    const text = enc.encode(r.content_text ?? '');
    const nativePath = `NATIVES/${bates}.json`;
    const textPath = `TEXT/${bates}.txt`;
    files[nativePath] = [native, { mtime }];
    files[textPath] = [text, { mtime }];
    const attached = (attachments.get(r.id) ?? []).map((a) => ({ ...a, path: `NATIVES/${bates}/${a.role}.${a.ext}` }));
    for (const a of attached) files[a.path] = [a.bytes, { mtime }];
    const md5 = digest('md5', native);
    const sha256 = digest('sha256', native);
    const docId = `${r.record_kind}:${r.record_id}:v${r.version}`;
    dat.push(
      [
        bates,
        bates,
        docId,
        r.custodian ?? '',
        r.author_id ?? '',
        r.occurred_at.toISOString(),
        r.record_kind,
        r.channel,
        r.event,
        String(r.version),
        md5,
        sha256,
        nativePath,
        textPath,
        attached.map((a) => a.path).join(';'),
      ]
        .map(datField)
        .join(DELIM),
    );
    docs.push(
      `    <Document DocID="${xml(bates)}" DocType="Message" MimeType="application/json">\n` +
        `      <Tags>\n` +
        [
          ['#Custodian', r.custodian ?? ''],
          ['#DateSent', r.occurred_at.toISOString()],
          ['#RecordID', docId],
          ['#Channel', r.channel],
          ['#Event', r.event],
        ]
          .map(([n, v]) => `        <Tag TagName="${xml(n)}" TagDataType="Text" TagValue="${xml(v)}"/>\n`)
          .join('') +
        `      </Tags>\n      <Files>\n` +
        `        <File FileType="Native"><ExternalFile FilePath="NATIVES" FileName="${bates}.json" FileSize="${native.length}" Hash="${sha256}" HashType="SHA256"/></File>\n` +
        `        <File FileType="Text"><ExternalFile FilePath="TEXT" FileName="${bates}.txt" FileSize="${text.length}" Hash="${digest('sha256', text)}" HashType="SHA256"/></File>\n` +
        attached
          .map(
            (a) =>
              `        <File FileType="Image"><ExternalFile FilePath="NATIVES/${bates}" FileName="${a.role}.${xml(a.ext)}" FileSize="${a.bytes.length}" Hash="${a.sha256}" HashType="SHA256"/></File>\n`,
          )
          .join('') +
        `      </Files>\n    </Document>\n`,
    );
    manifestDocs.push({
      bates,
      docId,
      archiveSeq: Number(r.seq),
      md5,
      sha256,
      nativePath,
      textPath,
      ...(attached.length ? { files: attached.map((a) => ({ role: a.role, path: a.path, sha256: a.sha256 })) } : {}),
    });
  });
  files['DATA/loadfile.dat'] = [enc.encode('\ufeff' + dat.join('\r\n') + '\r\n'), { mtime }];
  files['DATA/edrm.xml'] = [
    enc.encode(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Root MajorVersion="1" MinorVersion="2" Description="Harborline production ${xml(meta.name)}">\n  <Batch Name="${xml(meta.id)}">\n   <Documents>\n${docs.join('')}   </Documents>\n  </Batch>\n</Root>\n`,
    ),
    { mtime },
  ];
  const manifest = canonicalJson({
    production: meta.id,
    name: meta.name,
    organization: meta.orgId,
    createdAt: meta.createdAt.toISOString(),
    query: meta.query,
    batesRange: rows.length ? [`${meta.batesPrefix}0000001`, `${meta.batesPrefix}${String(rows.length).padStart(7, '0')}`] : [],
    documents: manifestDocs,
  });
  files['manifest.json'] = [enc.encode(manifest), { mtime }];
  files['manifest.sig'] = [enc.encode(`HMAC-SHA256 ${hmacSha256(secret, manifest)}\n`), { mtime }];
  return zipSync(files, { level: 6 });
}

async function rowsFor(db: Db, orgId: string, ids: string[]): Promise<ProductionRow[]> {
  const out: ProductionRow[] = [];
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    const rows = await db
      .selectFrom('archive_entries as a')
      .innerJoin('archive_content as c', 'c.entry_id', 'a.id')
      .leftJoin('users as u', 'u.id', 'a.author_id')
      .select([
        'a.id',
        'a.seq',
        'a.record_kind',
        'a.record_id',
        'a.event',
        'a.version',
        'a.channel',
        'a.occurred_at',
        'a.author_id',
        'u.display_name as custodian',
        'c.content',
        'c.content_text',
      ])
      .where('a.org_id', '=', orgId)
      .where('a.id', 'in', chunk as never[])
      .orderBy('a.seq')
      .execute();
    out.push(...(rows as ProductionRow[]));
  }
  return out;
}

export async function createProduction(
  db: Db,
  secrets: SecretBox,
  store: MediaStorage,
  actor: Actor,
  input: { name: string; batesPrefix: string; query: ArchiveQuery },
) {
  const matches = await filtered(db, actor.orgId, input.query)
    .select(['a.id'])
    .orderBy('a.seq')
    .limit(MAX_PRODUCTION + 1)
    .execute();
  if (matches.length === 0) throw badRequest('Nothing in the archive matches this search.');
  if (matches.length > MAX_PRODUCTION) throw badRequest(`More than ${MAX_PRODUCTION.toLocaleString()} entries match; narrow the search.`);
  const ids = matches.map((m) => m.id);
  const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const query = JSON.parse(JSON.stringify(input.query));
  const row = await db
    .insertInto('productions')
    .values({
      org_id: actor.orgId,
      name: input.name,
      query: JSON.stringify(query),
      bates_prefix: input.batesPrefix,
      entry_ids: ids,
      zip_sha256: '',
      created_by: actor.userId,
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await rowsFor(db, actor.orgId, ids);
  const zip = buildZip(
    { id: row.id, name: input.name, orgId: actor.orgId, createdAt, batesPrefix: input.batesPrefix, query },
    rows,
    await signingKey(db, secrets, actor.orgId),
    await attachmentsFor(rows, store),
  );
  const sha = digest('sha256', zip);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('productions').set({ zip_sha256: sha }).where('id', '=', row.id).execute();
    await tx
      .insertInto('custody_events')
      .values({ org_id: actor.orgId, production_id: row.id, action: 'created', actor_id: actor.userId, sha256: sha })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.production_created',
      targetType: 'production',
      targetId: row.id,
      ip: actor.ip,
      detail: { documents: ids.length },
    });
  });
  return { id: row.id, documents: ids.length, sha256: sha, bytes: zip.length };
}

/** Rebuilds the production byte for byte and refuses if anything in it changed since it was made. */
export async function downloadProduction(
  db: Db,
  secrets: SecretBox,
  store: MediaStorage,
  actor: Actor,
  productionId: string,
): Promise<{ zip: Uint8Array; name: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(productionId)) throw notFound('Production');
  const p = await db
    .selectFrom('productions')
    .selectAll()
    .where('id', '=', productionId)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!p) throw notFound('Production');
  const rows = await rowsFor(db, actor.orgId, p.entry_ids);
  const zip = buildZip(
    { id: p.id, name: p.name, orgId: p.org_id, createdAt: p.created_at, batesPrefix: p.bates_prefix, query: p.query },
    rows,
    await signingKey(db, secrets, actor.orgId),
    await attachmentsFor(rows, store),
  );
  const sha = digest('sha256', zip);
  if (sha !== p.zip_sha256)
    throw new AppError(
      'production_changed',
      'Records in this production have changed or been destroyed since it was made; create a new production.',
    );
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('custody_events')
      .values({ org_id: actor.orgId, production_id: p.id, action: 'downloaded', actor_id: actor.userId, sha256: sha })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ediscovery.production_downloaded',
      targetType: 'production',
      targetId: p.id,
      ip: actor.ip,
    });
  });
  return { zip, name: `${p.bates_prefix}${p.id.slice(0, 8)}.zip` };
}
