import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/env.ts';
import { migrateToLatest, openDatabase, type Database } from './db/index.ts';
import { buildApp } from './app.ts';
import { startBackgroundJobs } from './background.ts';
import { appContext, type AppContext } from './http/context.ts';
import { runRetentionSchedule } from './archive/disposition.ts';
import { sealLegacySigningKeys } from './archive/signing.ts';
import { sealLegacyTotpSecrets } from './security/second-factor.ts';
import type { Db } from './db/index.ts';
import { loadSecretKey, SecretBox } from './shared/secret-box.ts';
import { DEMO_IDP, DEMO_IDP_PEOPLE, startDemoIdentityProvider } from './seed/demo-identity-provider.ts';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo.ts';

/**
 * Data at rest is private to the server's account: files created from now on get no group or other access
 * (umask 077), and a data folder left open by an earlier version or by hand is closed.
 */
function privateDataDir(dataDir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const close = (p: string) => {
    const stat = fs.lstatSync(p);
    if (stat.isSymbolicLink()) return;
    if (stat.mode & 0o077) fs.chmodSync(p, stat.mode & 0o700);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) close(path.join(p, entry));
  };
  close(dataDir);
}

export async function openContext(config: Config): Promise<AppContext> {
  privateDataDir(config.dataDir);
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    replicaUrl: config.databaseReplicaUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    ...config.database,
  });
  await migrateToLatest(database.db);
  // The embedded engine sets some files' modes itself (its own umask emulation): close them again.
  if (!config.databaseUrl) privateDataDir(config.dataDir);
  const secrets = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  // Secrets an earlier version kept in plain text are sealed now (a no-op once done).
  await sealLegacyTotpSecrets(database.db, secrets);
  await sealLegacySigningKeys(database.db, secrets);
  return appContext(config, database, secrets);
}

/** Starts the product: database, migrations, demo data on first run, HTTP server. */
export async function startServer(config: Config) {
  const ctx = await openContext(config);
  // A background task that fails while the database is away must not take the server down with it.
  process.on('unhandledRejection', (err) =>
    process.stderr.write(`background task failed: ${err instanceof Error ? err.name : typeof err}\n`),
  );
  const seeded = config.seedDemo ? await seedDemo(ctx) : false;
  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Harborline is running at ${url}`,
    `Database: ${ctx.database.kind === 'pglite' ? `embedded PGlite in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}${seeded ? ' (demo data created)' : ''}`,
  ];
  let demoIdp: Awaited<ReturnType<typeof startDemoIdentityProvider>> | null = null;
  if (config.seedDemo) {
    lines.push(`Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`  ${u.role.padEnd(15)} ${u.email}`);
    const invitation = await ctx.db
      .selectFrom('community_invites')
      .select('code')
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    if (invitation) lines.push(`Patients join by themselves with an invitation link: ${url}/join/${invitation.code}`);
    try {
      demoIdp = await startDemoIdentityProvider(
        [...new Set([url, `http://localhost:${port}`, `http://127.0.0.1:${port}`])],
        config.port === 0 ? 0 : port + 1,
      );
      // The server reaches this one loopback origin (its fetch guard refuses loopback otherwise).
      config.outbound.allowedOrigins = [...(config.outbound.allowedOrigins ?? []), demoIdp.issuer];
      lines.push(...demoSsoInstructions(demoIdp.issuer));
    } catch (e) {
      lines.push(`Single sign-on demo: its identity provider did not start (${(e as Error).name}).`);
    }
  }
  if (!config.smtpUrl) lines.push('Mail: SMTP_URL is not set, so outgoing mail waits in the outbox table.');
  process.stdout.write(lines.join('\n') + '\n\n');
  // Background work runs on the job scheduler (pg-boss in the same database); a failure never stops the server.
  const scheduler = startBackgroundJobs(ctx, (m) => app.log.warn(m));
  const stop = async () => {
    await scheduler.stop();
    await demoIdp?.close();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, ctx, url };
}

/** How to connect the demo's identity provider and sign in with it (the README walks through the same). */
function demoSsoInstructions(issuer: string): string[] {
  const [person] = Object.keys(DEMO_IDP_PEOPLE);
  return [
    `Single sign-on demo: an OpenID Connect provider runs at ${issuer}`,
    `  Connect it: sign in as ${DEMO_USERS[0].email} → Organization → Single sign-on → OpenID Connect, with`,
    `    Issuer URL ${issuer} · Client ID ${DEMO_IDP.clientId} · Client secret ${DEMO_IDP.clientSecret}`,
    `    Groups to roles: ${DEMO_IDP.roleMap.replace('\n', '; ')}`,
    `  Then sign out, enter ${DEMO_ORGANIZATION.slug} under “Continue with your organization’s account”, and sign in there as ${person} (any password).`,
  ];
}

/** The retention schedule for every organization: approved requests past their delay run, new ones are proposed. */
export async function disposeAll(db: Db, secrets: SecretBox) {
  const orgs = await db.selectFrom('organizations').select(['id', 'slug']).execute();
  const results = [];
  for (const org of orgs) results.push({ org: org.slug, ...(await runRetentionSchedule(db, secrets, org.id)) });
  return results;
}
