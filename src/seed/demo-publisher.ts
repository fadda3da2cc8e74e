import type { Actor } from '../access/policy.ts';
import type { AppContext } from '../http/context.ts';
import { connectChannel } from '../publisher/channels.ts';
import { composePost } from '../publisher/posts.ts';
import { decideLibraryItem, proposeLibraryItem } from '../publisher/library.ts';

/**
 * The demo hospital's publisher: a connected Sandbox channel (when the sandbox is on), one post waiting
 * for approval, so a newcomer can approve → publish → answer in the inbox → read analytics at once, a
 * thread kept as a draft and an approved caption in the content library.
 */
export async function seedDemoPublisher(ctx: AppContext, a: Record<string, Actor>): Promise<void> {
  if (!ctx.config.publisherSandbox) return;
  const admin = a['admin@harbor.example'];
  const comms = a['comms@harbor.example'];
  const channel = await connectChannel(ctx, admin, { network: 'sandbox', name: 'Harbor General (Sandbox)', credentials: {} });
  await composePost(ctx.db, comms, {
    body: 'Flu shots this Saturday, 9 to 12, at the main entrance. No appointment needed; bring your insurance card.',
    channelIds: [channel.id],
    scheduledAt: null,
    campaign: 'flu-season',
    consentId: null,
    confirmPhi: false,
  });
  await composePost(ctx.db, comms, {
    body: 'Allergy season is here. Three things that help, in a short thread. 1/3',
    followUps: [
      'Keep windows closed on high-pollen days and shower after time outside. 2/3',
      'Our pharmacists can help you choose an antihistamine: ask at any of our pharmacies. 3/3',
    ],
    channelIds: [channel.id],
    scheduledAt: null,
    campaign: 'allergy-season',
    consentId: null,
    confirmPhi: false,
    draft: true,
  });
  const caption = await proposeLibraryItem(ctx.db, comms, {
    title: 'Hand hygiene',
    body: 'Clean hands save lives: wash for 20 seconds with soap and water, or use hand sanitizer.',
    tags: ['infection prevention'],
    confirmPhi: false,
  });
  await decideLibraryItem(ctx.db, a['compliance@harbor.example'], caption.id, 'approve');
}
