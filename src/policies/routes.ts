import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { ROLES } from '../shared/enums.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { CATEGORIES, DEFAULT_POLICY, DESTINATIONS } from '../phi/index.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { getCertificate, getModule, listModules, submitAttempt } from '../training/service.ts';
import { capabilityStatus } from './gates.ts';
import { acknowledgePolicy, acknowledgementStatus, getPolicy, listPolicies, publishPolicy } from './service.ts';
import { sharingRulesOf } from './sharing-rules.ts';
import { phiPolicySchema, readOrgSettings, sharingRulesSchema, writeOrgSettings } from '../repositories/index.ts';
import { policiesResponses } from './responses.ts';

const Id = z.object({ id: z.string().uuid() });
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes');
/** The sharing rules screen writes the rules and the PHI table together. */
const SharingRulesBody = sharingRulesSchema.extend({ phiPolicy: phiPolicySchema });

/** Policies and acknowledgements, training and certificates, what the caller may do, and the sharing rules. */
export function policyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['policies'];

  r.get('/api/policies', { schema: { response: policiesResponses['GET /api/policies'], tags } }, async (req) => ({
    policies: await listPolicies(ctx.db, requireActor(req)),
  }));
  r.get('/api/policies/:id', { schema: { response: policiesResponses['GET /api/policies/:id'], tags, params: Id } }, async (req) => ({
    policy: await getPolicy(ctx.db, requireActor(req), req.params.id),
  }));
  r.post(
    '/api/policies',
    {
      schema: {
        response: policiesResponses['POST /api/policies'],
        tags,
        body: z.object({
          slug: Slug,
          title: z.string().min(3).max(200),
          body: z.string().min(20).max(100_000),
          changeSummary: z.string().max(500).default(''),
        }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'policy.manage');
      const published = await ctx.db.transaction().execute((tx) => publishPolicy(tx, actor, req.body));
      reply.code(201);
      return { policy: published };
    },
  );
  r.post(
    '/api/policies/:id/acknowledge',
    {
      schema: {
        response: policiesResponses['POST /api/policies/:id/acknowledge'],
        tags,
        params: Id,
        body: z.object({ version: z.number().int().min(1) }),
      },
    },
    async (req, reply) => {
      const ack = await acknowledgePolicy(ctx.db, requireActor(req), req.params.id, req.body.version);
      reply.code(201);
      return { acknowledgement: ack };
    },
  );
  r.get(
    '/api/policies/:id/acknowledgements',
    { schema: { response: policiesResponses['GET /api/policies/:id/acknowledgements'], tags, params: Id } },
    async (req) => acknowledgementStatus(ctx.db, requirePermission(req, 'policy.manage'), req.params.id),
  );

  r.get('/api/training/modules', { schema: { response: policiesResponses['GET /api/training/modules'], tags } }, async (req) => ({
    modules: await listModules(ctx.db, requireActor(req)),
  }));
  r.get(
    '/api/training/modules/:id',
    { schema: { response: policiesResponses['GET /api/training/modules/:id'], tags, params: Id } },
    async (req) => ({
      module: await getModule(ctx.db, requireActor(req), req.params.id),
    }),
  );
  r.post(
    '/api/training/modules/:id/attempts',
    {
      schema: {
        response: policiesResponses['POST /api/training/modules/:id/attempts'],
        tags,
        params: Id,
        body: z.object({ answers: z.array(z.number().int().min(0).max(20)).max(100) }),
      },
    },
    async (req, reply) => {
      const result = await submitAttempt(ctx.db, ctx.secrets, requireActor(req), req.params.id, req.body.answers);
      reply.code(201);
      return result;
    },
  );
  r.get(
    '/api/training/certificates/:id',
    { schema: { response: policiesResponses['GET /api/training/certificates/:id'], tags, params: Id } },
    async (req) => ({
      certificate: await getCertificate(ctx.db, ctx.secrets, requireActor(req), req.params.id),
    }),
  );

  r.get('/api/me/requirements', { schema: { response: policiesResponses['GET /api/me/requirements'], tags } }, async (req) => ({
    capabilities: await capabilityStatus(ctx.db, requireActor(req)),
  }));

  r.get(
    '/api/sharing-rules',
    {
      schema: {
        response: policiesResponses['GET /api/sharing-rules'],
        tags,
        description: "The organization's sharing rules (staff only: they describe internal policy).",
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!isStaff(actor.role)) throw notFound('Sharing rules');
      const settings = await readOrgSettings(ctx.db, actor.orgId);
      const modules = await ctx.db
        .selectFrom('training_modules')
        .select(['slug', 'title'])
        .where('org_id', '=', actor.orgId)
        .orderBy('title')
        .execute();
      const policies = await ctx.db
        .selectFrom('policy_documents')
        .select(['slug', 'title'])
        .where('org_id', '=', actor.orgId)
        .orderBy('title')
        .execute();
      return {
        rules: sharingRulesOf(settings),
        modules,
        policies,
        categories: [...CATEGORIES],
        destinations: [...DESTINATIONS],
        roles: [...ROLES],
      };
    },
  );
  r.put(
    '/api/sharing-rules',
    { schema: { response: policiesResponses['PUT /api/sharing-rules'], tags, body: SharingRulesBody } },
    async (req) => {
      const actor = requirePermission(req, 'policy.manage');
      const b = req.body;
      const known = async (table: 'training_modules' | 'policy_documents') =>
        new Set((await ctx.db.selectFrom(table).select('slug').where('org_id', '=', actor.orgId).execute()).map((x) => x.slug));
      const [modules, policies] = await Promise.all([known('training_modules'), known('policy_documents')]);
      for (const [cap, gate] of Object.entries(b.gates)) {
        if (!gate) continue;
        const unknown = [...gate.modules.filter((m) => !modules.has(m)), ...gate.policies.filter((p) => !policies.has(p))];
        if (unknown.length) throw badRequest(`The gate "${cap}" names unknown training or policies: ${unknown.join(', ')}.`);
      }
      await ctx.db.transaction().execute(async (tx) => {
        const before = await readOrgSettings(tx, actor.orgId, { forUpdate: true });
        const rules = { destinations: b.destinations, approvals: b.approvals, gates: b.gates, samplePercent: b.samplePercent };
        // Destinations or categories left out keep the defaults, so the guard always has a complete table.
        const phiPolicy = Object.fromEntries(DESTINATIONS.map((d) => [d, { ...DEFAULT_POLICY[d], ...b.phiPolicy[d] }]));
        await writeOrgSettings(tx, actor.orgId, { sharingRules: rules, phiPolicy });
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'sharing_rules.update',
          targetType: 'organization',
          targetId: actor.orgId,
          ip: actor.ip,
          detail: { before: sharingRulesOf(before), after: { ...rules, phiPolicy } },
        });
      });
      return { ok: true };
    },
  );
}
