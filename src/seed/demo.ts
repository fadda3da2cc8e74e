import { completeStarterTraining } from './training.ts';
import { seedDemoConsents } from './demo-consents.ts';
import { publishPolicy } from '../policies/service.ts';
import { installStarterModules } from '../training/service.ts';
import { STARTER_POLICY } from '../training/starter-modules.ts';
import type { Actor } from '../access/policy.ts';
import { hashPassword } from '../security/passwords.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { createCommunity, createPost, joinCommunity, addComment } from '../community/service.ts';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { seedDemoExtras } from './demo-extras.ts';
import { createJoinLink, setCommunityRules } from '../community/joining.ts';
import { seedDemoModeration, seedDemoTemplates } from './demo-moderation.ts';
import type { AppContext } from '../http/context.ts';
import { seedDemoPublisher } from './demo-publisher.ts';
import { seedDemoPictures } from './demo-pictures.ts';

export const DEMO_PASSWORD = 'harbor-demo-2026';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

/** The demo hospital. */
export const DEMO_ORGANIZATION = { slug: 'harbor-general', name: 'Harbor General Hospital' };

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@harbor.example', name: 'Alex Rivera', role: 'admin' },
  { email: 'compliance@harbor.example', name: 'Priya Shah', role: 'compliance' },
  { email: 'comms@harbor.example', name: 'Marcus Lee', role: 'communications' },
  { email: 'dr.okafor@harbor.example', name: 'Dr. Ada Okafor', role: 'clinician' },
  { email: 'dr.lindqvist@harbor.example', name: 'Dr. Erik Lindqvist', role: 'clinician' },
  { email: 'sam@harbor.example', name: 'Sam Carter', role: 'patient' },
  { email: 'jordan@harbor.example', name: 'Jordan Blake', role: 'patient' },
  { email: 'riley@harbor.example', name: 'Riley Morgan', role: 'patient' },
];

