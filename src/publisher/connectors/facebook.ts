import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { fetchJson, multipartBody, picturePart, retryAfterMs } from './http.ts';
import { newSinceCursor } from './time-cursor.ts';
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

const GRAPH = 'v21.0';
const graphId = z.string().regex(/^[\w.-]{1,100}$/);
const time = z.string().refine((v) => Number.isFinite(Date.parse(v.replace(/\+0000$/, 'Z'))), 'not a time');
const From = z.object({ id: graphId, name: z.string().max(400).catch('') });
const Comment = z.object({
  id: graphId,
  message: z.string().max(100_000).catch(''),
  from: From.optional(),
  created_time: time,
  parent: z.object({ id: graphId }).optional(),
});
const FeedPost = z.object({
  id: graphId,
  message: z.string().max(100_000).optional(),
  created_time: time,
  updated_time: time.optional(),
  comments: z.object({ data: z.array(Comment).max(500) }).optional(),
});
const Feed = z.object({ data: z.array(FeedPost).max(500) });
const Conversations = z.object({
  data: z
    .array(
      z.object({
        id: graphId,
        messages: z.object({
          data: z.array(z.object({ id: graphId, message: z.string().max(100_000).catch(''), from: From, created_time: time })).max(200),
        }),
      }),
    )
    .max(200),
});
const Metrics = z.object({
  reactions: z.object({ summary: z.object({ total_count: z.number().int().nonnegative() }) }).optional(),
  comments: z.object({ summary: z.object({ total_count: z.number().int().nonnegative() }) }).optional(),
  shares: z.object({ count: z.number().int().nonnegative() }).optional(),
});
const Insights = z.object({ data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.unknown() })) })) });

const toDate = (t: string) => new Date(t.replace(/\+0000$/, 'Z'));

/**
 * Graph errors say what happened in their code, whatever the HTTP status (rate limits arrive as 400 or 403):
 * 190/102 an expired or revoked token, 4/9/17/32/613/80001 a rate limit (9: Instagram's publishing limit),
 * 100 with subcode 33 a missing object, 368/506 content refused (policy, duplicate), 1/2 a passing fault on
 * Meta's side, 9007 an Instagram video still being processed.
 */
export function graphErrorFor(network: string) {
  return (status: number, headers: Headers, body: string): ConnectorError | undefined => {
    let e: { code?: unknown; error_subcode?: unknown } | undefined;
    try {
      const parsed = JSON.parse(body) as { error?: { code?: unknown; error_subcode?: unknown } | string };
      e = typeof parsed.error === 'object' ? parsed.error : undefined;
    } catch {
      return undefined;
    }
    if (!e || typeof e.code !== 'number') return undefined;
    const code = e.code;
    if (code === 190 || code === 102 || code === 10 || code === 200)
      return new ConnectorError('unauthorized', `the Page token was refused (Graph ${code})`);
    if ([4, 9, 17, 32, 613, 80001].includes(code))
      return new ConnectorError('rate_limited', `rate limited (Graph ${code})`, retryAfterMs(headers) ?? 60_000);
    if (code === 100 && e.error_subcode === 33) return new ConnectorError('gone', `not found on ${network}`);
    if (code === 368 || code === 506) return new ConnectorError('rejected', `${network} refused this post (Graph ${code})`);
    if (code === 1 || code === 2 || code === 9007)
      return new ConnectorError('unavailable', `${network} is unavailable (Graph ${code}, HTTP ${status})`);
    return new ConnectorError('rejected', `${network} rejected the request (Graph ${code})`);
  };
}
export const graphError = graphErrorFor('Facebook');

