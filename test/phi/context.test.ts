import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  attributeFindings,
  checkInContext,
  compileProfile,
  evaluatePosts,
  postLineSchema,
  type OrgProfileInput,
} from '../../src/phi/context/index.ts';
import { decide, detectPhi, parseJsonl, type Finding } from '../../src/phi/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'guard');
const SHARED = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'guard');
const readPosts = (file: string) => parseJsonl<unknown>(fs.readFileSync(file, 'utf8')).map((l) => postLineSchema.parse(l));
const readOrg = (file: string) => compileProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as OrgProfileInput);

const riverside = compileProfile({
  name: 'Riverside Community Hospital',
  aliases: ['Riverside', 'RCH'],
  facilities: [
    { name: 'Riverside Cancer Center', address: '250 Mill Street, Hartford, CT 06103', phone: '(860) 555-0142', fax: '860-555-0143' },
  ],
  domains: ['riverside.example'],
  staff: [
    { name: 'Dr. Helena Vasquez', role: 'clinician' },
    { name: 'Omar Haddad', role: 'nurse' },
  ],
});
const staffAuthor = { role: 'communications' };
const subjects = (text: string, author = staffAuthor) =>
  attributeFindings(text, detectPhi(text), riverside, author).map((f) => [text.slice(f.start, f.end), f.subject]);

describe('the guard in the organization’s context', () => {
  test('the organization’s names, address, phones and domains are the organization’s', () => {
    const found = subjects(
      'Riverside Cancer Center, 250 Mill Street, Hartford, CT 06103 is open late. Call (860) 555-0142 or fax 860.555.0143, https://riverside.example/hours',
    );
    assert.ok(found.length >= 4, JSON.stringify(found));
    for (const [text, subject] of found) assert.equal(subject, 'organization', `${text} is the organization's`);
    assert.deepEqual(subjects('Follow @RiversideCancerCenter for updates'), [['@RiversideCancerCenter', 'organization']]);
  });
  test('staff in their role, public officials and the author are not patients', () => {
    assert.deepEqual(
      subjects('Join Dr. Vasquez and nurse Omar Haddad for a talk on heart health.').map((s) => s[1]),
      ['staff', 'staff'],
    );
    assert.deepEqual(
      subjects('Thank you, Mayor Luke Bronin, for opening our new wing!').find((s) => s[0] === 'Luke Bronin')?.[1],
      'public',
    );
    assert.deepEqual(
      subjects('Welcome Priscilla Amankwah, our new oncologist!').map((s) => s[1]),
      ['staff'],
    );
    assert.deepEqual(
      subjects('Hi, I’m Jenna and I was diagnosed last spring.', { role: 'patient' }).find((s) => s[0] === 'Jenna')?.[1],
      'self',
    );
  });
  test('a person named with a care event is a patient, even a staff member or an official', () => {
    assert.equal(
      subjects('Wishing Maria Lopez a speedy recovery after her surgery at Riverside.').find((s) => s[0] === 'Maria Lopez')?.[1],
      'patient',
    );
    assert.equal(
      subjects('Prayers for our nurse Omar Haddad, who was admitted to the ICU last night.').find((s) => s[0] === 'Omar Haddad')?.[1],
      'patient',
    );
    assert.equal(subjects('We treated Senator Jane Kim for a broken wrist today.').find((s) => s[0] === 'Jane Kim')?.[1], 'patient');
    // A date in a text about a patient is the patient's too.
    assert.equal(subjects('Ellen Park (DOB 4/2/1950) is recovering well.').find((s) => s[0] === '4/2/1950')?.[1], 'patient');
  });
  test('decisions by subject: the hospital’s own posts pass, a patient needs consent, someone unknown gets a warning', () => {
    const check = (text: string, destination: 'public' | 'community' = 'public') =>
      checkInContext(text, destination, staffAuthor, riverside).decision.verdict;
    assert.equal(check('Riverside is hiring nurses! Apply at riverside.example/careers or call (860) 555-0142.'), 'allow');
    assert.equal(check('Free flu shots on March 3 at 250 Mill Street, Hartford, CT 06103.'), 'allow');
    assert.equal(check('Get well soon, Maria Lopez, who came into our ER after the crash.'), 'needs_consent');
    assert.equal(check('Congratulations to Jim Parker for the flowers!'), 'warn');
    assert.equal(check('Patient Maria Lopez, SSN 123-45-6789.'), 'block');
    // With that patient's consent the same post passes; another patient still needs their own.
    const consented = (f: Finding) => f.category === 'SH01_NAME';
    assert.equal(
      checkInContext('Get well soon, Maria Lopez, who came into our ER.', 'public', staffAuthor, riverside, { isConsented: consented })
        .decision.verdict,
      'allow',
    );
  });
  test('without a profile nothing is the organization’s; without subjects the sharing table decides as before', () => {
    const text = 'Riverside Cancer Center, 250 Mill Street, Hartford, CT 06103';
    assert.ok(attributeFindings(text, detectPhi(text), null, staffAuthor).every((f) => f.subject !== 'organization'));
    assert.equal(decide(detectPhi('Call Jane Doe at 555-201-3344'), 'public').verdict, 'needs_consent');
  });
  test('Spanish and French patients are stopped; the organization’s own posts in those languages pass', () => {
    const check = (text: string) => checkInContext(text, 'public', { role: 'nurse' }, riverside).decision.verdict;
    assert.equal(check('Deseamos una pronta recuperación a Lucía Fernández, ingresada ayer en cuidados intensivos.'), 'needs_consent');
    assert.equal(check('Bon rétablissement à Camille Laurent, hospitalisée depuis mardi.'), 'needs_consent');
    assert.equal(check('Le Dr Vasquez animera un atelier le 12 mars à Riverside.'), 'allow');
  });
  // Five other organizations (a regional hospital, a children's dentist, a behavioral-health and rehab
  // practice, a women's and children's hospital, a family practice), each written before the guard was run on it: see
  // test/fixtures/guard/README.md for what each scored on its first run.
  for (const org of ['lakeside', 'brightsmile', 'northway', 'stlukes', 'cascade']) {
    test(`other organizations' posts (${org}): ≥ 97% pass, ≥ 98% stop`, () => {
      const r = evaluatePosts(readPosts(path.join(FIXTURES, `${org}-posts.jsonl`)), readOrg(path.join(FIXTURES, `${org}.org.json`)));
      assert.ok(r.pass.let / r.pass.total >= 0.97, JSON.stringify(r.misses));
      assert.ok(r.stop.stopped / r.stop.total >= 0.98, JSON.stringify(r.misses));
    });
  }
  test(
    'development posts (shared data): ≥ 97% pass, ≥ 98% stop',
    { skip: !fs.existsSync(SHARED) && 'shared/data/guard is not beside the repository' },
    () => {
      const r = evaluatePosts(readPosts(path.join(SHARED, 'org_posts.dev.jsonl')), readOrg(path.join(SHARED, 'harbor-general.org.json')));
      assert.ok(r.pass.let / r.pass.total >= 0.97, JSON.stringify(r.misses));
      assert.ok(r.stop.stopped / r.stop.total >= 0.98, JSON.stringify(r.misses));
    },
  );
});
