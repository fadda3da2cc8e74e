import type { Kysely, Transaction, TransactionBuilder } from 'kysely';

type Hook = () => Promise<void>;

/** Transactions opened through a database wrapped by withCommitHooks, with the hooks they collected. */
const pending = new WeakMap<object, Hook[]>();

/**
 * Runs `hook` as the transaction's last statements, right before COMMIT (at once when the transaction was
 * not opened through withCommitHooks). Hash-chain appends use it: the chain head's row lock is then taken
 * at the last moment and held only until the commit that follows, instead of across the whole transaction.
 */
export async function beforeCommit(tx: Transaction<any>, hook: Hook): Promise<void> {
  const hooks = pending.get(tx);
  if (hooks) hooks.push(hook);
  else await hook();
}

/** Makes every `db.transaction().execute(fn)` run the hooks registered with beforeCommit after fn. */
export function withCommitHooks<DB>(db: Kysely<DB>): Kysely<DB> {
  const open = db.transaction.bind(db);
  (db as { transaction: () => TransactionBuilder<DB> }).transaction = () => hooked(open());
  return db;
}

function hooked<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, prop, receiver) {
      if (prop === 'execute') {
        return <T>(fn: (tx: Transaction<DB>) => Promise<T>) =>
          target.execute(async (tx) => {
            const hooks: Hook[] = [];
            pending.set(tx, hooks);
            const result = await fn(tx);
            // Hooks may register more hooks (one chain append leading to another): run until none is left.
            while (hooks.length) await hooks.shift()!();
            pending.delete(tx);
            return result;
          });
      }
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'setIsolationLevel' || prop === 'setAccessMode')
        return (...args: unknown[]) => hooked((value as (...a: unknown[]) => TransactionBuilder<DB>).apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
