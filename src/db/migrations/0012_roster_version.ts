import { sql, type Kysely } from 'kysely';

/**
 * The guard reads every write in its organization's context (names, facilities, staff directory). That
 * context is cached per process and checked against `roster_version`, which the database itself bumps
 * whenever a membership, a member's name or the organization's settings change, so every node sees a
 * change at its next write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE organizations ADD COLUMN roster_version bigint NOT NULL DEFAULT 0;

    CREATE FUNCTION bump_roster_for_membership() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE organizations SET roster_version = roster_version + 1 WHERE id = COALESCE(NEW.org_id, OLD.org_id);
      IF TG_OP = 'UPDATE' AND NEW.org_id IS DISTINCT FROM OLD.org_id THEN
        UPDATE organizations SET roster_version = roster_version + 1 WHERE id = OLD.org_id;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER memberships_roster AFTER INSERT OR DELETE OR UPDATE OF role, org_id ON memberships
      FOR EACH ROW EXECUTE FUNCTION bump_roster_for_membership();

    CREATE FUNCTION bump_roster_for_user() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE organizations SET roster_version = roster_version + 1 WHERE id IN (SELECT org_id FROM memberships WHERE user_id = NEW.id);
      RETURN NULL;
    END $$;
    CREATE TRIGGER users_roster AFTER UPDATE OF display_name ON users
      FOR EACH ROW WHEN (NEW.display_name IS DISTINCT FROM OLD.display_name) EXECUTE FUNCTION bump_roster_for_user();

    CREATE FUNCTION bump_roster_for_settings() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.roster_version := OLD.roster_version + 1;
      RETURN NEW;
    END $$;
    CREATE TRIGGER organizations_roster BEFORE UPDATE OF settings, name ON organizations
      FOR EACH ROW WHEN (NEW.settings IS DISTINCT FROM OLD.settings OR NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION bump_roster_for_settings();
  `.execute(db);
}
