import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import type { RuleAction } from '../db/schema.ts';
import { notify } from '../notify/notifications.ts';
import { isUuid } from '../shared/ids.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { cleanText } from '../shared/text.ts';
import { aboutHealthClaims } from './classifier/topic.ts';
import { describeReason, misinfoDecision } from './misinfo.ts';
import { orgMisinfoSignals } from './signals.ts';
import { applyRules, compileRule, patternProblem } from './rules.ts';
import { rulesFor } from './screen.ts';
import { recordScreenChange } from './screen-change.ts';

/** Watched-word rules and the approved-sources library: what moderators configure. */

export async function listRules(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('moderation_rules as r')
    .leftJoin('communities as c', 'c.id', 'r.community_id')
    .select([
      'r.id',
      'r.community_id',
      'c.name as community',
      'r.pattern',
      'r.is_regex',
      'r.action',
      'r.replacement',
      'r.note',
      'r.created_at',
    ])
    .where('r.org_id', '=', actor.orgId)
    .where('r.removed_at', 'is', null)
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    community: r.community,
    pattern: r.pattern,
    isRegex: r.is_regex,
    action: r.action,
    replacement: r.replacement,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }));
}

export interface RuleInput {
  communityId: string | null;
  pattern: string;
  isRegex: boolean;
  action: RuleAction;
  replacement: string | null;
  note: string;
}

export async function addRule(db: Db, actor: Actor, input: RuleInput) {
  const pattern = input.pattern.trim();
  const problem = patternProblem(pattern, input.isRegex);
  if (problem) throw badRequest(problem);
  if (input.action === 'replace' && !input.replacement?.trim()) throw badRequest('A "replace" rule needs the replacement text.');
  if (input.communityId) {
    const c = isUuid(input.communityId)
      ? await db
          .selectFrom('communities')
          .select('id')
          .where('id', '=', input.communityId)
          .where('org_id', '=', actor.orgId)
          .executeTakeFirst()
      : undefined;
    if (!c) throw notFound('Community');
  }
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('moderation_rules')
      .values({
        org_id: actor.orgId,
        community_id: input.communityId,
        pattern,
        is_regex: input.isRegex,
        action: input.action,
        replacement: input.action === 'replace' ? cleanText(input.replacement!).trim() : null,
        note: cleanText(input.note).trim().slice(0, 300),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordScreenChange(tx, actor, {
      action: 'moderation.rule_add',
      targetType: 'moderation_rule',
      targetId: row.id,
      detail: { pattern, action: input.action, communityId: input.communityId },
    });
    return row;
  });
}

export async function removeRule(db: Db, actor: Actor, ruleId: string) {
  if (!isUuid(ruleId)) throw notFound('Rule');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('moderation_rules')
      .set({ removed_at: new Date() })
      .where('id', '=', ruleId)
      .where('org_id', '=', actor.orgId)
      .where('removed_at', 'is', null)
      .returning('pattern')
      .executeTakeFirst();
    if (!r) throw notFound('Rule');
    await recordScreenChange(tx, actor, {
      action: 'moderation.rule_remove',
      targetType: 'moderation_rule',
      targetId: ruleId,
      detail: { pattern: r.pattern },
    });
  });
}

