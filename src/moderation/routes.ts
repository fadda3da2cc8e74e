import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { conflict, notFound } from '../shared/errors.ts';

/** The moderation queue: flags from members and from the guard (revoked consents), decided by a person. */
export function moderationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['moderation'];
  const moderator = (req: Parameters<typeof requireActor>[0]) => requirePermission(req, 'content.moderate');

  r.get('/api/moderation/flags', { schema: { tags, querystring: z.object({ status: z.enum(['open', 'agreed', 'disagreed']).default('open') }) } }, async (req) => {
    const actor = moderator(req);
    const rows = await ctx.db
      .selectFrom('flags as f')
      .leftJoin('posts as p', (j) => j.on('f.record_kind', '=', 'post').onRef('p.id', '=', 'f.record_id'))
      .select(['f.id', 'f.record_kind', 'f.record_id', 'f.reason', 'f.status', 'f.created_at', 'p.title', 'p.body', 'p.status as post_status'])
      .where('f.org_id', '=', actor.orgId)
      .where('f.status', '=', req.query.status)
      .orderBy('f.created_at')
      .limit(200)
      .execute();
    return { flags: rows.map((f) => ({ id: f.id, recordKind: f.record_kind, recordId: f.record_id, reason: f.reason, status: f.status, createdAt: f.created_at.toISOString(), post: f.body !== null ? { title: f.title, body: f.body, status: f.post_status } : null })) };
  });

  r.post('/api/moderation/flags/:id', { schema: { tags, params: z.object({ id: z.string().uuid() }), body: z.object({ decision: z.enum(['agree', 'disagree']) }) } }, async (req) => {
    const actor = moderator(req);
    await ctx.db.transaction().execute(async (tx) => {
      const flag = await tx.selectFrom('flags').selectAll().where('id', '=', req.params.id).where('org_id', '=', actor.orgId).forUpdate().executeTakeFirst();
      if (!flag) throw notFound('Flag');
      if (flag.status !== 'open') throw conflict('This flag was already decided.');
      await tx.updateTable('flags').set({ status: req.body.decision === 'agree' ? 'agreed' : 'disagreed' }).where('id', '=', flag.id).execute();
      if (flag.record_kind === 'post') {
        const status = req.body.decision === 'agree' ? 'hidden' : 'visible';
        const post = await tx.updateTable('posts').set({ status, updated_at: new Date() }).where('id', '=', flag.record_id).where('status', '!=', 'deleted').returning(['id', 'version', 'author_id', 'community_id', 'consent_id']).executeTakeFirst();
        // Restoring a post whose consent was revoked would bring the problem back: it stays hidden.
        if (post && status === 'visible' && post.consent_id) {
          const c = await tx.selectFrom('consents').select('revoked_at').where('id', '=', post.consent_id).executeTakeFirst();
          if (c?.revoked_at) await tx.updateTable('posts').set({ status: 'hidden' }).where('id', '=', post.id).execute();
        }
        if (post) await captureRecord(tx, { orgId: actor.orgId, recordKind: 'post', recordId: post.id, recordClass: 'community_content', event: 'status', version: post.version, authorId: post.author_id, channel: `community:${post.community_id}`, content: { status, moderatedBy: actor.userId, flagId: flag.id } });
      }
      await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: `moderation.${req.body.decision}`, targetType: flag.record_kind, targetId: flag.record_id, ip: actor.ip, detail: { flagId: flag.id } });
    });
    return { ok: true };
  });
}
