import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { CATEGORY_LABELS, DESTINATIONS, redact } from '../phi/index.ts';
import { notFound } from '../shared/errors.ts';
import { guardProfileOf, guardProfileSchema } from './org-profile.ts';
import { parseOrgSettings, writeOrgSettings } from '../repositories/index.ts';
import { guardResponses } from './responses.ts';
import { checkPicture, hideEverythingFound } from './picture-check.ts';
import { assess } from './content-guard.ts';

const SUBJECT_LABELS = {
  organization: 'your organization',
  staff: 'staff in their role',
  public: 'a public figure',
  self: 'you',
  patient: 'a patient',
  unknown: 'someone',
} as const;

/** The composer's live scan and the organization's guard profile (what the guard knows about it). */
export function guardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/phi/scan',
    {
      schema: {
        response: guardResponses['POST /api/phi/scan'],
        tags: ['phi'],
        description: 'Live scan for the composer: findings (offsets, categories, whom each is about) and what the policy would decide.',
        body: z.object({
          text: z.string().max(100_000),
          /** The title beside the text, when there is one: the write is judged on both, so the preview is too. */
          title: z.string().max(1_000).optional(),
          /** Consents attached in the composer: what they cover is judged as the write will judge it. */
          consentIds: z.array(z.uuid()).max(20).optional(),
          destination: z.enum(DESTINATIONS).default('community'),
          mode: z.enum(['highlight', 'mask', 'surrogate']).default('highlight'),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      // The same assessment as the write path (fields, consents, policy), recorded nowhere: the preview's
      // verdict is the answer the write will give.
      const { decision, perField } = await assess(ctx.db, {
        actor,
        recordKind: 'scan',
        destination: req.body.destination,
        fields: { body: req.body.text, ...(req.body.title ? { title: req.body.title } : {}) },
        consentIds: req.body.consentIds,
      });
      const findings = perField.body;
      const redaction =
        req.body.mode === 'highlight'
          ? null
          : redact(
              req.body.text,
              findings.filter((f) => f.subject === 'patient' || f.subject === 'unknown' || f.subject === 'self'),
              req.body.mode,
            );
      return {
        findings: findings.map((f) => ({
          start: f.start,
          end: f.end,
          category: f.category,
          label: CATEGORY_LABELS[f.category],
          subject: f.subject ?? 'unknown',
          subjectLabel: SUBJECT_LABELS[f.subject ?? 'unknown'],
          confidence: f.confidence,
          reason: f.reason,
        })),
        decision: { verdict: decision.verdict, categories: decision.categories },
        ...(redaction
          ? { redacted: redaction.text, replacements: redaction.replacements.map(({ start, end, category }) => ({ start, end, category })) }
          : {}),
      };
    },
  );

  r.get(
    '/api/media/:id/check',
    {
      schema: {
        response: guardResponses['GET /api/media/:id/check'],
        tags: ['phi'],
        description:
          "What the guard finds in one of the caller's pictures (boxes: faces, identifying text, codes) and would decide at a destination.",
        params: z.object({ id: z.string().uuid() }),
        querystring: z.object({ destination: z.enum(DESTINATIONS).default('community') }),
      },
    },
    async (req) => checkPicture(ctx.db, requireActor(req), req.params.id, req.query.destination),
  );
  r.post(
    '/api/media/:id/hide-found',
    {
      schema: {
        response: guardResponses['GET /api/media/:id/check'],
        tags: ['phi'],
        description:
          "Blurs every face and covers every identifying text and code found in one of the caller's pictures; answers the new check.",
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ destination: z.enum(DESTINATIONS).default('community') }),
      },
    },
    async (req) => hideEverythingFound(ctx, requireActor(req), req.params.id, req.body.destination),
  );

  r.get(
    '/api/org/guard-profile',
    {
      schema: {
        response: guardResponses['GET /api/org/guard-profile'],
        tags: ['organization'],
        description:
          "The organization's names, facilities, web domains and public figures the guard recognizes (staff come from the member list).",
      },
    },
    async (req) => {
      const actor = requireActor(req);
      // Staff see it (the composer explains findings with it); patients do not.
      if (!isStaff(actor.role)) throw notFound('Route');
      const org = await ctx.db
        .selectFrom('organizations')
        .select(['name', 'settings'])
        .where('id', '=', actor.orgId)
        .executeTakeFirstOrThrow();
      return { name: org.name, ...guardProfileOf(parseOrgSettings(org.settings)) };
    },
  );

  r.put(
    '/api/org/guard-profile',
    { schema: { response: guardResponses['PUT /api/org/guard-profile'], tags: ['organization'], body: guardProfileSchema.strict() } },
    async (req) => {
      const actor = requirePermission(req, 'guard.profile');
      const profile = guardProfileSchema.parse(req.body);
      await ctx.db.transaction().execute(async (tx) => {
        await writeOrgSettings(tx, actor.orgId, { guardProfile: profile });
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'org.guard_profile_changed',
          targetType: 'organization',
          targetId: actor.orgId,
          ip: actor.ip,
          detail: {
            aliases: profile.aliases.length,
            facilities: profile.facilities.length,
            domains: profile.domains.length,
            publicFigures: profile.publicFigures.length,
          },
        });
      });
      return profile;
    },
  );
}
