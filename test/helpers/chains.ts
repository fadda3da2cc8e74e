import assert from 'node:assert/strict';
import { verifyArchive } from '../../src/archive/index.ts';
import { verifyAuditChains } from '../../src/audit/index.ts';
import type { Db } from '../../src/db/index.ts';

/** Every archive and audit hash chain in the database verifies from its first entry to its head. */
export async function assertChainsVerify(db: Db, orgId?: string): Promise<void> {
  assert.ok(
    (await verifyArchive(db, orgId)).every((r) => r.ok),
    'archive chains verify',
  );
  assert.ok(
    (await verifyAuditChains(db, orgId)).every((r) => r.ok),
    'audit chains verify',
  );
}
