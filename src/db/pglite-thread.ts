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

  /**
   * @param answerTimeoutMs how long one exchange may take before the database is declared stuck (0: no
   * limit). PGlite can wedge (seen after a full disk) and would otherwise hold every request forever.
   */
  constructor(
    dataDir: string,
    private readonly answerTimeoutMs = 0,
  ) {
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
    this.fail = (why: string) => {
      if (this.dead) return;
      this.dead = new Error(`The embedded database stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', (e: Error) => this.fail(e.message));
    this.worker.on('exit', (code) => this.fail(`exit code ${code}`));
  }

  private dead: Error | null = null;
  private readonly fail: (why: string) => void;

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer =
        this.answerTimeoutMs > 0 && msg.op === 'exec'
          ? setTimeout(() => {
              this.fail(`no answer within ${this.answerTimeoutMs} ms; restart the server`);
              void this.worker.terminate();
            }, this.answerTimeoutMs)
          : null;
      const done = () => timer && clearTimeout(timer);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
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
    if (!FLUSHING.has(bytes[0])) return Promise.resolve([]);
    const total = this.held.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const b of this.held) {
      all.set(b, at);
      at += b.length;
    }
    this.held = [];
    const answers = this.call<{ name?: string }[]>({ op: 'exec', bytes: all });
    const last = bytes[0];
    if (last !== 0x53 && last !== 0x51) return answers;
    // A Sync or a simple Query is always answered with ReadyForQuery. Without it the engine is wedged (seen
    // after a failed WAL write on a full disk) and node-postgres would wait for it forever.
    // The statement still fails with its own error (53100 disk full…), and every later one fails at once.
    return answers.then((messages) => {
      if (messages.some((m) => m?.name === 'readyForQuery')) return messages;
      this.fail('it stopped answering after an error; restart the server');
      const error = messages.some((m) => m instanceof pg.DatabaseError)
        ? []
        : [Object.assign(new pg.DatabaseError(this.dead!.message, 0, 'error'), { code: '58030', severity: 'FATAL' })];
      return [...messages, ...error, { name: 'readyForQuery', length: 5, status: 'I' }];
    });
  }

  async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.call({ op: 'listen', channel });
    }
    set.add(fn);
    return async () => {
      set.delete(fn);
      if (set.size === 0) {
        this.listeners.delete(channel);
        await this.call({ op: 'unlisten', channel });
      }
    };
  }

  async close(): Promise<void> {
    try {
      if (!this.dead) await this.call({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
