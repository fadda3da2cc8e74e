import type { Actor } from '../access/policy.ts';
import { createPost } from '../community/service.ts';
import type { Db } from '../db/database.ts';
import { addRule, addSource, linkCorrection } from '../moderation/library.ts';
import { addMemberFlag } from '../moderation/service.ts';

/**
 * Moderation and signals for the demo: watched words, an approved source, a vaccine rumour the classifier
 * routed to review, a member report, and a few weeks of symptom posts so the signals chart has a shape.
 */
export async function seedDemoModeration(db: Db, a: Record<string, Actor>, diabetesId: string, parentsId: string): Promise<void> {
  const comms = a['comms@harbor.example'];
  const riley = a['riley@harbor.example'];
  const sam = a['sam@harbor.example'];
  await addRule(db, comms, {
    communityId: null,
    pattern: 'miracle cure',
    isRegex: false,
    action: 'block',
    replacement: null,
    note: 'Cure claims are never allowed',
  });
  await addRule(db, comms, {
    communityId: null,
    pattern: 'ivermectin',
    isRegex: false,
    action: 'require_approval',
    replacement: null,
    note: 'Frequent misinformation topic',
  });
  await addRule(db, comms, {
    communityId: diabetesId,
    pattern: 'cinnamon cure*',
    isRegex: false,
    action: 'flag',
    replacement: null,
    note: '',
  });
  const source = await addSource(db, comms, {
    title: 'Vaccines and immunization: myths and misconceptions',
    url: 'https://www.who.int/news-room/questions-and-answers/item/vaccines-and-immunization-myths-and-misconceptions',
    publisher: 'World Health Organization',
    summary: 'Vaccines are safe; they do not contain tracking devices.',
  });
  const post = (actor: Actor, communityId: string, title: string, body: string, createdAt?: Date) =>
    createPost(db, actor, communityId, {
      title,
      body,
      kind: 'post',
      visibility: 'members',
      contentWarning: null,
      anonymous: false,
      consentId: null,
      confirmPhi: true,
    }).then(async (p) => {
      if (createdAt) await db.updateTable('posts').set({ created_at: createdAt, updated_at: createdAt }).where('id', '=', p.id).execute();
      return p;
    });
  const rumour = await post(
    riley,
    parentsId,
    'Is this true?',
    'A friend shared that the MMR vaccine causes autism and the CDC is hiding it. Should we skip the 12 month shot?',
  );
  await linkCorrection(db, comms, rumour.id, source.id, 'The MMR vaccine does not cause autism.');
  await addMemberFlag(
    db,
    sam,
    'post',
    (await post(riley, parentsId, 'Free samples', 'DM me for discount baby formula, cheapest in town!!!')).id,
    'Looks like spam',
  );
  // symptom mentions: a calm month in New Parents, then a rise in the last three days
  const DAY = 86_400_000;
  const days = [27, 23, 20, 16, 12, 9, 6, 3, 2, 2, 1, 1, 1, 1];
  for (const [i, ago] of days.entries())
    await post(
      i % 2 ? riley : sam,
      parentsId,
      'Sick at home',
      i % 3 ? 'Little one has a fever and a cough since yesterday.' : 'Runny nose and cough going around daycare.',
      new Date(Date.now() - ago * DAY),
    );
}

/** Response templates for the publisher inbox (channels are connected by the organization itself). */
export async function seedDemoTemplates(db: Db, a: Record<string, Actor>): Promise<void> {
  const comms = a['comms@harbor.example'];
  const templates = [
    ['Thank you', 'Thank you for your kind words. We will pass them on to the team.'],
    [
      'Sorry about your experience',
      'We are sorry to hear about your experience. Please contact our patient relations team at the number on our website so we can look into it privately.',
    ],
    [
      'Move to a private channel',
      'Thank you for reaching out. For your privacy, please send us a direct message or call our patient line, and we will help you there.',
    ],
  ];
  await db
    .insertInto('response_templates')
    .values(templates.map(([name, body]) => ({ org_id: comms.orgId, name: name, body: body, created_by: comms.userId })))
    .execute();
}
