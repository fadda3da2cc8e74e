import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A stored file: where it is, what it is, and its hash (which goes into the archive chain). */
export interface StoredFile {
  key: string;
  sha256: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
}

/**
 * Picture files (originals and every derived copy) on disk under DATA_DIR/media, private to the server's account (0600 files in 0700
 * folders), written whole (a temporary name, then rename) so a crash never leaves half a file under a
 * key that a record points at.
 */
export class MediaStorage {
  constructor(private readonly root: string) {}

  static forDataDir(dataDir: string) {
    return new MediaStorage(path.join(dataDir, 'media'));
  }

  private fileOf(key: string): string {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[a-z0-9-]+\.[a-z]+$/.test(key)) throw new Error('bad media key');
    return path.join(this.root, key);
  }

  /** A private folder for uploads being received. */
  incomingDir(): string {
    const dir = path.join(this.root, 'incoming');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async put(key: string, data: Buffer, meta: Omit<StoredFile, 'key' | 'sha256' | 'bytes'>): Promise<StoredFile> {
    const file = this.fileOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.partial`;
    await fs.promises.writeFile(temp, data, { mode: 0o600 });
    await fs.promises.rename(temp, file);
    return { key, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length, ...meta };
  }

  /** Moves a received upload into place (same file system: a rename). */
  async adopt(key: string, from: string, meta: Omit<StoredFile, 'key' | 'sha256' | 'bytes'>): Promise<StoredFile> {
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

  stream(key: string): fs.ReadStream {
    return fs.createReadStream(this.fileOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.fileOf(key), { force: true });
  }
}
