import type { Actor } from '../access/policy.ts';
import { recordAudit, type AuditEvent } from '../audit/audit-log.ts';
import type { Tx } from '../db/database.ts';
import { bumpRulesVersion } from '../repositories/index.ts';

/**
 * A change to what screens content (watched words, known claims, listed sites, approved sources): the
 * organization's moderation version moves on, so every server process reloads what it screens with, and
 * the change is audited — in the caller's transaction, so neither happens without the other.
 */
export async function recordScreenChange(tx: Tx, actor: Actor, event: Omit<AuditEvent, 'orgId' | 'actorId' | 'ip'>): Promise<void> {
  await bumpRulesVersion(tx, actor.orgId);
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, ip: actor.ip, ...event });
}
