import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { analysePicture, type PictureEvidence } from './analysis/index.ts';
import { applyRedactions, asJpeg, cleanPicture, inspectUpload, responsiveSizes, type Encoded } from './pictures.ts';
import { mediaLink } from './links.ts';
import { clip, type Redaction } from './redactions.ts';
import { isAccepted, isVideo, refusalFor, sniffType, type StillImageType } from './sniff.ts';
import { encodeVideo, frameAt, frameTimes, inspectVideo, videoSupported } from './video.ts';
import { mergeEvidence } from './analysis/index.ts';
import { deidentifyDicom, inspectDicom, renderDicom } from './dicom.ts';
import { mediaStorage, type MediaStorage, type StoredFile } from '../shared/media-store.ts';

/** The upload as received, the cleaned copy, what others see and its sizes; for DICOM also the de-identified file. */
export type FileRole = 'original' | 'clean' | 'shared' | 'w320' | 'w1280' | 'dicom';
export type MediaFiles = Partial<Record<FileRole, StoredFile>>;

export interface MediaRow {
  id: string;
  org_id: string;
  uploader_id: string;
  status: 'processing' | 'ready' | 'failed' | 'destroyed';
  stage: string;
  file_name: string;
  content_type: string;
  /** A video's length (null for a still picture). */
  duration_ms: number | null;
  width: number;
  height: number;
  files: MediaFiles;
  evidence: PictureEvidence | null;
  redactions: Redaction[];
  alt_text: string;
  record_kind: string | null;
  record_id: string | null;
  failure: string | null;
  version: number;
  created_at: Date;
}

const parse = <T>(v: unknown, fallback: T): T => (v == null ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const rowOf = (r: Record<string, unknown>): MediaRow =>
  ({
    ...r,
    files: parse<MediaFiles>(r.files, {}),
    evidence: parse<PictureEvidence | null>(r.evidence, null),
    redactions: parse<Redaction[]>(r.redactions, []),
  }) as MediaRow;

const storageOf = (ctx: Pick<AppContext, 'config' | 'outbound'>) => mediaStorage(ctx.config, ctx.outbound);
const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/tiff': 'tif',
  'application/dicom': 'dcm',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
};
const keyOf = (row: { org_id: string; id: string }, role: string, type: string) => `${row.org_id}/${row.id}/${role}.${EXT[type] ?? 'bin'}`;

/** A file name as the uploader's device gave it, for their own list: no path, no control characters, short. */
function cleanFileName(name: string | undefined): string {
  const base =
    cleanText(name ?? '')
      .split(/[\\/]/)
      .pop() ?? '';
  return base.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120) || 'picture';
}

/** Counts bytes as they stream to disk and stops past the limit. */
function limiter(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max)
        done(
          new AppError('payload_too_large', `The file is larger than ${Math.floor(max / 1_048_576)} MB, the most accepted for a picture.`),
        );
      else done(null, chunk);
    },
  });
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, 1024, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Receives a picture: streamed to a private temporary file (never held whole in memory; stopped at the
 * size limit), checked by content (type, pixel count, complete), then kept as the original and queued for
 * the full check. Anything refused is deleted; nothing is stored half-way.
 */
