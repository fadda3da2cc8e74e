import { createHmac, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.ts';
import type { SecretBox } from '../shared/secret-box.ts';

const aad = (orgId: string) => `signing:${orgId}`;
const SEALED = 'v1.';

/**
 * Each organization's signing secret for certificates and production manifests, created on first use and
 * sealed at rest (bound to the organization). A key an earlier version stored in plain text still works
 * until start-up seals it.
 */
export async function signingKey(db: Db | Tx, secrets: SecretBox, orgId: string): Promise<string> {
  await db
    .insertInto('signing_keys')
    .values({ org_id: orgId, secret: secrets.seal(randomBytes(32).toString('hex'), aad(orgId)) })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
  const stored = (await db.selectFrom('signing_keys').select('secret').where('org_id', '=', orgId).executeTakeFirstOrThrow()).secret;
  return stored.startsWith(SEALED) ? secrets.open(stored, aad(orgId)) : stored;
}

/** Seals signing keys an earlier version stored in plain text (run at start-up; idempotent). */
export async function sealLegacySigningKeys(db: Db, secrets: SecretBox): Promise<number> {
  const rows = await db.selectFrom('signing_keys').select(['org_id', 'secret']).where('secret', 'not like', `${SEALED}%`).execute();
  for (const r of rows)
    await db
      .updateTable('signing_keys')
      .set({ secret: secrets.seal(r.secret, aad(r.org_id)) })
      .where('org_id', '=', r.org_id)
      .where('secret', '=', r.secret)
      .execute();
  return rows.length;
}

export const hmacSha256 = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex');
