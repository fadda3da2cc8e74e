import type { Network } from '../db/schema.ts';

/**
 * How many pictures one post may carry on each network, as Harborline sends them: Mastodon, Bluesky, X and
 * Facebook Pages take four images with descriptions (Facebook takes more; four keeps one limit); the sandbox
 * shows up to four. LinkedIn and Google take pictures through upload flows Harborline does not speak yet, so
 * a post with pictures cannot go there (the composer says so instead of sending the words alone).
 */
export const PICTURES_PER_POST: Record<Network, number> = {
  mastodon: 4,
  bluesky: 4,
  sandbox: 4,
  x: 4,
  facebook: 4,
  linkedin: 0,
  google_reviews: 0,
};

export const NETWORK_NAMES: Record<Network, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  sandbox: 'the Sandbox',
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  google_reviews: 'Google',
};

/** Why these channels cannot carry this many pictures, or null when all can. */
export function pictureRefusal(pictures: number, channels: readonly { name: string; network: Network }[]): string | null {
  if (!pictures) return null;
  for (const c of channels) {
    const most = PICTURES_PER_POST[c.network];
    if (most === 0)
      return `Pictures cannot be sent to ${NETWORK_NAMES[c.network]} from Harborline yet ("${c.name}"): post the pictures to other channels, or send the words alone there.`;
    if (pictures > most) return `"${c.name}" takes at most ${most} pictures in a post; this one has ${pictures}.`;
  }
  return null;
}