export async function receiveUpload(
  ctx: AppContext,
  actor: Actor,
  body: Readable,
  opts: { fileName?: string; declaredBytes?: number },
): Promise<MediaRow> {
  const max = ctx.config.media.maxBytes;
  if (opts.declaredBytes !== undefined && opts.declaredBytes > max)
    throw new AppError('payload_too_large', `The file is larger than ${Math.floor(max / 1_048_576)} MB, the most accepted for a picture.`);
  const storage = storageOf(ctx);
  const temp = path.join(storage.incomingDir(), `${randomUUID()}.upload`);
  try {
    await pipeline(body, limiter(max), fs.createWriteStream(temp, { mode: 0o600 })).catch((e: unknown) => {
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT')
        throw new AppError('media_storage_unavailable', 'The server has no room for the picture just now; nothing was saved.');
      throw badRequest('The upload was interrupted before the whole file arrived; nothing was saved. Try again.');
    });
    const { size } = await fs.promises.stat(temp);
    if (size === 0) throw badRequest('The file is empty (0 bytes).');
    const type = sniffType(await readHead(temp));
    const video = isVideo(type) && ctx.config.media.video !== 'off' && videoSupported();
    if (!isAccepted(type) && !video) throw new AppError('media_refused', refusalFor(type) ?? 'This kind of file is not accepted.');
    const { width, height, durationMs } = video
      ? await inspectVideo(temp, { maxPixels: ctx.config.media.maxPixels, maxSeconds: ctx.config.media.maxVideoSeconds })
      : type === 'application/dicom'
        ? { ...inspectDicom(await fs.promises.readFile(temp), ctx.config.media.maxPixels), durationMs: null }
        : { ...(await inspectUpload(temp, type as StillImageType, ctx.config.media.maxPixels)), durationMs: null };
    const id = randomUUID();
    const original = await storage.adopt(keyOf({ org_id: actor.orgId, id }, 'original', type), temp, { type, width, height }).catch(() => {
      throw new AppError(
        'media_storage_unavailable',
        'The picture could not be stored just now; nothing was saved. Try again in a moment.',
      );
    });
    const row = await ctx.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('media')
        .values({
          id,
          org_id: actor.orgId,
          uploader_id: actor.userId,
          file_name: cleanFileName(opts.fileName),
          content_type: type,
          byte_size: size,
          duration_ms: durationMs,
          width,
          height,
          files: JSON.stringify({ original }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await captureRecord(tx, {
        orgId: actor.orgId,
        recordKind: 'media',
        recordId: id,
        recordClass: 'media',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `uploads:${actor.userId}`,
        content: { type, width, height, bytes: size, files: { original: original.sha256 }, stored: { original: original.key } },
      });
      await recordAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'media.upload',
        targetType: 'media',
        targetId: id,
        ip: actor.ip,
        detail: { type, bytes: size },
      });
      return rowOf(inserted);
    });
    queueOf(ctx).add(id);
    return row;
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

/** Pictures are checked one at a time per process (bounded memory however many arrive); the queue holds ids only. */
class ProcessingQueue {
  private readonly waiting: string[] = [];
  private running = false;
  constructor(private readonly ctx: AppContext) {}

  add(id: string) {
    if (!this.waiting.includes(id)) this.waiting.push(id);
    void this.drain();
  }

  get idle() {
    return !this.running && this.waiting.length === 0;
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (let id = this.waiting.shift(); id; id = this.waiting.shift()) await processMedia(this.ctx, id).catch(() => undefined);
    } finally {
      this.running = false;
    }
  }
}
const queues = new WeakMap<Db, ProcessingQueue>();
function queueOf(ctx: AppContext): ProcessingQueue {
  let q = queues.get(ctx.db);
  if (!q) queues.set(ctx.db, (q = new ProcessingQueue(ctx)));
  return q;
}

/** A claim on a picture being checked; after this long another process may take it over (a crash). */
const CLAIM_MS = 5 * 60_000;
const MAX_ATTEMPTS = 3;

async function setStage(db: Db, id: string, stage: string) {
  await db.updateTable('media').set({ stage }).where('id', '=', id).execute();
}

/**
 * The full check of one picture: cleaned (re-encoded without metadata), read (text, faces, codes), the
 * shared copy and its sizes made, and every new file's hash archived. Claimed first, so two processes
 * never check the same picture; a failure after the last attempt marks it failed with a reason.
 */
