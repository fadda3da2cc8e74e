import { isStaff, type Actor } from '../access/policy.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Destination } from '../phi/index.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { forbidden } from '../shared/errors.ts';
import { requireCapability } from './gates.ts';
import { mayPostTo, needsApproval, sampledForReview, sharingRulesOf } from './sharing-rules.ts';

/**
 * The sharing rules on a write: may this role post to this destination, must a staff member be trained to
 * publish publicly, and does the post wait for approval. Returns why it waits, if it does.
 */
export async function enforceSharingRules(db: Db, actor: Actor, destination: Destination): Promise<string | null> {
  const rules = sharingRulesOf(actor.orgSettings);
  if (!mayPostTo(rules, actor.role, destination)) {
    throw forbidden(
      `Your organization's sharing rules do not let the ${actor.role} role post to ${destination.replace('_', ' ')} destinations.`,
    );
  }
  if (destination === 'public' && isStaff(actor.role)) await requireCapability(db, actor, 'publish_public');
  if (!needsApproval(rules, actor.role, destination)) return null;
  return `Needs approval: the sharing rules hold ${destination.replace('_', ' ')} posts by the ${actor.role} role`;
}

/** Draws staff posts and replies for supervisory review at the organization's sampling rate. */
export async function sampleForSupervision(
  tx: Tx,
  items: { actor: Actor; recordKind: 'post' | 'comment'; recordId: string }[],
): Promise<void> {
  const drawn = items.filter(
    (i) => isStaff(i.actor.role) && sampledForReview(i.recordId, sharingRulesOf(i.actor.orgSettings).samplePercent, sha256Hex),
  );
  if (!drawn.length) return;
  await tx
    .insertInto('supervisory_reviews')
    .values(drawn.map((i) => ({ org_id: i.actor.orgId, record_kind: i.recordKind, record_id: i.recordId, author_id: i.actor.userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
