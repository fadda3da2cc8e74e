import { createHmac, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.ts';

/** Each organization's signing secret for certificates and production manifests, created on first use. */
export async function signingKey(db: Db | Tx, orgId: string): Promise<string> {
  await db.insertInto('signing_keys').values({ org_id: orgId, secret: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
  return (await db.selectFrom('signing_keys').select('secret').where('org_id', '=', orgId).executeTakeFirstOrThrow()).secret;
}

export const hmacSha256 = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex');