export async function processMedia(ctx: AppContext, id: string): Promise<void> {
  const claimed = await ctx.db
    .updateTable('media')
    .set({ claimed_at: new Date(), attempts: sql`attempts + 1`, stage: 'cleaning' })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', new Date(Date.now() - CLAIM_MS))]))
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return;
  const row = rowOf(claimed);
  const storage = storageOf(ctx);
  try {
    if (row.content_type.startsWith('video/')) return await processVideo(ctx, row);
    const original = await storage.read(row.files.original!.key);
    const dicom = row.content_type === 'application/dicom';
    const clean = dicom
      ? await renderDicom(original, ctx.config.media.maxPixels)
      : await cleanPicture(original, row.content_type as StillImageType, ctx.config.media.maxPixels);
    const cleanFile = await storage.put(keyOf(row, 'clean', clean.type), clean.data, {
      type: clean.type,
      width: clean.width,
      height: clean.height,
    });
    // The DICOM file itself is kept de-identified too (archived, never served: its pixels keep their annotations).
    const dicomFile = dicom
      ? await storage.put(keyOf(row, 'dicom', 'application/dicom'), deidentifyDicom(original), {
          type: 'application/dicom',
          width: clean.width,
          height: clean.height,
        })
      : undefined;
    await setStage(ctx.db, id, 'reading');
    const evidence = await analysePicture(clean.data, clean.width, clean.height);
    await setStage(ctx.db, id, 'finishing');
    const shared = await storeShared(storage, row, clean, cleanFile, [], 1);
    const files: MediaFiles = { ...row.files, clean: cleanFile, ...(dicomFile ? { dicom: dicomFile } : {}), ...shared };
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('media')
        .set({
          status: 'ready',
          stage: 'done',
          files: JSON.stringify(files),
          evidence: JSON.stringify(evidence),
          version: 2,
          width: clean.width,
          height: clean.height,
        })
        .where('id', '=', id)
        .execute();
      await archiveVersion(tx, { ...row, files, evidence, version: 2 }, 'edit');
    });
  } catch (e) {
    const last = claimed.attempts >= MAX_ATTEMPTS || e instanceof AppError;
    await ctx.db
      .updateTable('media')
      .set(
        last
          ? { status: 'failed', stage: 'failed', failure: e instanceof AppError ? e.message : 'The picture could not be checked.' }
          : { claimed_at: null, stage: 'queued' },
      )
      .where('id', '=', id)
      .execute();
    throw e;
  }
}

/**
 * The copy others see (the clean one with redactions applied) and its responsive sizes; `n` numbers the
 * generation. With nothing hidden it is the clean file itself, not a second copy of it.
 */
async function storeShared(
  storage: MediaStorage,
  row: MediaRow,
  clean: Encoded,
  cleanFile: StoredFile,
  redactions: readonly Redaction[],
  n: number,
): Promise<MediaFiles> {
  const shared = await applyRedactions(clean, redactions);
  const sizes = await responsiveSizes(shared);
  const [w320, w1280] = await Promise.all(
    sizes.map((s) => storage.put(keyOf(row, `w${s.width}-${n}`, 'image/webp'), s.data, { type: 'image/webp', width: s.w, height: s.h })),
  );
  return {
    shared: redactions.length
      ? await storage.put(keyOf(row, `shared-${n}`, shared.type), shared.data, {
          type: shared.type,
          width: shared.width,
          height: shared.height,
        })
      : cleanFile,
    w320,
    w1280,
  };
}

