import { sql, type Kysely } from 'kysely';

/**
 * The history that only grows — archive entries and their content, audit entries, notifications — is
 * partitioned by month (native declarative partitioning, one partition per calendar month in UTC and a
 * default partition for anything outside them), so a search over a date range reads only those months and
 * a sweep of old months touches only their partitions however large the archive grows. The job scheduler
 * keeps months ahead ready (`harborline_month_partitions`). Hash chains are unaffected: their order is
 * `seq`, serialized by `chain_heads`, not the storage.
 *
 * A primary key or unique index on a partitioned table must contain the partition column, so ids stay
 * unique by their sequences and `(chain, seq)` by chain_heads; the foreign keys that pointed at archive
 * entries by id alone are dropped (entries are never deleted, so they cannot dangle).
 */
interface Partitioned {
  table: string;
  column: string;
  primaryKey: string;
  sequence?: string;
  after: string;
}

const TABLES: Partitioned[] = [
  {
    table: 'archive_entries',
    column: 'occurred_at',
    primaryKey: 'id, occurred_at',
    sequence: 'archive_entries_id_seq',
    after: `
      ALTER TABLE archive_entries ADD FOREIGN KEY (org_id) REFERENCES organizations(id);
      CREATE INDEX archive_chain_seq ON archive_entries (chain, seq);
      CREATE INDEX archive_record ON archive_entries (org_id, record_kind, record_id, version);
      CREATE INDEX archive_org_time ON archive_entries (org_id, occurred_at DESC);
      CREATE INDEX archive_author_time ON archive_entries (org_id, author_id, occurred_at DESC);
      CREATE INDEX archive_entry_id ON archive_entries (id);`,
  },
  {
    table: 'archive_content',
    column: 'occurred_at',
    primaryKey: 'entry_id, occurred_at',
    after: `
      ALTER TABLE archive_content ADD FOREIGN KEY (org_id) REFERENCES organizations(id);
      CREATE INDEX archive_content_search ON archive_content USING gin (search);
      CREATE INDEX archive_content_entry ON archive_content (entry_id);`,
  },
  {
    table: 'audit_log',
    column: 'created_at',
    primaryKey: 'id, created_at',
    sequence: 'audit_log_id_seq',
    after: `
      ALTER TABLE audit_log ADD FOREIGN KEY (org_id) REFERENCES organizations(id);
      CREATE INDEX audit_log_chain_seq ON audit_log (chain, seq);
      CREATE INDEX audit_log_org_time ON audit_log (org_id, created_at DESC);
      CREATE INDEX audit_log_id ON audit_log (id);`,
  },
  {
    table: 'notifications',
    column: 'created_at',
    primaryKey: 'id, created_at',
    after: `
      ALTER TABLE notifications ADD FOREIGN KEY (org_id) REFERENCES organizations(id);
      ALTER TABLE notifications ADD FOREIGN KEY (user_id) REFERENCES users(id);
      CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
      CREATE INDEX notifications_email_pending ON notifications (user_id) WHERE email_pending;
      CREATE INDEX notifications_id ON notifications (id);`,
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Months from 'from_month' to 'months_ahead' months after now, each its own partition of 'parent'.
    -- A month whose rows already sit in the default partition is left there (still found, only not pruned).
    CREATE OR REPLACE FUNCTION harborline_month_partitions(parent text, from_month date, months_ahead int)
    RETURNS int LANGUAGE plpgsql AS $$
    DECLARE
      m date := date_trunc('month', from_month)::date;
      last_month date := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead))::date;
      made int := 0;
      name text;
    BEGIN
      WHILE m <= last_month LOOP
        name := parent || '_' || to_char(m, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent,
              to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char((m + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00');
            made := made + 1;
          EXCEPTION WHEN check_violation THEN
            NULL;
          END;
        END IF;
        m := (m + interval '1 month')::date;
      END LOOP;
      RETURN made;
    END $$;

    -- Content is partitioned like its entries: it carries their time.
    ALTER TABLE archive_content ADD COLUMN occurred_at timestamptz;
    UPDATE archive_content c SET occurred_at = a.occurred_at FROM archive_entries a WHERE a.id = c.entry_id;
    DELETE FROM archive_content WHERE occurred_at IS NULL;
    ALTER TABLE archive_content ALTER COLUMN occurred_at SET NOT NULL;
    ALTER TABLE archive_content DROP CONSTRAINT archive_content_entry_id_fkey;
    ALTER TABLE archive_destructions DROP CONSTRAINT archive_destructions_entry_id_fkey;
    ALTER TABLE review_items DROP CONSTRAINT review_items_entry_id_fkey;
  `.execute(db);

  for (const t of TABLES) {
    const old = `${t.table}_unpartitioned`;
    await sql.raw(`ALTER TABLE ${t.table} RENAME TO ${old}`).execute(db);
    if (t.sequence) await sql.raw(`ALTER SEQUENCE ${t.sequence} OWNED BY NONE`).execute(db);
    await sql
      .raw(
        `CREATE TABLE ${t.table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED) PARTITION BY RANGE (${t.column});
         CREATE TABLE ${t.table}_default PARTITION OF ${t.table} DEFAULT;`,
      )
      .execute(db);
    // Every month that has rows, and three ahead.
    const first = await sql<{ m: string | null }>`SELECT min(${sql.ref(t.column)})::text AS m FROM ${sql.table(old)}`.execute(db);
    await sql`SELECT harborline_month_partitions(${t.table}, (coalesce(${first.rows[0].m}::timestamptz, now()) AT TIME ZONE 'UTC')::date, 3)`.execute(
      db,
    );
    const columns = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${old} AND is_generated = 'NEVER'
      ORDER BY ordinal_position`.execute(db);
    const list = columns.rows.map((c) => `"${c.name}"`).join(', ');
    await sql.raw(`INSERT INTO ${t.table} (${list}) SELECT ${list} FROM ${old}; DROP TABLE ${old};`).execute(db);
    await sql.raw(`ALTER TABLE ${t.table} ADD PRIMARY KEY (${t.primaryKey}); ${t.after}`).execute(db);
    if (t.sequence) await sql.raw(`ALTER SEQUENCE ${t.sequence} OWNED BY ${t.table}.id`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
