import { rolesThatCan, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PublisherPostStatus, RepeatPeriod } from '../db/schema.ts';
import { attachedConsents, commitWrite, prepareWrite } from '../guard/index.ts';
import { notify } from '../notify/notifications.ts';
import { requireCapability } from '../policies/gates.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { newTid } from './tid.ts';
import { lengthOnNetwork } from './connectors/index.ts';
import { memberIds, type OrgSettings } from '../repositories/index.ts';
import { picturesOf } from '../media/index.ts';
import { attachmentProblem, textProblem, threadProblem } from './network-rules.ts';

const HOUR = 3_600_000;

/** The organization's publishing settings: how many approvals (1–3) and how long a request stays open. */
export function publisherSettings(settings: OrgSettings | undefined) {
  const p = settings?.publisher ?? {};
  return {
    approvalSteps: Math.min(3, Math.max(1, p.approvalSteps ?? 1)),
    approvalHours: p.approvalHours ?? 72,
    responseHours: p.responseHours ?? 24,
    calendar: p.calendar,
    linkTracking: p.linkTracking ?? false,
  };
}

const archivePost = (
  tx: Tx,
  actor: Pick<Actor, 'orgId'>,
  post: { id: string; author_id: string; version: number; body: string },
  event: 'create' | 'status',
  content: Record<string, unknown>,
) =>
  captureRecord(tx, {
    orgId: actor.orgId,
    recordKind: 'network_post',
    recordId: post.id,
    recordClass: 'public_communication',
    event,
    version: post.version,
    authorId: post.author_id,
    channel: 'publisher',
    content: { body: post.body, ...content },
  });

export interface ComposeInput {
  body: string;
  channelIds: string[];
  scheduledAt: string | null;
  campaign: string | null;
  consentId: string | null;
  consentIds?: string[];
  confirmPhi: boolean;
  /** Parts sent after the post: a thread where the network has threads, comments on the post elsewhere. */
  followUps?: string[];
  /** Goes out again every day, week or month, `times` times in all (one approval covers the series). */
  repeat?: { every: RepeatPeriod; times: number } | null;
  /** Saved without asking for approval yet. */
  draft?: boolean;
  /** Checked pictures to send with the post. */
  mediaIds?: string[];
}

export const MAX_FOLLOW_UPS = 10;

/** Everything a composition must pass before it is stored: channels, limits, the guard. */
/** Where the server is reached from outside (networks that fetch pictures need it). */
export interface ComposeSite {
  publicUrl?: string | null;
}

