import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

/**
 * @mentions from outside: a member is named as others see them (a pseudonym, never the real name behind
 * it), told that someone mentioned them only if they can read the post, and the composer's completion
 * lists names without ids.
 */
let server: TestServer;
let org: TestOrg;
let community: string;
const as: Record<string, Client> = {};
const NAMES = { patient: 'Dana Price', patient2: 'Owen Marsh', clinician: 'Naomi Whitfield', staff: 'Lena Ortiz' };
const mentionsOf = async (role: string) =>
  (await as[role].get('/api/notifications')).json.notifications.filter((n: { title: string }) => /mentioned you/.test(n.title));

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  // People with ordinary names (the test organization's placeholders carry random letters).
  for (const [role, name] of Object.entries(NAMES))
    await server.ctx.db.updateTable('users').set({ display_name: name }).where('id', '=', org.userId(role)).execute();
  for (const role of ['communications', 'patient', 'patient2', 'clinician', 'staff', 'compliance'])
    as[role] = await signedIn(server, org, role);
  community = (await as.communications.post('/api/communities', { name: 'Lung health', slug: 'lungs', visibility: 'members' })).json
    .community.id;
  await as.patient.post(`/api/communities/${community}/join`, { pseudonym: 'Heron' });
  for (const role of ['patient2', 'clinician', 'staff']) await as[role].post(`/api/communities/${community}/join`, {});
});
after(() => server?.close());

describe('mentions', () => {
  test('a mention reaches the member by the name others see, never by the real name behind a pseudonym', async () => {
    const clinicianName = NAMES.clinician;
    const patientName = NAMES.patient;
    const r = await as.patient2.post(`/api/communities/${community}/posts`, {
      title: 'Inhaler spacers',
      body: `Thank you @[Heron] for the tip, and @[${clinicianName}] for checking my technique. Also @[${patientName}] and @[Nobody Here].`,
      confirmPhi: true,
    });
    assert.equal(r.status, 201, r.text);
    const [heron] = await mentionsOf('patient');
    assert.ok(heron, 'the pseudonymous member is told');
    assert.equal(heron.title, 'Owen Marsh mentioned you');
    assert.equal(heron.link, `/p/${r.json.post.id}`);
    assert.equal((await mentionsOf('clinician')).length, 1);
    assert.equal((await mentionsOf('patient')).length, 1, 'the real name behind the pseudonym reaches no one');
    assert.equal((await mentionsOf('patient2')).length, 0, 'authors are not told about themselves');
  });

  test('a care-team post reaches only the care team, whoever it names; replies tell whom they answer', async () => {
    const post = await as.clinician.post(`/api/communities/${community}/posts`, {
      title: 'Handover',
      body: '@[Heron] asked about spacers; @[Lena Ortiz] please bring samples.',
      visibility: 'care_team',
      confirmPhi: true,
    });
    assert.equal(post.status, 201, post.text);
    assert.equal((await mentionsOf('patient')).length, 1, 'the patient cannot read a care-team post, so is not told');
    assert.equal((await mentionsOf('staff')).length, 1, 'the nurse is');

    const open = (await as.patient2.post(`/api/communities/${community}/posts`, { title: 'Peak flow', body: 'What is a good reading?' }))
      .json.post.id;
    const first = (await as.patient.post(`/api/posts/${open}/comments`, { body: 'Mine is around 400.' })).json.comment.id;
    await as.clinician.post(`/api/posts/${open}/comments`, { body: 'It depends on height and age.', parentId: first });
    const notes = (await as.patient.get('/api/notifications')).json.notifications.map((n: { title: string }) => n.title);
    assert.ok(notes.includes('New reply to your comment'), notes.join(' | '));
  });

  test('completion lists names as members see them, with no ids', async () => {
    const heron = await as.patient2.get(`/api/communities/${community}/mentionable?q=he`);
    assert.equal(heron.status, 200, heron.text);
    assert.deepEqual(heron.json.people, [{ label: 'Heron', staff: false }]);
    const byRealName = await as.patient2.get(`/api/communities/${community}/mentionable?q=${encodeURIComponent('Dana')}`);
    assert.deepEqual(byRealName.json.people, [], 'a pseudonymous member is never found by their name');
    const byWord = await as.patient.get(`/api/communities/${community}/mentionable?q=whit`);
    assert.deepEqual(byWord.json.people, [{ label: 'Naomi Whitfield', staff: true }], 'any word of a name completes');
    const outsider = await signedIn(server, await createTestOrg(server.ctx), 'patient');
    assert.equal((await outsider.get(`/api/communities/${community}/mentionable?q=he`)).status, 404);
  });
});

