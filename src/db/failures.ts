import { ERRORS } from '../shared/errors.ts';

export interface DatabaseFailure {
  status: 503 | 507;
  id: 'database_unavailable' | 'storage_full' | 'database_busy';
  message: string;
  retryAfterSeconds: number;
}

// SQLSTATE classes and codes that mean "the database cannot serve this now", not "this request is wrong".
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53200', '57014', '55P03', '58030', '25P03']);
const BUSY_CODES = new Set(['40001', '40P01']);
const DISK_FULL = '53100';
// node-postgres and the embedded thread report lost or unreachable connections as plain errors.
const CONNECTION_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Connection ended|embedded database stopped|Client was closed|Cannot use a pool after calling end/i;
// Node's own codes for a socket written after it closed count as a lost connection too.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_SOCKET_CLOSED',
]);

/**
 * Names a failure that comes from the database being unreachable, frozen, overloaded or out of space, so
 * that the caller hears "try again shortly" (503 with Retry-After) or "storage is full" (507) instead of a
 * generic 500. Null for every other error (a bug or a constraint the code should have handled).
 */
export function classifyDatabaseFailure(err: unknown): DatabaseFailure | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  // SQLSTATEs (DatabaseError) and socket errors both carry a string code.
  if (typeof code === 'string') {
    if (code === DISK_FULL)
      return {
        status: ERRORS.storage_full.status,
        id: 'storage_full',
        message: 'The database is out of storage space. Nothing was saved; reading still works.',
        retryAfterSeconds: 60,
      };
    if (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code)) return unavailable();
    if (BUSY_CODES.has(code))
      return {
        status: ERRORS.database_busy.status,
        id: 'database_busy',
        message: 'The database was busy with a conflicting change. Nothing was saved; try again.',
        retryAfterSeconds: 1,
      };
  }
  if (CONNECTION_MESSAGES.test(err.message)) return unavailable();
  return null;
}

const unavailable = (): DatabaseFailure => ({
  status: ERRORS.database_unavailable.status,
  id: 'database_unavailable',
  message: 'The database is unavailable. Nothing was saved; try again shortly.',
  retryAfterSeconds: 5,
});

/**
 * Whether a failed group commit may be retried item by item: yes when an item may be at fault (any error
 * that is not the database's) or the batch was surely rolled back by a conflict; no when the database went
 * away (a COMMIT cut off has an unknown outcome: writing again could store twice) or is out of space.
 */
export function retryItemsAfter(err: unknown): boolean {
  const failure = classifyDatabaseFailure(err);
  return !failure || failure.id === 'database_busy';
}
