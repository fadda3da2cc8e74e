import type { Actor } from '../access/policy.ts';
import { coveredFindings, type ConsentScope } from './consent-coverage.ts';
import type { Db, Tx } from '../db/database.ts';
import { detectPhi, type Category, type Destination, type Finding, type Verdict } from '../phi/index.ts';
import { attributeFindings, decideForAuthor } from '../phi/context/index.ts';
import { AppError } from '../shared/errors.ts';
import { guardContext } from './org-profile.ts';

export interface GuardRequest {
  actor: Actor;
  recordKind: string;
  destination: Destination;
  /** The fields a reader will see, scanned separately so offsets point into each one. */
  fields: Record<string, string>;
  /** Consents the author attached; each covers only its own subject. */
  consentIds?: readonly string[];
  /** The author saw the warning and confirmed. */
  confirmed?: boolean;
}

export interface GuardPass {
  verdict: Verdict;
  categories: Category[];
  findingCount: number;
  /** The attached consents that covered something (the record relies on them). */
  consentIds: string[];
  confirmed: boolean;
}

/** Findings as the client sees them: where and what kind, never the matched text. */
const present = (fields: Record<string, Finding[]>) =>
  Object.fromEntries(
    Object.entries(fields).map(([k, fs]) => [
      k,
      fs.map((f) => ({ start: f.start, end: f.end, category: f.category, confidence: f.confidence, subject: f.subject })),
    ]),
  );

/**
 * The guard in every write path: scan, apply the sharing policy, and either let the write through (with
 * what it decided) or refuse with a reason the composer can show. Refusals are recorded too.
 */
export async function guardContent(db: Db, req: GuardRequest): Promise<GuardPass> {
  // Read in the organization's context: its own names, places, numbers and staff in their role are not
  // patients; a person named with health information is.
  const { profile, phiPolicy } = await guardContext(db, req.actor.orgId);
  const author = { role: req.actor.role, name: req.actor.displayName };
  const perField: Record<string, Finding[]> = {};
  for (const [name, text] of Object.entries(req.fields))
    perField[name] = text ? attributeFindings(text, detectPhi(text), profile, author) : [];
  const findings = Object.values(perField).flat();

  const consents = req.consentIds?.length ? await loadConsentScopes(db, req.actor.orgId, req.consentIds) : [];
  const covered = coveredFindings(req.fields, perField, consents, req.destination);
  // Staff naming a patient where patients read need that person's consent, not just a confirmation.
  const decision = decideForAuthor(findings, req.destination, req.actor.role, { policy: phiPolicy, isConsented: (f) => covered.has(f) });
  const base = {
    actor: req.actor,
    recordKind: req.recordKind,
    destination: req.destination,
    categories: decision.categories,
    findingCount: findings.length,
  };

  if (decision.verdict === 'block') {
    await recordDecision(db, { ...base, decision: 'block', outcome: 'rejected', consentIds: [], confirmed: false });
    throw new AppError(
      'phi_blocked',
      `This text contains identifiers that may not be shared here: ${decision.categories.join(', ')}. Remove them and try again.`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  if (decision.verdict === 'needs_consent') {
    await recordDecision(db, { ...base, decision: 'needs_consent', outcome: 'rejected', consentIds: [], confirmed: false });
    const why = consents.length ? ' The attached consent does not cover every person or identifier here: each person needs their own.' : '';
    throw new AppError(
      'phi_consent_required',
      `Sharing ${decision.categories.join(', ')} here needs a consent from the person it identifies. Attach one or remove the identifiers.${why}`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  if (decision.verdict === 'warn' && !req.confirmed) {
    await recordDecision(db, { ...base, decision: 'warn', outcome: 'unconfirmed', consentIds: [], confirmed: false });
    throw new AppError(
      'phi_confirmation_required',
      `This text may identify someone (${decision.categories.join(', ')}). Confirm that you want to share it.`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  return {
    verdict: decision.verdict,
    categories: decision.categories,
    findingCount: findings.length,
    consentIds: [...new Set(covered.values())],
    confirmed: decision.verdict === 'warn',
  };
}

/** The attached consents, each checked: this organization's, in force now. */
async function loadConsentScopes(db: Db, orgId: string, ids: readonly string[]): Promise<ConsentScope[]> {
  const unique = [...new Set(ids)];
  if (unique.length > 20) throw new AppError('bad_request', 'Attach at most 20 consents.');
  if (unique.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) throw new AppError('not_found', 'Consent not found.');
  const rows = await db
    .selectFrom('consents')
    .select([
      'id',
      'subject_name',
      'subject_aliases',
      'subject_birth_date',
      'categories',
      'destinations',
      'expires_at',
      'revoked_at',
      'valid_from',
    ])
    .where('id', 'in', unique)
    .where('org_id', '=', orgId)
    .execute();
  if (rows.length !== unique.length) throw new AppError('not_found', 'Consent not found.');
  const now = Date.now();
  for (const c of rows) {
    if (c.revoked_at || c.expires_at.getTime() <= now || c.valid_from.getTime() > now)
      throw new AppError('consent_not_valid', `The consent for ${c.subject_name} has expired or been revoked.`);
  }
  return rows.map((c) => ({
    id: c.id,
    subjectName: c.subject_name,
    aliases: c.subject_aliases,
    birthDate: c.subject_birth_date ? String(c.subject_birth_date).slice(0, 10) : null,
    categories: c.categories,
    destinations: c.destinations,
  }));
}

interface DecisionRow {
  actor: Actor;
  recordKind: string;
  destination: Destination;
  decision: Verdict;
  outcome: 'stored' | 'rejected' | 'unconfirmed';
  categories: Category[];
  findingCount: number;
  consentIds: string[];
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
        consent_id: r.consentIds[0] ?? null,
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
export async function recordPassedDecision(
  tx: Tx,
  actor: Actor,
  recordKind: string,
  recordId: string,
  destination: Destination,
  pass: GuardPass,
): Promise<void> {
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
      consentIds: w.pass.consentIds,
      confirmed: w.pass.confirmed,
    })),
  );
}