/** One Graph API call with a Page token (Facebook Pages and the Instagram accounts linked to them). */
export function graphCall<T>(
  at: { fetch: OutboundFetch; baseUrl: string; token: string; timeoutMs: number; classify: ReturnType<typeof graphErrorFor> },
  method: string,
  path: string,
  shape?: z.ZodType<T>,
  body?: Record<string, unknown>,
) {
  return fetchJson<T>(
    at.fetch,
    new URL(`/${GRAPH}${path}`, at.baseUrl).toString(),
    {
      method,
      timeoutMs: at.timeoutMs,
      classify: at.classify,
      headers: { authorization: `Bearer ${at.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    },
    shape,
  );
}

/**
 * A Facebook Page through the Graph API with a Page access token: feed posts, comments and replies, Page
 * conversations (answered with the Send API), reactions, shares and impressions. The Graph has no
 * idempotency key: a retried post or any reply first looks for itself among the Page's recent posts.
 */
export class FacebookPageConnector implements Connector {
  readonly network = 'facebook' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  constructor(
    private readonly baseUrl: string,
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.pageAccessToken || !creds.pageId)
      throw new ConnectorError('rejected', 'A Facebook Page channel needs a Page access token and the Page id.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private call<T>(method: string, path: string, shape?: z.ZodType<T>, body?: Record<string, unknown>) {
    const at = {
      fetch: this.fetch,
      baseUrl: this.baseUrl,
      token: this.creds.pageAccessToken,
      timeoutMs: this.timeoutMs,
      classify: graphError,
    };
    return graphCall(at, method, path, shape, body);
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: 63_206, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    const me = await this.call('GET', '/me?fields=id,name', z.object({ id: graphId, name: z.string().max(400) }));
    if (me.id !== this.creds.pageId) throw new ConnectorError('unauthorized', 'the token belongs to another Page');
    return { accountId: me.id, handle: me.name, displayName: me.name };
  }

  private url(postId: string) {
    return `https://www.facebook.com/${postId}`;
  }

  private feed(withComments: boolean) {
    const fields = withComments
      ? 'id,message,created_time,comments.limit(100){id,message,from,created_time,parent}'
      : 'id,message,created_time';
    return this.call('GET', `/${this.creds.pageId}/feed?fields=${encodeURIComponent(fields)}&limit=25`, Feed);
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    if (isRetry) {
      const existing = (await this.feed(false)).data.find((p) => p.message === text);
      if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    }
    // Pictures go up unpublished to the Page's photos (with their alt text), then the post attaches them.
    const attached: { media_fbid: string }[] = [];
    for (const p of pictures) attached.push({ media_fbid: await this.uploadPhoto(p) });
    const r = await this.call('POST', `/${this.creds.pageId}/feed`, z.object({ id: graphId }), {
      message: text,
      ...(attached.length ? { attached_media: attached } : {}),
    });
    return { remoteId: r.id, url: this.url(r.id) };
  }

  private async uploadPhoto(p: OutgoingPicture): Promise<string> {
    const form = multipartBody([
      picturePart('source', p),
      { name: 'published', value: 'false' },
      ...(p.altText ? [{ name: 'alt_text_custom', value: p.altText }] : []),
    ]);
    const r = await fetchJson(
      this.fetch,
      new URL(`/${GRAPH}/${this.creds.pageId}/photos`, this.baseUrl).toString(),
      {
        method: 'POST',
        timeoutMs: this.timeoutMs * 3,
        classify: graphError,
        headers: { authorization: `Bearer ${this.creds.pageAccessToken}`, 'content-type': form.contentType },
        body: new Uint8Array(form.body),
      },
      z.object({ id: graphId }),
    );
    return r.id;
  }

  /** Facebook has no threads: each part is a comment on the post (the "first comment"). */
  async continueThread(parent: ThreadParent, text: string, _idempotencyKey: string, isRetry = false) {
    const root = parent.threadRef ?? parent.remoteId;
    if (isRetry) {
      const post = (await this.feed(true)).data.find((p) => p.id === root);
      const existing = post?.comments?.data.find((c) => c.from?.id === this.creds.pageId && !c.parent && c.message === text);
      if (existing) return { remoteId: existing.id, url: this.url(existing.id), threadRef: root };
    }
    const r = await this.call('POST', `/${encodeURIComponent(root)}/comments`, z.object({ id: graphId }), { message: text });
    return { remoteId: r.id, url: this.url(r.id), threadRef: root };
  }

  async edit(remoteId: string, text: string) {
    await this.call('POST', `/${encodeURIComponent(remoteId)}`, undefined, { message: text });
  }

  async read(remoteId: string) {
    const p = await this.call(
      'GET',
      `/${encodeURIComponent(remoteId)}?fields=message,created_time,updated_time`,
      FeedPost.partial({ id: true }),
    );
    return { text: p.message ?? '', edited: !!p.updated_time && p.updated_time !== p.created_time };
  }

  async remove(remoteId: string) {
    await this.call('DELETE', `/${encodeURIComponent(remoteId)}`);
  }

  async fetchInbox(cursor: string | null) {
    const [feed, conversations] = await Promise.all([
      this.feed(true),
      this.call(
        'GET',
        `/${this.creds.pageId}/conversations?fields=${encodeURIComponent('messages.limit(20){id,message,from,created_time}')}&platform=messenger`,
        Conversations,
      ),
    ]);
    const items: InboundItem[] = [];
    for (const p of feed.data)
      for (const c of p.comments?.data ?? []) {
        if (c.from?.id === this.creds.pageId) continue;
        items.push({
          kind: 'reply',
          remoteId: c.id,
          url: this.url(c.id),
          authorHandle: c.from?.id ?? 'unknown',
          authorName: c.from?.name ?? '',
          body: c.message,
          rating: null,
          replyRef: JSON.stringify({ comment: c.id }),
          createdAt: toDate(c.created_time),
        });
      }
    for (const conv of conversations.data)
      for (const m of conv.messages.data) {
        if (m.from.id === this.creds.pageId) continue;
        items.push({
          kind: 'dm',
          remoteId: m.id,
          url: null,
          authorHandle: m.from.id,
          authorName: m.from.name,
          body: m.message,
          rating: null,
          replyRef: JSON.stringify({ dm: m.from.id }),
          createdAt: toDate(m.created_time),
        });
      }
    // The Graph has no since-id for these: a time cursor (its times are in seconds).
    return newSinceCursor(items, cursor, 1000);
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string) {
    const ref = to.replyRef ? (JSON.parse(to.replyRef) as { comment?: string; dm?: string }) : { comment: to.remoteId };
    if (ref.dm) {
      const r = await this.call('POST', `/${this.creds.pageId}/messages`, z.object({ message_id: graphId }), {
        recipient: { id: ref.dm },
        messaging_type: 'RESPONSE',
        message: { text },
      });
      return { remoteId: r.message_id, url: null };
    }
    const commentId = ref.comment ?? to.remoteId;
    // Look for this answer first: a retried reply must not answer twice.
    const feed = await this.feed(true);
    const existing = feed.data
      .flatMap((p) => p.comments?.data ?? [])
      .find((c) => c.from?.id === this.creds.pageId && c.parent?.id === commentId && c.message === text);
    if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    const r = await this.call('POST', `/${encodeURIComponent(commentId)}/comments`, z.object({ id: graphId }), { message: text });
    return { remoteId: r.id, url: this.url(r.id) };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    for (const id of remoteIds) {
      const m = await this.call(
        'GET',
        `/${encodeURIComponent(id)}?fields=${encodeURIComponent('reactions.summary(total_count),comments.summary(total_count),shares')}`,
        Metrics,
      );
      const insights = await this.call('GET', `/${encodeURIComponent(id)}/insights?metric=post_impressions`, Insights).catch(() => null);
      const impressions = insights?.data.find((d) => d.name === 'post_impressions')?.values[0]?.value;
      out.set(id, {
        likes: m.reactions?.summary.total_count ?? 0,
        reposts: m.shares?.count ?? 0,
        replies: m.comments?.summary.total_count ?? 0,
        impressions: typeof impressions === 'number' ? impressions : null,
      });
    }
    return out;
  }
}
