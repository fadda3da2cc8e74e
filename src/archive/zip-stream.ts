import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32 } from 'node:zlib';
import { Deflate, deflateSync } from 'fflate';

/**
 * A ZIP written as it goes, with ZIP64 where sizes, offsets or the number of files need it, so a
 * production of a million documents never sits in memory. Deflate is fflate's (pure JavaScript): the same
 * bytes on every machine and Node version, which a production's recorded hash depends on. The central
 * directory is spilled to a second file and appended at the end.
 */
export class ZipStreamWriter {
  private offset = 0;
  private entries = 0;
  private readonly sha: Hash = createHash('sha256');
  private readonly directory: WriteStream;
  private directoryBytes = 0;

  constructor(
    private readonly out: WriteStream,
    private readonly directoryPath: string,
    private readonly level: 6 = 6,
  ) {
    this.directory = createWriteStream(directoryPath, { mode: 0o600, highWaterMark: 1 << 20 });
  }

  /** A whole file known up front (sizes go in its local header); small ones are stored, as deflate gains nothing there. */
  async addFile(name: string, data: Uint8Array, mtime: Date): Promise<void> {
    const method = data.length < STORE_BELOW ? 0 : 8;
    const compressed = method ? deflateSync(data, { level: this.level }) : data;
    const e = { crc: crc32(data), compressed: compressed.length, size: data.length, method } as const;
    const start = this.offset;
    await this.write(localHeader(name, mtime, { ...e, descriptor: false }));
    await this.write(compressed);
    await this.record(name, mtime, { ...e, offset: start, descriptor: false });
  }

