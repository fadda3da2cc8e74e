import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { bearerJson, multipartBody, picturePart } from './http.ts';
import { refreshAccessToken, withTokenRefresh } from './oauth.ts';
import {
  ConnectorError,
  type ChannelCredentials,
  type Connector,
  type ConnectorOptions,
  type InboundItem,
  type OutgoingPicture,
  type PostMetrics,
  type ThreadParent,
} from './types.ts';

// The parts of X API v2 answers the connector reads, checked before use.
const id = z.string().regex(/^\d{1,25}$/);
const User = z.object({ id, name: z.string().max(200), username: z.string().max(100) });
const Tweet = z.object({
  id,
  text: z.string().max(100_000),
  author_id: id.optional(),
  created_at: z.string().optional(),
  edit_history_tweet_ids: z.array(id).max(20).optional(),
  referenced_tweets: z
    .array(z.object({ type: z.string(), id }))
    .max(10)
    .optional(),
  public_metrics: z
    .object({
      like_count: z.number().int().nonnegative().catch(0),
      retweet_count: z.number().int().nonnegative().catch(0),
      reply_count: z.number().int().nonnegative().catch(0),
      impression_count: z.number().int().nonnegative().nullish(),
    })
    .optional(),
});
const Page = z.object({
  data: z.array(Tweet).max(200).optional(),
  includes: z.object({ users: z.array(User).max(200).optional() }).optional(),
  meta: z.object({ newest_id: id.optional(), result_count: z.number().int().optional() }).optional(),
});
/** X answers some lookups with 200 and an `errors` array (a deleted post is "Not Found Error"). */
const Lookup = z.object({ data: Tweet.optional(), errors: z.array(z.object({ title: z.string().optional() })).optional() });

const MAX_WEIGHT = 280;
/**
 * X's length count (twitter-text v3): a link counts 23, characters outside the Latin/general-punctuation
 * ranges (CJK, emoji…) count 2, everything else 1.
 */
export function xLength(text: string): number {
  let weight = 0;
  const withoutLinks = text.replace(/https?:\/\/\S+/g, () => {
    weight += 23;
    return '';
  });
  for (const ch of withoutLinks) {
    const cp = ch.codePointAt(0)!;
    const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    weight += light ? 1 : 2;
  }
  return weight;
}

/**
 * X (API v2) with an OAuth 2.0 user token; with a refresh token and client id, an expired token is
 * refreshed once and the new pair handed back for sealing. X has no idempotency key: a retried post or any
 * reply first looks for itself among the account's recent posts. Editing is not in the API.
 */
export class XConnector implements Connector {
  readonly network = 'x' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  private creds: ChannelCredentials;
  private me: z.infer<typeof User> | null = null;
  constructor(
    private readonly baseUrl: string,
    creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken) throw new ConnectorError('rejected', 'An X channel needs an OAuth 2.0 user access token.');
    this.creds = { ...creds };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private call<T>(method: string, path: string, shape?: z.ZodType<T>, body?: unknown): Promise<T> {
    return withTokenRefresh(
      () =>
        bearerJson<T>(
          this.fetch,
          { baseUrl: this.baseUrl, token: this.creds.accessToken, timeoutMs: this.timeoutMs },
          method,
          path,
          shape,
          body,
        ),
      () => this.creds,
      () => this.refresh(),
    );
  }

