import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { recordScreenChange } from './screen-change.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { builtinClaims } from './claims/known-claims.ts';
import { linkCorrection } from './library.ts';
import { domainOf } from './sources/domains.ts';

/**
 * What an organization adds to the misinformation signals: known false claims with their correction (and
 * the approved source that explains it), and domains it lists as unreliable. Every change bumps the
 * moderation settings version, so every server process screens with it at once. Audited.
 */
export async function listClaims(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('known_claims as k')
    .leftJoin('approved_sources as s', 's.id', 'k.source_id')
    .innerJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.claim', 'k.correction', 'k.url', 'k.source_id', 's.title as source_title', 'u.display_name', 'k.created_at'])
    .where('k.org_id', '=', actor.orgId)
    .where('k.retired_at', 'is', null)
    .orderBy('k.created_at', 'desc')
    .execute();
  return {
    claims: rows.map((r) => ({
      id: r.id,
      claim: r.claim,
      correction: r.correction,
      url: r.url,
      source: r.source_id ? { id: r.source_id, title: r.source_title ?? '' } : null,
      addedBy: r.display_name,
      createdAt: r.created_at.toISOString(),
    })),
    builtin: { count: builtinClaims().builtin.length, threshold: builtinClaims().stored.threshold },
  };
}

export async function addClaim(
  db: Db,
  actor: Actor,
  input: { claim: string; correction: string; url: string | null; sourceId: string | null },
) {
  const url = input.url ? new URL(input.url) : null;
  if (url && url.protocol !== 'https:') throw badRequest('The correction’s link must be an https address.');
  return db.transaction().execute(async (tx) => {
    if (input.sourceId) {
      const source = await tx
        .selectFrom('approved_sources')
        .select('id')
        .where('id', '=', input.sourceId)
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst();
      if (!source) throw notFound('Source');
    }
    const row = await tx
      .insertInto('known_claims')
      .values({
        org_id: actor.orgId,
        claim: cleanText(input.claim).trim(),
        correction: cleanText(input.correction).trim(),
        url: url?.toString() ?? null,
        source_id: input.sourceId,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordScreenChange(tx, actor, {
      action: 'moderation.claim_add',
      targetType: 'known_claim',
      targetId: row.id,
    });
    return row;
  });
}

export async function retireClaim(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Claim');
  await db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('known_claims')
      .set({ retired_at: new Date() })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('Claim');
    await recordScreenChange(tx, actor, {
      action: 'moderation.claim_retire',
      targetType: 'known_claim',
      targetId: id,
    });
  });
}

export async function listUnreliableDomains(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('unreliable_domains')
    .select(['domain', 'note', 'created_at'])
    .where('org_id', '=', actor.orgId)
    .orderBy('domain')
    .execute();
  return rows.map((r) => ({ domain: r.domain, note: r.note, createdAt: r.created_at.toISOString() }));
}

export async function addUnreliableDomain(db: Db, actor: Actor, input: { domain: string; note: string }) {
  const domain = domainOf(input.domain);
  if (!domain) throw badRequest('The domain must be a site’s name, such as example.com.');
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('unreliable_domains')
      .values({ org_id: actor.orgId, domain, note: cleanText(input.note).trim(), created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('domain')
      .executeTakeFirst();
    if (!row) throw conflict(`${domain} is already listed.`);
    await recordScreenChange(tx, actor, {
      action: 'moderation.domain_list',
      detail: { domain },
    });
  });
  return domain;
}

export async function removeUnreliableDomain(db: Db, actor: Actor, domain: string) {
  await db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom('unreliable_domains').where('org_id', '=', actor.orgId).where('domain', '=', domain).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Listed domain');
    await recordScreenChange(tx, actor, {
      action: 'moderation.domain_unlist',
      detail: { domain },
    });
  });
}

/**
 * After a decision, the known claim's correction under the post for its readers: its fact-check (or the
 * organization's source) joins the approved sources if it is not there yet, and is linked to the post.
 */
export async function showClaimCorrection(db: Db, actor: Actor, flagId: string) {
  if (!isUuid(flagId)) throw notFound('Flag');
  const flag = await db
    .selectFrom('flags')
    .select(['record_kind', 'record_id', 'evidence'])
    .where('id', '=', flagId)
    .where('org_id', '=', actor.orgId)
    .where('source', '=', 'known_claim')
    .executeTakeFirst();
  if (!flag) throw notFound('Flag');
  if (flag.record_kind !== 'post') throw badRequest('Corrections are shown under posts.');
  const evidence = flag.evidence ?? {};
  const url = typeof evidence.url === 'string' && evidence.url.startsWith('https://') ? evidence.url : null;
  if (!url) throw badRequest('This claim has no correction link to show.');
  const claim = typeof evidence.claim === 'string' ? evidence.claim : '';
  const existing = await db
    .selectFrom('approved_sources')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where('url', '=', url)
    .executeTakeFirst();
  const sourceId =
    existing?.id ??
    (
      await db
        .insertInto('approved_sources')
        .values({
          org_id: actor.orgId,
          title: `Fact-check: “${claim.slice(0, 150)}”`,
          url,
          publisher: domainOf(url) ?? 'fact-check',
          summary: typeof evidence.correction === 'string' ? evidence.correction : '',
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await linkCorrection(db, actor, flag.record_id, sourceId, 'This post repeats a claim fact-checkers rated false.');
}
