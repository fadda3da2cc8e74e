import { isStaff, type Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { trainingStatus } from '../training/service.ts';
import { CAPABILITIES, CAPABILITY_LABELS, sharingRulesOf, type Capability } from './sharing-rules.ts';
import { readOrgSettings } from '../repositories/index.ts';

export interface MissingRequirement {
  kind: 'training' | 'policy';
  id: string;
  title: string;
  /** Where in the UI to fix it. */
  link: string;
  reason: string;
}

async function currentPolicyAcks(db: Db, orgId: string, userId: string) {
  return db
    .selectFrom('policy_documents as d')
    .innerJoin('policy_versions as v', 'v.policy_id', 'd.id')
    .leftJoin('policy_acknowledgements as a', (j) => j.onRef('a.policy_version_id', '=', 'v.id').on('a.user_id', '=', userId))
    .select(['d.id', 'd.slug', 'd.title', 'v.version', 'a.acknowledged_at'])
    .where('d.org_id', '=', orgId)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('policy_versions as x')
          .select(({ fn }) => fn.max('x.version').as('m'))
          .whereRef('x.policy_id', '=', 'd.id'),
      ),
    )
    .execute();
}

/** What a staff member still lacks for each capability (patients are not gated: these are staff duties). */
export async function capabilityStatus(db: Db, actor: Actor, only?: Capability[]) {
  const rules = sharingRulesOf(actor.orgSettings ?? (await readOrgSettings(db, actor.orgId)));
  const wanted = only ?? CAPABILITIES;
  const staff = isStaff(actor.role);
  const [modules, policies] = staff
    ? await Promise.all([trainingStatus(db, actor.orgId, actor.userId), currentPolicyAcks(db, actor.orgId, actor.userId)])
    : [[], []];
  const result = {} as Record<Capability, { ok: boolean; missing: MissingRequirement[] }>;
  for (const cap of wanted) {
    const gate = rules.gates[cap];
    const missing: MissingRequirement[] = [];
    if (staff) {
      for (const slug of gate.modules) {
        const m = modules.find((x) => x.slug === slug);
        if (m && !m.current)
          missing.push({
            kind: 'training',
            id: m.id,
            title: m.title,
            link: `/learning/modules/${m.id}`,
            reason: m.passedAt ? 'expired' : 'not completed',
          });
      }
      for (const slug of gate.policies) {
        const p = policies.find((x) => x.slug === slug);
        if (p && !p.acknowledged_at)
          missing.push({
            kind: 'policy',
            id: p.id,
            title: `${p.title} (version ${p.version})`,
            link: `/learning/policies/${p.id}`,
            reason: 'not acknowledged',
          });
      }
    }
    result[cap] = { ok: missing.length === 0, missing };
  }
  return result;
}

/** Refuses with what is missing and where to fix it, so the UI can link straight to it. */
export async function requireCapability(db: Db, actor: Actor, capability: Capability): Promise<void> {
  const status = (await capabilityStatus(db, actor, [capability]))[capability];
  if (status.ok) return;
  const list = status.missing
    .map((m) => (m.kind === 'training' ? `complete the training "${m.title}"` : `acknowledge "${m.title}"`))
    .join('; ');
  throw new AppError('training_required', `Before you can ${CAPABILITY_LABELS[capability]}: ${list}.`, {
    capability,
    missing: status.missing,
  });
}
