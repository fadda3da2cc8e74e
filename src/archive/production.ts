import { createHash, createHmac } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { canonicalJson } from '../shared/canonical.ts';
import { csvCell } from '../shared/csv.ts';
import { AppError } from '../shared/errors.ts';
import type { MediaStorage } from '../shared/media-store.ts';
import { ZipStreamWriter } from './zip-stream.ts';

/** What a production ZIP is made from: its own facts and where to read its documents. */
export interface ProductionMeta {
  id: string;
  name: string;
  orgId: string;
  createdAt: Date;
  batesPrefix: string;
  batesStart: number;
  /** 1: made before productions streamed (kept byte for byte); 2: streamed. */
  format: number;
  query: unknown;
  withheld: number;
}

interface ProductionDoc {
  position: number;
  withheld: boolean;
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

/** A picture's file carried in a production beside its archive entry (the original and every derived copy). */
interface AttachedFile {
  role: string;
  ext: string;
  sha256: string;
  size: number;
}

const BATCH = 1000;
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
const encoder = new TextEncoder();
const DAT_HEADER = [
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

/**
 * The production's documents in order, a thousand at a time (never all in memory). The page of the list is
 * read first and its entries fetched by id within the page's time span, so each step is two index lookups
 * in a few months' partitions whatever the plan statistics.
 */
async function* documentsOf(db: Db, orgId: string, productionId: string): AsyncGenerator<ProductionDoc> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('production_documents')
      .select(['position', 'entry_id', 'entry_at', 'withheld'])
      .where('production_id', '=', productionId)
      .where('position', '>', after)
      .orderBy('position')
      .limit(BATCH)
      .execute();
    if (page.length === 0) return;
    const rows = await db
      .selectFrom('archive_entries as a')
      // Destroyed content drops out: the rebuilt ZIP then no longer matches and the download refuses. A
      // lateral lookup, so the plan is an index probe per entry, never a scan of all content per page.
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('archive_content')
            .select(['content', 'content_text'])
            .whereRef('entry_id', '=', 'a.id')
            .whereRef('occurred_at', '=', 'a.occurred_at')
            .as('c'),
        (join) => join.onTrue(),
      )
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
      // One array parameter, not a thousand (binding that many is slow on the embedded engine).
      .where(sql<boolean>`a.id = ANY(${page.map((d) => String(d.entry_id))}::bigint[])`)
      // The page's time span: only its months are read (documents are in chain order, so it is narrow).
      .where('a.occurred_at', '>=', new Date(Math.min(...page.map((d) => d.entry_at.getTime()))))
      .where('a.occurred_at', '<=', new Date(Math.max(...page.map((d) => d.entry_at.getTime()))))
      .execute();
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    for (const d of page) {
      const entry = byId.get(String(d.entry_id));
      if (entry) yield { ...entry, position: d.position, withheld: d.withheld };
    }
    if (page.length < BATCH) return;
    after = page[page.length - 1].position;
  }
}

