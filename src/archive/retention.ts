import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { withoutStatementTimeout, type Db, type Tx } from '../db/database.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { hmacSha256, signingKey } from './signing.ts';

/** Minimum retention the law sets for some record classes; a shorter rule cannot lower it. */
export const STATUTORY_MINIMUM_YEARS: Record<string, { years: number; basis: string }> = {
  policy_acknowledgement: { years: 6, basis: 'HIPAA 45 CFR 164.316(b)(2)(i): documentation kept six years' },
  training_record: { years: 6, basis: 'HIPAA 45 CFR 164.316(b)(2)(i): documentation kept six years' },
  // Counted from the consent's last event: its revocation or expiry (both are archived).
  consent: { years: 6, basis: 'HIPAA 45 CFR 164.508(b)(6) and 164.530(j): signed authorizations kept six years from when last in effect' },
};

/** Makes sure the six-year rule exists, so acknowledgements and training records are kept at least that long. */
export async function ensureStatutoryRetention(tx: Tx | Db, orgId: string, recordClass: keyof typeof STATUTORY_MINIMUM_YEARS) {
  const existing = await tx
    .selectFrom('retention_rules')
    .select('id')
    .where('org_id', '=', orgId)
    .where('record_class', '=', recordClass)
    .where('years', '>=', STATUTORY_MINIMUM_YEARS[recordClass].years)
    .executeTakeFirst();
  if (existing) return;
  const m = STATUTORY_MINIMUM_YEARS[recordClass];
  await tx
    .insertInto('retention_rules')
    .values({ org_id: orgId, record_class: recordClass, jurisdiction: 'US-HIPAA', years: m.years, basis: m.basis, created_by: null })
    .execute();
}

/** True when hold `h` covers archive entry `a` (content alias `c`); empty criteria match everything. */
const HOLD_COVERS = sql<boolean>`(cardinality(h.custodian_ids) = 0 OR a.author_id = ANY(h.custodian_ids))
    AND (cardinality(h.channels) = 0 OR a.channel = ANY(h.channels))
    AND (cardinality(h.keywords) = 0 OR EXISTS (SELECT 1 FROM unnest(h.keywords) k WHERE c.content_text ILIKE '%' || k || '%'))
    AND (h.date_from IS NULL OR a.occurred_at >= h.date_from)
    AND (h.date_to IS NULL OR a.occurred_at < h.date_to)`;

/** True for an archive entry (alias `a`, its content alias `c`) that an active legal hold covers. */
export const HELD: RawBuilder<boolean> = sql<boolean>`EXISTS (
  SELECT 1 FROM legal_holds h WHERE h.org_id = a.org_id AND h.released_at IS NULL AND ${HOLD_COVERS})`;

