import { sql } from 'kysely';
import { can, isStaff, STAFF_ROLES, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import type { Db } from '../db/database.ts';
import type { SignatureMethod } from '../db/schema.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { ensureStatutoryRetention } from '../archive/retention.ts';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { ConsentRecord } from './fhir.ts';
import { lapseConsent } from './lapse.ts';
import { roleOf } from '../repositories/index.ts';

export interface ConsentSubjectInput {
  name: string;
  aliases?: string[];
  /** YYYY-MM-DD */
  birthDate?: string | null;
  contact?: string | null;
}

export interface ConsentInput {
  /** The patient's account, when they have one. */
  patientId?: string | null;
  /** A person without an account (or extra aliases for one with an account). */
  subject?: ConsentSubjectInput | null;
  purpose: string;
  /** The author saw the PHI warning on the purpose and confirmed. */
  confirmPhi?: boolean;
  destinations: string[];
  categories: string[];
  media?: string[];
  expiresAt: Date;
  signature?: { method: Exclude<SignatureMethod, 'own_account'>; signedName?: string | null; witnessId?: string | null } | null;
}

/**
 * Staff record a person's authorization (a signed form or a typed e-signature, with a witness); a patient
 * may record their own. The consent names whom it covers — the guard lifts "needs consent" only for that
 * person — and is a record kept at least six years from its end, whatever shorter rule exists.
 */
export async function recordConsent(db: Db, actor: Actor, input: ConsentInput) {
  const self = actor.role === 'patient' && input.patientId === actor.userId;
  if (!self && !can(actor, 'consent.record')) throw notFound('Patient');
  if (input.expiresAt.getTime() <= Date.now()) throw badRequest('The expiry must be in the future.');
  let subjectName: string;
  if (input.patientId) {
    if (!isUuid(input.patientId)) throw notFound('Patient');
    const patient = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.role', 'u.display_name'])
      .where('m.org_id', '=', actor.orgId)
      .where('m.user_id', '=', input.patientId)
      .executeTakeFirst();
    if (!patient || patient.role !== 'patient') throw notFound('Patient');
    subjectName = input.subject?.name?.trim() || patient.display_name;
  } else {
    if (!input.subject?.name?.trim())
      throw badRequest('Name the person this consent covers: a patient account (patientId) or a subject with a name.');
    subjectName = input.subject.name.trim();
  }
  const method: SignatureMethod = self ? 'own_account' : (input.signature?.method ?? 'signed_form');
  const signedName = input.signature?.signedName?.trim() || null;
  if (method === 'typed_signature' && !signedName)
    throw badRequest('A typed e-signature needs the name the person typed (signature.signedName).');
  let witnessId: string | null = self ? null : actor.userId;
  if (!self && input.signature?.witnessId) {
    const w = input.signature.witnessId;
    const witnessRole = isUuid(w) ? await roleOf(db, actor.orgId, w) : undefined;
    if (!witnessRole || !STAFF_ROLES.includes(witnessRole))
      throw new AppError('invalid_witness', 'The witness must be a staff member of the organization.');
    witnessId = w;
  }
  const birthDate = input.subject?.birthDate ?? null;
  if (
    birthDate &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) ||
      Number.isNaN(Date.parse(birthDate)) ||
      birthDate < '1900-01-01' ||
      Date.parse(birthDate) > Date.now())
  )
    throw badRequest('subject.birthDate must be a past date written YYYY-MM-DD.');
  const aliases = [...new Set((input.subject?.aliases ?? []).map((a) => a.trim()).filter(Boolean))].slice(0, 10);
  // The purpose is free text a person wrote: it passes the pipeline like any record (an internal one).
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'consent',
    destination: 'care_team',
    fields: { purpose: input.purpose },
    confirmed: input.confirmPhi ?? false,
  });
  return db.transaction().execute(async (tx) => {
    const c = await tx
      .insertInto('consents')
      .values({
        org_id: actor.orgId,
        patient_id: input.patientId ?? null,
        subject_name: subjectName,
        subject_aliases: aliases,
        subject_birth_date: birthDate,
        subject_contact: input.subject?.contact?.trim() || null,
        media: input.media?.length ? [...new Set(input.media)] : ['text'],
        signature_method: method,
        signed_name: signedName,
        witness_id: witnessId,
        recorded_by: actor.userId,
        purpose: prepared.fields.purpose,
        destinations: input.destinations,
        categories: input.categories,
        valid_from: new Date(),
        expires_at: input.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ensureStatutoryRetention(tx, actor.orgId, 'consent');
    await commitWrite(tx, prepared, {
      recordId: c.id,
      action: 'consent.record',
      archive: {
        recordClass: 'consent',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: c.patient_id ? `patient:${c.patient_id}` : 'consents',
        content: archivedConsent(c),
      },
      auditDetail: { patientId: c.patient_id, categories: c.categories, destinations: c.destinations, signature: method },
    });
    return c;
  });
}

type ConsentRow = Awaited<ReturnType<typeof loadConsent>>;
const archivedConsent = (c: ConsentRow) => ({
  subject: {
    name: c.subject_name,
    aliases: c.subject_aliases,
    birthDate: c.subject_birth_date ? String(c.subject_birth_date).slice(0, 10) : null,
    contact: c.subject_contact,
    patientId: c.patient_id,
  },
  purpose: c.purpose,
  destinations: c.destinations,
  categories: c.categories,
  media: c.media,
  signature: { method: c.signature_method, signedName: c.signed_name, witnessId: c.witness_id },
  expiresAt: c.expires_at.toISOString(),
});

/** Staff who record or publish under consents see them all; a patient sees their own. `q` searches names. */
export async function listConsents(db: Db, actor: Actor, opts: { patientId?: string; q?: string; active?: boolean } = {}) {
  let q = db.selectFrom('consents').selectAll().where('org_id', '=', actor.orgId);
  if (actor.role === 'patient') q = q.where('patient_id', '=', actor.userId);
  else if (!isStaff(actor.role)) return [];
  if (opts.patientId && isUuid(opts.patientId)) q = q.where('patient_id', '=', opts.patientId);
  if (opts.q?.trim()) {
    const like = `%${opts.q.trim().replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([eb('subject_name', 'ilike', like), sql<boolean>`EXISTS (SELECT 1 FROM unnest(subject_aliases) AS a WHERE a ILIKE ${like})`]),
    );
  }
  if (opts.active) q = q.where('revoked_at', 'is', null).where('expires_at', '>', new Date());
  return q.orderBy('created_at', 'desc').limit(500).execute();
}

async function loadConsent(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Consent');
  const c = await db.selectFrom('consents').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  const visible = c && ((c.patient_id !== null && c.patient_id === actor.userId) || isStaff(actor.role));
  if (!c || !visible) throw notFound('Consent');
  return c;
}

/**
 * Revocation takes effect at once and everywhere: posts and replies that relied on the consent are
 * hidden for review, scheduled network posts are cancelled, published ones are queued for takedown.
 */
export async function revokeConsent(db: Db, actor: Actor, id: string) {
  const c = await loadConsent(db, actor, id);
  if (c.patient_id !== actor.userId && !can(actor, 'consent.record')) throw notFound('Consent');
  if (c.revoked_at) throw conflict('This consent was already revoked.');
  return db.transaction().execute(async (tx) => {
    const revoked = await tx
      .updateTable('consents')
      .set({ revoked_at: new Date() })
      .where('id', '=', c.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!revoked) throw conflict('This consent was already revoked.');
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'consent',
      recordId: c.id,
      recordClass: 'consent',
      event: 'status',
      version: 2,
      authorId: actor.userId,
      channel: c.patient_id ? `patient:${c.patient_id}` : 'consents',
      content: { revoked: true },
    });
    return lapseConsent(tx, { orgId: actor.orgId, consentId: c.id, actorId: actor.userId, ip: actor.ip, reason: 'revoked' });
  });
}

export async function consentRecord(db: Db, actor: Actor, id: string): Promise<ConsentRecord> {
  const c = await loadConsent(db, actor, id);
  const org = await db.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  return {
    id: c.id,
    orgId: c.org_id,
    orgName: org.name,
    patientId: c.patient_id,
    subjectName: c.subject_name,
    subjectAliases: c.subject_aliases,
    subjectBirthDate: c.subject_birth_date ? String(c.subject_birth_date).slice(0, 10) : null,
    subjectContact: c.subject_contact,
    signatureMethod: c.signature_method,
    signedName: c.signed_name,
    witnessId: c.witness_id,
    recordedBy: c.recorded_by,
    purpose: c.purpose,
    destinations: c.destinations,
    categories: c.categories,
    media: c.media,
    validFrom: c.valid_from,
    expiresAt: c.expires_at,
    revokedAt: c.revoked_at,
    createdAt: c.created_at,
  };
}
