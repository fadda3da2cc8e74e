import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { readOrgSettings } from '../repositories/index.ts';
import { perDatabase } from '../shared/per-database.ts';
import { misinfoClassifier } from './classifier/model.ts';
import { builtinClaimIndex, builtinClaims } from './claims/known-claims.ts';
import { buildClaimIndex } from './claims/matcher.ts';
import type { MisinfoSignals } from './misinfo.ts';
import { domainOf } from './sources/domains.ts';

/**
 * An organization's misinformation signals: the shipped classifier and known claims with its own claims
 * beside them (a small index per organization; the shipped one is built once per process), its approved sources' domains and the domains it lists as unreliable. Cached per process and
 * rebuilt when the organization's moderation settings version moves (any change to rules, claims, domains
 * or approved sources bumps it, so every server process sees the change at its next screen).
 */
const cache = perDatabase((_db: Db) => new Map<string, { version: number; signals: Promise<MisinfoSignals> }>());

export async function orgMisinfoSignals(db: Db, actor: Actor): Promise<MisinfoSignals> {
  const settings = actor.orgSettings ?? (await readOrgSettings(db, actor.orgId));
  const perOrg = cache(db);
  const hit = perOrg.get(actor.orgId);
  if (hit && hit.version === settings.rulesVersion) return hit.signals;
  // One load per organization and version, however many writes arrive at once; a failed load is not kept.
  const signals = loadSignals(db, actor.orgId);
  perOrg.set(actor.orgId, { version: settings.rulesVersion, signals });
  signals.catch(() => {
    if (perOrg.get(actor.orgId)?.signals === signals) perOrg.delete(actor.orgId);
  });
  return signals;
}

async function loadSignals(db: Db, orgId: string): Promise<MisinfoSignals> {
  const claims = await db
    .selectFrom('known_claims as k')
    .leftJoin('approved_sources as s', 's.id', 'k.source_id')
    .select(['k.id', 'k.claim', 'k.correction', 'k.url', 's.url as source_url'])
    .where('k.org_id', '=', orgId)
    .where('k.retired_at', 'is', null)
    .execute();
  const unreliable = await db.selectFrom('unreliable_domains').select('domain').where('org_id', '=', orgId).execute();
  const approved = await db.selectFrom('approved_sources').select('url').where('org_id', '=', orgId).execute();
  const shipped = builtinClaims();
  return {
    classifier: misinfoClassifier(),
    claims: claims.length
      ? [
          builtinClaimIndex(),
          buildClaimIndex(
            claims.map((c) => ({ id: c.id, text: c.claim, correction: c.correction || null, url: c.url ?? c.source_url ?? null })),
            builtinClaimIndex(),
          ),
        ]
      : [builtinClaimIndex()],
    claimThreshold: shipped.stored.threshold,
    approvedDomains: new Set(approved.map((a) => domainOf(a.url)).filter((d): d is string => Boolean(d))),
    unreliableDomains: new Set(unreliable.map((u) => u.domain)),
  };
}
