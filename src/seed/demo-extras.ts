import type { Actor } from '../access/policy.ts';
import { addComment, createPost } from '../community/service.ts';
import { addReview, replyToReview, setVerified, upsertProfile } from '../directory/service.ts';
import type { Db } from '../db/database.ts';
import { createThread } from '../messaging/service.ts';

/** Directory, questions and messages for the demo hospital, written through the same services as users. */
export async function seedDemoExtras(db: Db, a: Record<string, Actor>, communityId: string): Promise<void> {
  const admin = a['admin@harbor.example'];
  const comms = a['comms@harbor.example'];
  const okafor = a['dr.okafor@harbor.example'];
  const lindqvist = a['dr.lindqvist@harbor.example'];
  const sam = a['sam@harbor.example'];
  const riley = a['riley@harbor.example'];
  await upsertProfile(db, okafor, { specialty: 'Endocrinology', npi: '1234567893', bio: 'Diabetes care and education.' });
  await upsertProfile(db, lindqvist, { specialty: 'Pediatrics', npi: null, bio: 'Newborn and child health.' });
  await setVerified(db, admin, okafor.userId, true);
  const review = await addReview(db, sam, okafor.userId, { rating: 5, body: 'Explains everything and never rushes.', confirmPhi: false });
  await replyToReview(db, comms, review.id, { body: 'Thank you for taking the time to share this with us.', confirmPhi: false });
  const q = await createPost(db, sam, communityId, {
    title: 'Checking before exercise?',
    body: 'Should I check my sugar before a long walk?',
    kind: 'question',
    visibility: 'members',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    confirmPhi: false,
    questionTo: okafor.userId,
  });
  await addComment(db, okafor, q.id, {
    body: 'Yes, and carry a snack in case it drops.',
    parentId: null,
    anonymous: false,
    confirmPhi: false,
    consentId: null,
    markAnswer: true,
  });
  await createThread(db, riley, {
    kind: 'care_team',
    participantIds: [lindqvist.userId],
    subject: 'Feeding schedule',
    body: 'How often should a four-month-old feed at night?',
    confirmPhi: false,
  });
}
