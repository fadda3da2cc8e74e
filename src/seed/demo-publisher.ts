import type { Actor } from '../access/policy.ts';
import type { AppContext } from '../http/context.ts';
import { connectChannel } from '../publisher/channels.ts';
import { composePost } from '../publisher/posts.ts';

/**
 * The demo hospital's publisher: a connected Sandbox channel (when the sandbox is on) and one post waiting
 * for approval, so a newcomer can approve → publish → answer in the inbox → read analytics at once.
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
}