/** Creates an organization with users; returns actors keyed by email. Used by the demo and by tests. */
export async function createOrganization(db: Db, org: { slug: string; name: string }, users: DemoUser[], password: string) {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const o = await tx
      .insertInto('organizations')
      .values({ slug: org.slug, name: org.name, settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actors: Record<string, Actor> = {};
    for (const u of users) {
      const user = await tx
        .insertInto('users')
        .values({ email: u.email, display_name: u.name, password_hash: passwordHash, totp_secret: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('memberships').values({ org_id: o.id, user_id: user.id, role: u.role }).execute();
      actors[u.email] = { userId: user.id, orgId: o.id, role: u.role, displayName: u.name, sessionId: 'seed', ip: null };
      await recordAudit(tx, {
        orgId: o.id,
        actorId: null,
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        detail: { role: u.role, source: 'seed' },
      });
    }
    // Every organization starts with the starter training modules and a social media policy to adapt.
    await installStarterModules(tx, o.id);
    const publisher = Object.values(actors).find((a) => a.role === 'admin') ?? Object.values(actors)[0];
    if (publisher) await publishPolicy(tx, publisher, { ...STARTER_POLICY, changeSummary: 'Starter policy' }, false);
    return { orgId: o.id, actors };
  });
}

const DEMO_GUARD_PROFILE = {
  aliases: ['Harbor General', 'HGH'],
  facilities: [
    { name: 'Harbor General Hospital', address: '1 Harbor Way, Springfield, IL 62701', phone: '(217) 555-0100', fax: '(217) 555-0101' },
    { name: 'Harbor Family Clinic', address: '48 Elm Street, Springfield, IL 62704', phone: '(217) 555-0160' },
  ],
  domains: ['harbor.example'],
  publicFigures: [],
};

/** The demo hospital: staff, patients, two communities and a few posts, all written through the guard. */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  const { db, secrets } = ctx;
  const existing = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const { actors, orgId } = await createOrganization(db, DEMO_ORGANIZATION, DEMO_USERS, DEMO_PASSWORD);
  // What the guard knows about the demo hospital, so its own posts are not mistaken for a patient's.
  await db
    .updateTable('organizations')
    .set({ settings: JSON.stringify({ guardProfile: DEMO_GUARD_PROFILE }) })
    .where('id', '=', orgId)
    .execute();
  // Dr. Lindqvist has not done the training yet: the oversight dashboard lists it and the gates apply.
  await completeStarterTraining(
    db,
    secrets,
    Object.values(actors).filter((a) => a.role !== 'patient' && a.userId !== actors['dr.lindqvist@harbor.example']?.userId),
  );
  const comms = actors['comms@harbor.example'];
  const okafor = actors['dr.okafor@harbor.example'];
  const sam = actors['sam@harbor.example'];
  const jordan = actors['jordan@harbor.example'];
  const riley = actors['riley@harbor.example'];

  const diabetes = await createCommunity(db, comms, {
    name: 'Type 2 Diabetes Support',
    slug: 'type-2-diabetes',
    description: 'Patients living with type 2 diabetes share what works. Moderated by the diabetes education team.',
    visibility: 'members',
    region: 'Harbor County',
  });
  const parents = await createCommunity(db, comms, {
    name: 'New Parents',
    slug: 'new-parents',
    description: 'Questions and support for the first year with a new baby.',
    visibility: 'public',
    region: 'Harbor County',
  });
  for (const a of [okafor, sam, jordan]) await joinCommunity(db, a, diabetes.id, a === jordan ? 'quiet-walker' : null);
  for (const a of [okafor, riley, sam]) await joinCommunity(db, a, parents.id, null);

  const post = (actor: Actor, communityId: string, title: string, body: string, extra: Partial<Parameters<typeof createPost>[3]> = {}) =>
    createPost(db, actor, communityId, {
      title,
      body,
      kind: 'post',
      visibility: 'members',
      contentWarning: null,
      anonymous: false,
      consentId: null,
      confirmPhi: false,
      ...extra,
    });

  await post(
    comms,
    diabetes.id,
    'Welcome to the community',
    "Share tips, questions and encouragement. Please do not post anyone else's health details.",
    { kind: 'announcement' },
  );
  const walk = await post(
    sam,
    diabetes.id,
    'Walking after dinner helped my readings',
    'A 20 minute walk after dinner has brought my evening numbers down. Anyone else tried this?',
  );
  await post(
    jordan,
    diabetes.id,
    'Nervous about starting insulin',
    'My care team suggested insulin. How did you get used to the injections?',
    { anonymous: true },
  );
  await post(
    okafor,
    diabetes.id,
    'Foot care reminder',
    'Check your feet every day and tell your care team about any sore that does not heal.',
    { kind: 'post' },
  );
  await post(comms, parents.id, 'Safe sleep basics', 'Babies sleep safest on their backs, in their own crib, with nothing else in it.', {
    kind: 'education',
    visibility: 'public',
  });
  await post(riley, parents.id, 'Sleep regression at four months?', 'Our little one suddenly wakes every two hours. Is this normal?');
  await addComment(db, okafor, walk.id, {
    body: 'Great habit. Keep logging your readings so we can see the trend at your next visit.',
    parentId: null,
    anonymous: false,
    confirmPhi: false,
    consentId: null,
  });
  await seedDemoExtras(db, actors, diabetes.id);
  // Patients can join the diabetes group by themselves: its rules, and an invitation link as a clinic poster would carry.
  await setCommunityRules(
    db,
    comms,
    diabetes.id,
    'Be kind and patient with each other.\nShare your own experience; never another patient’s name or story.\nNothing here replaces advice from your care team. In an emergency call 911.',
  );
  await createJoinLink(db, comms, diabetes.id, {
    label: 'Diabetes clinic poster',
    requiresApproval: false,
    emailDomains: [],
    accessCode: null,
    expiresAt: null,
    maxUses: null,
  });
  await seedDemoModeration(db, actors, diabetes.id, parents.id);
  await seedDemoTemplates(db, actors);
  await seedDemoConsents(db, actors, parents.id);
  await seedDemoPublisher(ctx, actors);
  await seedDemoPictures(ctx, comms, diabetes.id);
  return true;
}
