import type { OutboundFetch } from '../outbound/index.ts';
import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { canonicalJson } from '../shared/canonical.ts';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
// RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone).
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * AWS Signature Version 4 for any S3-compatible store. Returns the headers to send, Authorization
 * included. Pure: the caller passes the clock.
 */
export function signV4(req: SignableRequest, creds: S3Credentials, region: string, service: string, now: Date): Record<string, string> {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {
    ...req.headers,
    host: req.url.host,
    'x-amz-date': stamp,
    'x-amz-content-sha256': req.headers['x-amz-content-sha256'] ?? sha256(req.body),
  };
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')]));
  const canonicalQuery = [...req.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalPath =
    req.url.pathname
      .split('/')
      .map((seg) => uriEncode(decodeURIComponent(seg)))
      .join('/') || '/';
  const canonicalRequest = [
    req.method,
    canonicalPath,
    canonicalQuery,
    names.map((n) => `${n}:${lower[n]}\n`).join(''),
    names.join(';'),
    lower['x-amz-content-sha256'],
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

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
    .leftJoin('archive_content as c', 'c.entry_id', 'a.id')
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
