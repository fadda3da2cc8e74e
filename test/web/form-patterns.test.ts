import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const WEB = path.resolve(import.meta.dirname, '..', '..', 'web', 'src');

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.tsx')) yield full;
  }
}

// Browsers compile a form field's `pattern` with the `v` flag; one that does not compile is silently
// ignored, and the field then checks nothing (an unescaped "-" at the end of a class is enough).
test('every form pattern compiles as browsers compile it', () => {
  const broken: string[] = [];
  let seen = 0;
  for (const file of sources(WEB)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bpattern="([^"]*)"/g)) {
      seen++;
      try {
        new RegExp(`^(?:${m[1]})$`, 'v');
      } catch {
        broken.push(`${path.relative(WEB, file)}: ${m[1]}`);
      }
    }
  }
  assert.ok(seen > 0, 'patterns were found');
  assert.deepEqual(broken, []);
});
