import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, detectPhi, redact } from '../../src/phi/index.ts';

const text = 'Pt Maria Gonzalez (DOB 03/14/1952) called 555-201-8890. Maria Gonzalez asked about her MRN: 88231177.';

describe('redaction', () => {
  test('mask replaces each identifier with its category', () => {
    const r = redact(text, detectPhi(text), 'mask');
    assert.ok(!r.text.includes('Gonzalez') && !r.text.includes('8890') && !r.text.includes('88231177'), r.text);
    assert.match(r.text, /\[NAME\]/);
    assert.match(r.text, /\[DATE\]/);
    assert.match(r.text, /\[PHONE\]/);
    assert.match(r.text, /\[MRN\]/);
  });
  test('surrogate gives the same person the same fake name throughout a document', () => {
    const r = redact(text, detectPhi(text), 'surrogate', 'doc-1');
    const names = r.replacements.filter((x) => x.category === 'SH01_NAME').map((x) => x.replacement);
    assert.equal(names.length, 2);
    assert.equal(names[0], names[1]);
    assert.ok(!r.text.includes('Gonzalez'));
    for (const x of r.replacements) assert.equal(r.text.slice(x.start, x.end), x.replacement);
  });
  test('surrogates differ between documents', () => {
    const a = redact('Pt Maria Gonzalez', detectPhi('Pt Maria Gonzalez'), 'surrogate', 'doc-a').text;
    const b = redact('Pt Maria Gonzalez', detectPhi('Pt Maria Gonzalez'), 'surrogate', 'doc-b').text;
    assert.notEqual(a, b);
  });
  test('highlight leaves the text as it is', () => {
    const r = redact(text, detectPhi(text), 'highlight');
    assert.equal(r.text, text);
    assert.ok(r.replacements.length >= 4);
  });
});

describe('policy', () => {
  test('a public post with a name needs consent; a care-team message allows it', () => {
    const f = detectPhi('Great to see John Smith back on his feet');
    assert.equal(decide(f, 'public').verdict, 'needs_consent');
    assert.equal(decide(f, 'care_team').verdict, 'allow');
    assert.equal(decide(f, 'community').verdict, 'warn');
  });
  test('an SSN is blocked in public and in communities', () => {
    const f = detectPhi('my SSN is 123-45-6789');
    assert.equal(decide(f, 'public').verdict, 'block');
    assert.deepEqual(decide(f, 'community').categories, ['SH07_SSN']);
  });
  test('consent covering the category lifts needs_consent', () => {
    const f = detectPhi('Congratulations to John Smith on finishing chemo');
    assert.equal(decide(f, 'public', { consentedCategories: ['SH01_NAME'] }).verdict, 'allow');
  });
  test('patients self-disclosing get a warning, not a consent demand', () => {
    const f = detectPhi("I'm Sam Carter and I was diagnosed on March 3");
    assert.equal(decide(f, 'public', { selfDisclosure: true }).verdict, 'warn');
  });
  test('no findings means allow', () => assert.equal(decide([], 'public').verdict, 'allow'));
});
