import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CATEGORY_LABELS, POST_KINDS, REACTIONS, ROLES } from '../../web/src/api/enums.gen.ts';
import { es } from '../../web/src/i18n/es.ts';

const WEB = path.resolve(import.meta.dirname, '..', '..', 'web', 'src');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

test('every text the UI passes through t() has its Spanish', () => {
  const keys = new Set<string>();
  for (const file of files(WEB).filter((f) => /\.tsx?$/.test(f))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\'/g, "'"));
  }
  assert.ok(keys.size > 100, `found ${keys.size} texts`);
  assert.deepEqual(
    [...keys].filter((k) => !es[k]),
    [],
    'add these to web/src/i18n/es.ts',
  );
});

test('texts chosen at run time (navigation, roles, identifiers, reactions, post kinds) have their Spanish too', () => {
  const routes = fs.readFileSync(path.join(WEB, 'app', 'routes.tsx'), 'utf8');
  const labels = [...routes.matchAll(/(?:label|title): '([^']+)'/g)].map((m) => m[1]);
  const reactions = fs.readFileSync(path.join(WEB, 'community', 'PostPage.tsx'), 'utf8');
  const reactionLabels = REACTIONS.map((r) => new RegExp(`${r}: '([^']+)'`).exec(reactions)?.[1] ?? r);
  const wanted = [...labels, ...ROLES, ...Object.values(CATEGORY_LABELS), ...reactionLabels, ...POST_KINDS.filter((k) => k !== 'post')];
  assert.deepEqual(
    wanted.filter((k) => !es[k]),
    [],
  );
  // Placeholders survive translation.
  for (const [en, spanish] of Object.entries(es))
    assert.deepEqual(spanish.match(/\{\{\w+\}\}/g)?.sort() ?? [], en.match(/\{\{\w+\}\}/g)?.sort() ?? [], `placeholders of “${en}”`);
});
