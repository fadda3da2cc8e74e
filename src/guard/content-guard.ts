import type { Actor } from '../access/policy.ts';
import type { Db, Tx } from '../db/database.ts';
import { decide, detectPhi, type Category, type Destination, type Finding, type PolicyTable, type Verdict } from '../phi/index.ts';
import { AppError } from '../shared/errors.ts';

export interface GuardRequest {
  actor: Actor;
  recordKind: string;
  destination: Destination;
  /** The fields a reader will see, scanned separately so offsets point into each one. */
  fields: Record<string, string>;
  consentId?: string | null;
  /** The author saw the warning and confirmed. */
  confirmed?: boolean;
}

export interface GuardPass {
  verdict: Verdict;
  categories: Category[];
  findingCount: number;
  consentId: string | null;
  confirmed: boolean;
}

/** Findings as the client sees them: where and what kind, never the matched text. */
const present = (fields: Record<string, Finding[]>) =>
  Object.fromEntries(Object.entries(fields).map(([k, fs]) => [k, fs.map((f) => ({ start: f.start, end: f.end, category: f.category, confidence: f.confidence }))]));

/**
 * The guard in every write path: scan, apply the sharing policy, and either let the write through (with
 * what it decided) or refuse with a reason the composer can show. Refusals are recorded too.
 */
export async function guardContent(db: Db, req: GuardRequest): Promise<GuardPass> {
  const perField: Record<string, Finding[]> = {};
  for (const [name, text] of Object.entries(req.fields)) perField[name] = text ? detectPhi(text) : [];
  const findings = Object.values(perField).flat();

  const settings = req.actor.orgSettings ?? (await db.selectFrom('organizations').select('settings').where('id', '=', req.actor.orgId).executeTakeFirstOrThrow()).settings;
  const policy = (settings as { phiPolicy?: PolicyTable }).phiPolicy;
  const consented = req.consentId ? await consentedCategories(db, req.actor.orgId, req.consentId, req.destination) : [];
  const decision = decide(findings, req.destination, {
    policy,
    consentedCategories: consented,
    selfDisclosure: req.actor.role === 'patient',
  });
  const base = { actor: req.actor, recordKind: req.recordKind, destination: req.destination, categories: decision.categories, findingCount: findings.length };

  if (decision.verdict === 'block') {
    await recordDecision(db, { ...base, decision: 'block', outcome: 'rejected', consentId: null, confirmed: false });
    throw new AppError(422, 'phi_blocked', `This text contains identifiers that may not be shared here: ${decision.categories.join(', ')}. Remove them and try again.`, { categories: decision.categories, findings: present(perField) });
  }
  if (decision.verdict === 'needs_consent') {
    await recordDecision(db, { ...base, decision: 'needs_consent', outcome: 'rejected', consentId: null, confirmed: false });
    throw new AppError(422, 'phi_consent_required', `Sharing ${decision.categories.join(', ')} here needs a patient consent record. Attach one or remove the identifiers.`, { categories: decision.categories, findings: present(perField) });
  }
  if (decision.verdict === 'warn' && !req.confirmed) {
    throw new AppError(409, 'phi_confirmation_required', `This text may identify someone (${decision.categories.join(', ')}). Confirm that you want to share it.`, { categories: decision.categories, findings: present(perField) });
  }
  return {
    verdict: decision.verdict,
    categories: decision.categories,
    findingCount: findings.length,
    consentId: decision.verdict === 'allow' && consented.length ? req.consentId ?? null : null,
    confirmed: decision.verdict === 'warn',
  };
}

async function consentedCategories(db: Db, orgId: string, consentId: string, destination: Destination): Promise<Category[]> {
  if (!/^[0-9a-f-]{36}$/i.test(consentId)) throw new AppError(404, 'not_found', 'Consent not found.');
  const consent = await db
    .selectFrom('consents')
    .select(['categories', 'destinations', 'expires_at', 'revoked_at', 'valid_from'])
    .where('id', '=', consentId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!consent) throw new AppError(404, 'not_found', 'Consent not found.');
  const now = Date.now();
  if (consent.revoked_at || consent.expires_at.getTime() <= now || consent.valid_from.getTime() > now) {
    throw new AppError(422, 'consent_not_valid', 'That consent has expired or been revoked.');
  }
  if (!consent.destinations.includes(destination)) return [];
  return consent.categories as Category[];
}

interface DecisionRow {
  actor: Actor;
  recordKind: string;
  destination: Destination;
  decision: Verdict;
  outcome: 'stored' | 'rejected';
  categories: Category[];
  findingCount: number;
  consentId: string | null;
  confirmed: boolean;
  recordId?: string;
}

async function recordDecision(db: Db | Tx, row: DecisionRow | DecisionRow[]): Promise<void> {
  const rows = Array.isArray(row) ? row : [row];
  await db
    .insertInto('guard_decisions')
    .values(
      rows.map((r) => ({
        org_id: r.actor.orgId,
        actor_id: r.actor.userId,
        record_kind: r.recordKind,
        record_id: r.recordId ?? null,
        destination: r.destination,
        decision: r.decision,
        outcome: r.outcome,
        categories: r.categories,
        finding_count: r.findingCount,
        consent_id: r.consentId,
        author_confirmed: r.confirmed,
      })),
    )
    .execute();
}

export interface PassedWrite {
  actor: Actor;
  recordKind: string;
  recordId: string;
  destination: Destination;
  pass: GuardPass;
}

/** Records a decision that let a write through, inside the write's own transaction. */
export async function recordPassedDecision(tx: Tx, actor: Actor, recordKind: string, recordId: string, destination: Destination, pass: GuardPass): Promise<void> {
  await recordPassedDecisions(tx, [{ actor, recordKind, recordId, destination, pass }]);
}

export async function recordPassedDecisions(tx: Tx, writes: PassedWrite[]): Promise<void> {
  await recordDecision(
    tx,
    writes.map((w) => ({
      actor: w.actor,
      recordKind: w.recordKind,
      recordId: w.recordId,
      destination: w.destination,
      decision: w.pass.verdict,
      outcome: 'stored' as const,
      categories: w.pass.categories,
      findingCount: w.pass.findingCount,
      consentId: w.pass.consentId,
      confirmed: w.pass.confirmed,
    })),
  );
}
