import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';

// Tenant isolation from the outside: for every route that takes an id, a user of organization B gets the
// same 404 for organization A's id as for an id that does not exist, and nothing in A changes.
let server: TestServer;
let a: Awaited<ReturnType<typeof createTestOrg>>;
let b: Awaited<ReturnType<typeof createTestOrg>>;
const ids: Record<string, string> = {};
const GHOST = '00000000-0000-4000-8000-000000000000';

before(async () => {
  server = await startTestServer();
  a = await createTestOrg(server.ctx);
  b = await createTestOrg(server.ctx);
  const admin = new Client(server.url);
  await admin.login(a.email('admin'), PASSWORD);
  const patient = new Client(server.url);
  await patient.login(a.email('patient'), PASSWORD);
  ids.community = (await admin.post('/api/communities', { name: 'A only', slug: 'a-only', visibility: 'members' })).json.community.id;
  await patient.post(`/api/communities/${ids.community}/join`, { pseudonym: null });
  ids.post = (await patient.post(`/api/communities/${ids.community}/posts`, { body: 'Organization A content' })).json.post.id;
  ids.member = a.actors[a.email('patient')].userId;
  await server.ctx.db
    .insertInto('security_alerts')
    .values({ org_id: a.orgId, user_id: ids.member, kind: 'new_device', detail: '{}' })
    .execute();
  ids.alert = (await server.ctx.db.selectFrom('security_alerts').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()).id;
  ids.grant = (
    await admin.post('/api/security/break-glass', { userId: a.userId('clinician'), reason: 'testing isolation of grants', minutes: 5 })
  ).json.grant.id;
  await server.ctx.db
    .insertInto('webauthn_credentials')
    .values({ id: 'cred-of-org-a', user_id: ids.member, public_key: 'x', counter: 0 })
    .execute();
  ids.passkey = 'cred-of-org-a';
  ids.joinLink = (await admin.post(`/api/communities/${ids.community}/join-links`, { requiresApproval: true })).json.link.id;
  const code = (await admin.get(`/api/communities/${ids.community}/join-links`)).json.links[0].code;
  const patient2 = new Client(server.url);
  await patient2.login(a.email('patient2'), PASSWORD);
  await patient2.post(`/api/join/${code}`, {});
  ids.joinRequest = (
    await server.ctx.db.selectFrom('community_join_requests').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()
  ).id;
  const clinician = new Client(server.url);
  await clinician.login(a.email('clinician'), PASSWORD);
  ids.thread = (
    await patient.post('/api/threads', {
      kind: 'care_team',
      participantIds: [a.actors[a.email('clinician')].userId],
      body: 'A private note',
    })
  ).json.thread.id;
  await clinician.request('PUT', '/api/providers/me', { specialty: 'Cardiology', npi: null, bio: '' });
  ids.provider = a.actors[a.email('clinician')].userId;
  ids.review = (await patient.post(`/api/providers/${ids.provider}/reviews`, { rating: 4, body: 'Good listener' })).json.review.id;
  ids.consent = (
    await clinician.post('/api/consents', {
      patientId: ids.member,
      purpose: 'Story on the website',
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
  ).json.consent.id;
  ids.notification = (
    await server.ctx.db.selectFrom('notifications').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()
  ).id;
  await patient.post(`/api/posts/${ids.post}/flags`, { reason: 'please review' });
  ids.flag = (await server.ctx.db.selectFrom('flags').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()).id;
  const officer = new Client(server.url);
  await officer.login(a.email('compliance'), PASSWORD);
  ids.comment =
    (await officer.post(`/api/posts/${ids.post}/comments`, { body: 'A comment in A' })).json?.comment?.id ??
    (
      await server.ctx.db
        .insertInto('comments')
        .values({ org_id: a.orgId, post_id: ids.post, author_id: a.actors[a.email('compliance')].userId, body: 'A comment in A' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  ids.rule = (await officer.post('/api/moderation/rules', { pattern: 'only-in-a', action: 'flag' })).json.rule.id;
  ids.claim = (await officer.post('/api/moderation/claims', { claim: 'A false claim only organization A knows about' })).json.id;
  ids.source = (
    await officer.post('/api/moderation/sources', { title: 'Source of A', url: 'https://a.example/source', publisher: 'Org A' })
  ).json.source.id;
  const db = server.ctx.db;
  ids.policy = (await db.selectFrom('policy_documents').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()).id;
  ids.module = (await db.selectFrom('training_modules').select('id').where('org_id', '=', a.orgId).executeTakeFirstOrThrow()).id;
  ids.certificate2 = (
    await db.selectFrom('training_attempts').select('id').where('org_id', '=', a.orgId).where('passed', '=', true).executeTakeFirstOrThrow()
  ).id;
  ids.review = (
    await db
      .insertInto('supervisory_reviews')
      .values({ org_id: a.orgId, record_kind: 'post', record_id: ids.post, author_id: ids.member })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const adminA = a.actors[a.email('admin')].userId;
  ids.channel = (
    await db
      .insertInto('channels')
      .values({
        org_id: a.orgId,
        network: 'mastodon',
        name: 'A on Mastodon',
        base_url: 'http://127.0.0.1:9/',
        account_id: '1',
        handle: 'a',
        max_length: 500,
        can_post: true,
        credentials: server.ctx.secrets.seal('{"accessToken":"t"}', 'x'),
        created_by: adminA,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.publisherPost = (
    await db
      .insertInto('publisher_posts')
      .values({
        org_id: a.orgId,
        body: 'A network post',
        author_id: adminA,
        status: 'pending_approval',
        approvals_required: 1,
        approval_expires_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.target = (
    await db
      .insertInto('publisher_targets')
      .values({ post_id: ids.publisherPost, org_id: a.orgId, channel_id: ids.channel, idempotency_key: 'k', status: 'failed' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.inboxItem = (
    await db
      .insertInto('inbox_items')
      .values({
        org_id: a.orgId,
        channel_id: ids.channel,
        kind: 'mention',
        remote_id: 'r1',
        author_handle: 'x',
        author_name: 'X',
        body: 'hello A',
        remote_created_at: new Date(),
        due_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.template = (
    await db
      .insertInto('response_templates')
      .values({ org_id: a.orgId, name: 'A template', body: 'Thanks', created_by: adminA })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.retentionRule = (
    await db
      .insertInto('retention_rules')
      .values({ org_id: a.orgId, record_class: 'community_content', jurisdiction: 'US-HIPAA', years: 6, basis: 'test', created_by: adminA })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.dispositionRequest = (
    await db
      .insertInto('disposition_requests')
      .values({ org_id: a.orgId, requested_by: adminA, as_of: new Date(), rules: '[]', preview: '{}', approvals_required: 1 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.libraryItem = (
    await db
      .insertInto('library_items')
      .values({ org_id: a.orgId, title: 'Flu caption', body: 'Get your flu shot', created_by: adminA })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.media = randomUUID();
  const file = { key: `${a.orgId}/${ids.media}/w320-1.webp`, sha256: '0'.repeat(64), type: 'image/webp', bytes: 1, width: 1, height: 1 };
  await db
    .insertInto('media')
    .values({
      id: ids.media,
      org_id: a.orgId,
      uploader_id: ids.member,
      status: 'ready',
      file_name: 'a.png',
      content_type: 'image/png',
      byte_size: 1,
      width: 1,
      height: 1,
      files: JSON.stringify({ clean: file, shared: file, w320: file, w1280: file }),
      evidence: JSON.stringify({ text: '', words: [], faces: [], codes: [], analysedWidth: 1, analysedHeight: 1 }),
      record_kind: 'post',
      record_id: ids.post,
    })
    .execute();
  ids.modAction = (
    await server.ctx.db
      .insertInto('moderation_actions')
      .values({
        org_id: a.orgId,
        record_kind: 'post',
        record_id: ids.post,
        target_user_id: ids.member,
        action: 'warn',
        reason: 'test',
        moderator_id: a.actors[a.email('compliance')].userId,
        appeal_status: 'pending',
        appeal_text: 'please',
        appealed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.hold = (await officer.post('/api/archive/holds', { name: 'Hold of A', reason: 'isolation test' })).json.hold.id;
  ids.session = (
    await server.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', a.actors[a.email('patient')].userId)
      .executeTakeFirstOrThrow()
  ).id;
  ids.scimToken = (await admin.post('/api/org/scim-tokens', { name: 'Token of A' })).json.id;
  ids.savedSearch = (await officer.post('/api/archive/saved-searches', { name: 'Search of A', query: { recordKind: 'post' } })).json.id;
  ids.reviewSet = (await officer.post('/api/archive/review-sets', { name: 'Set of A', query: { recordKind: 'post' } })).json.id;
  ids.production = (
    await officer.post('/api/archive/productions', { name: 'A production', batesPrefix: 'AAA', query: { recordKind: 'post' } })
  ).json.production.id;
  ids.certificate = (
    await server.ctx.db
      .insertInto('destruction_certificates')
      .values({
        org_id: a.orgId,
        reason: 'test',
        entry_count: 0,
        record_count: 0,
        rules: '[]',
        sample: '[]',
        manifest_sha256: 'x',
        signature: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.screeningResult = (
    await patient.post('/api/screening/results', { instrument: 'gad7', answers: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1 } })
  ).json.result.id;
  await patient.post(`/api/screening/results/${ids.screeningResult}/shares`, { clinicianIds: [ids.provider] });
  ids.goal = (await patient.post('/api/goals', { kind: 'steps', target: 8000 })).json.goal.id;
  ids.campaign = (
    await admin.post('/api/campaigns', {
      title: 'A only appeal',
      story: 'Help organization A build a garden.',
      goalCents: 100_000,
      donateUrl: 'https://give.example.org/a',
    })
  ).json.campaign.id;
  ids.event = (
    await admin.post(`/api/communities/${ids.community}/events`, {
      title: 'A only walk',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      timeZone: 'UTC',
      place: 'Lobby',
    })
  ).json.event.id;
  ids.screeningInstrument = (
    await admin.post('/api/screening/instruments', {
      title: 'A only check-in',
      questions: [
        {
          text: 'How are you?',
          options: [
            { value: 0, label: 'Fine' },
            { value: 1, label: 'Not fine' },
          ],
        },
      ],
      bands: [{ min: 0, label: 'Fine', nextSteps: 'Carry on.' }],
    })
  ).json.instrument.id;
});
after(() => server.close());

/** Every route with an id, how to fill it, and a body that would be valid for the owner. */
const TABLE: Record<string, { id: string; body?: unknown; query?: string }> = {
  'GET /api/communities/{id}': { id: 'community' },
  'POST /api/communities/{id}/join': { id: 'community', body: { pseudonym: null } },
  'GET /api/communities/{id}/posts': { id: 'community' },
  'POST /api/communities/{id}/posts': { id: 'community', body: { body: 'intrusion' } },
  'GET /api/posts/{id}': { id: 'post' },
  'PATCH /api/posts/{id}': { id: 'post', body: { body: 'defaced' } },
  'DELETE /api/posts/{id}': { id: 'post' },
  'POST /api/posts/{id}/comments': { id: 'post', body: { body: 'hello' } },
  'POST /api/posts/{id}/reactions': { id: 'post', body: { emoji: 'like' } },
  'POST /api/posts/{id}/flags': { id: 'post', body: { reason: 'spam spam' } },
  'PATCH /api/org/members/{id}': { id: 'member', body: { role: 'admin' } },
  'POST /api/security/alerts/{id}/read': { id: 'alert' },
  'DELETE /api/security/break-glass/{id}': { id: 'grant' },
  'POST /api/security/break-glass/{id}/approve': { id: 'grant' },
  'DELETE /api/security/passkeys/{id}': { id: 'passkey' },
  'PUT /api/posts/{id}/pin': { id: 'post', body: { pinned: true } },
  'GET /api/posts/{id}/history': { id: 'post' },
  'GET /api/threads/{id}': { id: 'thread' },
  'POST /api/threads/{id}/messages': { id: 'thread', body: { body: 'hello' } },
  'GET /api/providers/{id}': { id: 'provider' },
  'PUT /api/providers/{id}/verified': { id: 'provider', body: { verified: false } },
  'POST /api/providers/{id}/reviews': { id: 'provider', body: { rating: 1, body: 'terrible' } },
  'PUT /api/reviews/{id}/reply': { id: 'review', body: { body: 'we disagree' } },
  'POST /api/consents/{id}/revoke': { id: 'consent' },
  'GET /api/consents/{id}/fhir': { id: 'consent' },
  'POST /api/notifications/{id}/read': { id: 'notification' },
  'POST /api/moderation/flags/{id}': { id: 'flag', body: { decision: 'agree' } },
  'POST /api/comments/{id}/flags': { id: 'comment', body: { reason: 'spam spam' } },
  'POST /api/moderation/items/{kind}/{id}/actions': { id: 'post', body: { action: 'delete', reason: 'intrusion' } },
  'POST /api/moderation/actions/{id}/appeal': { id: 'modAction', body: { text: 'let me back' } },
  'POST /api/moderation/actions/{id}/appeal-decision': { id: 'modAction', body: { decision: 'overturn' } },
  'PUT /api/moderation/members/{id}/trust': { id: 'member', body: { level: 4 } },
  'DELETE /api/moderation/rules/{id}': { id: 'rule' },
  'DELETE /api/moderation/claims/{id}': { id: 'claim' },
  'POST /api/moderation/flags/{id}/show-correction': { id: 'flag' },
  'GET /api/policies/{id}': { id: 'policy' },
  'POST /api/policies/{id}/acknowledge': { id: 'policy', body: { version: 1 } },
  'GET /api/policies/{id}/acknowledgements': { id: 'policy' },
  'GET /api/training/modules/{id}': { id: 'module' },
  'POST /api/training/modules/{id}/attempts': { id: 'module', body: { answers: [1, 1, 1, 1, 1] } },
  'GET /api/training/certificates/{id}': { id: 'certificate2' },
  'POST /api/oversight/reviews/{id}': { id: 'review', body: { decision: 'concern' } },
  'POST /api/publisher/channels/{id}/check': { id: 'channel' },
  'POST /api/publisher/channels/{id}/take-over': { id: 'channel' },
  'POST /api/org/members/{id}/deactivate': { id: 'member', body: { reason: 'intrusion' } },
  'POST /api/org/members/{id}/reactivate': { id: 'member' },
  'POST /api/org/members/{id}/reset-2fa': { id: 'member' },
  'DELETE /api/auth/sessions/{id}': { id: 'session' },
  'DELETE /api/org/scim-tokens/{id}': { id: 'scimToken' },
  'DELETE /api/archive/saved-searches/{id}': { id: 'savedSearch' },
  'GET /api/archive/review-sets/{id}': { id: 'reviewSet' },
  'GET /api/archive/review-sets/{id}/items': { id: 'reviewSet' },
  'POST /api/archive/review-sets/{id}/assign': { id: 'reviewSet', body: { reviewerIds: ['00000000-0000-4000-8000-000000000001'] } },
  'PUT /api/archive/review-sets/{id}/items/{position}': { id: 'reviewSet', body: { tags: ['privileged'], note: 'intrusion' } },
  'PUT /api/publisher/channels/{id}/active': { id: 'channel', body: { active: false } },
  'POST /api/publisher/posts/{id}/decision': { id: 'publisherPost', body: { decision: 'approve' } },
  'POST /api/publisher/posts/{id}/cancel': { id: 'publisherPost' },
  'PUT /api/publisher/posts/{id}': { id: 'publisherPost', body: { body: 'intrusion', channelIds: [], draft: true } },
  'POST /api/publisher/targets/{id}/retry': { id: 'target' },
  'POST /api/publisher/targets/{id}/takedown': { id: 'target', body: { reason: 'intrusion attempt' } },
  'DELETE /api/publisher/channels/{id}': { id: 'channel' },
  'PATCH /api/publisher/inbox/{id}': { id: 'inboxItem', body: { status: 'closed' } },
  'POST /api/publisher/inbox/{id}/responses': { id: 'inboxItem', body: { body: 'intrusion' } },
  'DELETE /api/publisher/templates/{id}': { id: 'template' },
  'POST /api/publisher/library/{id}/decision': { id: 'libraryItem', body: { decision: 'retire' } },
  'POST /api/publisher/library/{id}/use': { id: 'libraryItem' },
  'PUT /api/archive/rules/{id}': { id: 'retentionRule', body: { years: 0, basis: 'intrusion', acknowledgeShort: true } },
  'POST /api/archive/rules/{id}/retire': { id: 'retentionRule' },
  'POST /api/archive/dispositions/{id}/approve': { id: 'dispositionRequest' },
  'POST /api/archive/dispositions/{id}/cancel': { id: 'dispositionRequest' },
  'GET /api/archive/records/{kind}/{id}': { id: 'post' },
  'GET /api/screening/results/{id}': { id: 'screeningResult' },
  'POST /api/screening/results/{id}/shares': { id: 'screeningResult', body: { clinicianIds: [GHOST] } },
  'DELETE /api/screening/results/{id}/shares/{clinicianId}': { id: 'screeningResult' },
  'DELETE /api/screening/instruments/{id}': { id: 'screeningInstrument' },
  'PUT /api/goals/{id}/status': { id: 'goal', body: { status: 'stopped' } },
  'POST /api/goals/{id}/entries': { id: 'goal', body: { value: 9000 } },
  'POST /api/goals/{id}/shares': { id: 'goal', body: { clinicianIds: [GHOST] } },
  'DELETE /api/goals/{id}/shares/{clinicianId}': { id: 'goal' },
  'POST /api/communities/{id}/events': {
    id: 'community',
    body: {
      title: 'Intrusion',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      timeZone: 'UTC',
      place: 'x',
    },
  },
  'GET /api/communities/{id}/events': { id: 'community' },
  'GET /api/communities/{id}/calendar': { id: 'community' },
  'GET /api/events/{id}': { id: 'event' },
  'POST /api/events/{id}/rsvp': { id: 'event' },
  'DELETE /api/events/{id}/rsvp': { id: 'event' },
  'GET /api/events/{id}/attendees': { id: 'event' },
  'PUT /api/events/{id}/attendance': { id: 'event', body: { userId: GHOST, attended: true } },
  'POST /api/events/{id}/cancel': { id: 'event' },
  'POST /api/events/{id}/announce': { id: 'event', body: { channelIds: [GHOST] } },
  'GET /api/events/{id}/ics': { id: 'event' },
  'GET /api/campaigns/{id}': { id: 'campaign' },
  'POST /api/campaigns/{id}/updates': { id: 'campaign', body: { body: 'intrusion' } },
  'POST /api/campaigns/{id}/pledges': { id: 'campaign', body: { amountCents: 500 } },
  'POST /api/campaigns/{id}/close': { id: 'campaign' },
  'GET /api/campaigns/{id}/pledges.csv': { id: 'campaign' },
  'POST /api/campaigns/{id}/announce': { id: 'campaign', body: { channelIds: [GHOST] } },
  'POST /api/archive/holds/{id}/release': { id: 'hold' },
  'GET /api/archive/certificates/{id}/verify': { id: 'certificate' },
  'GET /api/archive/productions/{id}/download': { id: 'production' },
  'GET /api/archive/productions/{id}/custody': { id: 'production' },
  'GET /api/communities/{id}/rules': { id: 'community' },
  'POST /api/communities/{id}/read': { id: 'community' },
  'GET /api/people/{id}': { id: 'member' },
  'GET /api/communities/{id}/mentionable': { id: 'community', query: '?q=a' },
  'PUT /api/communities/{id}/rules': { id: 'community', body: { rules: 'intrusion' } },
  'GET /api/communities/{id}/join-links': { id: 'community' },
  'POST /api/communities/{id}/join-links': { id: 'community', body: {} },
  'DELETE /api/join-links/{id}': { id: 'joinLink' },
  'GET /api/communities/{id}/join-requests': { id: 'community' },
  'POST /api/join-requests/{id}/decision': { id: 'joinRequest', body: { decision: 'approve' } },
  'GET /api/media/{id}': { id: 'media' },
  'PATCH /api/media/{id}': { id: 'media', body: { altText: 'intrusion' } },
  'GET /api/media/{id}/files/{role}': { id: 'media' },
  'GET /api/media/{id}/check': { id: 'media' },
  'POST /api/media/{id}/hide-found': { id: 'media' },
};

async function snapshotOfA() {
  const db = server.ctx.db;
  return JSON.stringify({
    posts: await db.selectFrom('posts').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    comments: await db.selectFrom('comments').selectAll().where('org_id', '=', a.orgId).execute(),
    reactions: await db.selectFrom('reactions').selectAll().where('org_id', '=', a.orgId).execute(),
    flags: await db.selectFrom('flags').selectAll().where('org_id', '=', a.orgId).execute(),
    members: await db.selectFrom('memberships').selectAll().where('org_id', '=', a.orgId).orderBy('user_id').execute(),
    communityMembers: await db.selectFrom('community_members').selectAll().where('org_id', '=', a.orgId).orderBy('user_id').execute(),
    alerts: await db.selectFrom('security_alerts').select(['id', 'read_at']).where('org_id', '=', a.orgId).orderBy('id').execute(),
    grants: await db.selectFrom('break_glass_grants').select(['id', 'revoked_at']).where('org_id', '=', a.orgId).execute(),
    holds: await db.selectFrom('legal_holds').select(['id', 'released_at']).where('org_id', '=', a.orgId).execute(),
    custody: await db.selectFrom('custody_events').select('id').where('org_id', '=', a.orgId).execute(),
    passkeys: await db.selectFrom('webauthn_credentials').select('id').where('user_id', '=', ids.member).execute(),
    messages: await db.selectFrom('messages').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    providers: await db.selectFrom('provider_profiles').selectAll().where('org_id', '=', a.orgId).execute(),
    reviews: await db.selectFrom('reviews').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    consents: await db.selectFrom('consents').selectAll().where('org_id', '=', a.orgId).execute(),
    notifications: await db.selectFrom('notifications').select(['id', 'read_at']).where('org_id', '=', a.orgId).orderBy('id').execute(),
    rules: await db.selectFrom('moderation_rules').selectAll().where('org_id', '=', a.orgId).execute(),
    actions: await db.selectFrom('moderation_actions').selectAll().where('org_id', '=', a.orgId).execute(),
    corrections: await db.selectFrom('post_corrections').selectAll().where('org_id', '=', a.orgId).execute(),
    acknowledgements: await db.selectFrom('policy_acknowledgements').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    attempts: await db.selectFrom('training_attempts').select('id').where('org_id', '=', a.orgId).orderBy('id').execute(),
    supervision: await db.selectFrom('supervisory_reviews').selectAll().where('org_id', '=', a.orgId).execute(),
    settings: await db.selectFrom('organizations').select('settings').where('id', '=', a.orgId).execute(),
    channels: await db.selectFrom('channels').selectAll().where('org_id', '=', a.orgId).execute(),
    publisherPosts: await db.selectFrom('publisher_posts').selectAll().where('org_id', '=', a.orgId).execute(),
    targets: await db.selectFrom('publisher_targets').selectAll().where('org_id', '=', a.orgId).execute(),
    approvals: await db.selectFrom('publisher_approvals').selectAll().where('org_id', '=', a.orgId).execute(),
    inbox: await db.selectFrom('inbox_items').selectAll().where('org_id', '=', a.orgId).execute(),
    responses: await db.selectFrom('inbox_responses').selectAll().where('org_id', '=', a.orgId).execute(),
    templates: await db.selectFrom('response_templates').selectAll().where('org_id', '=', a.orgId).execute(),
    library: await db.selectFrom('library_items').selectAll().where('org_id', '=', a.orgId).execute(),
    retention: await db.selectFrom('retention_rules').selectAll().where('org_id', '=', a.orgId).execute(),
    dispositions: await db.selectFrom('disposition_requests').selectAll().where('org_id', '=', a.orgId).execute(),
    media: await db.selectFrom('media').selectAll().where('org_id', '=', a.orgId).execute(),
    communities: await db.selectFrom('communities').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    joinLinks: await db.selectFrom('community_invites').selectAll().where('org_id', '=', a.orgId).orderBy('id').execute(),
    joinRequests: await db.selectFrom('community_join_requests').selectAll().where('org_id', '=', a.orgId).execute(),
  });
}

describe('tenant isolation over every id-taking route', () => {
  test('the table covers every such route in the API document', async () => {
    const doc = (await new Client(server.url).get('/api/openapi.json')).json;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    const withIds = routes.filter((r) => r.includes('{id}'));
    assert.deepEqual(
      withIds.filter((r) => !TABLE[r]),
      [],
      'add new id routes to this table',
    );
  });

  for (const role of ['admin', 'compliance', 'patient'] as const) {
    test(`a ${role} of another organization gets 404 everywhere and changes nothing`, async () => {
      const outsider = new Client(server.url);
      await outsider.login(b.email(role), PASSWORD);
      const before = await snapshotOfA();
      for (const [route, spec] of Object.entries(TABLE)) {
        const [method, template] = route.split(' ') as [string, string];
        const fill = (t: string) =>
          t.replace('{kind}', 'post').replace('{position}', '1').replace('{role}', 'w320').replace('{clinicianId}', ids.provider);
        const real = await outsider.request(
          method,
          fill(template).replace('{id}', encodeURIComponent(ids[spec.id])) + (spec.query ?? ''),
          spec.body ?? (method === 'GET' ? undefined : {}),
        );
        const ghost = await outsider.request(
          method,
          fill(template).replace('{id}', spec.id === 'passkey' ? 'no-such-credential' : spec.id === 'session' ? '0'.repeat(64) : GHOST) +
            (spec.query ?? ''),
          spec.body ?? (method === 'GET' ? undefined : {}),
        );
        assert.ok(real.status === 404 || (real.status === 403 && ghost.status === 403), `${route}: ${real.status} ${real.text}`);
        assert.equal(real.status, ghost.status, `${route}: A's id and a missing id answer alike`);
        assert.equal(real.json.error.id, ghost.json.error.id, route);
      }
      assert.equal(await snapshotOfA(), before, 'nothing in organization A changed');
    });
  }

  test('lists never include another organization’s records', async () => {
    const outsider = new Client(server.url);
    await outsider.login(b.email('admin'), PASSWORD);
    const officerB = new Client(server.url);
    await officerB.login(b.email('compliance'), PASSWORD);
    for (const p of [
      '/api/archive/holds',
      '/api/archive/productions',
      '/api/archive/certificates',
      '/api/archive/search?keyword=organization',
      '/api/archive/saved-searches',
      '/api/archive/review-sets',
    ]) {
      const r = await officerB.get(p);
      assert.equal(r.status, 200, r.text);
      for (const id of Object.values(ids)) assert.ok(!r.text.includes(id), `leaked ${id} via ${p}`);
    }
    const lists = [
      '/api/communities',
      '/api/org/members',
      '/api/org/offboarding',
      '/api/security/alerts?scope=organization',
      '/api/audit?limit=500',
      '/api/search?q=organization',
      '/api/threads',
      '/api/providers',
      '/api/consents',
      '/api/notifications',
      '/api/moderation/flags',
      '/api/moderation/queue',
      '/api/moderation/rules',
      '/api/moderation/sources',
      '/api/moderation/appeals',
      '/api/signals/scopes',
      '/api/signals/alerts',
      '/api/policies',
      '/api/training/modules',
      '/api/oversight/staff',
      '/api/oversight/reviews',
      '/api/sharing-rules',
      '/api/publisher/channels',
      '/api/publisher/posts',
      '/api/publisher/inbox',
      '/api/publisher/templates',
      '/api/publisher/analytics',
      '/api/feed',
      '/api/questions',
      '/api/contacts',
    ];
    const bodies = await Promise.all(lists.map((p) => outsider.get(p)));
    for (const r of bodies) {
      assert.equal(r.status, 200, r.text);
      for (const id of Object.values(ids)) assert.ok(!r.text.includes(id), `leaked ${id} in ${r.text.slice(0, 200)}`);
    }
  });
});

describe("another organization's ids inside request bodies", () => {
  test("moderators of B cannot link, scope rules to, or test against A's records", async () => {
    const comms = new Client(server.url);
    await comms.login(b.email('communications'), PASSWORD);
    const ownSource = (
      await comms.post('/api/moderation/sources', { title: 'Source of B', url: 'https://b.example/s', publisher: 'Org B' })
    ).json.source.id;
    const before = await snapshotOfA();
    for (const [path, body] of [
      ['/api/moderation/corrections', { postId: ids.post, sourceId: ownSource }],
      ['/api/moderation/corrections', { postId: ids.post, sourceId: ids.source }],
      ['/api/moderation/rules', { pattern: 'x', action: 'flag', communityId: ids.community }],
    ] as const) {
      const r = await comms.post(path, body);
      assert.equal(r.status, 404, `${path}: ${r.text}`);
    }
    assert.equal((await comms.get(`/api/signals?scope=community:${ids.community}`)).status, 404);
    assert.equal(await snapshotOfA(), before);
  });
});
