import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { uploadChecked } from '../helpers/media.ts';

const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data;
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** A DICOM Part 10 file (explicit VR little endian, 16-bit) whose header names the patient and whose pixels carry a burned-in annotation. */
async function ultrasound(): Promise<Buffer> {
  const width = 640;
  const height = 480;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#202020"/><circle cx="320" cy="280" r="120" fill="#8a8a8a"/><text x="20" y="44" font-size="30" font-family="DejaVu Sans" fill="white">GONZALEZ, MARIA  MRN 00482913</text></svg>`;
  const grey = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer();
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = grey[i] * 16;
  const sop = DicomMetaDictionary.uid();
  const dataset = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
    SOPInstanceUID: sop,
    StudyInstanceUID: DicomMetaDictionary.uid(),
    SeriesInstanceUID: DicomMetaDictionary.uid(),
    PatientName: 'GONZALEZ^MARIA',
    PatientID: '00482913',
    PatientBirthDate: '19620314',
    InstitutionName: 'Harbor General',
    ReferringPhysicianName: 'PATEL^RAJ',
    AccessionNumber: 'A20261101',
    StudyDate: '20261101',
    Modality: 'US',
    Rows: height,
    Columns: width,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: sop,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.9.7433.1',
  };
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(file.write());
}

test('a DICOM image in a case consult: header de-identified (basic profile), pixels rendered, the burned-in name found and hidden before sharing', async () => {
  const org = await createTestOrg(server.ctx);
  const clinician = await signedIn(server, org, 'clinician');
  const hash = (
    await server.ctx.db.selectFrom('users').select('password_hash').where('id', '=', org.userId('clinician')).executeTakeFirstOrThrow()
  ).password_hash;
  const second = await server.ctx.db
    .insertInto('users')
    .values({ email: `clin2@${org.slug}.test`, display_name: 'Second Clinician', password_hash: hash, totp_secret: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.ctx.db.insertInto('memberships').values({ org_id: org.orgId, user_id: second.id, role: 'clinician' }).execute();
  const thread = await clinician.post('/api/threads', {
    kind: 'consult',
    participantIds: [second.id],
    subject: 'Liver lesion',
    body: 'Opinion on this scan?',
  });
  assert.equal(thread.status, 201, thread.text);

  const dicom = await ultrasound();
  const media = await uploadChecked(clinician, dicom, 'US0001.dcm');
  assert.equal(media.status, 'ready', media.failure);
  assert.deepEqual([media.width, media.height], [640, 480]);
  const row = await server.ctx.db
    .selectFrom('media')
    .select(['files', 'content_type'])
    .where('id', '=', media.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.content_type, 'application/dicom');
  const files = row.files as Record<string, { key: string; type: string }>;
  const stored = (role: string) => fs.readFileSync(path.join(server.ctx.config.dataDir, 'media', files[role].key));
  // The de-identified DICOM keeps none of the header's identifiers.
  const cleaned = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(new Uint8Array(stored('dicom')).buffer).dict);
  const header = JSON.stringify(cleaned, (_k, v: unknown) => (v instanceof ArrayBuffer ? undefined : v));
  for (const identifier of ['GONZALEZ', '00482913', '19620314', 'Harbor General', 'PATEL', 'A20261101'])
    assert.ok(!header.includes(identifier), `${identifier} removed`);
  assert.equal(files.clean?.type, 'image/png');

  // The annotation burned into the pixels is read; a consult refuses the picture until it is hidden.
  const check = (await clinician.get(`/api/media/${media.id}/check?destination=care_team`)).json;
  const categories = new Set(check.findings.flatMap((f: { categories: string[] }) => f.categories));
  assert.ok(categories.has('SH08_MRN'), JSON.stringify(check.findings));
  const refused = await clinician.post(`/api/threads/${thread.json.thread.id}/messages`, { body: 'Here it is', mediaIds: [media.id] });
  assert.equal(refused.status, 422);
  assert.match(refused.json.error.message, /de-identified/);
  const hidden = (await clinician.post(`/api/media/${media.id}/hide-found`, { destination: 'care_team' })).json;
  assert.ok(hidden.findings.every((f: { hidden: boolean }) => f.hidden));
  const sent = await clinician.post(`/api/threads/${thread.json.thread.id}/messages`, { body: 'Here it is', mediaIds: [media.id] });
  assert.equal(sent.status, 201, sent.text);
  const colleague = await signedIn(server, { email: () => `clin2@${org.slug}.test` }, 'clinician');
  const seen = (await colleague.get(`/api/threads/${thread.json.thread.id}`)).json;
  const picture = seen.messages.flatMap((m: { pictures: { id: string }[] }) => m.pictures)[0];
  assert.equal(picture.id, media.id);
  assert.equal((await colleague.request('GET', `/api/media/${media.id}/files/w1280`)).status, 200);
  assert.equal((await colleague.request('GET', `/api/media/${media.id}/files/clean`)).status, 404, 'never the unredacted rendering');
});

test('a compressed or broken DICOM file is refused with the reason', async () => {
  const org = await createTestOrg(server.ctx);
  const clinician = await signedIn(server, org, 'clinician');
  const broken = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0x04])]);
  const r = await clinician.upload('/api/media?name=x.dcm', broken, 'application/dicom');
  assert.ok(r.status === 422 || r.status === 415, r.text);
  assert.match(r.json.error.message, /DICOM/);
});