/** "Test this text": what the current rules (and optionally a draft rule) and the classifier would do. */
export async function testText(
  db: Db,
  actor: Actor,
  input: { text: string; communityId: string | null; draft?: Omit<RuleInput, 'communityId' | 'note'> },
) {
  const rules = await rulesFor(db, actor, input.communityId);
  const all = [...rules];
  if (input.draft) {
    const problem = patternProblem(input.draft.pattern, input.draft.isRegex);
    if (problem) throw badRequest(problem);
    const rule = {
      id: 'draft',
      communityId: input.communityId,
      pattern: input.draft.pattern,
      isRegex: input.draft.isRegex,
      action: input.draft.action,
      replacement: input.draft.replacement,
    };
    all.push({ rule, re: compileRule(rule) });
  }
  const outcome = applyRules(all, { text: cleanText(input.text) });
  const signals = await orgMisinfoSignals(db, actor);
  const text = outcome.fields.text;
  // As a patient's post would be screened (staff posts skip the classifier; see screen.ts).
  const decision = text.trim()
    ? misinfoDecision(signals, text, { domain: 'post', topicGate: true })
    : { flagged: false, score: 0, reasons: [] };
  return {
    result: outcome.blocked
      ? 'blocked'
      : outcome.needsApproval
        ? 'held_for_approval'
        : outcome.matches.some((m) => m.action === 'flag')
          ? 'flagged'
          : 'published',
    text: outcome.fields.text,
    matches: outcome.matches,
    misinformation: {
      probability: Number(decision.score.toFixed(4)),
      threshold: signals.classifier.threshold,
      healthClaimTopic: aboutHealthClaims(text),
      routedToReview: decision.flagged,
      reasons: decision.reasons.map((r) => ({ kind: r.kind, text: describeReason(r), url: r.kind === 'known_claim' ? r.url : null })),
    },
  };
}

export async function listSources(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('approved_sources')
    .select(['id', 'title', 'url', 'publisher', 'summary', 'created_at'])
    .where('org_id', '=', actor.orgId)
    .orderBy('title')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    url: s.url,
    publisher: s.publisher,
    summary: s.summary,
    createdAt: s.created_at.toISOString(),
  }));
}

export async function addSource(db: Db, actor: Actor, input: { title: string; url: string; publisher: string; summary: string }) {
  const url = new URL(input.url);
  if (url.protocol !== 'https:') throw badRequest('Approved sources must be https links.');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('approved_sources')
      .values({
        org_id: actor.orgId,
        title: cleanText(input.title).trim(),
        url: url.toString(),
        publisher: cleanText(input.publisher).trim(),
        summary: cleanText(input.summary).trim(),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Links to approved sources are a screening signal: every process reloads it.
    await recordScreenChange(tx, actor, {
      action: 'moderation.source_add',
      targetType: 'approved_source',
      targetId: row.id,
      detail: { url: url.toString() },
    });
    return row;
  });
}

/** Links an authoritative answer to a post; readers see it under the post, the author is told. */
export async function linkCorrection(db: Db, actor: Actor, postId: string, sourceId: string, note: string) {
  if (!isUuid(postId)) throw notFound('Post');
  if (!isUuid(sourceId)) throw notFound('Source');
  await db.transaction().execute(async (tx) => {
    const post = await tx
      .selectFrom('posts')
      .select(['id', 'author_id'])
      .where('id', '=', postId)
      .where('org_id', '=', actor.orgId)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    if (!post) throw notFound('Post');
    const source = await tx
      .selectFrom('approved_sources')
      .select(['id', 'title'])
      .where('id', '=', sourceId)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!source) throw notFound('Source');
    const inserted = await tx
      .insertInto('post_corrections')
      .values({
        post_id: post.id,
        source_id: source.id,
        org_id: actor.orgId,
        note: cleanText(note).trim().slice(0, 500),
        linked_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('post_id')
      .executeTakeFirst();
    if (!inserted) throw conflict('That source is already linked to this post.');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'moderation.correction_link',
      targetType: 'post',
      targetId: post.id,
      ip: actor.ip,
      detail: { sourceId: source.id },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [post.author_id],
      kind: 'moderation',
      title: `A moderator added authoritative information to your post: ${source.title}`,
      link: `/p/${post.id}`,
    });
  });
}

/** Corrections shown to readers under a post. */
export async function correctionsFor(db: Db, postId: string) {
  const rows = await db
    .selectFrom('post_corrections as pc')
    .innerJoin('approved_sources as s', 's.id', 'pc.source_id')
    .select(['s.title', 's.url', 's.publisher', 's.summary', 'pc.note'])
    .where('pc.post_id', '=', postId)
    .orderBy('pc.created_at')
    .execute();
  return rows;
}
