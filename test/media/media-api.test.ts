import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { strFromU8, unzipSync } from 'fflate';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { fixture, uploadChecked } from '../helpers/media.ts';
import { purgeDestroyedFiles } from '../../src/media/index.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let other: Awaited<ReturnType<typeof createTestOrg>>;
let patient: Client, patient2: Client, clinician: Client, comms: Client, outsider: Client;
let communityId: string;
let privateId: string;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
  [patient, patient2, clinician, comms] = await Promise.all(
    ['patient', 'patient2', 'clinician', 'communications'].map((r) => signedIn(server, org, r)),
  );
  outsider = await signedIn(server, other, 'patient');
  communityId = (await comms.post('/api/communities', { name: 'Wound care', slug: 'wound-care', visibility: 'members' })).json.community.id;
  privateId = (await comms.post('/api/communities', { name: 'Staff room', slug: 'staff-room', visibility: 'private' })).json.community.id;
  for (const c of [patient, patient2, clinician]) await c.post(`/api/communities/${communityId}/join`, { pseudonym: null });
});
after(() => server.close());

const filesOf = async (id: string) =>
  (await server.ctx.db.selectFrom('media').select('files').where('id', '=', id).executeTakeFirstOrThrow()).files as Record<
    string,
    { key: string; sha256: string }
  >;
const stored = (key: string) => fs.readFileSync(path.join(server.ctx.config.dataDir, 'media', key));
const archived = (recordId: string) =>
  server.ctx.db
    .selectFrom('archive_entries as e')
    .innerJoin('archive_content as c', 'c.entry_id', 'e.id')
    .select(['c.content', 'e.event'])
    .where('e.record_id', '=', recordId)
    .orderBy('e.seq')
    .execute();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a picture is cleaned of what it carries', () => {
  test('EXIF, GPS and the camera are gone from every copy; the picture stays upright', async () => {
    // A phone photo taken sideways: orientation 6 (turn 90° clockwise), GPS and camera details in EXIF.
    const photo = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'Ward Camera 3' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 26/1 46/1', GPSLongitudeRef: 'W', GPSLongitude: '79/1 58/1 56/1' },
      })
      .toBuffer();
    assert.ok((await sharp(photo).metadata()).exif, 'the test photo carries EXIF');
    const media = await uploadChecked(patient, photo, 'IMG_0001.JPG');
    assert.equal(media.status, 'ready', media.failure);
    assert.deepEqual([media.width, media.height], [200, 400], 'turned upright by its orientation');
    const files = await filesOf(media.id);
    for (const role of ['clean', 'shared', 'w320', 'w1280']) {
      const data = stored(files[role].key);
      const meta = await sharp(data).metadata();
      assert.equal(meta.exif, undefined, `${role} has no EXIF`);
      assert.equal(meta.xmp, undefined, `${role} has no XMP`);
      assert.equal(meta.iptc, undefined, `${role} has no IPTC`);
      assert.ok(!data.includes('PhoneMaker') && !data.includes('Ward Camera'), `${role} carries no camera name`);
    }
    // The original is kept for the record only: no route serves it, and each stored file's hash is archived.
    assert.equal((await patient.get(`/api/media/${media.id}/files/original`)).status, 400);
    const entries = await archived(media.id);
    const last = entries.at(-1)!.content as { files: Record<string, string> };
    for (const [role, f] of Object.entries(files)) assert.equal(last.files[role], sha(stored(f.key)), `${role} hash archived`);
  });

  test('data hidden after the end of a picture (a polyglot) is not in what is served', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#88aa44' } })
      .png()
      .toBuffer();
    const zip = Buffer.from('PK\u0003\u0004payload.html<script>alert(1)</script>');
    const media = await uploadChecked(patient, Buffer.concat([png, zip]), 'poly.png');
    assert.equal(media.status, 'ready');
    const files = await filesOf(media.id);
    const served = await patient.request('GET', `/api/media/${media.id}/files/clean`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.ok(!stored(files.clean.key).includes('<script>'));
  });
});

