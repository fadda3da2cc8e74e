import { can, type Actor } from '../access/policy.ts';
import { isUuid } from '../shared/ids.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import type { Db } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { cleanText } from '../shared/text.ts';
import type { ConsentRecord } from './fhir.ts';


export interface ConsentInput {
  patientId: string;
  purpose: string;
  destinations: string[];
  categories: string[];
  expiresAt: Date;
}

/** Staff record a patient's authorization (e.g. a signed form); a patient may record their own. */
export async function recordConsent(db: Db, actor: Actor, input: ConsentInput) {
  const self = actor.role === 'patient' && input.patientId === actor.userId;
  if (!self && !can(actor, 'consent.record')) throw notFound('Patient');
  if (!isUuid(input.patientId)) throw notFound('Patient');
  const patient = await db.selectFrom('memberships').select('role').where('org_id', '=', actor.orgId).where('user_id', '=', input.patientId).executeTakeFirst();
  if (!patient || patient.role !== 'patient') throw notFound('Patient');
  if (input.expiresAt.getTime() <= Date.now()) throw badRequest('The expiry must be in the future.');
  return db.transaction().execute(async (tx) => {
    const c = await tx
      .insertInto('consents')
      .values({ org_id: actor.orgId, patient_id: input.patientId, recorded_by: actor.userId, purpose: cleanText(input.purpose), destinations: input.destinations, categories: input.categories, valid_from: new Date(), expires_at: input.expiresAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    await captureRecord(tx, { orgId: actor.orgId, recordKind: 'consent', recordId: c.id, recordClass: 'consent', event: 'create', version: 1, authorId: actor.userId, channel: `patient:${input.patientId}`, content: { purpose: c.purpose, destinations: c.destinations, categories: c.categories, expiresAt: c.expires_at.toISOString(), patientId: c.patient_id } });
    await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'consent.record', targetType: 'consent', targetId: c.id, ip: actor.ip, detail: { patientId: input.patientId, categories: input.categories, destinations: input.destinations } });
    return c;
  });
}

export async function listConsents(db: Db, actor: Actor, patientId?: string) {
  let q = db.selectFrom('consents').selectAll().where('org_id', '=', actor.orgId);
  if (actor.role === 'patient') q = q.where('patient_id', '=', actor.userId);
  else if (!can(actor, 'consent.record') && !['communications', 'admin'].includes(actor.role)) return [];
  if (patientId && isUuid(patientId)) q = q.where('patient_id', '=', patientId);
  return q.orderBy('created_at', 'desc').limit(500).execute();
}

async function loadConsent(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Consent');
  const c = await db.selectFrom('consents').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  const visible = c && (c.patient_id === actor.userId || can(actor, 'consent.record') || ['communications', 'admin'].includes(actor.role));
  if (!c || !visible) throw notFound('Consent');
  return c;
}

/**
 * Revocation takes effect at once: every post that relied on the consent is hidden and flagged for
 * review, inside the same transaction.
 */
export async function revokeConsent(db: Db, actor: Actor, id: string) {
  const c = await loadConsent(db, actor, id);
  if (c.patient_id !== actor.userId && !can(actor, 'consent.record')) throw notFound('Consent');
  if (c.revoked_at) throw conflict('This consent was already revoked.');
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('consents').set({ revoked_at: new Date() }).where('id', '=', c.id).execute();
    const dependent = await tx.updateTable('posts').set({ status: 'hidden', updated_at: new Date() }).where('consent_id', '=', c.id).where('status', 'in', ['visible', 'pending']).returning(['id', 'version', 'author_id', 'community_id']).execute();
    for (const p of dependent) {
      await tx.insertInto('flags').values({ org_id: actor.orgId, record_kind: 'post', record_id: p.id, reporter_id: null, reason: 'Consent revoked: review before showing again' }).execute();
      await captureRecord(tx, { orgId: actor.orgId, recordKind: 'post', recordId: p.id, recordClass: 'community_content', event: 'status', version: p.version, authorId: p.author_id, channel: `community:${p.community_id}`, content: { status: 'hidden', reason: 'consent_revoked', consentId: c.id } });
    }
    await captureRecord(tx, { orgId: actor.orgId, recordKind: 'consent', recordId: c.id, recordClass: 'consent', event: 'status', version: 2, authorId: actor.userId, channel: `patient:${c.patient_id}`, content: { revoked: true } });
    await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'consent.revoke', targetType: 'consent', targetId: c.id, ip: actor.ip, detail: { hiddenPosts: dependent.length } });
    const reviewers = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', actor.orgId).where('role', 'in', ['compliance', 'communications']).execute();
    if (dependent.length) await notify(tx, { orgId: actor.orgId, userIds: [...reviewers.map((r) => r.user_id), ...dependent.map((p) => p.author_id)], kind: 'consent_revoked', title: `A consent was revoked; ${dependent.length} post(s) hidden for review`, link: '/moderation' });
    return { hiddenPosts: dependent.map((p) => p.id) };
  });
}

export async function consentRecord(db: Db, actor: Actor, id: string): Promise<ConsentRecord> {
  const c = await loadConsent(db, actor, id);
  const names = await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', c.patient_id).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  return { id: c.id, orgId: c.org_id, orgName: org.name, patientId: c.patient_id, patientName: names.display_name, recordedBy: c.recorded_by, purpose: c.purpose, destinations: c.destinations, categories: c.categories, validFrom: c.valid_from, expiresAt: c.expires_at, revokedAt: c.revoked_at, createdAt: c.created_at };
}