describe('unread posts and the first-visit guide', () => {
  test('a member sees how many posts came since they last opened the community, counting only what they may read', async () => {
    const group = (await as.communications.post('/api/communities', { name: 'Asthma night', slug: 'asthma-night', visibility: 'members' }))
      .json.community.id;
    await as.patient.post(`/api/communities/${group}/join`, {});
    await as.clinician.post(`/api/communities/${group}/join`, {});
    const unread = async (role: string) =>
      (await as[role].get('/api/communities')).json.communities.find((c: { id: string }) => c.id === group).unread;
    assert.equal(await unread('patient'), 0);
    await as.clinician.post(`/api/communities/${group}/posts`, { title: 'Welcome', body: 'Ask us anything about night-time symptoms.' });
    await as.clinician.post(`/api/communities/${group}/posts`, { title: 'Rota', body: 'Nurse cover this week.', visibility: 'care_team' });
    await as.patient.post(`/api/communities/${group}/posts`, { title: 'Hello', body: 'Glad to be here.' });
    assert.equal(await unread('patient'), 1, "the care-team post and the patient's own are not counted");
    assert.equal(await unread('patient2'), 0, 'not a member: nothing counted');
    assert.equal((await as.patient.post(`/api/communities/${group}/read`)).status, 200);
    assert.equal(await unread('patient'), 0);
    await as.clinician.post(`/api/communities/${group}/posts`, { title: 'Inhaler check', body: 'Bring your inhaler on Thursday.' });
    assert.equal(await unread('patient'), 1);
  });

  test('the first-visit guide is shown until the person is done with it', async () => {
    assert.equal((await as.patient2.get('/api/session')).json.session.onboarded, false);
    assert.equal((await as.patient2.post('/api/me/onboarded')).status, 200);
    assert.equal((await as.patient2.get('/api/session')).json.session.onboarded, true);
    assert.equal((await as.patient.get('/api/session')).json.session.onboarded, false, 'per person');
  });
});

describe('profiles', () => {
  test('a profile shows communities in common and posts under the own name, never one written under a pseudonym', async () => {
    const named = await as.patient.post(`/api/communities/${community}/posts`, {
      title: 'Nebulizer cleaning',
      body: 'Vinegar rinse once a week.',
    });
    const hidden = await as.patient.post(`/api/communities/${community}/posts`, {
      title: 'Night fears',
      body: 'I wake up breathless and scared.',
      anonymous: true,
    });
    assert.equal(hidden.status, 201, hidden.text);
    const profile = await as.patient2.get(`/api/people/${org.userId('patient')}`);
    assert.equal(profile.status, 200, profile.text);
    assert.equal(profile.json.person.name, 'Dana Price');
    assert.equal(profile.json.person.role, 'patient');
    assert.deepEqual(
      profile.json.communitiesInCommon.map((c: { name: string }) => c.name),
      ['Lung health'],
      'only communities both belong to',
    );
    const titles = profile.json.posts.map((p: { title: string }) => p.title);
    assert.ok(titles.includes('Nebulizer cleaning'), titles.join(', '));
    assert.ok(!titles.includes('Night fears'), 'a pseudonymous post never appears under the name');
    assert.ok(named.json.post.id);
    const clinician = (await as.patient.get(`/api/people/${org.userId('clinician')}`)).json.person;
    assert.equal(clinician.role, 'clinician');
    const outsider = await signedIn(server, await createTestOrg(server.ctx), 'admin');
    assert.equal((await outsider.get(`/api/people/${org.userId('patient')}`)).status, 404);
  });
});