describe('bad uploads get a clear 4xx and leave nothing behind', () => {
  const incoming = () => path.join(server.ctx.config.dataDir, 'media', 'incoming');
  const pngHeader = (width: number, height: number) => {
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const crcInput = Buffer.concat([Buffer.from(type), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(crcInput) >>> 0);
      return Buffer.concat([len, crcInput, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1024))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  };
  const cases: [string, () => Promise<Buffer> | Buffer, number, string, RegExp][] = [
    ['an empty file', () => Buffer.alloc(0), 400, 'bad_request', /empty/],
    [
      'an SVG (scripts)',
      () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
      415,
      'media_refused',
      /SVG/,
    ],
    ['a text file named .jpg', () => Buffer.from('just some words, not a picture'), 415, 'media_refused', /content was checked/],
    [
      'a video that is only its first bytes',
      () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64)]),
      422,
      'media_damaged',
      /video cannot be read/,
    ],
    [
      'an iPhone HEIC photo',
      () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)]),
      415,
      'media_refused',
      /HEIC/,
    ],
    ['a decompression bomb (60000×60000 in a few bytes)', () => pngHeader(60_000, 60_000), 413, 'media_too_many_pixels', /60000×60000/],
    [
      'a truncated JPEG',
      async () =>
        (
          await sharp({ create: { width: 300, height: 300, channels: 3, background: '#a03' } })
            .jpeg()
            .toBuffer()
        ).subarray(0, 400),
      422,
      'media_damaged',
      /truncated|damaged/,
    ],
  ];
  for (const [what, make, status, id, message] of cases)
    test(`${what} → ${status} ${id}`, async () => {
      const before = await server.ctx.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const r = await patient.upload('/api/media?name=x.jpg', await make(), 'image/jpeg');
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.error.id, id);
      assert.match(r.json.error.message, message);
      const after = await server.ctx.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n), 'nothing stored');
      assert.deepEqual(fs.readdirSync(incoming()), [], 'no partial upload left');
    });

  test('an upload over the size limit is refused before it is read', async () => {
    const big = Buffer.alloc(server.ctx.config.media.maxBytes + 1);
    const r = await patient.upload('/api/media', big, 'image/jpeg');
    assert.equal(r.status, 413);
    assert.equal(r.json.error.id, 'payload_too_large');
    assert.deepEqual(fs.readdirSync(incoming()), []);
    // The server still answers.
    assert.equal((await patient.get('/api/communities')).status, 200);
  });

  test('uploads need a session and the CSRF token', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const anonymous = await fetch(`${server.url}/api/media`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
    assert.equal(anonymous.status, 401);
    const noCsrf = await patient.request('POST', '/api/media', png, { 'content-type': 'image/png', 'x-csrf-token': 'wrong' });
    assert.equal(noCsrf.status, 403);
  });
});

