import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { signInAtProvider } from '../helpers/oauth-provider.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'harborline.mjs'), ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('harborline CLI', () => {
  test('phi scan --jsonl prints one findings line per input line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cli-'));
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', text: 'Email jane.doe@example.com' }),
        '',
        'not json',
        JSON.stringify({ id: 7, text: 'nothing here' }),
      ].join('\n'),
    );
    const r = cli(['phi', 'scan', '--jsonl', file]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.id),
      ['a', 7],
    );
    assert.deepEqual(lines[0].findings, [{ start: 6, end: 26, category: 'SH06_EMAIL', confidence: 0.99 }]);
    assert.deepEqual(lines[1].findings, []);
    assert.match(r.stderr, /line 3: not valid JSON/);
  });
  test('phi scan reads stdin with -', () => {
    const r = cli(['phi', 'scan', '--jsonl', '-'], JSON.stringify({ id: 1, text: 'SSN 123-45-6789' }) + '\n');
    assert.equal(JSON.parse(r.stdout).findings[0].category, 'SH07_SSN');
  });
  test('phi eval prints recall and precision per category', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cli-'));
    const file = path.join(dir, 'gold.jsonl');
    fs.writeFileSync(
      file,
      JSON.stringify({ id: 1, text: 'Call 555-201-8890 now', spans: [{ start: 5, end: 17, type: 'PHONE_NUMBER', sh: 'SH04_PHONE' }] }) +
        '\n',
    );
    const r = cli(['phi', 'eval', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /recall \(PHI spans\) 1\.000/);
    assert.match(r.stdout, /SH04_PHONE\s+1\.000\s+\(1\/1\)/);
  });
  test('unknown commands exit 2 with usage', () => {
    const r = cli(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command/);
  });
  test('bad configuration exits with a message naming the variable', () => {
    const r = cli(['migrate'], undefined, { PORT: 'abc' });
    assert.equal(r.status, 78);
    assert.match(r.stderr, /PORT/);
  });
  test('migrate, then audit verify and archive verify on the embedded database', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-data-'));
    assert.equal(cli(['migrate'], undefined, { DATA_DIR: dataDir }).status, 0);
    const audit = cli(['audit', 'verify'], undefined, { DATA_DIR: dataDir });
    assert.equal(audit.status, 0, audit.stderr);
    assert.match(audit.stdout, /No chains yet|ok/);
  });
});

