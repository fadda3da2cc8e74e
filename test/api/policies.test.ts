import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runWeeklyDigests } from '../../src/oversight/service.ts';
import { STARTER_MODULES } from '../../src/training/starter-modules.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
const as = (role: string) => signedIn(server, org, role);
const idOf = (role: string) => org.userId(role);
let comms: Client, clinician: Client, staff: Client, compliance: Client, admin: Client, patient: Client;
let publicCommunity: string;

type Def = (typeof STARTER_MODULES)[number];
/** Where each right answer sits in the order this person is shown (every person sees their own order). */
const rightAnswers = (shown: { options: string[] }[], def: Def) =>
  def.questions.map((q, i) => shown[i].options.indexOf(q.options[q.answer]));
/** A wrong option's position for every question. */
const wrongAnswers = (shown: { options: string[] }[], def: Def) =>
  def.questions.map((q, i) => shown[i].options.findIndex((o) => o !== q.options[q.answer]));
const shownTo = async (c: Client, moduleId: string) => (await c.get(`/api/training/modules/${moduleId}`)).json.module.questions;

/** Passes every module and acknowledges every policy through the API, as a person would. */
async function completeAll(c: Client) {
  for (const m of (await c.get('/api/training/modules')).json.modules) {
    if (m.current) continue;
    const def = STARTER_MODULES.find((d) => d.slug === m.slug)!;
    const answers = rightAnswers(await shownTo(c, m.id), def);
    assert.equal((await c.post(`/api/training/modules/${m.id}/attempts`, { answers })).status, 201);
  }
  for (const p of (await c.get('/api/policies')).json.policies)
    if (!p.acknowledgedAt) await c.post(`/api/policies/${p.id}/acknowledge`, { version: p.version });
}

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx, undefined, { trained: false });
  [comms, clinician, staff, compliance, admin, patient] = await Promise.all(
    ['communications', 'clinician', 'staff', 'compliance', 'admin', 'patient'].map(as),
  );
  publicCommunity = (await comms.post('/api/communities', { name: 'Heart Health', slug: 'heart', visibility: 'public' })).json.community.id;
  for (const c of [clinician, patient, staff]) await c.post(`/api/communities/${publicCommunity}/join`, { pseudonym: null });
});
after(() => server.close());

const publicPost = (c: Client, body: string, kind = 'education') =>
  c.post(`/api/communities/${publicCommunity}/posts`, { title: 'Heart month', body, kind, visibility: 'public' });

