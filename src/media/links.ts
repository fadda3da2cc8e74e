import type { SecretBox } from '../shared/secret-box.ts';

/**
 * Links a network fetches a picture from (Instagram and Google Business Profile take a URL, not the bytes):
 * the picture's id and an expiry, signed with the server's key. Nothing else is in the link, so it says
 * nothing about the post or who wrote it; after it expires it opens nothing.
 */
const PURPOSE = 'media-link';
export const LINK_HOURS = 24;

export function mediaLink(secrets: SecretBox, base: string, mediaId: string, ext: 'jpg' | 'mp4', now = Date.now()): string {
  const expires = Math.floor(now / 1000) + LINK_HOURS * 3600;
  const data = `${mediaId}.${expires}`;
  return `${base.replace(/\/$/, '')}/api/media/links/${data}.${secrets.sign(PURPOSE, data)}.${ext}`;
}

/** The picture a link opens, or null when it was not signed here or has expired. */
export function readMediaLink(secrets: SecretBox, token: string, now = Date.now()): string | null {
  const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([\w-]{43})\.(jpg|mp4)$/.exec(token);
  if (!m) return null;
  const [, id, expires, signature] = m;
  if (Number(expires) * 1000 < now) return null;
  return secrets.verify(PURPOSE, `${id}.${expires}`, signature) ? id : null;
}
