// Bulk fixture rows for benchmarks on PostgreSQL: generated in this process and streamed with
// COPY … FROM STDIN (text format), so ten million rows take minutes, not hours.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Values must not contain tabs, newlines or backslashes (fixture text never does); null is written as \N.
 * Foreign keys are not checked row by row (the session is a replica's: triggers off, which needs the
 * superuser of a throwaway cluster): fixtures are consistent by construction, and at tens of millions of
 * rows the per-row checks at the end of the COPY take longer than the COPY itself.
 */
export async function copyRows(
  connectionString: string,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => (string | number | null)[],
): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    function* chunks() {
      let buffer = '';
      for (let i = 1; i <= count; i++) {
        buffer +=
          row(i)
            .map((v) => (v === null ? '\\N' : String(v)))
            .join('\t') + '\n';
        if (buffer.length > 1 << 20) {
          yield buffer;
          buffer = '';
        }
      }
      if (buffer) yield buffer;
    }
    await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  } finally {
    await client.end();
  }
}