describe('what is in the pixels goes through the guard', () => {
  test('a printed label: the name, MRN and date are found with boxes; the post is refused until they are hidden', async () => {
    const media = await uploadChecked(patient, fixture('label-card.png'), 'label.png');
    assert.equal(media.status, 'ready');
    const check = (await patient.get(`/api/media/${media.id}/check?destination=community`)).json;
    const categories = new Set(check.findings.flatMap((f: { categories: string[] }) => f.categories));
    for (const c of ['SH01_NAME', 'SH08_MRN', 'SH03_DATE']) assert.ok(categories.has(c), `${c} found in ${[...categories].join(', ')}`);
    assert.equal(check.decision.verdict, 'block');
    for (const f of check.findings) assert.ok(f.box.w > 0 && f.box.h > 0 && f.box.x + f.box.w <= media.width);

    const refused = await patient.post(`/api/communities/${communityId}/posts`, {
      title: 'My label',
      body: 'Look at this',
      mediaIds: [media.id],
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.json.error.id, 'phi_blocked');
    assert.match(refused.json.error.message, /pictures/);
    assert.ok(!refused.text.includes('Gonzalez') && !refused.text.includes('00482913'), 'the refusal does not repeat the identifiers');

    // Hide everything found: the shared copy is covered there, the guard now lets it through.
    const hidden = await patient.patch(`/api/media/${media.id}`, {
      altText: 'A printed hospital label, details hidden',
      redactions: check.findings.map((f: { box: unknown; kind: string }) => ({ box: f.box, style: f.kind === 'face' ? 'blur' : 'cover' })),
    });
    assert.equal(hidden.status, 200, hidden.text);
    const after = (await patient.get(`/api/media/${media.id}/check?destination=community`)).json;
    assert.ok(after.findings.every((f: { hidden: boolean }) => f.hidden));
    assert.equal(after.decision.verdict, 'allow');
    const shared = stored((await filesOf(media.id)).shared.key);
    const mrnBox = check.findings.find((f: { categories: string[] }) => f.categories.includes('SH08_MRN')).box;
    const region = await sharp(shared)
      .extract({ left: mrnBox.x, top: mrnBox.y, width: mrnBox.w, height: mrnBox.h })
      .greyscale()
      .raw()
      .toBuffer();
    assert.ok(region.reduce((a, b) => a + b, 0) / region.length < 40, 'the MRN is covered in the shared copy');

    const posted = await patient.post(`/api/communities/${communityId}/posts`, {
      title: 'My label',
      body: 'Look at this',
      mediaIds: [media.id],
    });
    assert.equal(posted.status, 201, posted.text);
    const post = (await patient2.get(`/api/posts/${posted.json.post.id}`)).json.post;
    assert.deepEqual(
      post.pictures.map((p: { id: string }) => p.id),
      [media.id],
    );
    assert.equal(post.pictures[0].altText, 'A printed hospital label, details hidden');
    // Another member sees the shared copy and its sizes, never the clean (unredacted) one.
    assert.equal((await patient2.request('GET', `/api/media/${media.id}/files/w320`)).status, 200);
    assert.equal((await patient2.request('GET', `/api/media/${media.id}/files/clean`)).status, 404);
    assert.equal((await patient2.get(`/api/media/${media.id}`)).status, 404, 'only the uploader manages it');
    // Someone in another organization sees nothing.
    assert.equal((await outsider.request('GET', `/api/media/${media.id}/files/w320`)).status, 404);
    // Once shared, it cannot be re-used nor changed.
    assert.equal(
      (await patient.post(`/api/communities/${communityId}/posts`, { title: 'Again', body: 'Again', mediaIds: [media.id] })).status,
      409,
    );
    assert.equal((await patient.patch(`/api/media/${media.id}`, { redactions: [] })).status, 409);
    // The post's archive entry names the exact copy shared.
    const entry = (await archived(posted.json.post.id))[0]?.content as { pictures: { sha256: string }[] };
    assert.equal(entry.pictures[0]?.sha256, sha(shared));
  });

  test("someone else's picture cannot be attached or read before it is shared", async () => {
    const media = await uploadChecked(patient, fixture('poster.png'), 'poster.png');
    const r = await patient2.post(`/api/communities/${communityId}/posts`, { title: 'Mine now', body: 'x', mediaIds: [media.id] });
    assert.equal(r.status, 404);
    assert.equal((await patient2.request('GET', `/api/media/${media.id}/files/shared`)).status, 404);
    assert.equal((await patient2.patch(`/api/media/${media.id}`, { altText: 'x' })).status, 404);
  });

  test("a hospital poster without anyone's identifiers goes through; public posts need a description", async () => {
    const media = await uploadChecked(comms, fixture('poster.png'), 'poster.png');
    const check = (await comms.get(`/api/media/${media.id}/check?destination=public`)).json;
    assert.equal(check.decision.verdict, 'allow', JSON.stringify(check.findings));
    const pub = (await comms.post('/api/communities', { name: 'Flu season', slug: 'flu', visibility: 'public' })).json.community.id;
    const noAlt = await comms.post(`/api/communities/${pub}/posts`, {
      title: 'Flu shots',
      body: 'Come by',
      visibility: 'public',
      mediaIds: [media.id],
    });
    assert.equal(noAlt.status, 400);
    assert.match(noAlt.json.error.message, /alt text/);
    await comms.patch(`/api/media/${media.id}`, { altText: 'Poster: flu shots this Saturday in the main lobby' });
    const ok = await comms.post(`/api/communities/${pub}/posts`, {
      title: 'Flu shots',
      body: 'Come by',
      visibility: 'public',
      mediaIds: [media.id],
    });
    assert.equal(ok.status, 201, ok.text);
  });

  test('faces need the pictured people’s consent on public posts (or a blur); a wristband barcode is an identifier', async () => {
    const media = await uploadChecked(comms, fixture('photo-wristband.jpg'), 'party.jpg');
    const check = (await comms.get(`/api/media/${media.id}/check?destination=public`)).json;
    const kinds = check.findings.map((f: { kind: string }) => f.kind);
    assert.equal(kinds.filter((k: string) => k === 'face').length, 3);
    assert.ok(kinds.includes('code'), 'the wristband barcode');
    assert.notEqual(check.decision.verdict, 'allow');
    // Hiding everything found (in one step, read again after each pass) lets it through.
    const after = (await comms.post(`/api/media/${media.id}/hide-found`, { destination: 'public' })).json;
    assert.ok(
      after.findings.every((f: { hidden: boolean }) => f.hidden),
      JSON.stringify(after.findings),
    );
    assert.equal(after.decision.verdict, 'allow', JSON.stringify(after));
  });

  test('cropping to a part without anyone in it hides everything outside; readers get only that part', async () => {
    const media = await uploadChecked(comms, fixture('photo-wristband.jpg'), 'sofa.jpg');
    const cropped = await comms.patch(`/api/media/${media.id}`, {
      altText: 'A sofa',
      redactions: [{ box: { x: 0, y: 520, w: 700, h: 500 }, style: 'crop' }],
    });
    assert.equal(cropped.status, 200, cropped.text);
    const check = (await comms.get(`/api/media/${media.id}/check?destination=public`)).json;
    assert.ok(check.findings.length > 0 && check.findings.every((f: { hidden: boolean }) => f.hidden), JSON.stringify(check.findings));
    assert.equal(check.decision.verdict, 'allow');
    const meta = await sharp(stored((await filesOf(media.id)).shared.key)).metadata();
    assert.deepEqual([meta.width, meta.height], [700, 500]);
  });

  test('pictures in a private community stay there', async () => {
    const staff = await signedIn(server, org, 'staff');
    await staff.post(`/api/communities/${privateId}/join`, { pseudonym: null });
    const media = await uploadChecked(comms, fixture('poster.png'), 'poster.png');
    const r = await comms.post(`/api/communities/${privateId}/posts`, { title: 'Inside', body: 'Staff only', mediaIds: [media.id] });
    assert.equal(r.status, 201, r.text);
    assert.equal((await patient.request('GET', `/api/media/${media.id}/files/w320`)).status, 404);
  });
});

describe('pictures are records', () => {
  test('the text read in a picture is searchable, and a production carries the original and every copy, hashes checked', async () => {
    const media = await uploadChecked(clinician, fixture('whiteboard.png'), 'board.png');
    assert.equal(media.status, 'ready');
    const officer = await signedIn(server, org, 'compliance');
    const found = await officer.get('/api/archive/search?keyword=Whitfield');
    assert.equal(found.status, 200, found.text);
    assert.ok(
      found.json.entries.some((r: { recordId: string }) => r.recordId === media.id),
      'found by the words on the whiteboard',
    );
    const made = await officer.post('/api/archive/productions', {
      name: 'Whiteboard matter',
      batesPrefix: 'WB',
      query: { keyword: 'Whitfield' },
    });
    assert.equal(made.status, 201, made.text);
    const res = await fetch(`${server.url}/api/archive/productions/${made.json.production.id}/download`, {
      headers: { cookie: officer.cookieHeader },
    });
    assert.equal(res.status, 200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as {
      documents: { files?: { role: string; path: string; sha256: string }[] }[];
    };
    const pictureFiles = manifest.documents.flatMap((d) => d.files ?? []);
    assert.deepEqual(new Set(pictureFiles.map((f) => f.role)), new Set(['original', 'clean', 'shared', 'w320', 'w1280']));
    for (const f of pictureFiles) assert.equal(sha(Buffer.from(files[f.path])), f.sha256, `${f.path} is the archived file`);
    const original = pictureFiles.find((f) => f.role === 'original')!;
    assert.ok(Buffer.from(files[original.path]).equals(fixture('whiteboard.png')), 'the original as uploaded');

    // A stored file altered afterwards is caught when the production is downloaded again.
    const stored = await filesOf(media.id);
    fs.appendFileSync(path.join(server.ctx.config.dataDir, 'media', stored.clean.key), 'tampered');
    const again = await officer.get(`/api/archive/productions/${made.json.production.id}/download`);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.id, 'production_changed');
  });
});

describe("a clinician's profile photo", () => {
  test('their own face is theirs to share; a group photo needs the others’ consent', async () => {
    const group = fixture('photo-wristband.jpg');
    const portrait = await sharp(group).extract({ left: 760, top: 90, width: 440, height: 500 }).jpeg().toBuffer();
    const own = await uploadChecked(clinician, portrait, 'me.jpg');
    const check = (await clinician.get(`/api/media/${own.id}/check?destination=public`)).json;
    assert.equal(check.findings.filter((f: { kind: string }) => f.kind === 'face').length, 1, JSON.stringify(check.findings));
    await clinician.patch(`/api/media/${own.id}`, { altText: 'Portrait of the clinician' });
    const saved = await clinician.put('/api/providers/me', { specialty: 'Hepatology', npi: null, bio: 'Liver care', photoId: own.id });
    assert.equal(saved.status, 200, saved.text);
    const listed = (await patient.get('/api/providers')).json.providers.find((p: { id: string }) => p.id === org.userId('clinician'));
    assert.equal(listed.photo.id, own.id);
    assert.equal((await patient.request('GET', `/api/media/${own.id}/files/w320`)).status, 200);

    const crowd = await uploadChecked(clinician, group, 'team.jpg');
    await clinician.patch(`/api/media/${crowd.id}`, { altText: 'With colleagues' });
    const refused = await clinician.put('/api/providers/me', { specialty: 'Hepatology', npi: null, bio: 'Liver care', photoId: crowd.id });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(
      (await patient.get('/api/providers')).json.providers.find((p: { id: string }) => p.id === org.userId('clinician')).photo.id,
      own.id,
    );
  });
});

describe('destroyed pictures leave storage', () => {
  test("an erasure destroys a person's pictures: archive content, the row's traces and, after it commits, every file", async () => {
    const staff = await signedIn(server, org, 'staff');
    const media = await uploadChecked(staff, fixture('poster.png'), 'mine.png');
    const keys = Object.values(await filesOf(media.id)).map((f) => f.key);
    assert.ok(keys.every((k) => fs.existsSync(path.join(server.ctx.config.dataDir, 'media', k))));
    const officer = await signedIn(server, org, 'compliance');
    const erased = await officer.post('/api/archive/erasures', { subjectId: org.userId('staff') });
    assert.equal(erased.status, 201, erased.text);
    const row = await server.ctx.db
      .selectFrom('media')
      .select(['status', 'evidence', 'files'])
      .where('id', '=', media.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'destroyed');
    assert.equal(row.evidence, null);
    // Each stored file once (with nothing hidden, the shared copy is the clean file).
    assert.equal(await purgeDestroyedFiles(server.ctx), new Set(keys).size);
    assert.ok(
      keys.every((k) => !fs.existsSync(path.join(server.ctx.config.dataDir, 'media', k))),
      'every file removed',
    );
    assert.equal(await purgeDestroyedFiles(server.ctx), 0);
  });
});

/** CRC-32 as PNG chunks use it. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}
