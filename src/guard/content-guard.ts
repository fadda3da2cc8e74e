import type { Actor } from '../access/policy.ts';
import { coveredFindings, type ConsentScope } from './consent-coverage.ts';
import { codeCategory, type PictureForGuard } from '../media/index.ts';
import type { Db, Tx } from '../db/database.ts';
import { describeCategories, detectPhi, type Category, type Destination, type Finding, type Verdict } from '../phi/index.ts';
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
  /** Attached pictures as the guard reads them: visible text, description, faces and codes. */
  pictures?: readonly PictureForGuard[];
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
  const { decision, findings, perField, consents, consentsRelied } = await assess(db, req);
  const base = {
    actor: req.actor,
    recordKind: req.recordKind,
    destination: req.destination,
    categories: decision.categories,
    findingCount: findings.length,
  };
  const what = req.pictures?.length ? 'This text or its pictures' : 'This text';

  if (decision.verdict === 'block') {
    await recordDecision(db, { ...base, decision: 'block', outcome: 'rejected', consentIds: [], confirmed: false });
    throw new AppError(
      'phi_blocked',
      `${what} ${req.pictures?.length ? 'contain' : 'contains'} identifiers that may not be shared here: ${describeCategories(decision.categories)}. Remove them (in a picture: hide them) and try again.`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  if (decision.verdict === 'needs_consent') {
    await recordDecision(db, { ...base, decision: 'needs_consent', outcome: 'rejected', consentIds: [], confirmed: false });
    const why = consents.length ? ' The attached consent does not cover every person or identifier here: each person needs their own.' : '';
    throw new AppError(
      'phi_consent_required',
      `Sharing this here (${describeCategories(decision.categories)}) needs a consent from the person it identifies. Attach one or remove the identifiers.${why}`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  if (decision.verdict === 'warn' && !req.confirmed) {
    await recordDecision(db, { ...base, decision: 'warn', outcome: 'unconfirmed', consentIds: [], confirmed: false });
    throw new AppError(
      'phi_confirmation_required',
      `${what} may identify someone (${describeCategories(decision.categories)}). Confirm that you want to share it.`,
      { categories: decision.categories, findings: present(perField) },
    );
  }
  return {
    verdict: decision.verdict,
    categories: decision.categories,
    findingCount: findings.length,
    consentIds: consentsRelied,
    confirmed: decision.verdict === 'warn',
  };
}

const pictureFields = (pictures: readonly PictureForGuard[]) =>
  Object.fromEntries(
    pictures.flatMap((p) => [
      [`${p.label}: text in it`, p.text],
      [`${p.label}: description`, p.altText],
      [`${p.label}: codes in it`, p.codes.join('\n')],
    ]),
  );

/**
 * What a picture shows besides text: each visible face is a Safe Harbor photo identifier (the 17th), each
 * barcode or QR code an identifier number (wristbands carry MRNs). A face is covered by a consent for
 * photos (category SH17_PHOTO) at this destination, one consent per face: a consent names one person.
 */
function pixelFindings(pictures: readonly PictureForGuard[], consents: readonly ConsentScope[], destination: Destination) {
  const findings: Finding[] = [];
  const consented = new Map<Finding, string>();
  const photoConsents = consents.filter((c) => c.categories.includes('SH17_PHOTO') && c.destinations.includes(destination));
  for (const p of pictures) {
    for (let i = 0; i < p.faces; i++) {
      // In the author's own portrait, one face is the author's (self-disclosure: at most a confirmation).
      const self = p.portrait && i === 0;
      const f: Finding = {
        start: 0,
        end: 0,
        category: 'SH17_PHOTO',
        confidence: 0.9,
        reason: 'face in a picture',
        ...(self ? { subject: 'self' as const } : {}),
      };
      findings.push(f);
      if (self) continue;
      const consent = photoConsents[i - (p.portrait ? 1 : 0)];
      if (consent) consented.set(f, consent.id);
    }
    for (const text of p.codes)
      findings.push({ start: 0, end: 0, category: codeCategory(text), confidence: 0.9, reason: 'barcode in a picture' });
  }
  return { findings, consented };
}

/**
 * What the guard decides of a write, without recording or refusing: read in the organization's context
 * (its own names, places, numbers and staff in their role are not patients; a person named with health
 * information is), consents applied (each covers only its own subject), the sharing policy applied.
 */
export async function assess(db: Db, req: GuardRequest) {
  const { profile, phiPolicy } = await guardContext(db, req.actor.orgId);
  const author = { role: req.actor.role, name: req.actor.displayName };
  // A picture's text, description and codes are read like the record's own fields (a name on a wristband is a name).
  const fields = { ...req.fields, ...pictureFields(req.pictures ?? []) };
  const perField: Record<string, Finding[]> = {};
  for (const [name, text] of Object.entries(fields)) perField[name] = text ? attributeFindings(text, detectPhi(text), profile, author) : [];
  const consents = req.consentIds?.length ? await loadConsentScopes(db, req.actor.orgId, req.consentIds) : [];
  const covered = coveredFindings(fields, perField, consents, req.destination);
  const pixels = pixelFindings(req.pictures ?? [], consents, req.destination);
  const findings = [...Object.values(perField).flat(), ...pixels.findings];
  // Staff naming a patient where patients read need that person's consent, not just a confirmation.
  const decision = decideForAuthor(findings, req.destination, req.actor.role, {
    policy: phiPolicy,
    isConsented: (f) => covered.has(f) || pixels.consented.has(f),
  });
  const consentsRelied = [...new Set([...covered.values(), ...pixels.consented.values()])];
  return { decision, findings, perField, consents, consentsRelied, profile };
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