/** Runs `harborline start` until it has printed its URL, logins and instructions; the caller stops it. */
function startAndKeep(dataDir: string): Promise<{ out: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'harborline.mjs'), 'start'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' },
    });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start did not print its instructions: ${out}`));
    }, 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/Demo logins/.test(out)) {
        clearTimeout(timer);
        resolve({
          out,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

/** Runs `harborline start` until it prints its URL, then stops it with SIGTERM; returns what it printed. */
async function startOnce(dataDir: string): Promise<string> {
  const started = await startAndKeep(dataDir);
  await started.stop();
  return started.out;
}

describe('harborline start', () => {
  test('the demo’s single sign-on: following what start prints connects its provider and signs a clinician in', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-sso-demo-'));
    const { out, stop } = await startAndKeep(dataDir);
    try {
      const url = /Harborline is running at (\S+)/.exec(out)![1];
      const issuer = /Issuer URL (\S+)/.exec(out)?.[1];
      assert.ok(issuer, out);
      const clientId = /Client ID (\S+)/.exec(out)![1];
      const clientSecret = /Client secret (\S+)/.exec(out)![1];
      const groups = /Groups to roles: (.+)/.exec(out)![1];
      const slug = /enter (\S+) under/.exec(out)![1];
      const login = /sign in there as (\S+)/.exec(out)![1];
      const admin = new Client(url);
      await admin.login(/sign in as (\S+) →/.exec(out)![1], 'harbor-demo-2026');
      const roleMap = Object.fromEntries(groups.split(';').map((pair) => pair.split('=').map((p) => p.trim())));
      const saved = await admin.put('/api/org/sso', {
        kind: 'oidc',
        issuer,
        clientId,
        clientSecret,
        groupsClaim: 'groups',
        roleMap,
        defaultRole: null,
        requireForStaff: false,
      });
      assert.equal(saved.status, 200, saved.text);
      const start = await fetch(`${url}/api/auth/sso/${slug}`, { redirect: 'manual' });
      assert.equal(start.status, 302);
      const cookie = start.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const callback = await signInAtProvider(start.headers.get('location')!, url, { login });
      const done = await fetch(callback, { redirect: 'manual', headers: { cookie } });
      const session = done.headers
        .getSetCookie()
        .find((c) => c.startsWith('hl_session='))
        ?.split(';')[0];
      assert.ok(session, `signed in (${done.headers.get('location')})`);
      const me: any = await (await fetch(`${url}/api/session`, { headers: { cookie: session } })).json();
      assert.equal(me.session.role, 'clinician');
      assert.equal(me.session.organization.slug, slug);
    } finally {
      await stop();
    }
  });

  test('first start seeds the demo and prints URL and logins; the second reuses the data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-start-'));
    const first = await startOnce(dataDir);
    assert.match(first, /Harborline is running at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(first, /demo data created/);
    assert.match(first, /compliance@harbor\.example/);
    const second = await startOnce(dataDir);
    assert.match(second, /Harborline is running at/);
    assert.doesNotMatch(second, /demo data created/);
    // Data at rest is private to the server's account: no file or folder is open to group or others.
    const open: string[] = [];
    const walk = (p: string) => {
      if (fs.statSync(p).mode & 0o077) open.push(p);
      if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    };
    walk(dataDir);
    assert.deepEqual(open.slice(0, 5), []);
  });
  test('an existing data folder with open permissions is closed at start-up', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-perm-'));
    await startOnce(dataDir);
    fs.chmodSync(dataDir, 0o777);
    const someFile = path.join(dataDir, 'secret.key');
    fs.chmodSync(someFile, 0o666);
    await startOnce(dataDir);
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(someFile).mode & 0o777, 0o600);
  });
  test("guard check decides each post in its organization's context; offsets count code points; bad lines are named", () => {
    const org = path.join(ROOT, 'test', 'fixtures', 'guard', 'lakeside.org.json');
    const lines = [
      { id: 'a', text: '🎉 Lakeside Regional is hiring! Call 608-555-0300.', destination: 'public', authorRole: 'communications' },
      { id: 'b', text: '🎉 Get well soon, Marcus Delgado, rushed to our ER last night.', destination: 'public', authorRole: 'nurse' },
      { id: 'c', text: 'x', destination: 'moon' },
    ];
    const r = cli(['guard', 'check', '--jsonl', '-', '--org', org], lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n');
    assert.equal(r.status, 1, 'some lines could not be checked');
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out[0].decision, 'allow');
    assert.ok(
      out[0].findings.every((f: { subject: string }) => f.subject === 'organization'),
      JSON.stringify(out[0]),
    );
    assert.equal(out[1].decision, 'needs_consent');
    const name = out[1].findings.find((f: { category: string }) => f.category === 'SH01_NAME');
    assert.deepEqual([...lines[1].text].slice(name.start, name.end).join(''), 'Marcus Delgado', 'code-point offsets');
    assert.equal(name.subject, 'patient');
    assert.match(out[2].error, /^destination: /);
    assert.equal(out[3].error, 'not valid JSON');
    const badOrg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hl-org-')), 'org.json');
    fs.writeFileSync(badOrg, JSON.stringify({ name: 'X', facilities: [{ phone: '1' }] }));
    const bad = cli(['guard', 'check', '--jsonl', '-', '--org', badOrg], '');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /org\.json: facilities\.0\.name: /);
  });
  test('guard eval prints the figures on posts in context and on held-out names', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-eval-'));
    const r = cli(['guard', 'eval', '--data', empty]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /lakeside-posts\.jsonl with lakeside\.org\.json: pass let through \d+\/25 .*stop stopped \d+\/20/);
    assert.match(r.stdout, /synthetic \(unseen templates and names\).*recall 0\.\d+ → 0\.\d+/);
  });
});
