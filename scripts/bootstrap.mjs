#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies, builds the web UI, and (with --test) installs
// the system packages the test suite drives: Debian's chromium, postgresql and ffmpeg. Idempotent and quick
// when everything is already in place.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBin } from './pg-bin.mjs';
import { ensurePds } from './pds.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const log = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    log(`failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

// 1. npm dependencies, exactly as locked.
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (mtime(installed) < mtime(path.join(root, 'package-lock.json'))) {
  log('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

// 2. The web UI bundle, rebuilt when its sources are newer.
const bundle = path.join(root, 'dist', 'web', 'index.html');
if (mtime(bundle) < Math.max(newestIn(path.join(root, 'web')), mtime(path.join(root, 'package-lock.json')))) {
  log('building the web UI…');
  run('npm', ['run', 'build:web', '--silent']);
}

/** Whether a command is on the PATH (it runs and reports its version). */
const onPath = (cmd) => spawnSync(cmd, ['-version'], { stdio: 'ignore' }).status === 0;

// 3. System packages for the browser, PostgreSQL, video and cluster test tiers.
if (forTests) {
  const need = [];
  if (!fs.existsSync('/usr/bin/chromium')) need.push('chromium');
  if (!findPgBin('initdb')) need.push('postgresql');
  // Video is re-encoded (metadata removed) and read frame by frame with ffmpeg.
  if (!onPath('ffmpeg') || !onPath('ffprobe')) need.push('ffmpeg');
  // The cluster test puts server processes behind HAProxy, as the documented deployment does.
  if (!fs.existsSync('/usr/sbin/haproxy')) need.push('haproxy');
  if (need.length) {
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      log(`missing ${need.join(', ')}; install with: sudo apt-get install -y ${need.join(' ')}`);
      process.exit(1);
    }
    log(`installing ${need.join(', ')} from Debian…`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...need], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  // 4. The AT Protocol reference PDS (Node 22) for the Bluesky connector tests.
  if (!ensurePds()) {
    log('could not install the test PDS (test/pds)');
    process.exit(1);
  }
}