/** How many archive entries (still held in content) a hold covers now. */
export async function holdCoverage(db: Db, orgId: string, holdId: string): Promise<number> {
  const row = await sql<{ n: string }>`
    SELECT count(*) AS n FROM archive_entries a JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at, legal_holds h
    WHERE h.id = ${holdId} AND h.org_id = ${orgId} AND a.org_id = h.org_id AND ${HOLD_COVERS}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** The certificate digest over destroyed entries: each "seq:content_hash", in chain order, SHA-256. */
const MANIFEST_DIGEST = sql<string>`encode(sha256(convert_to(string_agg(seq::text || ':' || content_hash, E'\n' ORDER BY seq), 'UTF8')), 'hex')`;

export interface DispositionResult {
  certificateId: string | null;
  records: number;
  entries: number;
  heldRecords: number;
}

/**
 * Destroys archived content: content and searchable text go; the entry, its hashes and its place in the
 * chain stay, pointing at a signed certificate (what, when, under which rule, hash of what was destroyed).
 * Live copies in the product are emptied too.
 */
async function destroy(
  tx: Tx,
  secrets: SecretBox,
  orgId: string,
  reason: string,
  target: RawBuilder<boolean>,
  rules: unknown[],
): Promise<{ certificateId: string; entries: number; records: number } | null> {
  const cert = await tx
    .insertInto('destruction_certificates')
    .values({
      org_id: orgId,
      reason,
      entry_count: 0,
      record_count: 0,
      rules: JSON.stringify(rules),
      sample: '[]',
      manifest_sha256: '',
      signature: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // What was destroyed goes to a narrow scratch table: counts, digest, sample and live copies read it
  // instead of scanning the whole archive again (a sweep may cover a million entries).
  await sql`CREATE TEMP TABLE IF NOT EXISTS destroyed_now (id bigint, seq bigint, content_hash text, record_kind text, record_id text, occurred_at timestamptz) ON COMMIT DROP`.execute(
    tx,
  );
  await sql`TRUNCATE destroyed_now`.execute(tx);
  // Entries are never updated: destruction records a row per entry and deletes the content.
  await sql`
    INSERT INTO destroyed_now
    SELECT a.id, a.seq, a.content_hash, a.record_kind, a.record_id, a.occurred_at
    FROM archive_entries a JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at
    WHERE a.org_id = ${orgId} AND ${target}`.execute(tx);
  await sql`INSERT INTO archive_destructions (entry_id, certificate_id) SELECT id, ${cert.id}::uuid FROM destroyed_now`.execute(tx);
  // Bounded by the destroyed entries' time span, so only their months' partitions are read.
  const span = (
    await sql<{
      first: Date | null;
      last: Date | null;
    }>`SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM destroyed_now`.execute(tx)
  ).rows[0];
  if (span.first && span.last)
    await sql`DELETE FROM archive_content c USING destroyed_now d
      WHERE c.entry_id = d.id AND c.occurred_at = d.occurred_at AND c.occurred_at >= ${span.first} AND c.occurred_at <= ${span.last}`.execute(
      tx,
    );
  const { rows } = await sql<{ entries: number; records: number; manifest: string | null }>`
    SELECT count(*)::int AS entries, count(DISTINCT (record_kind, record_id))::int AS records, ${MANIFEST_DIGEST} AS manifest
    FROM destroyed_now`.execute(tx);
  const summary = rows[0];
  if (summary.entries === 0) {
    await tx.deleteFrom('destruction_certificates').where('id', '=', cert.id).execute();
    return null;
  }
  const sample = await sql<{
    kind: string;
    id: string;
  }>`SELECT DISTINCT record_kind AS kind, record_id AS id FROM destroyed_now LIMIT 1000`.execute(tx);
  const manifest = summary.manifest!;
  const signature = hmacSha256(await signingKey(tx, secrets, orgId), `${cert.id}\n${reason}\n${manifest}`);
  await tx
    .updateTable('destruction_certificates')
    .set({
      entry_count: summary.entries,
      record_count: summary.records,
      manifest_sha256: manifest,
      signature,
      sample: JSON.stringify(sample.rows),
    })
    .where('id', '=', cert.id)
    .execute();
  await emptyLiveCopies(tx, orgId);
  return { certificateId: cert.id, entries: summary.entries, records: summary.records };
}

/** Set-based from the scratch table: a sweep may cover a million records (far past the bind-parameter limit). */
async function emptyLiveCopies(tx: Tx, orgId: string) {
  const covered = (kind: string) => sql`SELECT record_id::uuid FROM destroyed_now WHERE record_kind = ${kind}`;
  await sql`UPDATE posts SET title = '', body = '', status = 'deleted' WHERE org_id = ${orgId} AND id IN (${covered('post')})`.execute(tx);
  await sql`UPDATE comments SET body = '', status = 'deleted' WHERE org_id = ${orgId} AND id IN (${covered('comment')})`.execute(tx);
  await sql`UPDATE messages SET body = '[destroyed under the retention schedule]' WHERE org_id = ${orgId} AND id IN (${covered('message')})`.execute(
    tx,
  );
  // Pictures: their files are queued for removal from storage (after this commits) and the row keeps no trace of them.
  await sql`INSERT INTO media_purges (key, org_id)
    SELECT f.value->>'key', m.org_id FROM media m CROSS JOIN LATERAL jsonb_each(m.files) f
    WHERE m.org_id = ${orgId} AND m.id IN (${covered('media')})
    ON CONFLICT DO NOTHING`.execute(tx);
  await sql`UPDATE media SET files = '{}', evidence = NULL, alt_text = '', redactions = '[]', status = 'destroyed', stage = 'destroyed'
    WHERE org_id = ${orgId} AND id IN (${covered('media')})`.execute(tx);
}

/** What a sweep would destroy (or did), by record class and the jurisdiction of the rule that set its period. */
export interface DispositionBreakdown {
  recordClass: string;
  jurisdiction: string;
  years: number;
  records: number;
  heldRecords: number;
}

export interface DispositionOptions {
  /** Count what would go and destroy nothing. */
  dryRun?: boolean;
  /**
   * The periods an approved request was shown: at execution a class is kept at least that long even if
   * its rule was shortened since (a rule lengthened since wins; a retired rule keeps everything).
   */
  approvedPeriods?: { recordClass: string; years: number }[];
}

/**
 * The disposition sweep for one organization, as of a moment: a record expires when its newest entry is
 * older than its class's period: the longest rule in effect then, never below the statutory floors (the
 * built-in ones and the organization's own for that class and jurisdiction). Records with any held entry
 * are skipped; classes without a rule are kept. One process at a time (advisory lock): a second
 * concurrent sweep is a no-op.
 */
export async function runDisposition(
  db: Db,
  secrets: SecretBox,
  orgId: string,
  now = new Date(),
  opts: DispositionOptions = {},
): Promise<DispositionResult & { breakdown: DispositionBreakdown[]; rules: AppliedRule[] }> {
  const none = { certificateId: null, records: 0, entries: 0, heldRecords: 0, breakdown: [], rules: [] };
  return db.transaction().execute(async (tx) => {
    // A large organization's sweep may run longer than a request's statement timeout.
    await withoutStatementTimeout(tx);
    const { rows: lock } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${`disposition:${orgId}`})) AS ok`.execute(
      tx,
    );
    if (!lock[0].ok) return none;
    const rules = await appliedRules(tx, orgId, now, opts.approvedPeriods);
    if (rules.length === 0) return none;
    // Checking every entry against the holds costs; with no active hold there is nothing to check.
    const anyHold = await tx
      .selectFrom('legal_holds')
      .select('id')
      .where('org_id', '=', orgId)
      .where('released_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    const held = anyHold ? HELD : sql<boolean>`false`;
    const periods = sql.join(rules.map((r) => sql`(${r.recordClass}::text, ${r.years}::int, ${r.jurisdiction}::text)`));
    // Every entry of an expired record is older than the shortest period's cutoff: reading only the months
    // before it (partition pruning on a value known when the statement starts) keeps the sweep's cost to the
    // expired part of the archive, however many years of newer records it holds.
    const classes = sql.join(rules.map((r) => r.recordClass));
    const horizon = sql<Date>`${now}::timestamptz - make_interval(years => ${Math.min(...rules.map((r) => r.years))}::int)`;
    await sql`CREATE TEMP TABLE expired_records ON COMMIT DROP AS
      WITH rules (record_class, years, jurisdiction) AS (VALUES ${periods})
      SELECT a.record_kind, a.record_id, r.record_class, r.jurisdiction, r.years, bool_or(${held}) AS held
      FROM archive_records x JOIN rules r ON r.record_class = x.record_class
      JOIN archive_entries a ON a.org_id = x.org_id AND a.record_kind = x.record_kind AND a.record_id = x.record_id
        AND a.record_class = x.record_class AND a.occurred_at < ${horizon}
      LEFT JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at AND c.occurred_at < ${horizon}
      WHERE x.org_id = ${orgId} AND x.last_at < ${now}::timestamptz - make_interval(years => r.years)
        -- The same, as constants: an index range over the ruled classes' old records, whatever the plan.
        AND x.record_class IN (${classes}) AND x.last_at < ${horizon}
      GROUP BY a.record_kind, a.record_id, r.record_class, r.jurisdiction, r.years
      HAVING bool_or(c.entry_id IS NOT NULL)
        -- A consent still in force is never destroyed: its retention counts from its revocation or expiry.
        AND NOT (a.record_kind = 'consent' AND EXISTS (SELECT 1 FROM consents k WHERE k.id::text = a.record_id AND k.lapsed_at IS NULL))`.execute(
      tx,
    );
    // Statistics let the planner hash-join the archive against it rather than loop; the index keeps a loop
    // cheap when it loops anyway (it misjudges the entry-content join on two equalities as one row).
    await sql`CREATE INDEX ON expired_records (record_id, record_kind)`.execute(tx);
    await sql`ANALYZE expired_records`.execute(tx);
    const breakdown = (
      await sql<DispositionBreakdown>`
        SELECT record_class AS "recordClass", jurisdiction, years, count(*)::int AS records, (count(*) FILTER (WHERE held))::int AS "heldRecords"
        FROM expired_records GROUP BY record_class, jurisdiction, years ORDER BY record_class`.execute(tx)
    ).rows;
    const heldRecords = breakdown.reduce((n, b) => n + b.heldRecords, 0);
    if (opts.dryRun)
      return { ...none, records: breakdown.reduce((n, b) => n + b.records - b.heldRecords, 0), heldRecords, breakdown, rules };
    const result = await destroy(
      tx,
      secrets,
      orgId,
      'retention schedule',
      sql<boolean>`a.occurred_at < ${horizon} AND c.occurred_at < ${horizon}
        AND EXISTS (SELECT 1 FROM expired_records e WHERE NOT e.held AND e.record_kind = a.record_kind AND e.record_id = a.record_id)`,
      rules,
    );
    // Records whose content is all gone are not the sweep's business any more.
    await sql`DELETE FROM archive_records x USING expired_records e
      WHERE NOT e.held AND x.org_id = ${orgId} AND x.record_kind = e.record_kind AND x.record_id = e.record_id AND x.record_class = e.record_class
        AND x.record_class IN (${classes}) AND x.last_at < ${horizon}`.execute(tx);
    await recordAudit(tx, {
      orgId,
      actorId: null,
      action: 'archive.disposition',
      targetType: 'destruction_certificate',
      targetId: result?.certificateId ?? undefined,
      detail: { entries: result?.entries ?? 0, heldRecords },
    });
    return {
      certificateId: result?.certificateId ?? null,
      records: result?.records ?? 0,
      entries: result?.entries ?? 0,
      heldRecords,
      breakdown,
      rules,
    };
  });
}

