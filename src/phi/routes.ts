import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import { CATEGORY_LABELS } from './categories.ts';
import { detectPhi } from './detector.ts';
import { decide, DESTINATIONS } from './policy.ts';
import { redact } from './redact.ts';

export function phiRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/phi/scan', {
    schema: {
      tags: ['phi'],
      description: "Live scan for the composer: findings (offsets and categories) and what the policy would decide.",
      body: z.object({
        text: z.string().max(100_000),
        destination: z.enum(DESTINATIONS as [string, ...string[]]).default('community'),
        mode: z.enum(['highlight', 'mask', 'surrogate']).default('highlight'),
      }),
    },
  }, async (req) => {
    const actor = requireActor(req);
    const findings = detectPhi(req.body.text);
    const decision = decide(findings, req.body.destination as never, { selfDisclosure: actor.role === 'patient' });
    const redaction = req.body.mode === 'highlight' ? null : redact(req.body.text, findings, req.body.mode as 'mask' | 'surrogate');
    return {
      findings: findings.map((f) => ({ start: f.start, end: f.end, category: f.category, label: CATEGORY_LABELS[f.category], confidence: f.confidence, reason: f.reason })),
      decision: { verdict: decision.verdict, categories: decision.categories },
      ...(redaction ? { redacted: redaction.text, replacements: redaction.replacements.map(({ start, end, category }) => ({ start, end, category })) } : {}),
    };
  });
}
