import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { OutboundFetch } from '../outbound/index.ts';
import { signV4, uriEncode, type S3Credentials } from './s3-signature.ts';

/** A stored file: where it is, what it is, and its hash (which goes into the archive chain). */
export interface StoredFile {
  key: string;
  sha256: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
}

type FileMeta = Omit<StoredFile, 'key' | 'sha256' | 'bytes'>;

/** Where picture files (originals and every derived copy) are kept: a folder of the server's, or S3-compatible storage. */
export interface MediaStorage {
  /** A private local folder for uploads being received (always on local disk). */
  incomingDir(): string;
  put(key: string, data: Buffer, meta: FileMeta): Promise<StoredFile>;
  /** Moves a received upload into place. */
  adopt(key: string, from: string, meta: FileMeta): Promise<StoredFile>;
  read(key: string): Promise<Buffer>;
  stream(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export interface MediaS3Config {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: S3Credentials;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function checkedKey(key: string): string {
  if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[a-z0-9-]+\.[a-z0-9]+$/.test(key)) throw new Error('bad media key');
  return key;
}

/** The storage the settings choose: S3-compatible when MEDIA_S3_* are set, otherwise DATA_DIR/media. */
export function mediaStorage(config: { dataDir: string; mediaS3?: MediaS3Config }, fetcher: OutboundFetch): MediaStorage {
  return config.mediaS3
    ? new S3MediaStorage(config.mediaS3, fetcher, config.dataDir)
    : new DiskMediaStorage(path.join(config.dataDir, 'media'));
}

/**
 * Files on disk, private to the server's account (0600 files in 0700 folders), written whole (a temporary
 * name, then rename) so a crash never leaves half a file under a key that a record points at.
 */
export class DiskMediaStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private fileOf(key: string): string {
    return path.join(this.root, checkedKey(key));
  }

  incomingDir(): string {
    const dir = path.join(this.root, 'incoming');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async put(key: string, data: Buffer, meta: FileMeta): Promise<StoredFile> {
    const file = this.fileOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.partial`;
    await fs.promises.writeFile(temp, data, { mode: 0o600 });
    await fs.promises.rename(temp, file);
    return { key, sha256: sha256(data), bytes: data.length, ...meta };
  }

  async adopt(key: string, from: string, meta: FileMeta): Promise<StoredFile> {
    const file = this.fileOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of fs.createReadStream(from)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    await fs.promises.chmod(from, 0o600);
    await fs.promises.rename(from, file);
    return { key, sha256: hash.digest('hex'), bytes, ...meta };
  }

  read(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.fileOf(key));
  }

  async stream(key: string): Promise<Readable> {
    return fs.createReadStream(this.fileOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.fileOf(key), { force: true });
  }
}

/**
 * Files in an S3-compatible bucket (path-style addressing, Signature Version 4), reached through the one
 * guarded fetch like every other server-side request. Uploads are still received into a private local
 * folder first, so nothing refused ever reaches the bucket.
 */
export class S3MediaStorage implements MediaStorage {
  constructor(
    private readonly cfg: MediaS3Config,
    private readonly fetcher: OutboundFetch,
    private readonly dataDir: string,
  ) {}

  incomingDir(): string {
    const dir = path.join(this.dataDir, 'media', 'incoming');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /**
   * One signed request; a connection that fails before any answer (a reused keep-alive socket the store had
   * just closed, a reset under load) is tried once more, as S3 clients do: PUT, GET and DELETE of a key are
   * idempotent.
   */
  private async request(method: 'PUT' | 'GET' | 'DELETE', key: string, body: Buffer = Buffer.alloc(0), type?: string): Promise<Response> {
    try {
      return await this.send(method, key, body, type);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
      return this.send(method, key, body, type);
    }
  }

  private async send(method: 'PUT' | 'GET' | 'DELETE', key: string, body: Buffer, type?: string): Promise<Response> {
    const url = new URL(
      `${this.cfg.endpoint.replace(/\/$/, '')}/${this.cfg.bucket}/${checkedKey(key).split('/').map(uriEncode).join('/')}`,
    );
    const headers = signV4(
      { method, url, body, headers: type ? { 'content-type': type } : {} },
      this.cfg.credentials,
      this.cfg.region,
      's3',
      new Date(),
    );
    delete headers.host; // fetch sets it
    return this.fetcher(url, { method, headers, body: method === 'PUT' ? new Uint8Array(body) : undefined, timeoutMs: 60_000 });
  }

  private static async ok(res: Response, what: string): Promise<Response> {
    if (res.ok) return res;
    await res.body?.cancel();
    // The key and the store's answer stay out of the message: it may end up in a log.
    throw new Error(`media storage refused a ${what} (HTTP ${res.status})`);
  }

  async put(key: string, data: Buffer, meta: FileMeta): Promise<StoredFile> {
    const res = await S3MediaStorage.ok(await this.request('PUT', key, data, meta.type), 'write');
    await res.body?.cancel();
    return { key, sha256: sha256(data), bytes: data.length, ...meta };
  }

  async adopt(key: string, from: string, meta: FileMeta): Promise<StoredFile> {
    const stored = await this.put(key, await fs.promises.readFile(from), meta);
    await fs.promises.rm(from, { force: true });
    return stored;
  }

  async read(key: string): Promise<Buffer> {
    const res = await S3MediaStorage.ok(await this.request('GET', key), 'read');
    return Buffer.from(await res.arrayBuffer());
  }

  async stream(key: string): Promise<Readable> {
    const res = await S3MediaStorage.ok(await this.request('GET', key), 'read');
    return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  async remove(key: string): Promise<void> {
    const res = await this.request('DELETE', key);
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw new Error(`media storage refused a delete (HTTP ${res.status})`);
  }
}