  private async refresh() {
    const tokenUrl = this.creds.tokenUrl || new URL('/2/oauth2/token', this.baseUrl).toString();
    this.creds = await refreshAccessToken(this.fetch, tokenUrl, this.creds, this.timeoutMs, 'basic');
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: MAX_WEIGHT, canPost: true, canEdit: false, hasMetrics: true };
  }

  async verify() {
    const { data } = await this.call('GET', '/2/users/me', z.object({ data: User }));
    this.me = data;
    return { accountId: data.id, handle: data.username, displayName: data.name };
  }

  private async account() {
    return this.me ?? (await this.verify(), this.me!);
  }

  private url(tweetId: string) {
    return `https://x.com/${this.me?.username ?? 'i'}/status/${tweetId}`;
  }

  /** One of the account's recent posts with this text (and in reply to `replyTo`, when given). */
  private async findOwn(text: string, replyTo?: string) {
    const me = await this.account();
    const page = await this.call('GET', `/2/users/${me.id}/tweets?max_results=50&tweet.fields=referenced_tweets,created_at`, Page);
    return (page.data ?? []).find(
      (t) => t.text === text && (!replyTo || t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === replyTo)),
    );
  }

  private async create(text: string, replyTo?: string, mediaIds: string[] = []) {
    if (xLength(text) > MAX_WEIGHT) throw new ConnectorError('rejected', `longer than X's ${MAX_WEIGHT} characters`);
    try {
      const { data } = await this.call('POST', '/2/tweets', z.object({ data: Tweet }), {
        text,
        ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo } } : {}),
        ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}),
      });
      return { remoteId: data.id, url: this.url(data.id) };
    } catch (e) {
      // X refuses content with 403 (duplicates, policy); that is about this post, not the account's access.
      if (e instanceof ConnectorError && e.kind === 'unauthorized' && this.creds.accessToken) {
        const again = await this.findOwn(text, replyTo);
        if (again) return { remoteId: again.id, url: this.url(again.id) };
        throw new ConnectorError('rejected', 'X refused this post (duplicate or not allowed)');
      }
      throw e;
    }
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    const existing = isRetry ? await this.findOwn(text) : undefined;
    if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    const mediaIds: string[] = [];
    for (const p of pictures) mediaIds.push(await this.upload(p));
    return this.create(text, undefined, mediaIds);
  }

  /** One picture through the v2 media upload (media.write), then its description (alt text, up to 1,000 characters). */
  private async upload(p: OutgoingPicture): Promise<string> {
    const multipart = multipartBody([picturePart('media', p), { name: 'media_category', value: 'tweet_image' }]);
    const { data } = await this.call('POST', '/2/media/upload', z.object({ data: z.object({ id }) }), { multipart });
    if (p.altText)
      await this.call('POST', '/2/media/metadata', undefined, {
        id: data.id,
        metadata: { alt_text: { text: [...p.altText].slice(0, 1000).join('') } },
      });
    return data.id;
  }

  async continueThread(parent: ThreadParent, text: string, _idempotencyKey: string, isRetry = false) {
    const existing = isRetry ? await this.findOwn(text, parent.remoteId) : undefined;
    if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    return this.create(text, parent.remoteId);
  }

  async edit(): Promise<void> {
    throw new ConnectorError('unsupported', 'X does not allow editing through its API');
  }

  async read(remoteId: string) {
    const r = await this.call('GET', `/2/tweets/${encodeURIComponent(remoteId)}?tweet.fields=edit_history_tweet_ids`, Lookup);
    if (!r.data) throw new ConnectorError('gone', 'not found on X');
    return { text: r.data.text, edited: (r.data.edit_history_tweet_ids?.length ?? 1) > 1 };
  }

  async remove(remoteId: string) {
    const r = await this.call(
      'DELETE',
      `/2/tweets/${encodeURIComponent(remoteId)}`,
      z.object({ data: z.object({ deleted: z.boolean() }) }),
    );
    if (!r.data.deleted) throw new ConnectorError('gone', 'not found on X');
  }

  async fetchInbox(cursor: string | null) {
    const me = await this.account();
    const q = new URLSearchParams({
      max_results: '100',
      expansions: 'author_id',
      'user.fields': 'name,username',
      'tweet.fields': 'created_at,referenced_tweets,author_id',
    });
    if (cursor) q.set('since_id', cursor);
    const page = await this.call('GET', `/2/users/${me.id}/mentions?${q}`, Page);
    const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u]));
    const items: InboundItem[] = (page.data ?? []).map((t) => {
      const author = users.get(t.author_id ?? '');
      return {
        kind: t.referenced_tweets?.some((r) => r.type === 'replied_to') ? 'reply' : 'mention',
        remoteId: t.id,
        url: `https://x.com/${author?.username ?? 'i'}/status/${t.id}`,
        authorHandle: author?.username ?? t.author_id ?? 'unknown',
        authorName: author?.name ?? author?.username ?? 'unknown',
        body: t.text,
        rating: null,
        replyRef: t.id,
        createdAt: t.created_at && Number.isFinite(Date.parse(t.created_at)) ? new Date(t.created_at) : new Date(),
      };
    });
    return { items, cursor: page.meta?.newest_id ?? cursor };
  }

  async reply(to: { remoteId: string; replyRef: string | null; authorHandle: string }, text: string) {
    const target = to.replyRef ?? to.remoteId;
    const existing = await this.findOwn(text, target);
    if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    return this.create(text, target);
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    for (let i = 0; i < remoteIds.length; i += 100) {
      const ids = remoteIds.slice(i, i + 100).filter((x) => /^\d+$/.test(x));
      if (!ids.length) continue;
      const page = await this.call('GET', `/2/tweets?ids=${ids.join(',')}&tweet.fields=public_metrics`, Page);
      for (const t of page.data ?? []) {
        const m = t.public_metrics;
        out.set(t.id, {
          likes: m?.like_count ?? 0,
          reposts: m?.retweet_count ?? 0,
          replies: m?.reply_count ?? 0,
          impressions: m?.impression_count ?? null,
        });
      }
    }
    return out;
  }
}
