import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let other: Awaited<ReturnType<typeof createTestOrg>>;
const as = (o: typeof org, role: string) => signedIn(server, o, role);
const idOf = (o: typeof org, role: string) => o.userId(role);
let patient: Client, patient2: Client, clinician: Client, comms: Client, admin: Client, compliance: Client;
let communityId: string;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
  [patient, patient2, clinician, comms, admin, compliance] = await Promise.all(
    ['patient', 'patient2', 'clinician', 'communications', 'admin', 'compliance'].map((r) => as(org, r)),
  );
  communityId = (await comms.post('/api/communities', { name: 'Kidney Care', slug: 'kidney', visibility: 'public' })).json.community.id;
  for (const c of [patient, patient2, clinician]) await c.post(`/api/communities/${communityId}/join`, { pseudonym: null });
});
after(() => server.close());

/** Opens the server-sent event stream and collects events until closed. */
function listen(c: Client) {
  const events: string[] = [];
  const req = http.get(`${server.url}/api/events`, { headers: { cookie: c.cookieHeader } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) =>
      events.push(
        ...chunk
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6)),
      ),
    );
  });
  return { events, close: () => req.destroy() };
}
const waitFor = async (cond: () => boolean, ms = 3000) => {
  for (let t = 0; t < ms && !cond(); t += 25) await new Promise((r) => setTimeout(r, 25));
  return cond();
};