/** A working folder for ffmpeg (it reads and writes files), removed afterwards. */
async function withWorkDir<T>(storage: MediaStorage, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.promises.mkdtemp(path.join(storage.incomingDir(), 'video-'));
  try {
    return await work(dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * The full check of a video: re-encoded without metadata (the clean copy), frames spread over it read like
 * pictures (text, faces, codes) into one evidence, and the poster sizes made from what others see.
 */
async function processVideo(ctx: AppContext, row: MediaRow): Promise<void> {
  const storage = storageOf(ctx);
  await withWorkDir(storage, async (dir) => {
    const input = path.join(dir, 'original');
    const cleanPath = path.join(dir, 'clean.mp4');
    await fs.promises.writeFile(input, await storage.read(row.files.original!.key), { mode: 0o600 });
    await encodeVideo(input, cleanPath);
    const frames = await Promise.all(frameTimes(row.duration_ms ?? 0).map((t) => frameAt(cleanPath, t)));
    const first = await sharp(frames[0]).metadata();
    const size = { width: first.width ?? row.width, height: first.height ?? row.height };
    const cleanFile = await storage.put(keyOf(row, 'clean', 'video/mp4'), await fs.promises.readFile(cleanPath), {
      type: 'video/mp4',
      ...size,
    });
    await setStage(ctx.db, row.id, 'reading');
    const read: PictureEvidence[] = [];
    for (const f of frames) read.push(await analysePicture(f, size.width, size.height));
    const evidence = mergeEvidence(read);
    await setStage(ctx.db, row.id, 'finishing');
    const shared = await storeSharedVideo(storage, row, cleanPath, cleanFile, [], 1, dir);
    const files: MediaFiles = { ...row.files, clean: cleanFile, ...shared };
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('media')
        .set({ status: 'ready', stage: 'done', files: JSON.stringify(files), evidence: JSON.stringify(evidence), version: 2, ...size })
        .where('id', '=', row.id)
        .execute();
      await archiveVersion(tx, { ...row, files, evidence, version: 2, ...size }, 'edit');
    });
  });
}

/**
 * What others see of a video: the clean one with the redactions burnt into every frame (the clean file
 * itself when nothing is hidden), and poster sizes from its first second.
 */
async function storeSharedVideo(
  storage: MediaStorage,
  row: MediaRow,
  cleanPath: string,
  cleanFile: StoredFile,
  redactions: readonly Redaction[],
  n: number,
  dir: string,
): Promise<MediaFiles> {
  let sharedPath = cleanPath;
  let shared = cleanFile;
  if (redactions.length) {
    sharedPath = path.join(dir, `shared-${n}.mp4`);
    await encodeVideo(cleanPath, sharedPath, redactions, { width: cleanFile.width, height: cleanFile.height });
    const poster = await sharp(await frameAt(sharedPath, 0)).metadata();
    shared = await storage.put(keyOf(row, `shared-${n}`, 'video/mp4'), await fs.promises.readFile(sharedPath), {
      type: 'video/mp4',
      width: poster.width ?? cleanFile.width,
      height: poster.height ?? cleanFile.height,
    });
  }
  const poster = await sharp(await frameAt(sharedPath, Math.min(1, (row.duration_ms ?? 0) / 2000)))
    .png()
    .toBuffer({ resolveWithObject: true });
  const sizes = await responsiveSizes({ data: poster.data, type: 'image/png', width: poster.info.width, height: poster.info.height });
  const [w320, w1280] = await Promise.all(
    sizes.map((s) => storage.put(keyOf(row, `w${s.width}-${n}`, 'image/webp'), s.data, { type: 'image/webp', width: s.w, height: s.h })),
  );
  return { shared, w320, w1280 };
}

/** The archive entry of a picture's current state: every file's hash, what was found, what was hidden, its description. */
async function archiveVersion(tx: Tx, row: MediaRow, event: 'edit' | 'status') {
  await captureRecord(tx, {
    orgId: row.org_id,
    recordKind: 'media',
    recordId: row.id,
    recordClass: 'media',
    event,
    version: row.version,
    authorId: row.uploader_id,
    channel: row.record_kind ? `${row.record_kind}:${row.record_id}` : `uploads:${row.uploader_id}`,
    content: {
      type: row.content_type,
      width: row.width,
      height: row.height,
      files: Object.fromEntries(Object.entries(row.files).map(([role, f]) => [role, f.sha256])),
      // Where each file is kept, so a production can carry the files themselves (checked against the hashes).
      stored: Object.fromEntries(Object.entries(row.files).map(([role, f]) => [role, f.key])),
      // The words read in the picture make it findable in eDiscovery like any text.
      textInPicture: row.evidence?.text ?? '',
      faces: row.evidence?.faces.length ?? 0,
      codes: row.evidence?.codes.map((c) => c.text) ?? [],
      redactions: row.redactions,
      altText: row.alt_text,
      attachedTo: row.record_kind ? { kind: row.record_kind, id: row.record_id } : null,
    },
  });
}

/** Removes the files of destroyed pictures from storage (queued by the destruction, in its transaction). */
export async function purgeDestroyedFiles(ctx: AppContext): Promise<number> {
  const rows = await ctx.db.selectFrom('media_purges').select('key').orderBy('created_at').limit(500).execute();
  const storage = storageOf(ctx);
  for (const r of rows) await storage.remove(r.key);
  if (rows.length)
    await ctx.db
      .deleteFrom('media_purges')
      .where(
        'key',
        'in',
        rows.map((r) => r.key),
      )
      .execute();
  return rows.length;
}

/** Pictures left waiting (a restart, a crash mid-check): the job scheduler's sweep queues them again. */
export async function processWaiting(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('media')
    .select('id')
    .where('status', '=', 'processing')
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', new Date(Date.now() - CLAIM_MS))]))
    .where('created_at', '<', new Date(Date.now() - 30_000))
    .orderBy('created_at')
    .limit(50)
    .execute();
  for (const r of rows) queueOf(ctx).add(r.id);
  return rows.length;
}

/** The caller's own picture (uploaders manage their pictures; nobody else sees them before they are shared). */
export async function ownMedia(db: Db | Tx, actor: Actor, id: string): Promise<MediaRow> {
  if (!isUuid(id)) throw notFound('Picture');
  const r = await db
    .selectFrom('media')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .where('uploader_id', '=', actor.userId)
    .executeTakeFirst();
  if (!r) throw notFound('Picture');
  return rowOf(r);
}

const MAX_BOXES = 200;
/**
 * The uploader describes the picture and chooses what to hide. A picture already shared keeps what was
 * shared (the record and its archive say what others saw); a new redaction makes a new shared copy.
 */
export async function updateMedia(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { altText?: string; redactions?: Redaction[] },
): Promise<MediaRow> {
  const row = await ownMedia(ctx.db, actor, id);
  if (row.record_id) throw new AppError('conflict', 'This picture is already shared; upload it again to change it.');
  if (row.status !== 'ready')
    throw new AppError(
      'media_not_ready',
      row.status === 'failed' ? (row.failure ?? 'The picture could not be checked.') : 'The picture is still being checked.',
    );
  const altText = input.altText === undefined ? row.alt_text : cleanText(input.altText).trim();
  let files = row.files;
  let redactions = row.redactions;
  if (input.redactions) {
    if (input.redactions.length > MAX_BOXES) throw badRequest(`At most ${MAX_BOXES} boxes can be hidden in one picture.`);
    // Kept inside the picture, at least a pixel wide and high (so never null).
    redactions = input.redactions.map((r) => ({
      style: r.style,
      box: clip({ ...r.box, w: Math.max(1, r.box.w), h: Math.max(1, r.box.h) }, row.width, row.height)!,
    }));
    const clean = row.files.clean!;
    const storage = storageOf(ctx);
    if (row.content_type.startsWith('video/'))
      files = {
        ...row.files,
        ...(await withWorkDir(storage, async (dir) => {
          const cleanPath = path.join(dir, 'clean.mp4');
          await fs.promises.writeFile(cleanPath, await storage.read(clean.key), { mode: 0o600 });
          return storeSharedVideo(storage, row, cleanPath, clean, redactions, row.version + 1, dir);
        })),
      };
    else {
      const encoded: Encoded = {
        data: await storage.read(clean.key),
        type: clean.type as Encoded['type'],
        width: clean.width,
        height: clean.height,
      };
      files = { ...row.files, ...(await storeShared(storage, row, encoded, clean, redactions, row.version + 1)) };
    }
  }
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('media')
      .set({ alt_text: altText, redactions: JSON.stringify(redactions), files: JSON.stringify(files), version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('conflict', 'The picture changed meanwhile; reload it.');
    const next = rowOf(updated);
    await archiveVersion(tx, next, 'edit');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'media.edit',
      targetType: 'media',
      targetId: id,
      ip: actor.ip,
      detail: { hidden: redactions.length },
    });
    return next;
  });
}

