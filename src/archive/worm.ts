import type { OutboundFetch } from '../outbound/index.ts';
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { canonicalJson } from '../shared/canonical.ts';

import { signV4, uriEncode, type S3Credentials } from '../shared/s3-signature.ts';

export { signV4 };

export interface WormConfig {
  endpoint: string; // https://s3.example.com (path-style addressing)
  bucket: string;
  region: string;
  credentials: S3Credentials;
  retentionDays: number;
}

/**
 * Puts one object with S3 Object Lock in compliance mode: nobody, the root account included, can delete
 * or overwrite it before the retain-until date (the SEC 17a-4 style of WORM storage).
 */
export async function putLockedObject(cfg: WormConfig, fetcher: OutboundFetch, key: string, body: Buffer, now = new Date()): Promise<void> {
  const url = new URL(`${cfg.endpoint.replace(/\/$/, '')}/${cfg.bucket}/${key.split('/').map(uriEncode).join('/')}`);
  const retainUntil = new Date(now.getTime() + cfg.retentionDays * 86_400_000).toISOString();
  const headers = signV4(
    {
      method: 'PUT',
      url,
      body,
      headers: {
        'content-type': 'application/json',
        'content-md5': createHash('md5').update(body).digest('base64'),
        'x-amz-object-lock-mode': 'COMPLIANCE',
        'x-amz-object-lock-retain-until-date': retainUntil,
      },
    },
    cfg.credentials,
    cfg.region,
    's3',
    now,
  );
  delete headers.host; // fetch sets it
  const res = await fetcher(url, { method: 'PUT', headers, body: new Uint8Array(body), timeoutMs: 30_000 });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`WORM store answered ${res.status}`);
}

/** Copies archive entries not yet copied (by sequence number) to the WORM store; returns how many. */
export async function copyToWorm(db: Db, cfg: WormConfig, fetcher: OutboundFetch, orgId: string, batch = 500): Promise<number> {
  const key = `worm:${orgId}`;
  const head = await db.selectFrom('chain_heads').select('seq').where('chain', '=', key).executeTakeFirst();
  const after = Number(head?.seq ?? 0);
  const rows = await db
    .selectFrom('archive_entries as a')
    .leftJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
    .selectAll('a')
    .select(['c.content'])
    .where('a.chain', '=', `archive:${orgId}`)
    .where('a.seq', '>', String(after))
    .orderBy('a.seq')
    .limit(batch)
    .execute();
  for (const r of rows) {
    await putLockedObject(cfg, fetcher, `${orgId}/${String(r.seq).padStart(12, '0')}.json`, Buffer.from(canonicalJson(r)));
    // The cursor lives in the database so any process can continue where another stopped.
    await db
      .insertInto('chain_heads')
      .values({ chain: key, seq: r.seq, hash: r.hash })
      .onConflict((oc) => oc.column('chain').doUpdateSet({ seq: r.seq, hash: r.hash }))
      .execute();
  }
  return rows.length;
}