/** The period that applies to a record class, and where it comes from. */
export interface AppliedRule {
  recordClass: string;
  ruleId: string;
  years: number;
  jurisdiction: string;
  basis: string;
  /** Set when a statutory floor, not the rule, sets the period. */
  floor?: string;
}

/**
 * Each class's period as of a moment: its longest rule in effect (not retired, effective by then), raised
 * to the statutory floors and, for an approved request, to the periods its approvers saw.
 */
export async function appliedRules(
  tx: Tx | Db,
  orgId: string,
  asOf: Date,
  approvedPeriods: { recordClass: string; years: number }[] = [],
): Promise<AppliedRule[]> {
  const rules = await tx
    .selectFrom('retention_rules')
    .select(['id', 'record_class', 'years', 'jurisdiction', 'basis'])
    .where('org_id', '=', orgId)
    .where('retired_at', 'is', null)
    .where('effective_from', '<=', asOf)
    .orderBy('record_class')
    .orderBy('years', 'desc')
    .execute();
  const floors = await floorsFor(tx, orgId);
  const out = new Map<string, AppliedRule>();
  for (const r of rules) {
    if (out.has(r.record_class)) continue;
    const applied: AppliedRule = {
      recordClass: r.record_class,
      ruleId: r.id,
      years: r.years,
      jurisdiction: r.jurisdiction,
      basis: r.basis,
    };
    const floor = floors.filter((f) => f.recordClass === r.record_class && (f.jurisdiction === '*' || f.jurisdiction === r.jurisdiction));
    for (const f of floor) if (f.years > applied.years) Object.assign(applied, { years: f.years, floor: `${f.jurisdiction}: ${f.basis}` });
    const approved = approvedPeriods.find((p) => p.recordClass === r.record_class);
    if (approved && approved.years > applied.years) applied.years = approved.years;
    out.set(r.record_class, applied);
  }
  return [...out.values()];
}