describe('training and policy gates', () => {
  test('an untrained communications officer cannot publish publicly; the refusal says what is missing and links to it', async () => {
    const r = await publicPost(comms, 'Walk 30 minutes a day for a healthier heart.');
    assert.equal(r.status, 403);
    assert.equal(r.json.error.id, 'training_required');
    assert.match(r.json.error.message, /Before you can publish publicly: complete the training "Patient information on social media"/);
    const missing = r.json.error.details.missing;
    assert.deepEqual(missing.map((m: any) => m.kind).sort(), ['policy', 'training', 'training']);
    assert.ok(missing.every((m: any) => m.link.startsWith('/learning/')));
    const req = (await comms.get('/api/me/requirements')).json.capabilities;
    assert.equal(req.publish_public.ok, false);
    assert.equal(req.answer_questions.missing.length, 2);
    // members-only posting is not gated; patients are never gated
    assert.equal(
      (
        await comms.post(`/api/communities/${publicCommunity}/posts`, {
          title: 'x',
          body: 'Members update',
          kind: 'announcement',
          visibility: 'members',
        })
      ).status,
      201,
    );
    assert.equal((await publicPost(patient, 'My cardiac rehab class was great', 'post')).status, 201);
  });

  test('each person sees the options in an order of their own, the same on every visit; answers are taken in that order', async () => {
    const phi = (await comms.get('/api/training/modules')).json.modules.find((m: any) => m.slug === 'phi-on-social-media');
    const def = STARTER_MODULES.find((d) => d.slug === 'phi-on-social-media')!;
    const a = await shownTo(comms, phi.id);
    assert.deepEqual(await shownTo(comms, phi.id), a, 'the same order on every visit');
    const orders = await Promise.all([comms, clinician, staff, compliance, admin].map((c) => shownTo(c, phi.id)));
    const positions = new Set(orders.flatMap((shown) => rightAnswers(shown, def)));
    assert.ok(positions.size >= 3, `right answers sit in ${[...positions].join(',')}`);
    for (const shown of orders)
      for (const [i, q] of shown.entries()) assert.deepEqual(new Set(q.options), new Set(def.questions[i].options));
  });

  test('a quiz below the pass mark fails with the score only; a pass earns explanations and a verifiable certificate', async () => {
    const modules = (await comms.get('/api/training/modules')).json.modules;
    assert.equal(modules.length, 4, 'starter modules shipped');
    const phi = modules.find((m: any) => m.slug === 'phi-on-social-media');
    const detail = (await comms.get(`/api/training/modules/${phi.id}`)).json.module;
    assert.ok(detail.lessons.length >= 2);
    assert.ok(
      detail.questions.every((q: any) => q.answer === undefined),
      'answers are not sent to the browser',
    );
    assert.equal(
      (await comms.post(`/api/training/modules/${phi.id}/attempts`, { answers: [0] })).status,
      400,
      'every question must be answered',
    );
    const def = STARTER_MODULES.find((d) => d.slug === 'phi-on-social-media')!;
    const wrong = await comms.post(`/api/training/modules/${phi.id}/attempts`, { answers: wrongAnswers(detail.questions, def) });
    assert.equal(wrong.json.passed, false);
    assert.ok(wrong.json.score < wrong.json.passMark);
    assert.equal(wrong.json.feedback, null, 'a failed attempt does not say which answers were wrong');
    assert.equal(wrong.json.attemptsLeftToday, 2);
    assert.equal(wrong.json.certificateId, null);
    const staffSees = await shownTo(staff, phi.id);
    const almost = rightAnswers(staffSees, def).map((a, i) => (i === 0 ? wrongAnswers(staffSees, def)[0] : a));
    const right = await comms.post(`/api/training/modules/${phi.id}/attempts`, { answers: rightAnswers(detail.questions, def) });
    assert.equal(right.json.passed, true);
    assert.equal(right.json.score, 100);
    assert.ok(right.json.feedback.every((f: any) => f.correct));
    // Failed attempts are limited per day, so answers cannot be found by changing one at a time.
    for (let i = 0; i < 3; i++)
      assert.equal((await staff.post(`/api/training/modules/${phi.id}/attempts`, { answers: wrongAnswers(staffSees, def) })).status, 201);
    const blocked = await staff.post(`/api/training/modules/${phi.id}/attempts`, { answers: almost });
    assert.equal(blocked.status, 429, blocked.text);
    assert.match(blocked.json.error.message, /3 attempts/);
    const cert = (await comms.get(`/api/training/certificates/${right.json.certificateId}`)).json.certificate;
    assert.equal(cert.valid, true);
    assert.equal(cert.module, 'Patient information on social media');
    assert.equal(
      (await compliance.get(`/api/training/certificates/${right.json.certificateId}`)).status,
      200,
      'compliance sees certificates',
    );
    assert.equal((await clinician.get(`/api/training/certificates/${right.json.certificateId}`)).status, 404, 'colleagues do not');
    await server.ctx.db.updateTable('training_attempts').set({ score: 40 }).where('id', '=', right.json.certificateId).execute();
    assert.equal(
      (await comms.get(`/api/training/certificates/${right.json.certificateId}`)).json.certificate.valid,
      false,
      'tampering shows',
    );
    await server.ctx.db.updateTable('training_attempts').set({ score: 100 }).where('id', '=', right.json.certificateId).execute();
  });

  test('acknowledging is per version; afterwards the officer may publish', async () => {
    await completeAll(comms);
    const policy = (await comms.get('/api/policies')).json.policies[0];
    assert.ok(policy.acknowledgedAt);
    assert.equal((await comms.post(`/api/policies/${policy.id}/acknowledge`, { version: policy.version })).status, 409, 'once per version');
    const r = await publicPost(comms, 'Walk 30 minutes a day for a healthier heart.');
    assert.equal(r.status, 201, r.text);
  });

  test('a new policy version must be acknowledged again; acknowledgements are archived records kept six years', async () => {
    const p = (await admin.get('/api/policies')).json.policies[0];
    const v2 = await compliance.post('/api/policies', {
      slug: p.slug,
      title: p.title,
      body: 'Version two: never post patient photos, even with faces blurred, without consent.',
      changeSummary: 'Photos',
    });
    assert.equal(v2.status, 201, v2.text);
    assert.equal(v2.json.policy.version, 2);
    assert.equal(
      (await comms.post(`/api/policies/${p.id}/acknowledge`, { version: 1 })).status,
      409,
      'an old version cannot be acknowledged',
    );
    const blocked = await publicPost(comms, 'Another heart tip');
    assert.equal(blocked.status, 403);
    assert.match(blocked.json.error.message, /version 2/);
    assert.ok(
      (await comms.get('/api/notifications')).json.notifications.some((n: any) =>
        /acknowledge: Social media policy \(version 2\)/.test(n.title),
      ),
    );
    assert.equal((await comms.post(`/api/policies/${p.id}/acknowledge`, { version: 2 })).status, 201);
    assert.equal((await publicPost(comms, 'Another heart tip')).status, 201);

    const status = (await compliance.get(`/api/policies/${p.id}/acknowledgements`)).json;
    assert.equal(status.version, 2);
    assert.ok(status.staff.find((s: any) => s.userId === idOf('communications')).acknowledgedAt);
    assert.equal(status.staff.find((s: any) => s.userId === idOf('clinician')).acknowledgedAt, null);
    assert.equal((await staff.get(`/api/policies/${p.id}/acknowledgements`)).status, 404);

    const archived = await server.ctx.db
      .selectFrom('archive_entries')
      .select(['record_class'])
      .where('org_id', '=', org.orgId)
      .where('record_kind', '=', 'policy_acknowledgement')
      .execute();
    assert.ok(archived.length >= 2 && archived.every((a) => a.record_class === 'policy_acknowledgement'));
    const rules = await server.ctx.db
      .selectFrom('retention_rules')
      .select(['record_class', 'years'])
      .where('org_id', '=', org.orgId)
      .execute();
    assert.ok(rules.some((r) => r.record_class === 'policy_acknowledgement' && r.years === 6));
    const shorter = await compliance.post('/api/archive/rules', {
      recordClass: 'policy_acknowledgement',
      jurisdiction: 'US',
      years: 2,
      basis: 'try shorter',
    });
    assert.equal(shorter.status, 400);
    assert.match(shorter.json.error.message, /at least 6 years/);
  });

  test('answering questions and approving posts are gated too', async () => {
    const q = await patient.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Q',
      body: 'Is a resting heart rate of 90 high?',
      kind: 'question',
      visibility: 'members',
      questionTo: idOf('clinician'),
    });
    const answer = await clinician.post(`/api/posts/${q.json.post.id}/comments`, {
      body: 'It is at the high end of normal; let us check it at your visit.',
      markAnswer: true,
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.details.capability, 'answer_questions');
    assert.equal(
      (await clinician.post(`/api/posts/${q.json.post.id}/comments`, { body: 'Plain reply without answering is fine' })).status,
      201,
    );
    await completeAll(clinician);
    assert.equal(
      (await clinician.post(`/api/posts/${q.json.post.id}/comments`, { body: 'It is at the high end of normal.', markAnswer: true }))
        .status,
      201,
    );

    await comms.post('/api/moderation/rules', { pattern: 'statins', action: 'require_approval' });
    const held = await patient.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Statins',
      body: 'Are statins worth it?',
      visibility: 'members',
    });
    assert.equal(held.json.post.status, 'pending');
    const untrained = await compliance.post(`/api/moderation/items/post/${held.json.post.id}/actions`, { action: 'approve', reason: 'ok' });
    assert.equal(untrained.status, 403);
    assert.equal(untrained.json.error.details.capability, 'approve_posts');
    const ok = await comms.post(`/api/moderation/items/post/${held.json.post.id}/actions`, { action: 'approve', reason: 'Fine question' });
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('sharing rules in one place', () => {
  test('admins change who may post where, what needs approval and the PHI table; every change is audited', async () => {
    const current = (await admin.get('/api/sharing-rules')).json;
    assert.equal(current.rules.samplePercent, 10);
    const rules = structuredClone(current.rules);
    rules.destinations.patient = ['community', 'direct', 'care_team'];
    rules.approvals = { public: ['clinician'] };
    rules.phiPolicy.community.SH04_PHONE = 'block';
    assert.equal((await patient.request('PUT', '/api/sharing-rules', rules)).status, 404, 'patients cannot change rules');
    const bad = structuredClone(rules);
    bad.gates.publish_public.modules.push('no-such-module');
    assert.equal((await admin.request('PUT', '/api/sharing-rules', bad)).status, 400);
    assert.equal((await admin.request('PUT', '/api/sharing-rules', { ...rules, samplePercent: 'lots' })).status, 400);
    assert.equal((await admin.request('PUT', '/api/sharing-rules', rules)).status, 200);

    const denied = await publicPost(patient, 'Great rehab', 'post');
    assert.equal(denied.status, 403);
    assert.match(denied.json.error.message, /sharing rules do not let the patient role post to public/);
    const held = await publicPost(clinician, 'Heart healthy recipes are on our site this week.', 'post');
    assert.equal(held.status, 201, held.text);
    assert.equal(held.json.post.status, 'pending', 'clinician public posts wait for approval');
    const phone = await patient.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Call me',
      body: 'Call me on 555-201-3344 to talk about rehab',
      visibility: 'members',
    });
    assert.equal(phone.status, 422);
    assert.equal(phone.json.error.id, 'phi_blocked');

    const audit = (await compliance.get('/api/audit?limit=500')).json.events.find((e: any) => e.action === 'sharing_rules.update');
    assert.ok(audit, 'audited');
    assert.deepEqual(audit.detail.after.approvals, { public: ['clinician'] });
    assert.deepEqual(audit.detail.before.approvals, {});
    await admin.request('PUT', '/api/sharing-rules', current.rules);
  });
});

