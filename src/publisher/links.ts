/** A link in a post: http(s) up to white space or a closing bracket/quote, trailing punctuation left out. */
const LINK = /https?:\/\/[^\s<>"'()[\]{}]+/g;

/**
 * Campaign tracking for the links of a network post (UTM parameters, which web analytics read): each link
 * without UTM parameters of its own gets `utm_source` (the network), `utm_medium=social` and
 * `utm_campaign` (the post's campaign). Deterministic, so a retried send is the same text.
 */
export function trackLinks(text: string, tags: { source: string; campaign: string | null }): string {
  return text.replace(LINK, (raw) => {
    const trail = /[.,;:!?]+$/.exec(raw)?.[0] ?? '';
    const link = trail ? raw.slice(0, -trail.length) : raw;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return raw;
    }
    if ([...url.searchParams.keys()].some((k) => k.toLowerCase().startsWith('utm_'))) return raw;
    url.searchParams.set('utm_source', tags.source);
    url.searchParams.set('utm_medium', 'social');
    url.searchParams.set('utm_campaign', tags.campaign?.trim() || 'harborline');
    return url.toString() + trail;
  });
}

/**
 * A post's text as it goes to one channel: with link tracking on, its links carry UTM parameters, unless
 * the longer text would no longer fit the network (then it goes as written).
 */
export function textAsSent(
  text: string,
  channel: { network: string; max_length: number },
  tracking: { on: boolean; campaign: string | null },
): string {
  if (!tracking.on) return text;
  const tracked = trackLinks(text, { source: channel.network, campaign: tracking.campaign });
  return [...tracked].length <= channel.max_length ? tracked : text;
}
