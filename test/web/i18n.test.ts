import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CATEGORY_LABELS, ERROR_MEANINGS, POST_KINDS, REACTIONS, ROLES } from '../../web/src/api/enums.gen.ts';
import { es, esNotices } from '../../web/src/i18n/es.ts';

const WEB = path.resolve(import.meta.dirname, '..', '..', 'web', 'src');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

test('every text the UI passes through t() (or marks with msg() for later) has its Spanish', () => {
  const keys = new Set<string>();
  for (const file of files(WEB).filter((f) => /\.tsx?$/.test(f))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\b(?:t|msg)\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\'/g, "'"));
    for (const m of source.matchAll(/\btn\(\s*'((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'/g))
      for (const k of [m[1], m[2]]) keys.add(k.replace(/\\'/g, "'"));
  }
  assert.ok(keys.size > 100, `found ${keys.size} texts`);
  assert.deepEqual(
    [...keys].filter((k) => !es[k]),
    [],
    'add these to web/src/i18n/es.ts',
  );
});

test('texts chosen at run time (navigation, roles, identifiers, reactions, post kinds, error meanings) have their Spanish too', () => {
  const routes = fs.readFileSync(path.join(WEB, 'app', 'routes.tsx'), 'utf8');
  const labels = [...routes.matchAll(/(?:label|title): (?:msg\()?'([^']+)'/g)].map((m) => m[1]);
  const reactions = fs.readFileSync(path.join(WEB, 'community', 'PostPage.tsx'), 'utf8');
  const reactionLabels = REACTIONS.map((r) => new RegExp(`${r}: (?:msg\\()?'([^']+)'`).exec(reactions)?.[1] ?? r);
  const wanted = [
    ...labels,
    ...ROLES,
    ...Object.values(ERROR_MEANINGS),
    ...Object.values(CATEGORY_LABELS),
    ...reactionLabels,
    ...POST_KINDS.filter((k) => k !== 'post'),
  ];
  assert.deepEqual(
    wanted.filter((k) => !es[k]),
    [],
  );
  // Placeholders survive translation.
  for (const [en, spanish] of Object.entries(es))
    assert.deepEqual(spanish.match(/\{\{\w+\}\}/g)?.sort() ?? [], en.match(/\{\{\w+\}\}/g)?.sort() ?? [], `placeholders of “${en}”`);
});

test('notification titles the server writes read in Spanish, their names and figures kept', () => {
  const samples = [
    'Ana Ruiz mentioned you',
    'Marisol asked you a question',
    'Dr. Lee answered your question',
    'New reply to your post',
    'Dr. Lee suggested a goal for you',
    'A moderator silenced your account for 7 days. Reason: repeated spam',
    'Your comment is hidden while a moderator reviews reports about it',
    'Please read and acknowledge: Social media policy (version 3)',
    '12 new items in the inbox from Harbor on Mastodon',
    '1 new item in the inbox from Harbor on Mastodon',
    'Your post could not be published to Harbor X: the network kept failing',
    'Channel "Harbor X" is paused: its account changed',
    'Jo Park asks for approval of 3 scheduled posts (bulk upload)',
    'Jo Park asks for approval of a post to Harbor X, Harbor Bluesky',
    'Reminder: "Diabetes class" is Tuesday 9 AM',
    'A consent was revoked: 2 community item(s) hidden, 1 network post(s) cancelled, 0 takedown(s) queued',
    'The retention schedule asks to destroy 40 expired record(s): a second person must approve',
  ];
  for (const title of samples) {
    const match = esNotices.find(([pattern]) => pattern.test(title));
    assert.ok(match, `no Spanish for “${title}”`);
    const spanish = title.replace(match[0], match[1]);
    assert.notEqual(spanish, title);
    for (const kept of title.match(/\d+|Ana Ruiz|Marisol|Dr\. Lee|Harbor X|Jo Park|Diabetes class/g) ?? [])
      assert.ok(spanish.includes(kept), `“${kept}” is kept in “${spanish}”`);
  }
});
