import type { Actor } from '../access/policy.ts';
import { createPost } from '../community/service.ts';
import { recordConsent, revokeConsent } from '../consent/service.ts';
import type { Db } from '../db/database.ts';

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

/**
 * Consents as a hospital keeps them: Sam's (a patient account) lets the parents' community celebrate him
 * by name; a visitor without an account signed a typed e-signature for a story; Jordan gave one and took
 * it back, so the post that relied on it is hidden and waits in the moderation queue.
 */
export async function seedDemoConsents(db: Db, a: Record<string, Actor>, parentsId: string): Promise<void> {
  const compliance = a['compliance@harbor.example'];
  const comms = a['comms@harbor.example'];
  const sam = await recordConsent(db, compliance, {
    patientId: a['sam@harbor.example'].userId,
    subject: { name: 'Sam Carter', aliases: ['Sammy'] },
    purpose: 'Celebrate his first year of steady readings in our communities',
    destinations: ['public', 'community'],
    categories: ['SH01_NAME'],
    expiresAt: days(365),
    signature: { method: 'signed_form' },
  });
  await recordConsent(db, compliance, {
    subject: { name: 'Helen Marsh', birthDate: '1958-06-02', contact: 'helen.marsh@example.net' },
    purpose: 'Her volunteer story on the website and our networks',
    destinations: ['public'],
    categories: ['SH01_NAME', 'SH03_DATE'],
    expiresAt: days(180),
    signature: { method: 'typed_signature', signedName: 'Helen Marsh' },
  });
  await createPost(db, comms, parentsId, {
    title: 'Thank you, Sam',
    body: 'Sam Carter joined our walking group a year ago and now leads it. Thank you, Sam!',
    kind: 'announcement',
    visibility: 'public',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    consentIds: [sam.id],
    confirmPhi: false,
  });
  const jordan = await recordConsent(db, compliance, {
    patientId: a['jordan@harbor.example'].userId,
    purpose: 'A milestone story in the parents community',
    destinations: ['public'],
    categories: ['SH01_NAME'],
    expiresAt: days(90),
    signature: { method: 'signed_form' },
  });
  await createPost(db, comms, parentsId, {
    title: 'Milestone',
    body: 'Congratulations to Jordan Blake on finishing the diabetes education course!',
    kind: 'announcement',
    visibility: 'public',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    consentIds: [jordan.id],
    confirmPhi: false,
  });
  await revokeConsent(db, a['jordan@harbor.example'], jordan.id);
}