/**
 * Pictures a write attaches: the author's own, checked and ready, not shared elsewhere (a draft being
 * edited keeps the pictures already attached to it: `record`).
 */
export async function attachable(db: Db, actor: Actor, ids: readonly string[], record?: { kind: string; id: string }): Promise<MediaRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length > 10) throw badRequest('Attach at most 10 pictures.');
  const rows = await Promise.all(unique.map((id) => ownMedia(db, actor, id)));
  for (const r of rows) {
    const ownRecord = !!record && r.record_kind === record.kind && r.record_id === record.id;
    if (r.record_id && !ownRecord)
      throw new AppError(
        'conflict',
        `The picture "${r.file_name}" is already shared with another post or message; upload it again to share it twice.`,
      );
    if (r.status !== 'ready')
      throw new AppError(
        'media_not_ready',
        r.status === 'failed'
          ? `The picture "${r.file_name}" could not be checked: ${r.failure ?? 'upload it again'}.`
          : `The picture "${r.file_name}" is still being checked; post when it is ready.`,
      );
  }
  return rows;
}

/**
 * Inside the write's transaction: the pictures now belong to the record (archived with the link); a
 * picture already attached to it stays as it is, and for a record whose pictures may change (a draft),
 * `detachOthers` lets go of those no longer in it.
 */
