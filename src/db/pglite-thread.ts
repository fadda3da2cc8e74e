import { Worker } from 'node:worker_threads';
import pg from 'pg';

// Frontend messages after which PostgreSQL answers: Sync, Query, Flush, Terminate, CopyDone, CopyFail.
const FLUSHING = new Set([0x53, 0x51, 0x48, 0x58, 0x63, 0x66]);

/**
 * The part of PGlite's interface that its node-postgres bridge uses (execProtocolStream, waitReady), and
 * listen/close, answered by a PGlite running in a worker thread. Messages cross as structured clones.
 */
/** An ErrorResponse sent across as a plain object (see pglite-worker.mjs) becomes node-postgres' DatabaseError. */
function revive(message: any): unknown {
  if (!message?.databaseError) return message;
  const { databaseError: _, message: text, name, length, ...fields } = message;
  return Object.assign(new pg.DatabaseError(text, length ?? 0, name), fields);
}

export class PGliteThread {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  readonly waitReady: Promise<void>;

  constructor(dataDir: string) {
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
    this.waitReady = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (m) => {
        if (m.ready) return resolve();
        if (m.notify) return this.listeners.get(m.notify)?.forEach((fn) => fn(m.payload));
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(Array.isArray(m.result) ? m.result.map(revive) : m.result);
      });
    });
    // If the database thread dies, every waiting query fails instead of hanging.
    const fail = (why: string) => {
      this.dead = new Error(`The embedded database stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', (e: Error) => fail(e.message));
    this.worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  private dead: Error | null = null;

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private held: Uint8Array[] = [];

  /**
   * node-postgres sends an extended query as separate messages (bind, describe, execute, sync); each would
   * be a round trip to the worker. They are held until a message that needs answers (Sync, Query, Flush)
   * and sent together; the earlier calls resolve empty and the last one with every reply, in order.
   */
  execProtocolStream(bytes: Uint8Array, _opts?: unknown): Promise<unknown[]> {
    this.held.push(bytes);
    if (!FLUSHING.has(bytes[0]!)) return Promise.resolve([]);
    const total = this.held.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const b of this.held) {
      all.set(b, at);
      at += b.length;
    }
    this.held = [];
    return this.call({ op: 'exec', bytes: all });
  }

  async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.call({ op: 'listen', channel });
    }
    set.add(fn);
    return async () => {
      set!.delete(fn);
      if (set!.size === 0) {
        this.listeners.delete(channel);
        await this.call({ op: 'unlisten', channel });
      }
    };
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}
