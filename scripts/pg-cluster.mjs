// A throwaway PostgreSQL cluster on 127.0.0.1 for the database test tier. PostgreSQL refuses to run as
// root, so as root the cluster is owned by and started as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPgBin } from './pg-bin.mjs';

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The postmaster's process id and those of every process below it (backends, background workers). */
function clusterPids(data) {
  let postmaster;
  try {
    postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const parentOf = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const pids = [postmaster];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parentOf) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program as the cluster's owner (`postgres` when we are root: PostgreSQL refuses root). */
function runAs(cmd, args) {
  const r = asRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout}`);
}

/** A directory the cluster's owner may write to. */
function ownedDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harborline-pg-'));
  if (asRoot()) execFileSync('chown', ['postgres', dir]);
  fs.chmodSync(dir, 0o777);
  return dir;
}

/** The handle of a server on `data`, listening on 127.0.0.1:`port`. */
function serverHandle(dir, data, port) {
  const pgCtl = findPgBin('pg_ctl');
  const start = () =>
    runAs(pgCtl, [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);
  const signal = (sig) => {
    for (const pid of clusterPids(data)) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    port,
    /** Stops the server (mode fast: sessions are ended, as in a restart or failover). */
    stopServer: (mode = 'fast') => runAs(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']),
    startServer: start,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop() {
      try {
        runAs(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Starts a cluster; the handle can also stop and restart the server (outage tests) and freeze it with
 * SIGSTOP (a server that takes connections and never answers).
 */
export async function startCluster() {
  const initdb = findPgBin('initdb');
  if (!initdb || !findPgBin('pg_ctl')) return null;
  const dir = ownedDir();
  const data = path.join(dir, 'data');
  runAs(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const server = serverHandle(dir, data, await freePort());
  server.startServer();
  return server;
}

/**
 * A streaming replica of `primary` (pg_basebackup -R: a hot standby that follows the primary's WAL), on a
 * port of its own. Reads only; pg_wal_replay_pause() on it holds it behind the primary.
 */
export async function startReplica(primary) {
  const basebackup = findPgBin('pg_basebackup');
  if (!basebackup) return null;
  const dir = ownedDir();
  const data = path.join(dir, 'data');
  runAs(basebackup, ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--no-sync']);
  fs.chmodSync(data, 0o700);
  const server = serverHandle(dir, data, await freePort());
  server.startServer();
  return server;
}
