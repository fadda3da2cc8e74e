import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { floorFor, floorsFor } from './retention.ts';

export interface RuleInput {
  recordClass: string;
  jurisdiction: string;
  years: number;
  basis: string;
  /** When the rule starts to apply (default: now). Disposition as of an earlier moment ignores it. */
  effectiveFrom?: string | null;
  /** A rule under a year destroys records within months: the officer says they mean it. */
  acknowledgeShort?: boolean;
}

const SHORT_YEARS = 3;

/** What an officer should know about a period before relying on it; a floor is a refusal, not a warning. */
async function checkPeriod(db: Db, orgId: string, input: Pick<RuleInput, 'recordClass' | 'jurisdiction' | 'years' | 'acknowledgeShort'>) {
  const floor = await floorFor(db, orgId, input.recordClass, input.jurisdiction);
  if (floor && input.years < floor.years)
    throw badRequest(
      `${input.recordClass} records are kept at least ${floor.years} years${floor.jurisdiction === '*' ? '' : ` in ${floor.jurisdiction}`} (${floor.basis}).`,
      { floorYears: floor.years },
    );
  if (input.years < 1 && !input.acknowledgeShort)
    throw badRequest(
      `A ${input.years}-year rule destroys ${input.recordClass} records as soon as the schedule runs. Confirm that this is intended (acknowledgeShort).`,
    );
  return input.years < SHORT_YEARS
    ? [
        `${input.years} year(s) is short: health records are usually kept six years or more (HIPAA documentation, state medical-record laws).`,
      ]
    : [];
}

const effective = (value: string | null | undefined) => {
  if (!value) return new Date();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9999)
    throw badRequest('effectiveFrom is not a date.');
  return at;
};

/** A new rule, checked against the floors; short periods are warned about (under a year, confirmed). */
export async function createRule(db: Db, actor: Actor, input: RuleInput) {
  const warnings = await checkPeriod(db, actor.orgId, input);
  const rule = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('retention_rules')
      .values({
        org_id: actor.orgId,
        record_class: input.recordClass,
        jurisdiction: input.jurisdiction,
        years: input.years,
        basis: input.basis,
        created_by: actor.userId,
        effective_from: effective(input.effectiveFrom),
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'retention.rule_created',
      targetType: 'retention_rule',
      targetId: row.id,
      ip: actor.ip,
      detail: { after: { ...input, acknowledgeShort: undefined } },
    });
    return row;
  });
  return { rule, warnings };
}

/** Changes a rule's period, basis or start; the audit keeps what it was and what it became. */
export async function updateRule(
  db: Db,
  actor: Actor,
  id: string,
  input: Pick<RuleInput, 'years' | 'basis' | 'effectiveFrom' | 'acknowledgeShort'>,
) {
  if (!isUuid(id)) throw notFound('Retention rule');
  const current = await db
    .selectFrom('retention_rules')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!current) throw notFound('Retention rule');
  if (current.retired_at) throw conflict('This rule is retired; add a new one instead.');
  const warnings = await checkPeriod(db, actor.orgId, { ...input, recordClass: current.record_class, jurisdiction: current.jurisdiction });
  await db.transaction().execute(async (tx) => {
    const after = {
      years: input.years,
      basis: input.basis,
      effective_from: input.effectiveFrom ? effective(input.effectiveFrom) : current.effective_from,
    };
    const updated = await tx
      .updateTable('retention_rules')
      .set({ ...after, version: current.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .where('version', '=', current.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('The rule changed meanwhile; reload it.');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'retention.rule_changed',
      targetType: 'retention_rule',
      targetId: id,
      ip: actor.ip,
      detail: {
        before: { years: current.years, basis: current.basis, effectiveFrom: current.effective_from.toISOString() },
        after: { years: after.years, basis: after.basis, effectiveFrom: after.effective_from.toISOString() },
      },
    });
  });
  return { warnings };
}

/** A retired rule no longer applies: records of its class are kept unless another rule covers them. */
export async function retireRule(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Retention rule');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('retention_rules')
      .set({ retired_at: new Date(), retired_by: actor.userId, updated_at: new Date() })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .where('retired_at', 'is', null)
      .returning(['record_class', 'jurisdiction', 'years'])
      .executeTakeFirst();
    if (!r) {
      const exists = await tx
        .selectFrom('retention_rules')
        .select('id')
        .where('id', '=', id)
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst();
      throw exists ? conflict('This rule is already retired.') : notFound('Retention rule');
    }
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'retention.rule_retired',
      targetType: 'retention_rule',
      targetId: id,
      ip: actor.ip,
      detail: { before: { recordClass: r.record_class, jurisdiction: r.jurisdiction, years: r.years } },
    });
  });
}

/** A floor the organization's law sets (a state's medical-record period, say): rules cannot go below it. */
export async function addFloor(db: Db, actor: Actor, input: { recordClass: string; jurisdiction: string; years: number; basis: string }) {
  const shorter = await db
    .selectFrom('retention_rules')
    .select(['id', 'years', 'jurisdiction'])
    .where('org_id', '=', actor.orgId)
    .where('record_class', '=', input.recordClass)
    .where('retired_at', 'is', null)
    .where('years', '<', input.years)
    .execute();
  const below = shorter.filter((r) => input.jurisdiction === '*' || r.jurisdiction === input.jurisdiction);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('retention_floors')
      .values({
        org_id: actor.orgId,
        record_class: input.recordClass,
        jurisdiction: input.jurisdiction,
        years: input.years,
        basis: input.basis,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('A floor for this record class and jurisdiction exists.');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'retention.floor_added',
      targetType: 'retention_floor',
      targetId: row.id,
      ip: actor.ip,
      detail: { after: input },
    });
    return {
      floor: row,
      // Shorter rules stay as written; the floor raises their period wherever they apply.
      warnings: below.length ? [`${below.length} rule(s) are shorter; records they cover are now kept ${input.years} years.`] : [],
    };
  });
}

/** Rules (current and retired) and floors, for the records screen. */
export async function listRules(db: Db, orgId: string) {
  const rules = await db
    .selectFrom('retention_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('record_class')
    .orderBy('created_at')
    .execute();
  const floors = await floorsFor(db, orgId);
  return {
    rules: rules.map((r) => ({
      id: r.id,
      record_class: r.record_class,
      jurisdiction: r.jurisdiction,
      years: r.years,
      basis: r.basis,
      created_at: r.created_at,
      effectiveFrom: r.effective_from.toISOString(),
      retiredAt: r.retired_at?.toISOString() ?? null,
      version: r.version,
    })),
    floors: floors.map((f) => ({
      id: f.id,
      recordClass: f.recordClass,
      jurisdiction: f.jurisdiction,
      years: f.years,
      basis: f.basis,
      builtIn: f.builtIn,
    })),
  };
}