describe('messages', () => {
  test('a patient messages the care team; the clinician is notified live and by a content-free email', async () => {
    const live = listen(clinician);
    await new Promise((r) => setTimeout(r, 200));
    const r = await patient.post('/api/threads', {
      kind: 'care_team',
      participantIds: [idOf(org, 'clinician')],
      subject: 'Dialysis schedule',
      body: 'Can we move my Tuesday session earlier?',
    });
    assert.equal(r.status, 201, r.text);
    assert.ok(await waitFor(() => live.events.length > 0), 'live event arrived');
    live.close();
    assert.match(JSON.parse(live.events[0]).title, /New message from/);
    const inbox = await clinician.get('/api/threads');
    assert.ok(inbox.json.threads.some((t: any) => t.id === r.json.thread.id && t.unread));
    const thread = await clinician.get(`/api/threads/${r.json.thread.id}`);
    assert.equal(thread.json.messages[0].body, 'Can we move my Tuesday session earlier?');
    const notes = await clinician.get('/api/notifications');
    assert.ok(notes.json.unread >= 1);
    const mail = await server.ctx.db
      .selectFrom('mail_outbox')
      .select(['body', 'to_address'])
      .where('to_address', '=', org.email('clinician'))
      .execute();
    assert.ok(mail.length >= 1);
    assert.ok(
      mail.every((m) => !m.body.includes('Tuesday')),
      'email carries no content',
    );
    const archived = await server.ctx.db.selectFrom('distribution_log').selectAll().where('record_kind', '=', 'message').execute();
    assert.ok(archived.some((d) => (d.audience as { userIds: string[] }).userIds.includes(idOf(org, 'clinician'))));
  });
  test('patients cannot message other patients directly, and strangers cannot read a thread', async () => {
    const r = await patient.post('/api/threads', { kind: 'direct', participantIds: [idOf(org, 'patient2')], body: 'hi' });
    assert.equal(r.status, 403);
    const t = await patient.post('/api/threads', { kind: 'care_team', participantIds: [idOf(org, 'clinician')], body: 'private question' });
    assert.equal((await patient2.get(`/api/threads/${t.json.thread.id}`)).status, 404);
    assert.equal((await patient2.post(`/api/threads/${t.json.thread.id}/messages`, { body: 'let me in' })).status, 404);
  });
  test('case consults replace identifiers with surrogates before storing and say what changed', async () => {
    const peer = await as(org, 'clinician');
    const body = 'Consult: Maria Gonzalez, DOB 03/14/1952, MRN 88231177, new onset AFib. Anticoagulate?';
    const r = await peer.post('/api/threads', {
      kind: 'consult',
      participantIds: [idOf(org, 'clinician')].concat([]),
      subject: 'AFib',
      body,
    });
    // The same clinician cannot consult themselves; use a second clinician account.
    assert.equal(r.status, 400);
    const second = await server.ctx.db
      .insertInto('users')
      .values({
        email: `clin2@${org.slug}.test`,
        display_name: 'Second Clinician',
        password_hash: (
          await server.ctx.db.selectFrom('users').select('password_hash').where('id', '=', idOf(org, 'clinician')).executeTakeFirstOrThrow()
        ).password_hash,
        totp_secret: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.ctx.db.insertInto('memberships').values({ org_id: org.orgId, user_id: second.id, role: 'clinician' }).execute();
    const ok = await clinician.post('/api/threads', { kind: 'consult', participantIds: [second.id], subject: 'AFib', body });
    assert.equal(ok.status, 201, ok.text);
    const stored = ok.json.message;
    assert.ok(!stored.body.includes('Gonzalez') && !stored.body.includes('88231177') && !stored.body.includes('1952'), stored.body);
    assert.deepEqual(
      [...new Set<string>(stored.redactions.map((x: { category: string }) => x.category))].sort((a, b) => a.localeCompare(b)),
      ['SH01_NAME', 'SH03_DATE', 'SH08_MRN'],
    );
    for (const x of stored.redactions) assert.ok(x.end <= stored.body.length);
    const archive = await server.ctx.db
      .selectFrom('archive_entries as a')
      .innerJoin('archive_content as c', 'c.entry_id', 'a.id')
      .select('c.content_text')
      .where('a.record_kind', '=', 'message')
      .execute();
    assert.ok(
      archive.every((a) => !a.content_text.includes('Gonzalez')),
      'the original never reached the archive',
    );
    const clinicianOnly = await patient.post('/api/threads', { kind: 'consult', participantIds: [second.id], body: 'hello' });
    assert.equal(clinicianOnly.status, 403);
  });
});

describe('questions and answers', () => {
  test('a patient asks a clinician; an answer marks it answered and tells the patient', async () => {
    const q = await patient.post(`/api/communities/${communityId}/posts`, {
      title: 'Potassium',
      body: 'Are bananas safe on a renal diet?',
      kind: 'question',
      visibility: 'members',
      questionTo: idOf(org, 'clinician'),
    });
    assert.equal(q.status, 201, q.text);
    const open = await clinician.get('/api/questions?status=open');
    const mine = open.json.questions.find((p: any) => p.id === q.json.post.id);
    assert.ok(mine && mine.question.waitingMinutes >= 0);
    assert.equal((await patient2.post(`/api/posts/${q.json.post.id}/comments`, { body: 'I think so', markAnswer: true })).status, 403);
    const a = await clinician.post(`/api/posts/${q.json.post.id}/comments`, {
      body: 'In small portions; we will check your levels.',
      markAnswer: true,
    });
    assert.equal(a.status, 201, a.text);
    const answered = await patient.get('/api/questions?status=answered');
    assert.ok(answered.json.questions.some((p: any) => p.id === q.json.post.id && p.question.answeredAt));
    assert.equal(typeof answered.json.medianResponseMinutes, 'number');
    const notes = await patient.get('/api/notifications');
    assert.ok(notes.json.notifications.some((n: any) => n.kind === 'answer'));
    assert.equal(
      (await patient.post(`/api/communities/${communityId}/posts`, { body: 'x?', kind: 'question', questionTo: idOf(other, 'clinician') }))
        .status,
      404,
    );
  });
});

describe('provider directory and reviews', () => {
  test('profiles with NPI, an admin-set verified badge, reviews and the organization’s reply', async () => {
    assert.equal(
      (await clinician.request('PUT', '/api/providers/me', { specialty: 'Nephrology', npi: '1234567890', bio: 'Kidney doctor' })).status,
      400,
      'bad NPI check digit',
    );
    assert.equal(
      (await clinician.request('PUT', '/api/providers/me', { specialty: 'Nephrology', npi: '1234567893', bio: 'Kidney doctor' })).status,
      200,
    );
    const id = idOf(org, 'clinician');
    assert.equal(
      (await clinician.request('PUT', `/api/providers/${id}/verified`, { verified: true })).status,
      404,
      'clinicians cannot verify themselves',
    );
    assert.equal((await admin.request('PUT', `/api/providers/${id}/verified`, { verified: true })).status, 200);
    const review = await patient.post(`/api/providers/${id}/reviews`, { rating: 5, body: 'Explained everything clearly and kindly.' });
    assert.equal(review.status, 201, review.text);
    assert.equal((await patient.post(`/api/providers/${id}/reviews`, { rating: 1, body: 'Second thoughts' })).status, 409);
    assert.equal((await clinician.post(`/api/providers/${id}/reviews`, { rating: 5, body: 'I am great' })).status, 403);
    const leaky = await comms.request('PUT', `/api/reviews/${review.json.review.id}/reply`, {
      body: 'Thank you Sam Carter for visiting us on March 3!',
    });
    assert.equal(leaky.status, 422, 'a public reply may not confirm a patient without consent');
    assert.equal(leaky.json.error.id, 'phi_consent_required');
    const ok = await comms.request('PUT', `/api/reviews/${review.json.review.id}/reply`, {
      body: 'Thank you for the kind words. We pass them on to the team.',
    });
    assert.equal(ok.status, 200, ok.text);
    const page = await patient2.get(`/api/providers/${id}`);
    assert.equal(page.json.provider.verified, true);
    assert.equal(page.json.provider.rating, 5);
    assert.match(page.json.reviews[0].reply.body, /kind words/);
    // The provider replying too does not silently replace the communications team's reply.
    const over = await clinician.request('PUT', `/api/reviews/${review.json.review.id}/reply`, { body: 'Thanks, it was a pleasure.' });
    assert.equal(over.status, 409);
    assert.equal(over.json.error.id, 'reply_exists');
    assert.match(over.json.error.message, /already replied on \d{4}-\d{2}-\d{2}/);
    assert.match((await patient2.get(`/api/providers/${id}`)).json.reviews[0].reply.body, /kind words/, 'nothing changed');
    assert.equal(
      (await comms.request('PUT', `/api/reviews/${review.json.review.id}/reply`, { body: 'Thank you for the kind words, truly.' })).status,
      200,
      'the author edits their own reply without confirming',
    );
    const replaced = await clinician.request('PUT', `/api/reviews/${review.json.review.id}/reply`, {
      body: 'Thanks, it was a pleasure.',
      replace: true,
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.match((await patient2.get(`/api/providers/${id}`)).json.reviews[0].reply.body, /pleasure/);
    const told = (await comms.get('/api/notifications')).json.notifications.some((n: any) => /replaced your reply/.test(n.title));
    assert.ok(told, 'the colleague whose reply was replaced is told');
  });
});

describe('consent records', () => {
  test('a consent lets a named public post through; revoking it hides the post at once and flags it; FHIR export', async () => {
    const body = 'Congratulations to Priscilla Okonkwo on her kidney transplant anniversary!';
    const without = await comms.post(`/api/communities/${communityId}/posts`, {
      title: 'Milestone',
      body,
      visibility: 'public',
      kind: 'announcement',
    });
    assert.equal(without.status, 422);
    assert.equal(without.json.error.id, 'phi_consent_required');
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    // A consent covers only the person it names: someone else's consent does not let Priscilla's name out.
    const someoneElse = await clinician.post('/api/consents', {
      patientId: idOf(org, 'patient2'),
      purpose: 'Another story',
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: expires,
    });
    assert.equal(someoneElse.status, 201, someoneElse.text);
    const wrong = await comms.post(`/api/communities/${communityId}/posts`, {
      title: 'Milestone',
      body,
      visibility: 'public',
      kind: 'announcement',
      consentId: someoneElse.json.consent.id,
    });
    assert.equal(wrong.status, 422, 'a consent is bound to its subject');
    assert.equal(wrong.json.error.id, 'phi_consent_required');
    const consent = await clinician.post('/api/consents', {
      patientId: idOf(org, 'patient'),
      subject: { name: 'Priscilla Okonkwo', aliases: ['Cilla'] },
      purpose: 'Milestone story on the community page',
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: expires,
    });
    assert.equal(consent.status, 201, consent.text);
    assert.equal(consent.json.consent.subject.name, 'Priscilla Okonkwo');
    // The composer's live preview judges as the write does, with the title and the attached consents.
    const preview = async (text: string, consentIds?: string[]) =>
      (await comms.post('/api/phi/scan', { text, title: 'Milestone', destination: 'public', consentIds })).json.decision.verdict;
    assert.equal(await preview(body), 'needs_consent');
    assert.equal(await preview(body, [consent.json.consent.id]), 'allow', 'the consent covers Priscilla in the preview too');
    assert.equal(await preview(`${body} Jordan Blake was treated here last week too.`, [consent.json.consent.id]), 'needs_consent');
    const two = await comms.post(`/api/communities/${communityId}/posts`, {
      title: 'Milestone',
      body: `${body} Jordan Blake was treated here last week too.`,
      visibility: 'public',
      kind: 'announcement',
      consentId: consent.json.consent.id,
    });
    assert.equal(two.status, 422, 'every other identified person still needs their own consent');
    const withConsent = await comms.post(`/api/communities/${communityId}/posts`, {
      title: 'Milestone',
      body,
      visibility: 'public',
      kind: 'announcement',
      consentIds: [consent.json.consent.id],
    });
    assert.equal(withConsent.status, 201, withConsent.text);
    const fhir = await patient.get(`/api/consents/${consent.json.consent.id}/fhir`);
    assert.equal(fhir.json.resourceType, 'Consent');
    assert.equal(fhir.json.status, 'active');
    assert.equal(fhir.json.provision.type, 'permit');
    assert.equal(fhir.json.patient.display, 'Priscilla Okonkwo', 'the FHIR export names the subject');
    assert.match(fhir.headers.get('content-type') ?? '', /application\/fhir\+json/);
    assert.equal((await patient2.get(`/api/consents/${consent.json.consent.id}/fhir`)).status, 404, 'another patient cannot read it');
    const revoked = await patient.post(`/api/consents/${consent.json.consent.id}/revoke`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.deepEqual(revoked.json.hiddenPosts, [withConsent.json.post.id]);
    assert.equal((await patient2.get(`/api/posts/${withConsent.json.post.id}`)).status, 404);
    assert.equal((await patient.get(`/api/consents/${consent.json.consent.id}/fhir`)).json.status, 'inactive');
    const queue = await compliance.get('/api/moderation/flags');
    const flag = queue.json.flags.find((f: any) => f.recordId === withConsent.json.post.id);
    assert.match(flag.reason, /Consent revoked/);
    // Agreeing to show it again is refused by the revoked consent: it stays hidden.
    await compliance.post(`/api/moderation/flags/${flag.id}`, { decision: 'disagree' });
    assert.equal((await patient2.get(`/api/posts/${withConsent.json.post.id}`)).status, 404);
    const expired = await clinician.post('/api/consents', {
      patientId: idOf(org, 'patient'),
      purpose: 'Too late',
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    assert.equal(expired.status, 400);
  });
});

describe('moderation queue, pins, history and the news feed', () => {
  test('a member flags a post; a moderator agrees and it is hidden', async () => {
    const p = await patient.post(`/api/communities/${communityId}/posts`, { body: 'Buy miracle kidney cleanse pills at my shop' });
    assert.equal((await patient2.post(`/api/posts/${p.json.post.id}/flags`, { reason: 'spam and a false claim' })).status, 201);
    assert.equal((await patient.get('/api/moderation/flags')).status, 404, 'patients do not see the queue');
    const flag = (await comms.get('/api/moderation/flags')).json.flags.find((f: any) => f.recordId === p.json.post.id);
    assert.equal((await comms.post(`/api/moderation/flags/${flag.id}`, { decision: 'agree' })).status, 200);
    assert.equal((await patient2.get(`/api/posts/${p.json.post.id}`)).status, 404);
    assert.equal((await comms.post(`/api/moderation/flags/${flag.id}`, { decision: 'agree' })).status, 409);
  });
  test('moderators pin; authors see their edit history; staff news reaches the feed', async () => {
    const news = await comms.post(`/api/communities/${communityId}/posts`, {
      title: 'Flu clinic',
      body: 'Free flu shots every Saturday this month.',
      kind: 'event',
      visibility: 'public',
    });
    assert.equal((await patient.request('PUT', `/api/posts/${news.json.post.id}/pin`, { pinned: true })).status, 403);
    assert.equal((await comms.request('PUT', `/api/posts/${news.json.post.id}/pin`, { pinned: true })).status, 200);
    const feed = await patient.get(`/api/communities/${communityId}/posts`);
    assert.ok(feed.json.pinned.some((p: any) => p.id === news.json.post.id));
    const orgFeed = await patient2.get('/api/feed');
    assert.equal(orgFeed.json.posts[0].id, news.json.post.id);
    const mine = await patient.post(`/api/communities/${communityId}/posts`, { body: 'first draft' });
    await patient.patch(`/api/posts/${mine.json.post.id}`, { body: 'second draft' });
    const history = await patient.get(`/api/posts/${mine.json.post.id}/history`);
    assert.deepEqual(
      history.json.versions.map((v: any) => v.content.body),
      ['first draft', 'second draft'],
    );
    assert.equal((await patient2.get(`/api/posts/${mine.json.post.id}/history`)).status, 403);
  });
});
