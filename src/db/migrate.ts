import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_security.ts';
import * as m0003 from './migrations/0003_messaging_directory.ts';
import * as m0004 from './migrations/0004_feed_indexes.ts';
import * as m0005 from './migrations/0005_records.ts';
import * as m0006 from './migrations/0006_archive_content.ts';
import * as m0007 from './migrations/0007_moderation.ts';
import * as m0008 from './migrations/0008_policies_training.ts';
import * as m0009 from './migrations/0009_publisher.ts';
import * as m0010 from './migrations/0010_security_hardening.ts';
import * as m0011 from './migrations/0011_consent_subjects.ts';
import * as m0012 from './migrations/0012_roster_version.ts';
import * as m0013 from './migrations/0013_sandbox_network.ts';
import * as m0014 from './migrations/0014_oauth_flows.ts';
import * as m0015 from './migrations/0015_publisher_workflow.ts';
import * as m0016 from './migrations/0016_content_library.ts';
import * as m0017 from './migrations/0017_disposition_two_keys.ts';
import * as m0018 from './migrations/0018_media.ts';
import * as m0019 from './migrations/0019_instagram_youtube.ts';
import * as m0020 from './migrations/0020_screening.ts';
import * as m0021 from './migrations/0021_goals.ts';
import * as m0022 from './migrations/0022_events.ts';
import * as m0023 from './migrations/0023_fundraising.ts';
import * as m0024 from './migrations/0024_review_offboarding.ts';
import * as m0025 from './migrations/0025_passwordless.ts';
import * as m0026 from './migrations/0026_single_sign_on.ts';
import * as m0027 from './migrations/0027_scim.ts';
import * as m0028 from './migrations/0028_saml_scim_groups.ts';
import * as m0029 from './migrations/0029_misinfo_signals.ts';
import * as m0030 from './migrations/0030_community_joining.ts';
import * as m0031 from './migrations/0031_partitioned_history.ts';
import * as m0032 from './migrations/0032_archive_sweep_and_search.ts';

/** Ordered, forward-only migrations shared by PGlite and PostgreSQL. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_security': m0002,
  '0003_messaging_directory': m0003,
  '0004_feed_indexes': m0004,
  '0005_records': m0005,
  '0006_archive_content': m0006,
  '0007_moderation': m0007,
  '0008_policies_training': m0008,
  '0009_publisher': m0009,
  '0010_security_hardening': m0010,
  '0011_consent_subjects': m0011,
  '0012_roster_version': m0012,
  '0013_sandbox_network': m0013,
  '0014_oauth_flows': m0014,
  '0015_publisher_workflow': m0015,
  '0016_content_library': m0016,
  '0017_disposition_two_keys': m0017,
  '0018_media': m0018,
  '0019_instagram_youtube': m0019,
  '0020_screening': m0020,
  '0021_goals': m0021,
  '0022_events': m0022,
  '0023_fundraising': m0023,
  '0024_review_offboarding': m0024,
  '0025_passwordless': m0025,
  '0026_single_sign_on': m0026,
  '0027_scim': m0027,
  '0028_saml_scim_groups': m0028,
  '0029_misinfo_signals': m0029,
  '0030_community_joining': m0030,
  '0031_partitioned_history': m0031,
  '0032_archive_sweep_and_search': m0032,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return migrateTo(db);
}

/** Runs the migrations up to and including `last` (all of them without it); returns the ones applied now. */
export async function migrateTo(db: Db, last?: keyof typeof MIGRATIONS): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = last ? await migrator.migrateTo(last) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed');
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