/** The stored files of a picture entry, checked against the hashes its archive entry holds. */
async function* mediaFiles(doc: ProductionDoc, store: MediaStorage) {
  if (doc.record_kind !== 'media' || !doc.content || typeof doc.content !== 'object') return;
  const { files, stored } = doc.content as { files?: Record<string, string>; stored?: Record<string, string> };
  for (const [role, key] of Object.entries(stored ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const bytes = await store.read(key).catch(() => null);
    if (!bytes) continue; // already destroyed: simply absent
    const sha256 = digest('sha256', bytes);
    if (sha256 !== files?.[role])
      throw new AppError(
        'production_changed',
        'A picture file in this production does not match its archived hash; create a new production.',
      );
    yield { role, ext: key.split('.').pop() ?? 'bin', bytes, sha256 };
  }
}

type Entry = { path: string; data: Uint8Array } | { path: string; pieces: AsyncIterable<string | Uint8Array> };

/** A private scratch file written as the documents are read, then copied into the ZIP as one entry. */
class Spill {
  private readonly out: WriteStream;
  constructor(readonly path: string) {
    this.out = createWriteStream(path, { mode: 0o600, highWaterMark: 1 << 20 });
  }
  async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
  read(): AsyncIterable<Uint8Array> {
    return createReadStream(this.path, { highWaterMark: 1 << 20 });
  }
}

/**
 * Every file of the production in ZIP order: natives, texts and picture files per document; then the
 * Concordance DAT, the EDRM XML, the privilege log (when something was withheld) and the signed manifest.
 * The documents are read once: their lines for the later files go to scratch files in `dir` meanwhile.
 */
async function* productionEntries(db: Db, store: MediaStorage, meta: ProductionMeta, secret: string, dir: string): AsyncGenerator<Entry> {
  const dat = new Spill(join(dir, 'loadfile.dat'));
  const edrm = new Spill(join(dir, 'edrm.xml'));
  const manifestDocs = new Spill(join(dir, 'manifest-documents.json'));
  const privilege = new Spill(join(dir, 'privilege_log.csv'));
  await dat.write('\ufeff' + DAT_HEADER.map(datField).join(DELIM) + '\r\n');
  await edrm.write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Root MajorVersion="1" MinorVersion="2" Description="Harborline production ${xml(meta.name)}">\n  <Batch Name="${xml(meta.id)}">\n   <Documents>\n`,
  );
  await privilege.write(['Entry', 'Record', 'Date', 'Custodian', 'Record kind', 'Channel', 'Basis', 'Description'].join(',') + '\r\n');
  let n = meta.batesStart;
  let first: string | null = null;
  let last: string | null = null;
  for await (const r of documentsOf(db, meta.orgId, meta.id)) {
    const docId = `${r.record_kind}:${r.record_id}:v${r.version}`;
    if (r.withheld) {
      const basis = await privilegeBasis(db, meta.id, r.id);
      await privilege.write(
        [r.position, docId, r.occurred_at.toISOString(), r.custodian ?? '', r.record_kind, r.channel, 'Privileged', basis]
          .map(csvCell)
          .join(',') + '\r\n',
      );
      continue;
    }
    const bates = `${meta.batesPrefix}${String(n++).padStart(7, '0')}`;
    first ??= bates;
    last = bates;
    const native = encoder.encode(canonicalJson(r.content));
    const text = encoder.encode(r.content_text ?? '');
    const nativePath = `NATIVES/${bates}.json`;
    const textPath = `TEXT/${bates}.txt`;
    yield { path: nativePath, data: native };
    yield { path: textPath, data: text };
    const attached: (AttachedFile & { path: string })[] = [];
    for await (const f of mediaFiles(r, store)) {
      const path = `NATIVES/${bates}/${f.role}.${f.ext}`;
      attached.push({ role: f.role, ext: f.ext, sha256: f.sha256, size: f.bytes.length, path });
      yield { path, data: f.bytes };
    }
    const md5 = digest('md5', native);
    const sha256 = digest('sha256', native);
    const fields = [
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
    ];
    await dat.write(fields.map(datField).join(DELIM) + '\r\n');
    const tags = [
      ['#Custodian', r.custodian ?? ''],
      ['#DateSent', r.occurred_at.toISOString()],
      ['#RecordID', docId],
      ['#Channel', r.channel],
      ['#Event', r.event],
    ];
    await edrm.write(
      `    <Document DocID="${xml(bates)}" DocType="Message" MimeType="application/json">\n` +
        `      <Tags>\n` +
        tags.map(([name, v]) => `        <Tag TagName="${xml(name)}" TagDataType="Text" TagValue="${xml(v)}"/>\n`).join('') +
        `      </Tags>\n      <Files>\n` +
        `        <File FileType="Native"><ExternalFile FilePath="NATIVES" FileName="${bates}.json" FileSize="${native.length}" Hash="${sha256}" HashType="SHA256"/></File>\n` +
        `        <File FileType="Text"><ExternalFile FilePath="TEXT" FileName="${bates}.txt" FileSize="${text.length}" Hash="${digest('sha256', text)}" HashType="SHA256"/></File>\n` +
        attached
          .map(
            (a) =>
              `        <File FileType="Image"><ExternalFile FilePath="NATIVES/${bates}" FileName="${a.role}.${xml(a.ext)}" FileSize="${a.size}" Hash="${a.sha256}" HashType="SHA256"/></File>\n`,
          )
          .join('') +
        `      </Files>\n    </Document>\n`,
    );
    const files = attached.map((a) => ({ role: a.role, path: a.path, sha256: a.sha256 }));
    await manifestDocs.write(
      (first === bates ? '' : ',') +
        canonicalJson({ bates, docId, archiveSeq: Number(r.seq), md5, sha256, nativePath, textPath, ...(files.length ? { files } : {}) }),
    );
  }
  await edrm.write(`   </Documents>\n  </Batch>\n</Root>\n`);
  await Promise.all([dat.close(), edrm.close(), manifestDocs.close(), privilege.close()]);
  yield { path: 'DATA/loadfile.dat', pieces: dat.read() };
  yield { path: 'DATA/edrm.xml', pieces: edrm.read() };
  if (meta.withheld > 0) yield { path: 'DATA/privilege_log.csv', pieces: privilege.read() };

  // The manifest is canonical JSON (sorted keys) written around its document list; its HMAC covers the same bytes.
  const shell = canonicalJson({
    production: meta.id,
    name: meta.name,
    organization: meta.orgId,
    createdAt: meta.createdAt.toISOString(),
    query: meta.query,
    batesRange: first && last ? [first, last] : [],
    documents: [],
    ...(meta.format >= 2 ? { batesStart: meta.batesStart, withheld: meta.withheld } : {}),
  });
  const [head, tail] = shell.split('"documents":[]') as [string, string];
  const hmac = createHmac('sha256', secret);
  yield {
    path: 'manifest.json',
    pieces: (async function* () {
      const pieces: AsyncIterable<Uint8Array>[] = [single(head + '"documents":['), manifestDocs.read(), single(']' + tail)];
      for (const piece of pieces)
        for await (const chunk of piece) {
          hmac.update(chunk);
          yield chunk;
        }
    })(),
  };
  yield { path: 'manifest.sig', data: encoder.encode(`HMAC-SHA256 ${hmac.digest('hex')}\n`) };
}

/** The reviewer's note on a withheld document, which is what its privilege log line says. */
async function privilegeBasis(db: Db, productionId: string, entryId: string): Promise<string> {
  const row = await db
    .selectFrom('productions as p')
    .innerJoin('review_items as i', 'i.set_id', 'p.review_set_id')
    .select('i.note')
    .where('p.id', '=', productionId)
    .where('i.entry_id', '=', entryId)
    .executeTakeFirst();
  return row?.note || 'Attorney-client communication or work product';
}

export interface BuiltProduction {
  path: string;
  sha256: string;
  bytes: number;
  /** Removes the file and its private directory. */
  dispose: () => Promise<void>;
}

/**
 * Writes the production's ZIP to a private temporary file and answers its hash. Productions made before
 * streaming (format 1) are rebuilt as they were made, in memory, so their recorded hash still matches.
 */
export async function buildProduction(db: Db, store: MediaStorage, meta: ProductionMeta, secret: string): Promise<BuiltProduction> {
  const dir = await mkdtemp(join(tmpdir(), 'harborline-production-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'production.zip');
  try {
    if (meta.format === 1) {
      const files: Zippable = {};
      for await (const e of productionEntries(db, store, meta, secret, dir)) {
        files[e.path] = ['data' in e ? e.data : await joined(e.pieces), { mtime: meta.createdAt }];
      }
      const zip = zipSync(files, { level: 6 });
      await writeFile(path, zip, { mode: 0o600 });
      return { path, sha256: digest('sha256', zip), bytes: zip.length, dispose };
    }
    const zip = new ZipStreamWriter(createWriteStream(path, { mode: 0o600, highWaterMark: 1 << 20 }), join(dir, 'directory.bin'));
    for await (const e of productionEntries(db, store, meta, secret, dir)) {
      if ('data' in e) await zip.addFile(e.path, e.data, meta.createdAt);
      else await zip.addStream(e.path, meta.createdAt, e.pieces);
    }
    const { sha256, bytes } = await zip.finish();
    return { path, sha256, bytes, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** One piece of text as a stream of one chunk. */
async function* single(text: string): AsyncGenerator<Uint8Array> {
  yield encoder.encode(text);
}

async function joined(pieces: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of pieces) parts.push(typeof p === 'string' ? encoder.encode(p) : p);
  return Buffer.concat(parts);
}