/** Statutory floors: the built-in ones (every jurisdiction) and the organization's own. */
export async function floorsFor(tx: Tx | Db, orgId: string) {
  const own = await tx
    .selectFrom('retention_floors')
    .select(['id', 'record_class', 'jurisdiction', 'years', 'basis'])
    .where('org_id', '=', orgId)
    .execute();
  return [
    ...Object.entries(STATUTORY_MINIMUM_YEARS).map(([recordClass, m]) => ({
      id: null,
      recordClass,
      jurisdiction: '*',
      years: m.years,
      basis: m.basis,
      builtIn: true,
    })),
    ...own.map((f) => ({
      id: f.id,
      recordClass: f.record_class,
      jurisdiction: f.jurisdiction,
      years: f.years,
      basis: f.basis,
      builtIn: false,
    })),
  ];
}

/** The highest floor a rule for this class and jurisdiction must respect, if any. */
export async function floorFor(tx: Tx | Db, orgId: string, recordClass: string, jurisdiction: string) {
  const floors = (await floorsFor(tx, orgId)).filter(
    (f) => f.recordClass === recordClass && (f.jurisdiction === '*' || f.jurisdiction === jurisdiction),
  );
  return floors.sort((a, b) => b.years - a.years)[0] ?? null;
}

/**
 * GDPR erasure of everything a person wrote. While a legal hold covers any of it, processing is
 * restricted instead (their content is hidden); the sweep erases it once the holds are released.
 */
