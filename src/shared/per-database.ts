/**
 * One instance per database handle (a batcher, a cache), made on first use. Keyed weakly, so a closed
 * database and what belongs to it can be collected.
 */
export function perDatabase<K extends object, T>(create: (db: K) => T): (db: K) => T {
  const made = new WeakMap<K, T>();
  return (db) => {
    let v = made.get(db);
    if (v === undefined) made.set(db, (v = create(db)));
    return v;
  };
}