export async function attachMedia(
  tx: Tx,
  rows: readonly MediaRow[],
  recordKind: string,
  recordId: string,
  opts: { detachOthers?: boolean } = {},
): Promise<void> {
  if (opts.detachOthers) {
    let q = tx
      .updateTable('media')
      .set({ record_kind: null, record_id: null, attached_at: null })
      .where('record_kind', '=', recordKind)
      .where('record_id', '=', recordId);
    if (rows.length)
      q = q.where(
        'id',
        'not in',
        rows.map((r) => r.id),
      );
    await q.execute();
  }
  for (const r of rows) {
    if (r.record_kind === recordKind && r.record_id === recordId) continue;
    const updated = await tx
      .updateTable('media')
      .set({ record_kind: recordKind, record_id: recordId, attached_at: new Date(), version: r.version + 1 })
      .where('id', '=', r.id)
      .where('record_id', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('conflict', 'A picture was shared elsewhere meanwhile.');
    await archiveVersion(tx, rowOf(updated), 'status');
  }
}

/** What a reader gets of a record's pictures: the shared copy's sizes and the description. */
export interface AttachedPicture {
  id: string;
  kind: 'picture' | 'video';
  altText: string;
  width: number;
  height: number;
}
export async function picturesOf(db: Db, recordKind: string, recordIds: readonly string[]): Promise<Map<string, AttachedPicture[]>> {
  const out = new Map<string, AttachedPicture[]>();
  if (!recordIds.length) return out;
  const rows = await db
    .selectFrom('media')
    .select(['id', 'record_id', 'alt_text', 'files', 'content_type'])
    .where('record_kind', '=', recordKind)
    .where('record_id', 'in', [...recordIds])
    .orderBy('attached_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const shared = parse<MediaFiles>(r.files, {}).shared;
    if (!shared) continue;
    out.set(r.record_id!, [
      ...(out.get(r.record_id!) ?? []),
      {
        id: r.id,
        kind: r.content_type.startsWith('video/') ? 'video' : 'picture',
        altText: r.alt_text,
        width: shared.width,
        height: shared.height,
      },
    ]);
  }
  return out;
}

/**
 * What a network gets of a record's pictures: the 1280-pixel copy of what readers see (for a video, the
 * shared video itself), its description and, with a public address, a signed link to fetch it from.
 */
export async function picturesToSend(
  ctx: Pick<AppContext, 'db' | 'config' | 'outbound' | 'secrets'>,
  recordKind: string,
  recordId: string,
): Promise<OutgoingFile[]> {
  const rows = await ctx.db
    .selectFrom('media')
    .select(['id', 'files', 'alt_text', 'content_type'])
    .where('record_kind', '=', recordKind)
    .where('record_id', '=', recordId)
    .where('status', '=', 'ready')
    .orderBy('attached_at')
    .orderBy('id')
    .execute();
  const storage = storageOf(ctx);
  const base = ctx.config.publicUrl;
  return Promise.all(
    rows.map(async (r) => {
      const video = r.content_type.startsWith('video/');
      const files = parse<MediaFiles>(r.files, {});
      const file = video ? files.shared! : files.w1280!;
      return {
        kind: video ? ('video' as const) : ('picture' as const),
        data: await storage.read(file.key),
        type: file.type,
        altText: r.alt_text,
        width: file.width,
        height: file.height,
        link: base ? mediaLink(ctx.secrets, base, r.id, video ? 'mp4' : 'jpg') : null,
      };
    }),
  );
}

/**
 * A file as a network receives it: the copy readers see (metadata gone, what was found hidden) and its
 * description; `link` is a signed, expiring address of it on this server (null without a public address).
 */
export interface OutgoingFile {
  kind: 'picture' | 'video';
  data: Buffer;
  type: string;
  altText: string;
  width: number;
  height: number;
  link: string | null;
}

/**
 * What a signed link opens: the shared copy of a picture sent to a network (as JPEG, the one format every
 * network fetching pictures takes) or the shared video. Only files of posts for public networks.
 */
export async function linkedFile(ctx: AppContext, id: string): Promise<{ data: Buffer | null; file: StoredFile; type: string }> {
  const r = await ctx.db
    .selectFrom('media')
    .select(['files', 'content_type'])
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .where('record_kind', '=', 'network_post')
    .executeTakeFirst();
  if (!r) throw notFound('Picture');
  const files = parse<MediaFiles>(r.files, {});
  if (r.content_type.startsWith('video/')) return { data: null, file: files.shared!, type: files.shared!.type };
  const file = files.w1280!;
  return { data: await asJpeg(await storageOf(ctx).read(file.key)), file, type: 'image/jpeg' };
}

/** Who may see a record a picture is attached to; the features that own records answer (404 when not). */
export type RecordVisibility = (actor: Actor, recordKind: string, recordId: string) => Promise<void>;

/**
 * A file of a picture for a reader. The uploader sees every rendition but the original (which only the
 * archive keeps); anyone else only the shared copy and its sizes, and only while they may see the record
 * it is attached to.
 */
export async function readableFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  role: FileRole,
  canSee: RecordVisibility,
): Promise<StoredFile> {
  if (!isUuid(id) || role === 'original') throw notFound('Picture');
  const r = await ctx.db.selectFrom('media').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!r) throw notFound('Picture');
  const row = rowOf(r);
  if (row.uploader_id !== actor.userId) {
    if (!row.record_kind || !row.record_id || role === 'clean') throw notFound('Picture');
    await canSee(actor, row.record_kind, row.record_id);
  }
  const file = row.files[role];
  if (!file) throw notFound('Picture');
  return file;
}

export const openStoredFile = (ctx: AppContext, file: StoredFile) => storageOf(ctx).stream(file.key);

/** Resolves when this process has no picture waiting or being checked (the demo seed waits for its picture). */
export async function settled(ctx: AppContext): Promise<void> {
  while (!queueOf(ctx).idle) await new Promise((r) => setTimeout(r, 50));
}
