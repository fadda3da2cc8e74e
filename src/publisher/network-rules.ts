import type { Network } from '../shared/enums.ts';

/** What a post's attachment is, as the per-network rules need it. */
export interface AttachedItem {
  kind: 'picture' | 'video';
  width: number;
  height: number;
  durationMs: number | null;
}

interface Rules {
  /** Pictures per post (0: none). */
  pictures: number;
  /** Whether one video can go instead of pictures. */
  video: boolean;
  /** A post there must carry something to look at. */
  needs?: 'picture or video' | 'video';
  /** Width ÷ height a picture must keep (Instagram's feed crops nothing: 4:5 to 1.91:1). */
  aspect?: { min: number; max: number; says: string };
  maxVideoSeconds?: number;
  /** The network fetches the files from this server's public address instead of receiving them. */
  fetchesFiles?: boolean;
}

/** Each network's rules for what a post carries, from its API reference (as Harborline's connectors send it). */
const RULES: Record<Network, Rules> = {
  mastodon: { pictures: 4, video: false },
  bluesky: { pictures: 4, video: false },
  x: { pictures: 4, video: false },
  facebook: { pictures: 4, video: false },
  linkedin: { pictures: 4, video: false },
  sandbox: { pictures: 4, video: true, maxVideoSeconds: 600 },
  instagram: {
    pictures: 4,
    video: true,
    needs: 'picture or video',
    aspect: { min: 4 / 5, max: 1.91, says: 'between 4:5 (portrait) and 1.91:1 (landscape)' },
    maxVideoSeconds: 900,
    fetchesFiles: true,
  },
  youtube: { pictures: 0, video: true, needs: 'video', maxVideoSeconds: 12 * 3600 },
  google_reviews: { pictures: 1, video: false, fetchesFiles: true },
};

/**
 * Why these attachments cannot go to this channel (null when they can): counted, measured and checked
 * before anyone approves, so a post is never refused by a network for its pictures after approval.
 */
export function attachmentProblem(
  channel: { name: string; network: Network },
  items: readonly AttachedItem[],
  publicUrl: boolean,
): string | null {
  const r = RULES[channel.network];
  const videos = items.filter((i) => i.kind === 'video');
  const pictures = items.length - videos.length;
  const where = `"${channel.name}"`;
  if (r.needs === 'video' && (videos.length !== 1 || pictures))
    return `${where} is a YouTube channel: a post there is one video (with its title and description from the text).`;
  if (r.needs && !items.length) return `${where} takes posts with a picture or a video; attach one.`;
  if (videos.length) {
    if (!r.video) return `${where} takes pictures from Harborline, not video; send the video to YouTube, Instagram or the sandbox.`;
    if (videos.length > 1 || pictures) return `${where} takes one video on its own per post, without pictures beside it.`;
    const seconds = (videos[0].durationMs ?? 0) / 1000;
    if (r.maxVideoSeconds && seconds > r.maxVideoSeconds)
      return `${where} takes videos up to ${Math.round(r.maxVideoSeconds / 60)} minutes; this one lasts ${Math.round(seconds / 60)}.`;
  }
  if (pictures > r.pictures)
    return r.pictures
      ? `${where} takes at most ${r.pictures} picture${r.pictures > 1 ? 's' : ''} per post; this one has ${pictures}.`
      : `${where} takes no pictures.`;
  if (r.aspect)
    for (const [n, i] of items.entries()) {
      if (i.kind !== 'picture') continue;
      const ratio = i.width / i.height;
      if (ratio < r.aspect.min - 0.005 || ratio > r.aspect.max + 0.005)
        return `${where} takes pictures ${r.aspect.says}; picture ${n + 1} is ${i.width}×${i.height}. Crop it to fit.`;
    }
  if (r.fetchesFiles && items.length && !publicUrl)
    return `${where} fetches pictures from this server's public address, which is not set (PUBLIC_URL); post it without pictures or ask your administrator.`;
  return null;
}

/** Networks where a post cannot be continued (no threads, no comments under it). */
const NO_THREADS: ReadonlySet<Network> = new Set(['google_reviews']);

/** Why a thread (parts after the post) cannot go to this channel, or null. */
export function threadProblem(channel: { name: string; network: Network }): string | null {
  return NO_THREADS.has(channel.network)
    ? `"${channel.name}" cannot continue a post (Google Business Profile posts have no comments): send the thread to other channels.`
    : null;
}

/** Instagram refuses captions with more than 30 hashtags or 20 mentions. */
const INSTAGRAM_TAGS = { hashtags: 30, mentions: 20 };

/** Why this text cannot go to this channel beyond its length (null when it can). */
export function textProblem(channel: { name: string; network: Network }, text: string): string | null {
  if (channel.network !== 'instagram') return null;
  const hashtags = text.match(/(^|\s)#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  const mentions = text.match(/(^|\s)@[\w.]+/g)?.length ?? 0;
  if (hashtags > INSTAGRAM_TAGS.hashtags)
    return `"${channel.name}" takes at most ${INSTAGRAM_TAGS.hashtags} hashtags in a caption; this one has ${hashtags}.`;
  if (mentions > INSTAGRAM_TAGS.mentions)
    return `"${channel.name}" takes at most ${INSTAGRAM_TAGS.mentions} @mentions in a caption; this one has ${mentions}.`;
  return null;
}