export async function requestErasure(db: Db, secrets: SecretBox, actor: Actor, subjectId: string) {
  return db.transaction().execute(async (tx) => {
    const req = await tx
      .insertInto('erasure_requests')
      .values({ org_id: actor.orgId, subject_id: subjectId, requested_by: actor.userId, status: 'restricted' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'erasure.request',
      targetType: 'user',
      targetId: subjectId,
      ip: actor.ip,
      detail: { requestId: req.id },
    });
    return processErasure(tx, secrets, actor.orgId, req.id, subjectId);
  });
}

/** What an erasure kept, and why (told to the person who asked). */
export interface ErasureKept {
  recordClass: string;
  entries: number;
  reason: string;
  /** When it can be erased (the floor's end for the newest of them); null under a legal hold. */
  until: string | null;
}

async function processErasure(tx: Tx, secrets: SecretBox, orgId: string, requestId: string, subjectId: string) {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM archive_entries a JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at WHERE a.org_id = ${orgId} AND a.author_id = ${subjectId} AND ${HELD}`.execute(
    tx,
  );
  if (rows[0].n > 0) {
    await tx
      .updateTable('posts')
      .set({ status: 'hidden' })
      .where('org_id', '=', orgId)
      .where('author_id', '=', subjectId)
      .where('status', '=', 'visible')
      .execute();
    await tx
      .updateTable('comments')
      .set({ status: 'hidden' })
      .where('org_id', '=', orgId)
      .where('author_id', '=', subjectId)
      .where('status', '=', 'visible')
      .execute();
    const kept: ErasureKept[] = [
      {
        recordClass: 'any',
        entries: rows[0].n,
        reason: 'A legal hold requires these records to be kept; they are hidden and will be erased when it is released.',
        until: null,
      },
    ];
    return { requestId, status: 'restricted' as const, heldEntries: rows[0].n, kept };
  }
  // Statutory floors outlast an erasure request: records of a floored class younger than its floor stay.
  const floors = new Map<string, { years: number; basis: string }>();
  for (const f of await floorsFor(tx, orgId)) if ((floors.get(f.recordClass)?.years ?? 0) < f.years) floors.set(f.recordClass, f);
  const protectedBy = [...floors].map(
    ([recordClass, f]) =>
      sql<boolean>`(a.record_class = ${recordClass} AND a.occurred_at > now() - make_interval(years => ${f.years}::int))`,
  );
  const underFloor = protectedBy.length ? sql<boolean>`(${sql.join(protectedBy, sql` OR `)})` : sql<boolean>`false`;
  const keptRows = await sql<{ record_class: string; n: number; newest: Date }>`
    SELECT a.record_class, count(*)::int AS n, max(a.occurred_at) AS newest
    FROM archive_entries a JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at
    WHERE a.org_id = ${orgId} AND a.author_id = ${subjectId} AND ${underFloor}
    GROUP BY a.record_class`.execute(tx);
  const kept: ErasureKept[] = keptRows.rows.map((k) => {
    const floor = floors.get(k.record_class)!;
    const until = new Date(k.newest);
    until.setUTCFullYear(until.getUTCFullYear() + floor.years);
    return {
      recordClass: k.record_class,
      entries: k.n,
      reason: `The law requires ${k.record_class.replaceAll('_', ' ')} records to be kept ${floor.years} years (${floor.basis}).`,
      until: until.toISOString(),
    };
  });
  const result = await destroy(tx, secrets, orgId, 'GDPR erasure request', sql<boolean>`a.author_id = ${subjectId} AND NOT ${underFloor}`, [
    { erasureRequest: requestId },
  ]);
  await tx
    .updateTable('erasure_requests')
    .set({ status: 'erased', completed_at: new Date(), certificate_id: result?.certificateId ?? null })
    .where('id', '=', requestId)
    .execute();
  await recordAudit(tx, {
    orgId,
    actorId: null,
    action: 'erasure.completed',
    targetType: 'user',
    targetId: subjectId,
    detail: { requestId, entries: result?.entries ?? 0, keptEntries: kept.reduce((n, k) => n + k.entries, 0) },
  });
  return { requestId, status: 'erased' as const, certificateId: result?.certificateId ?? null, erasedEntries: result?.entries ?? 0, kept };
}

/** Erasures waiting on holds are retried by every sweep and when a hold is released. */
export async function retryRestrictedErasures(db: Db, secrets: SecretBox, orgId: string) {
  const pending = await db
    .selectFrom('erasure_requests')
    .select(['id', 'subject_id'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'restricted')
    .execute();
  for (const p of pending) await db.transaction().execute((tx) => processErasure(tx, secrets, orgId, p.id, p.subject_id));
}

/** Checks a certificate against the entries it covers and its signature; null when there is no such certificate. */
export async function verifyCertificate(db: Db, secrets: SecretBox, orgId: string, certificateId: string): Promise<boolean | null> {
  const cert = await db
    .selectFrom('destruction_certificates')
    .selectAll()
    .where('id', '=', certificateId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!cert) return null;
  const { rows } = await sql<{ manifest: string | null }>`
    SELECT ${MANIFEST_DIGEST} AS manifest FROM archive_entries a JOIN archive_destructions d ON d.entry_id = a.id
    WHERE d.certificate_id = ${certificateId}`.execute(db);
  const manifest = rows[0]?.manifest;
  return (
    manifest === cert.manifest_sha256 &&
    hmacSha256(await signingKey(db, secrets, orgId), `${cert.id}\n${cert.reason}\n${manifest}`) === cert.signature
  );
}