async function checkComposition(db: Db, actor: Actor, input: ComposeInput, site: ComposeSite, editing?: string) {
  await requireCapability(db, actor, 'publish_public');
  const body = cleanText(input.body).trim();
  if (!body) throw badRequest('Write something to publish.');
  const parts = (input.followUps ?? []).map((p) => cleanText(p).replaceAll('\u241e', ' ').trim());
  if (parts.length > MAX_FOLLOW_UPS) throw badRequest(`A thread takes at most ${MAX_FOLLOW_UPS} parts after the post.`);
  const empty = parts.findIndex((p) => !p);
  if (empty >= 0) throw badRequest(`Part ${empty + 2} of the thread is empty.`);
  const ids = [...new Set(input.channelIds)];
  if (!ids.length) {
    const connected = await db.selectFrom('channels').select('id').where('org_id', '=', actor.orgId).limit(1).executeTakeFirst();
    throw badRequest(
      connected
        ? 'Choose at least one channel to publish to.'
        : 'No network is connected yet. Connect one under Channels first (the built-in Sandbox needs no account).',
    );
  }
  if (ids.some((id) => !isUuid(id))) throw notFound('Channel');
  const channels = await db
    .selectFrom('channels')
    .select(['id', 'name', 'network', 'status', 'can_post', 'max_length'])
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', ids)
    .execute();
  if (channels.length !== ids.length) throw notFound('Channel');
  const unusable = channels.find((c) => !c.can_post || c.status !== 'active');
  if (unusable)
    throw new AppError(
      'channel_unavailable',
      `"${unusable.name}" cannot take posts now (${unusable.can_post ? unusable.status : 'a review source'}).`,
    );
  for (const [i, text] of [body, ...parts].entries()) {
    const tooLong = channels.find((c) => lengthOnNetwork(c.network, text) > c.max_length);
    if (tooLong)
      throw new AppError(
        'too_long',
        `"${tooLong.name}" takes at most ${tooLong.max_length} characters; ${i ? `part ${i + 1} of the thread` : 'this post'} has ${lengthOnNetwork(tooLong.network, text)}${tooLong.network === 'x' ? ' as X counts (a link is 23, an emoji 2)' : ''}.`,
        { maxLength: tooLong.max_length },
      );
  }
  const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
  if (scheduledAt && Number.isNaN(scheduledAt.getTime())) throw badRequest('The schedule time is not a date.');
  if (input.repeat && !Number.isInteger(input.repeat.times)) throw badRequest('Say how many times the post goes out.');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'network_post',
    destination: 'public',
    fields: { body, ...(parts.length ? { thread: parts.join(THREAD_SEPARATOR) } : {}) },
    consentIds: attachedConsents(input),
    confirmed: input.confirmPhi,
    mediaIds: input.mediaIds,
    // A draft being edited keeps (or lets go of) its own pictures.
    ...(editing ? { record: { kind: 'network_post', id: editing } } : {}),
  });
  const items = prepared.media.map((m) => ({
    kind: m.content_type.startsWith('video/') ? ('video' as const) : ('picture' as const),
    width: m.width,
    height: m.height,
    durationMs: m.duration_ms,
  }));
  const thread = prepared.fields.thread ? prepared.fields.thread.split(THREAD_SEPARATOR) : [];
  for (const c of channels) {
    const problem = attachmentProblem(c, items, !!site.publicUrl);
    if (problem) throw new AppError('media_not_accepted', problem);
    const noThread = thread.length ? threadProblem(c) : null;
    if (noThread) throw badRequest(noThread);
    const tags = textProblem(c, prepared.fields.body);
    if (tags) throw new AppError('too_long', tags);
  }
  return { body: prepared.fields.body, thread, channels, scheduledAt, prepared };
}

/** What a checked composition stores (composing and editing a draft write the same columns). */
function compositionColumns(
  c: Awaited<ReturnType<typeof checkComposition>>,
  input: ComposeInput,
  settings: ReturnType<typeof publisherSettings>,
) {
  return {
    body: c.body,
    follow_ups: c.thread,
    approvals_required: settings.approvalSteps,
    approval_expires_at: new Date(Date.now() + settings.approvalHours * HOUR),
    scheduled_at: c.scheduledAt,
    campaign: input.campaign ? cleanText(input.campaign).trim().slice(0, 100) : null,
    consent_id: c.prepared.pass.consentIds[0] ?? null,
    misinformation: c.prepared.misinformation,
    screen_flags: c.prepared.flags.map((f) => f.reason),
    repeat_every: input.repeat?.every ?? null,
    repeat_remaining: input.repeat ? input.repeat.times - 1 : 0,
  };
}

/** Joins a thread's parts into one guarded field (the guard reads them together; they are split again after). */
const THREAD_SEPARATOR = '\n\u241e\n';

/**
 * A post for public networks: only trained staff compose; the PHI guard (public destination), the
 * watched-word rules and the misinformation classifier look at it; then it waits for its approvals (or,
 * saved as a draft, for its author to submit it).
 */
