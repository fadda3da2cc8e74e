import { isStaff, type Actor } from '../access/policy.ts';
import type { Db, Tx } from '../db/database.ts';
import type { FlagSource } from '../db/schema.ts';
import { perDatabase } from '../shared/per-database.ts';
import { AppError, forbidden } from '../shared/errors.ts';
import { describeReason, misinfoDecision } from './misinfo.ts';
import { orgMisinfoSignals } from './signals.ts';
import { applyRules, compileRule, type RuleMatch, type RuleMatcher, type WatchedRule } from './rules.ts';
import { readOrgSettings } from '../repositories/index.ts';

export interface PendingFlag {
  source: FlagSource;
  reason: string;
  weight: number;
  score: number | null;
  evidence?: Record<string, unknown>;
}

export interface Screening {
  fields: Record<string, string>;
  /** Held for a moderator's approval before anyone else sees it. */
  hold: boolean;
  flags: PendingFlag[];
  matches: RuleMatch[];
  /** The classifier's score where it applies to this author (0 for staff, whose posts it does not judge). */
  misinformation: number;
}

interface CachedRules {
  version: number;
  rules: { rule: WatchedRule; re: RuleMatcher }[];
}
const ruleCache = perDatabase((_db: Db) => new Map<string, CachedRules>());

/** Bumped in the organization's settings whenever a rule changes, so every process reloads its cache. */

async function activeRules(db: Db, actor: Actor): Promise<CachedRules['rules']> {
  const settings = actor.orgSettings ?? (await readOrgSettings(db, actor.orgId));
  const version = settings.rulesVersion;
  const perOrg = ruleCache(db);
  const cached = perOrg.get(actor.orgId);
  if (cached && cached.version === version) return cached.rules;
  const rows = await db
    .selectFrom('moderation_rules')
    .select(['id', 'community_id', 'pattern', 'is_regex', 'action', 'replacement'])
    .where('org_id', '=', actor.orgId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const rules = rows.map((r) => {
    const rule: WatchedRule = {
      id: r.id,
      communityId: r.community_id,
      pattern: r.pattern,
      isRegex: r.is_regex,
      action: r.action,
      replacement: r.replacement,
    };
    return { rule, re: compileRule(rule) };
  });
  perOrg.set(actor.orgId, { version, rules });
  return rules;
}

/** Rules that apply in a community: its own and the organization-wide ones. */
export async function rulesFor(db: Db, actor: Actor, communityId: string | null) {
  return (await activeRules(db, actor)).filter((r) => r.rule.communityId === null || r.rule.communityId === communityId);
}

/**
 * The moderation check every community write passes after the PHI guard: sanctions, watched-word rules
 * (block / hold for approval / flag / replace) and the misinformation classifier, which only ever routes
 * to a person (a flag), never removes.
 */
export async function screenContent(db: Db, actor: Actor, communityId: string | null, fields: Record<string, string>): Promise<Screening> {
  if (actor.silencedUntil && actor.silencedUntil.getTime() > Date.now()) {
    throw forbidden(
      `A moderator has silenced your account until ${actor.silencedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC. You can read but not post; you may appeal under Notifications › Moderation.`,
    );
  }
  const outcome = applyRules(await rulesFor(db, actor, communityId), fields);
  if (outcome.blocked) {
    throw new AppError('rule_blocked', `This community does not allow "${outcome.blocked.pattern}". Rephrase and try again.`, {
      pattern: outcome.blocked.pattern,
    });
  }
  const flags: PendingFlag[] = outcome.matches
    .filter((m) => m.action === 'flag' || m.action === 'require_approval')
    .map((m) => ({
      source: 'rule' as const,
      reason: `${m.action === 'flag' ? 'Watched word' : 'Needs approval'}: "${m.pattern}"`,
      weight: 0,
      score: null,
    }));
  const text = Object.values(outcome.fields).filter(Boolean).join('\n');
  // Patients' posts: classifier, known claims, sources. Staff posts are screened too, by known claims and
  // sources (flag for review, never block): the classifier's false alarms on official messages are too many.
  const staff = isStaff(actor.role);
  const decision = text.trim()
    ? misinfoDecision(await orgMisinfoSignals(db, actor), text, { domain: 'post', topicGate: true, classifier: !staff })
    : { flagged: false, score: 0, reasons: [] };
  for (const reason of decision.reasons) {
    if (reason.kind === 'approved_source') continue;
    flags.push({
      source: reason.kind === 'classifier' ? 'classifier' : reason.kind === 'known_claim' ? 'known_claim' : 'source_signal',
      reason: describeReason(reason),
      weight: 0,
      score: reason.kind === 'classifier' ? reason.score : reason.kind === 'known_claim' ? reason.similarity : null,
      evidence: { ...reason },
    });
  }
  return {
    fields: outcome.fields,
    hold: outcome.needsApproval,
    flags,
    matches: outcome.matches,
    misinformation: staff ? 0 : decision.score,
  };
}

/** Stores the screen's flags for a record, in the write's transaction. */
export async function storeScreenFlags(tx: Tx, orgId: string, recordKind: string, recordId: string, flags: PendingFlag[]): Promise<void> {
  if (!flags.length) return;
  await tx
    .insertInto('flags')
    .values(
      flags.map((f) => ({
        org_id: orgId,
        record_kind: recordKind,
        record_id: recordId,
        reporter_id: null,
        reason: f.reason,
        source: f.source,
        weight: f.weight,
        score: f.score,
        evidence: f.evidence ? JSON.stringify(f.evidence) : null,
      })),
    )
    .execute();
}
