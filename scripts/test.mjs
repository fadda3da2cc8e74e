#!/usr/bin/env node
// Runs the whole suite with Node's test runner: unit, API and browser tests on the embedded database,
// then the database tier (test/db, and the API tests whose guarantees lean on the database: the write
// pipeline, consent cascades, one-time codes) again against a throwaway PostgreSQL server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from './pg-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

function testFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...testFiles(p));
    } else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const all = [...testFiles(path.join(root, 'test')), ...testFiles(path.join(root, 'src'))];
const selected = only.length ? all.filter((f) => only.some((o) => f.includes(o))) : all;

function runNodeTests(files, env) {
  if (files.length === 0) return 0;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
  return r.status ?? 1;
}

// Types first: a type error fails the suite like a failing test.
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', root], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.stderr.write('Type check failed.\n');
// The layers (.dependency-cruiser.cjs): imports only go down, and there are no loops.
const layers = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
    'src',
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'err',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (layers.status !== 0) process.stderr.write('Layer rules failed.\n');
// Habits: one format (Prettier) and the linter with type-aware rules (oxlint over tsgolint, the TypeScript 7 checker).
const format = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '.'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (format.status !== 0) process.stderr.write('Formatting differs: run `npm run format`.\n');
const lint = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'oxlint', 'bin', 'oxlint'), '--type-aware', '--quiet', 'src', 'web/src', 'test', 'bench', 'scripts'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (lint.status !== 0) process.stderr.write('Lint failed.\n');
let status = runNodeTests(selected, {}) || (tsc.status ?? 1) || (layers.status ?? 1) || (format.status ?? 1) || (lint.status ?? 1);
const PG_TIER = [
  path.join('test', 'db'),
  path.join('test', 'cluster'),
  path.join('test', 'jobs'),
  path.join('test', 'publisher', 'sandbox.test.ts'),
  path.join('test', 'publisher', 'queue-crash.test.ts'),
  path.join('test', 'api', 'disposition.test.ts'),
  path.join('test', 'api', 'review.test.ts'),
  path.join('test', 'api', 'offboarding.test.ts'),
  path.join('test', 'api', 'write-pipeline.test.ts'),
  path.join('test', 'api', 'publisher.test.ts'),
  path.join('test', 'api', 'accounts.test.ts'),
  path.join('test', 'api', 'guard-context.test.ts'),
  path.join('test', 'api', 'community-joining.test.ts'),
  path.join('test', 'notify', 'web-push.test.ts'),
  path.join('test', 'media', 'media-api.test.ts'),
  path.join('test', 'identity'),
];
const dbTier = selected.filter((f) => PG_TIER.some((t) => f.startsWith(t)));
if (dbTier.length) {
  const cluster = await startCluster();
  if (!cluster) {
    process.stderr.write('PostgreSQL is not installed: the database tier could not run on PostgreSQL.\n');
    status ||= 1;
  } else {
    try {
      process.stdout.write('\n# database tier on PostgreSQL\n');
      status = runNodeTests(dbTier, { HARBORLINE_TEST_POSTGRES_URL: cluster.url }) || status;
    } finally {
      cluster.stop();
    }
  }
}
process.exit(status);