export async function composePost(db: Db, actor: Actor, input: ComposeInput, opts: { askForApproval?: boolean } & ComposeSite = {}) {
  const c = await checkComposition(db, actor, input, opts);
  const settings = publisherSettings(actor.orgSettings);
  const status: PublisherPostStatus = input.draft ? 'draft' : 'pending_approval';
  return db.transaction().execute(async (tx) => {
    const post = await tx
      .insertInto('publisher_posts')
      .values({
        org_id: actor.orgId,
        ...compositionColumns(c, input, settings),
        author_id: actor.userId,
        status,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertTargets(tx, actor.orgId, post.id, c.channels, c.thread.length);
    await commitWrite(tx, c.prepared, {
      recordId: post.id,
      action: input.draft ? 'publisher.draft' : 'publisher.compose',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: post.version,
        authorId: post.author_id,
        channel: 'publisher',
        content: archivedComposition(post, c.channels),
      },
      auditDetail: {
        channels: c.channels.map((ch) => ch.id),
        misinformation: Number(c.prepared.misinformation.toFixed(3)),
        ruleMatches: c.prepared.ruleMatches,
      },
    });
    if (!input.draft && opts.askForApproval !== false) await askForApproval(tx, actor, c.channels);
    return post;
  });
}

/** The checks of composing, without storing anything (a bulk upload's dry run). */
export async function validateComposition(db: Db, actor: Actor, input: ComposeInput): Promise<void> {
  await checkComposition(db, actor, input, {});
}

/**
 * The author rewrites a draft (everything checked again, the new version archived); with `draft: false`
 * it is submitted and asks for approval.
 */
export async function updateDraft(db: Db, actor: Actor, id: string, input: ComposeInput, site: ComposeSite = {}) {
  await db.transaction().execute(async (tx) => draftOf(tx, actor, id)); // the post is asked about before its words
  const c = await checkComposition(db, actor, input, site, id);
  const settings = publisherSettings(actor.orgSettings);
  return db.transaction().execute(async (tx) => {
    const current = await draftOf(tx, actor, id);
    const post = await tx
      .updateTable('publisher_posts')
      .set({
        ...compositionColumns(c, input, settings),
        status: input.draft ? 'draft' : 'pending_approval',
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('publisher_targets').where('post_id', '=', post.id).execute();
    await insertTargets(tx, actor.orgId, post.id, c.channels, c.thread.length);
    await commitWrite(tx, c.prepared, {
      recordId: post.id,
      action: input.draft ? 'publisher.draft_edit' : 'publisher.submit',
      archive: {
        recordClass: 'public_communication',
        event: 'edit',
        version: post.version,
        authorId: post.author_id,
        channel: 'publisher',
        content: archivedComposition(post, c.channels),
      },
      auditDetail: { channels: c.channels.map((ch) => ch.id), misinformation: Number(c.prepared.misinformation.toFixed(3)) },
    });
    if (!input.draft) await askForApproval(tx, actor, c.channels);
    return post;
  });
}

async function draftOf(tx: Tx, actor: Actor, id: string) {
  const current = await lockPost(tx, actor.orgId, id);
  if (current.author_id !== actor.userId) throw forbidden('Only the author edits a draft.');
  if (current.status !== 'draft') throw conflict(`This post is ${current.status.replace('_', ' ')}; only drafts can be changed.`);
  return current;
}

const archivedComposition = (
  post: {
    body: string;
    follow_ups: string[];
    scheduled_at: Date | null;
    status: string;
    repeat_every: string | null;
    repeat_remaining: number;
  },
  channels: { name: string }[],
) => ({
  body: post.body,
  ...(post.follow_ups.length ? { thread: post.follow_ups } : {}),
  channels: channels.map((c) => c.name),
  scheduledAt: post.scheduled_at?.toISOString() ?? null,
  ...(post.repeat_every ? { repeat: { every: post.repeat_every, times: post.repeat_remaining + 1 } } : {}),
  status: post.status,
});

/** One target per channel, each with its own idempotency keys (the post's, and one per thread part). */
export async function insertTargets(tx: Tx, orgId: string, postId: string, channels: { id: string }[], parts: number) {
  await tx
    .insertInto('publisher_targets')
    .values(
      channels.map((c) => ({
        post_id: postId,
        org_id: orgId,
        channel_id: c.id,
        idempotency_key: newTid(),
        follow_up_keys: Array.from({ length: parts }, () => newTid()),
      })),
    )
    .execute();
}

const askForApproval = (tx: Tx, actor: Actor, channels: { name: string }[]) =>
  notifyApprovers(tx, actor, `${actor.displayName} asks for approval of a post to ${channels.map((c) => c.name).join(', ')}`);

/** Everyone who may approve posts, except the author, is asked (to the approvals page). */
export async function notifyApprovers(db: Db | Tx, actor: Actor, title: string) {
  await notify(db, {
    orgId: actor.orgId,
    userIds: await memberIds(db, actor.orgId, { roles: rolesThatCan('publisher.approve'), except: [actor.userId] }),
    kind: 'moderation',
    title,
    link: '/publisher/approvals',
  });
}

async function lockPost(tx: Tx, orgId: string, id: string) {
  if (!isUuid(id)) throw notFound('Post');
  const p = await tx
    .selectFrom('publisher_posts')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) throw notFound('Post');
  return p;
}

/**
 * One approval step. Nobody approves their own post or the same post twice; an expired request cannot
 * be approved. The last required approval queues the post for its scheduled time.
 */
export async function decidePost(db: Db, actor: Actor, id: string, decision: 'approve' | 'reject', note: string) {
  await requireCapability(db, actor, 'approve_posts');
  return db.transaction().execute(async (tx) => {
    const post = await lockPost(tx, actor.orgId, id);
    if (post.author_id === actor.userId) throw forbidden('You cannot approve or reject your own post.');
    if (post.status !== 'pending_approval') throw conflict(`This post is ${post.status.replace('_', ' ')}, not waiting for approval.`);
    if (post.approval_expires_at.getTime() <= Date.now()) {
      await expire(tx, post);
      throw conflict('This approval request expired. The author can submit the post again.');
    }
    const steps = await tx.selectFrom('publisher_approvals').select(['approver_id']).where('post_id', '=', post.id).execute();
    if (steps.some((s) => s.approver_id === actor.userId))
      throw conflict('You already approved this post; another approver takes the next step.');
    const step = steps.length + 1;
    await tx
      .insertInto('publisher_approvals')
      .values({
        post_id: post.id,
        org_id: actor.orgId,
        step,
        approver_id: actor.userId,
        decision,
        note: cleanText(note).trim().slice(0, 1000),
      })
      .execute();
    let status: PublisherPostStatus = post.status;
    if (decision === 'reject') {
      status = 'rejected';
      await tx.updateTable('publisher_targets').set({ status: 'cancelled' }).where('post_id', '=', post.id).execute();
    } else if (step >= post.approvals_required) {
      status = 'approved';
      await tx
        .updateTable('publisher_targets')
        .set({ status: 'queued', next_attempt_at: post.scheduled_at ?? new Date() })
        .where('post_id', '=', post.id)
        .where('status', '=', 'waiting')
        .execute();
    }
    if (status !== post.status) {
      await tx.updateTable('publisher_posts').set({ status, updated_at: new Date() }).where('id', '=', post.id).execute();
      await archivePost(tx, actor, post, 'status', { status, by: actor.userId });
      await notify(tx, {
        orgId: actor.orgId,
        userIds: [post.author_id],
        kind: 'moderation',
        title:
          status === 'approved'
            ? `Your post was approved${post.scheduled_at ? ` for ${post.scheduled_at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ' and is being published'}`
            : `Your post was not approved${note ? `: ${note.slice(0, 140)}` : ''}`,
        link: '/publisher',
      });
    }
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `publisher.${decision}`,
      targetType: 'network_post',
      targetId: post.id,
      ip: actor.ip,
      detail: { step, of: post.approvals_required, status },
    });
    return { status, step, of: post.approvals_required };
  });
}

async function expire(tx: Tx, post: { id: string; org_id: string; author_id: string; version: number; body: string }) {
  await tx.updateTable('publisher_posts').set({ status: 'expired', updated_at: new Date() }).where('id', '=', post.id).execute();
  await tx
    .updateTable('publisher_targets')
    .set({ status: 'cancelled' })
    .where('post_id', '=', post.id)
    .where('status', '=', 'waiting')
    .execute();
  await archivePost(tx, { orgId: post.org_id }, post, 'status', { status: 'expired' });
  await recordAudit(tx, {
    orgId: post.org_id,
    actorId: null,
    action: 'publisher.expired',
    targetType: 'network_post',
    targetId: post.id,
    ip: null,
  });
  await notify(tx, {
    orgId: post.org_id,
    userIds: [post.author_id],
    kind: 'moderation',
    title: 'An approval request for your post expired',
    link: '/publisher',
  });
}

/** Approval requests nobody decided in time. */
export async function expireApprovals(db: Db, now = new Date()) {
  const due = await db
    .selectFrom('publisher_posts')
    .select('id')
    .where('status', '=', 'pending_approval')
    .where('approval_expires_at', '<=', now)
    .execute();
  for (const d of due) {
    await db.transaction().execute(async (tx) => {
      const p = await tx
        .selectFrom('publisher_posts')
        .selectAll()
        .where('id', '=', d.id)
        .where('status', '=', 'pending_approval')
        .forUpdate()
        .executeTakeFirst();
      if (p) await expire(tx, p);
    });
  }
  return due.length;
}

/** The author or an approver withdraws a post that has not gone out yet (targets already published stay). */
export async function cancelPost(db: Db, actor: Actor, id: string) {
  await db.transaction().execute(async (tx) => {
    const post = await lockPost(tx, actor.orgId, id);
    if (post.author_id !== actor.userId && !['communications', 'compliance', 'admin'].includes(actor.role)) throw forbidden();
    if (!['draft', 'pending_approval', 'approved'].includes(post.status))
      throw conflict(`This post is ${post.status.replace('_', ' ')}; there is nothing to cancel.`);
    const stopped = await tx
      .updateTable('publisher_targets')
      .set({ status: 'cancelled' })
      .where('post_id', '=', post.id)
      .where('status', 'in', ['waiting', 'queued'])
      .returning('id')
      .execute();
    const remaining = await tx.selectFrom('publisher_targets').select('status').where('post_id', '=', post.id).execute();
    const status = remaining.some((t) => t.status === 'published') ? 'published' : 'cancelled';
    await tx.updateTable('publisher_posts').set({ status, updated_at: new Date() }).where('id', '=', post.id).execute();
    await archivePost(tx, actor, post, 'status', { status: 'cancelled', by: actor.userId, targetsStopped: stopped.length });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'publisher.cancel',
      targetType: 'network_post',
      targetId: post.id,
      ip: actor.ip,
    });
  });
}

/** A failed target goes back in the queue (after reconnecting a channel, say), with the same idempotency key. */
export async function retryTarget(db: Db, actor: Actor, targetId: string) {
  if (!isUuid(targetId)) throw notFound('Target');
  await db.transaction().execute(async (tx) => {
    const t = await tx
      .selectFrom('publisher_targets')
      .select(['id', 'status', 'post_id'])
      .where('id', '=', targetId)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw notFound('Target');
    if (t.status !== 'failed') throw conflict('Only failed deliveries can be retried.');
    await tx
      .updateTable('publisher_targets')
      .set({ status: 'queued', next_attempt_at: new Date(), last_error: null })
      .where('id', '=', t.id)
      .execute();
    await tx.updateTable('publisher_posts').set({ status: 'approved', updated_at: new Date() }).where('id', '=', t.post_id).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'publisher.retry',
      targetType: 'publisher_target',
      targetId: t.id,
      ip: actor.ip,
    });
  });
}

/** Posts with their targets and approvals, newest first, optionally within a date range (the calendar). */
export async function listPosts(db: Db, actor: Actor, opts: { status?: string; from?: Date; to?: Date } = {}) {
  let q = db
    .selectFrom('publisher_posts as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .selectAll('p')
    .select('u.display_name as author')
    .where('p.org_id', '=', actor.orgId)
    // A draft is its author's until it is submitted.
    .where((eb) => eb.or([eb('p.status', '!=', 'draft'), eb('p.author_id', '=', actor.userId)]));
  if (opts.status) q = q.where('p.status', '=', opts.status as never);
  if (opts.from) q = q.where((eb) => eb(eb.fn.coalesce('p.scheduled_at', 'p.created_at'), '>=', opts.from!));
  if (opts.to) q = q.where((eb) => eb(eb.fn.coalesce('p.scheduled_at', 'p.created_at'), '<', opts.to!));
  const posts = await q.orderBy('p.created_at', 'desc').limit(200).execute();
  if (!posts.length) return [];
  const ids = posts.map((p) => p.id);
  const targets = await db
    .selectFrom('publisher_targets as t')
    .innerJoin('channels as c', 'c.id', 't.channel_id')
    .select([
      't.id',
      't.post_id',
      't.status',
      't.attempts',
      't.next_attempt_at',
      't.last_error',
      't.remote_url',
      't.published_at',
      't.channel_id',
      't.follow_up_ids',
      'c.name as channel',
      'c.network',
    ])
    .where('t.post_id', 'in', ids)
    .execute();
  const approvals = await db
    .selectFrom('publisher_approvals as a')
    .innerJoin('users as u', 'u.id', 'a.approver_id')
    .select(['a.post_id', 'a.step', 'a.decision', 'a.note', 'a.created_at', 'u.display_name'])
    .where('a.post_id', 'in', ids)
    .orderBy('a.step')
    .execute();
  const pictures = await picturesOf(db, 'network_post', ids);
  return posts.map((p) => ({
    id: p.id,
    body: p.body,
    pictures: pictures.get(p.id) ?? [],
    author: p.author,
    authorId: p.author_id,
    mine: p.author_id === actor.userId,
    status: p.status,
    approvalsRequired: p.approvals_required,
    approvalExpiresAt: p.approval_expires_at.toISOString(),
    scheduledAt: p.scheduled_at?.toISOString() ?? null,
    campaign: p.campaign,
    misinformation: p.misinformation,
    screenFlags: p.screen_flags,
    followUps: p.follow_ups,
    repeat: p.repeat_every ? { every: p.repeat_every, remaining: p.repeat_remaining } : null,
    seriesId: p.series_id,
    createdAt: p.created_at.toISOString(),
    approvals: approvals
      .filter((a) => a.post_id === p.id)
      .map((a) => ({ step: a.step, decision: a.decision, note: a.note, by: a.display_name, at: a.created_at.toISOString() })),
    targets: targets
      .filter((t) => t.post_id === p.id)
      .map((t) => ({
        id: t.id,
        channelId: t.channel_id,
        channel: t.channel,
        network: t.network,
        partsSent: t.follow_up_ids.length,
        status: t.status,
        attempts: t.attempts,
        nextAttemptAt: t.next_attempt_at?.toISOString() ?? null,
        lastError: t.last_error,
        url: t.remote_url,
        publishedAt: t.published_at?.toISOString() ?? null,
      })),
  }));
}

/**
 * When the author leaves the organization, their approved posts that have not gone out yet are held: back
 * to waiting for approval, by someone who has not approved them before (one more step than they had), so
 * nothing goes out in a departed person's name without a fresh look. Answers how many were held.
 */
export async function holdScheduledPostsOf(tx: Tx, orgId: string, authorId: string, approvalHours: number): Promise<number> {
  const posts = await tx
    .selectFrom('publisher_posts as p')
    .selectAll('p')
    .where('p.org_id', '=', orgId)
    .where('p.author_id', '=', authorId)
    .where('p.status', '=', 'approved')
    .where((eb) =>
      eb.exists(eb.selectFrom('publisher_targets as t').select('t.id').whereRef('t.post_id', '=', 'p.id').where('t.status', '=', 'queued')),
    )
    .forUpdate()
    .execute();
  for (const post of posts) {
    const steps = await tx.selectFrom('publisher_approvals').select('id').where('post_id', '=', post.id).execute();
    await tx
      .updateTable('publisher_targets')
      .set({ status: 'waiting', next_attempt_at: null })
      .where('post_id', '=', post.id)
      .where('status', '=', 'queued')
      .execute();
    await tx
      .updateTable('publisher_posts')
      .set({
        status: 'pending_approval',
        approvals_required: steps.length + 1,
        approval_expires_at: new Date(Date.now() + approvalHours * 3_600_000),
        updated_at: new Date(),
      })
      .where('id', '=', post.id)
      .execute();
    await archivePost(tx, { orgId }, post, 'status', { status: 'pending_approval', reason: 'author_deactivated' });
  }
  return posts.length;
}