  /** A file written in pieces (its sizes follow it in a data descriptor). Pieces are pushed in fixed blocks. */
  async addStream(name: string, mtime: Date, pieces: AsyncIterable<string | Uint8Array>): Promise<void> {
    const start = this.offset;
    await this.write(localHeader(name, mtime, { crc: 0, compressed: 0, size: 0, method: 8, descriptor: true }));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const pending: Uint8Array[] = [];
    const deflate = new Deflate({ level: this.level }, (chunk) => {
      pending.push(chunk);
    });
    const drain = async () => {
      for (const chunk of pending.splice(0)) {
        compressed += chunk.length;
        await this.write(chunk);
      }
    };
    for await (const block of blocks(pieces)) {
      crc = crc32(block, crc);
      size += block.length;
      deflate.push(block);
      await drain();
    }
    deflate.push(new Uint8Array(0), true);
    await drain();
    const zip64 = size >= 0xffffffff || compressed >= 0xffffffff;
    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    if (zip64) {
      descriptor.writeBigUInt64LE(BigInt(compressed), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    await this.write(descriptor);
    await this.record(name, mtime, { crc, compressed, size, method: 8, offset: start, descriptor: true });
  }

  /** Writes the central directory and its end records; answers the ZIP's size and SHA-256. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    this.directory.end();
    await once(this.directory, 'close');
    const directoryStart = this.offset;
    for await (const chunk of createReadStream(this.directoryPath)) await this.write(chunk as Buffer);
    const directorySize = this.directoryBytes;
    const needs64 = this.entries >= 0xffff || directoryStart >= 0xffffffff || directorySize >= 0xffffffff;
    if (needs64) {
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(0x06064b50, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE(45, 12);
      end64.writeUInt16LE(45, 14);
      end64.writeBigUInt64LE(BigInt(this.entries), 24);
      end64.writeBigUInt64LE(BigInt(this.entries), 32);
      end64.writeBigUInt64LE(BigInt(directorySize), 40);
      end64.writeBigUInt64LE(BigInt(directoryStart), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(this.offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(end64);
      await this.write(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(this.entries, 0xffff), 8);
    end.writeUInt16LE(Math.min(this.entries, 0xffff), 10);
    end.writeUInt32LE(Math.min(directorySize, 0xffffffff), 12);
    end.writeUInt32LE(Math.min(directoryStart, 0xffffffff), 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'close');
    return { bytes: this.offset, sha256: this.sha.digest('hex') };
  }

  private async write(chunk: Uint8Array): Promise<void> {
    this.offset += chunk.length;
    this.sha.update(chunk);
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  private async record(name: string, mtime: Date, e: EntrySizes & { offset: number; descriptor: boolean }): Promise<void> {
    this.entries++;
    const record = centralRecord(name, mtime, e);
    this.directoryBytes += record.length;
    if (!this.directory.write(record)) await once(this.directory, 'drain');
  }
}

interface EntrySizes {
  crc: number;
  compressed: number;
  size: number;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
}

const STORE_BELOW = 1024;

const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;

function dosTime(d: Date): number {
  const year = Math.max(1980, d.getFullYear());
  return (
    (((year - 1980) << 25) |
      ((d.getMonth() + 1) << 21) |
      (d.getDate() << 16) |
      (d.getHours() << 11) |
      (d.getMinutes() << 5) |
      (d.getSeconds() >> 1)) >>>
    0
  );
}

function localHeader(name: string, mtime: Date, e: EntrySizes & { descriptor: boolean }): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30 + nameBytes.length);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(e.descriptor ? 45 : 20, 4);
  h.writeUInt16LE(UTF8_NAMES | (e.descriptor ? DATA_DESCRIPTOR : 0), 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt32LE(dosTime(mtime), 10);
  h.writeUInt32LE(e.crc >>> 0, 14);
  h.writeUInt32LE(e.compressed, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(h, 30);
  return h;
}

function centralRecord(name: string, mtime: Date, e: EntrySizes & { offset: number; descriptor: boolean }): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const big = [e.size >= 0xffffffff, e.compressed >= 0xffffffff, e.offset >= 0xffffffff];
  const extraLength = big.some(Boolean) ? 4 + 8 * big.filter(Boolean).length : 0;
  const r = Buffer.alloc(46 + nameBytes.length + extraLength);
  r.writeUInt32LE(0x02014b50, 0);
  r.writeUInt16LE(45, 4);
  r.writeUInt16LE(extraLength || e.descriptor ? 45 : 20, 6);
  r.writeUInt16LE(UTF8_NAMES | (e.descriptor ? DATA_DESCRIPTOR : 0), 8);
  r.writeUInt16LE(e.method, 10);
  r.writeUInt32LE(dosTime(mtime), 12);
  r.writeUInt32LE(e.crc >>> 0, 16);
  r.writeUInt32LE(big[1] ? 0xffffffff : e.compressed, 20);
  r.writeUInt32LE(big[0] ? 0xffffffff : e.size, 24);
  r.writeUInt16LE(nameBytes.length, 28);
  r.writeUInt16LE(extraLength, 30);
  r.writeUInt32LE(big[2] ? 0xffffffff : e.offset, 42);
  nameBytes.copy(r, 46);
  if (extraLength) {
    let at = 46 + nameBytes.length;
    r.writeUInt16LE(0x0001, at);
    r.writeUInt16LE(extraLength - 4, at + 2);
    at += 4;
    // The ZIP64 extra lists only the values that overflowed, in this order.
    for (const [i, value] of [e.size, e.compressed, e.offset].entries()) {
      if (!big[i]) continue;
      r.writeBigUInt64LE(BigInt(value), at);
      at += 8;
    }
  }
  return r;
}

const BLOCK = 64 * 1024;

/** Regroups pieces into fixed 64 KiB blocks, so the compressed bytes never depend on how pieces were cut. */
async function* blocks(pieces: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = new Uint8Array(BLOCK);
  let used = 0;
  for await (const piece of pieces) {
    let bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
    while (bytes.length) {
      const n = Math.min(BLOCK - used, bytes.length);
      buffer.set(bytes.subarray(0, n), used);
      used += n;
      bytes = bytes.subarray(n);
      if (used === BLOCK) {
        yield buffer;
        buffer = new Uint8Array(BLOCK);
        used = 0;
      }
    }
  }
  if (used) yield buffer.subarray(0, used);
}
