import { SecretBox } from '../../src/shared/secret-box.ts';
import { completeStarterTraining } from '../../src/seed/training.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Client } from './http.ts';
import { loadConfig, type Config } from '../../src/config/env.ts';
import { migrateToLatest, openDatabase } from '../../src/db/index.ts';
import { buildApp } from '../../src/app.ts';
import { appContext, type AppContext } from '../../src/http/context.ts';
import { createOrganization, type DemoUser } from '../../src/seed/demo.ts';

/** Fake networks in tests listen on loopback, which the outbound guard refuses unless allowed. */
export const LOOPBACK = '127.0.0.0/8,::1';

export const PASSWORD = 'correct-horse-battery-staple-9';

/**
 * A fresh database for one test file: in-memory PGlite, or (database tier on PostgreSQL) a new database
 * in the throwaway cluster whose URL scripts/test.mjs passes in.
 */
export async function openTestContext(overrides: Partial<Config> = {}): Promise<AppContext> {
  const databaseUrl = overrides.databaseUrl ?? (await createTestPostgresDatabase());
  const database = await openDatabase({ databaseUrl, replicaUrl: overrides.databaseReplicaUrl, dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const config = {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: '/tmp/harborline-test',
      PUBLISHER_ALLOW_HTTP: 'true',
      OUTBOUND_ALLOW_ADDRESSES: LOOPBACK,
      STRICT_RESPONSES: 'true',
    }),
    databaseUrl,
    ...overrides,
  };
  return appContext(config, database, new SecretBox(randomBytes(32)));
}

/** In the PostgreSQL tier, a new empty database in the throwaway cluster; otherwise undefined (PGlite). */
export async function createTestPostgresDatabase(): Promise<string | undefined> {
  const base = process.env.HARBORLINE_TEST_POSTGRES_URL;
  if (!base) return undefined;
  const name = `hl_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return base.replace(/\/[^/]*$/, `/${name}`);
}

export interface TestServer {
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const ctx = await openTestContext(overrides);
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await ctx.database.close();
    },
  };
}

let orgCounter = 0;
/** An organization with one user per role (emails: <role>@<slug>.test) and the shared test password. */
export async function createTestOrg(
  ctx: AppContext,
  // Letters only after the counter: people's names are built from the slug, and a run of hex digits in a
  // name reads as an account number to the PHI detector (a flaky refusal, not a product defect).
  slug = `org${++orgCounter}-${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`,
  opts: { trained?: boolean } = {},
) {
  const roles = ['admin', 'compliance', 'communications', 'clinician', 'staff', 'patient'] as const;
  const users: DemoUser[] = roles.map((role) => ({
    email: `${role}@${slug}.test`,
    name: `${role[0].toUpperCase()}${role.slice(1)} of ${slug}`,
    role,
  }));
  users.push({ email: `patient2@${slug}.test`, name: `Second patient of ${slug}`, role: 'patient' });
  const { orgId, actors } = await createOrganization(ctx.db, { slug, name: `Org ${slug}` }, users, PASSWORD);
  // Staff are trained and have acknowledged the policy unless a test is about the gates themselves.
  if (opts.trained !== false)
    await completeStarterTraining(
      ctx.db,
      ctx.secrets,
      Object.values(actors).filter((a) => a.role !== 'patient'),
    );
  const email = (role: string) => `${role}@${slug}.test`;
  const userId = (role: string) => actors[email(role)].userId;
  return { orgId, slug, actors, email, userId };
}

export type TestOrg = Awaited<ReturnType<typeof createTestOrg>>;

/** A client signed in as the organization's user with that role (emails are <role>@<slug>.test). */
export async function signedIn(server: Pick<TestServer, 'url'>, org: Pick<TestOrg, 'email'>, role: string): Promise<Client> {
  const c = new Client(server.url);
  await c.login(org.email(role), PASSWORD);
  return c;
}