describe('staff oversight', () => {
  test('the dashboard shows activity, blocked attempts by category and overdue training', async () => {
    await staff.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'x',
      body: 'Patient SSN 123-45-6789 needs a callback',
      visibility: 'public',
    });
    const r = await compliance.get('/api/oversight/staff?days=7');
    assert.equal(r.status, 200, r.text);
    const me = (name: string) => r.json.staff.find((s: any) => s.userId === idOf(name));
    assert.ok(me('communications').posts >= 2);
    assert.ok((me('staff').blockedByCategory.SH07_SSN ?? 0) >= 1, JSON.stringify(me('staff')));
    assert.equal(me('staff').overdueTraining.length, 4);
    assert.deepEqual(me('communications').overdueTraining, []);
    assert.equal(me('clinician').questionsAnswered, 1);
    assert.equal((await staff.get('/api/oversight/staff')).status, 404);
  });

  test('a configured share of staff posts is drawn for supervisory review; decisions are recorded', async () => {
    const current = (await admin.get('/api/sharing-rules')).json.rules;
    await admin.request('PUT', '/api/sharing-rules', { ...current, samplePercent: 100 });
    const p = await comms.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Sampled',
      body: 'Flu shots are available at the main entrance.',
      visibility: 'members',
      kind: 'announcement',
    });
    const open = (await compliance.get('/api/oversight/reviews')).json.reviews;
    const item = open.find((x: any) => x.recordId === p.json.post.id);
    assert.ok(item, 'drawn');
    assert.equal(item.body, 'Flu shots are available at the main entrance.');
    assert.equal((await compliance.post(`/api/oversight/reviews/${item.id}`, { decision: 'concern', note: 'Add the dates' })).status, 200);
    assert.equal((await compliance.post(`/api/oversight/reviews/${item.id}`, { decision: 'appropriate' })).status, 409);
    const decided = (await compliance.get('/api/oversight/reviews?status=decided')).json.reviews;
    assert.equal(decided.find((x: any) => x.id === item.id).decision, 'concern');
    const own = await compliance.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Mine',
      body: 'Compliance office hours moved.',
      visibility: 'members',
    });
    const mine = (await compliance.get('/api/oversight/reviews')).json.reviews.find((x: any) => x.recordId === own.json.post.id);
    assert.equal((await compliance.post(`/api/oversight/reviews/${mine.id}`, { decision: 'appropriate' })).status, 403, "not one's own");
    await admin.request('PUT', '/api/sharing-rules', { ...current, samplePercent: 0 });
    const none = await comms.post(`/api/communities/${publicCommunity}/posts`, {
      title: 'Not sampled',
      body: 'Parking update.',
      visibility: 'members',
      kind: 'announcement',
    });
    assert.ok(!(await compliance.get('/api/oversight/reviews')).json.reviews.some((x: any) => x.recordId === none.json.post.id));
    await admin.request('PUT', '/api/sharing-rules', current);
  });

  test('the weekly digest goes to compliance officers with the figures and no content, once a week', async () => {
    const db = server.ctx.db;
    const mails = () =>
      db
        .selectFrom('mail_outbox')
        .select(['subject', 'body'])
        .where('to_address', '=', org.email('compliance'))
        .where('subject', 'like', '%weekly compliance digest%')
        .execute();
    const before = (await mails()).length;
    const preview = (await compliance.get('/api/oversight/digest')).json.preview;
    assert.ok(preview.blockedAttemptsByCategory.SH07_SSN >= 1);
    assert.ok((await runWeeklyDigests(db)) >= 1);
    assert.equal(await runWeeklyDigests(db), 0, 'not twice in a week');
    const sent = await mails();
    assert.equal(sent.length, before + 1);
    const body = sent.at(-1)!.body;
    assert.match(body, /Blocked attempts by PHI category: .*SH07_SSN \d/);
    assert.match(body, /Overdue training \(\d+\):/);
    assert.match(body, /Staff of /, 'names the staff with overdue training');
    assert.ok(!body.includes('123-45-6789') && !body.includes('callback'), 'no content');
  });
});
