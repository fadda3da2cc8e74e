import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { graphCall, graphErrorFor } from './facebook.ts';
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

const graphId = z.string().regex(/^\d{1,30}$/);
const time = z.string().refine((v) => Number.isFinite(Date.parse(v.replace(/\+0000$/, 'Z'))), 'not a time');
const From = z.object({ id: graphId, username: z.string().max(100).catch('') });
const Reply = z.object({ id: graphId, text: z.string().max(10_000).catch(''), timestamp: time, from: From.optional() });
const Comment = Reply.extend({ replies: z.object({ data: z.array(Reply).max(500) }).optional() });
const Media = z.object({
  id: graphId,
  caption: z.string().max(10_000).optional(),
  timestamp: time,
  permalink: z.string().url().max(500).optional(),
  comments: z.object({ data: z.array(Comment).max(500) }).optional(),
});
const MediaList = z.object({ data: z.array(Media).max(500) });
const Tagged = z.object({
  data: z
    .array(z.object({ id: graphId, caption: z.string().max(10_000).catch(''), username: z.string().max(100).catch(''), timestamp: time }))
    .max(500),
});
const Insights = z.object({ data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.unknown() })) })) });
const Created = z.object({ id: graphId });

const toDate = (t: string) => new Date(t.replace(/\+0000$/, 'Z'));
const classify = graphErrorFor('Instagram');
/** How long a video container may take to be processed before the send is tried again later. */
const VIDEO_WAIT_MS = 60_000;

/**
 * An Instagram professional account through the Instagram Graph API (Facebook Login: the linked Page's
 * token). Every post carries a picture or a video: Instagram fetches each file from the signed link Harborline
 * gives it (containers), then publishes; several pictures make a carousel. Comments and replies, tags
 * (mentions), views and reach. Captions cannot be edited and posts cannot be deleted through Instagram's API:
 * a takedown is refused with the reason, so the team is alerted to remove it in the app.
 */
export class InstagramConnector implements Connector {
  readonly network = 'instagram' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  constructor(
    private readonly baseUrl: string,
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.pageAccessToken || !creds.igUserId)
      throw new ConnectorError('rejected', 'An Instagram channel needs the linked Page access token and the Instagram account id.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private call<T>(method: string, path: string, shape?: z.ZodType<T>, body?: Record<string, unknown>, timeoutMs = this.timeoutMs) {
    return graphCall(
      { fetch: this.fetch, baseUrl: this.baseUrl, token: this.creds.pageAccessToken, timeoutMs, classify },
      method,
      path,
      shape,
      body,
    );
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: 2200, canPost: true, canEdit: false, hasMetrics: true };
  }

  async verify() {
    const me = await this.call(
      'GET',
      `/${this.creds.igUserId}?fields=id,username,name`,
      z.object({ id: graphId, username: z.string().min(1).max(100), name: z.string().max(400).optional() }),
    );
    if (me.id !== this.creds.igUserId) throw new ConnectorError('unauthorized', 'the token belongs to another Instagram account');
    return { accountId: me.id, handle: `@${me.username}`, displayName: me.name ?? me.username };
  }

  private recent(withComments: boolean) {
    const fields = withComments
      ? 'id,caption,timestamp,permalink,comments.limit(50){id,text,timestamp,from,replies{id,text,timestamp,from}}'
      : 'id,caption,timestamp,permalink';
    return this.call('GET', `/${this.creds.igUserId}/media?fields=${encodeURIComponent(fields)}&limit=25`, MediaList);
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    if (!pictures.length) throw new ConnectorError('rejected', 'Instagram takes posts with a picture or a video');
    if (pictures.some((p) => !p.link))
      throw new ConnectorError('rejected', "Instagram fetches pictures from this server's public address, which is not set");
    if ([...text].length > 2200) throw new ConnectorError('rejected', 'Instagram captions are at most 2,200 characters');
    // No idempotency key on the Graph: a retry looks for its caption among the account's recent posts first.
    if (isRetry) {
      const existing = (await this.recent(false)).data.find((m) => (m.caption ?? '') === text);
      if (existing) return { remoteId: existing.id, url: existing.permalink ?? null };
    }
    const container = await this.container(text, pictures);
    const published = await this.call('POST', `/${this.creds.igUserId}/media_publish`, Created, { creation_id: container });
    const m = await this.call('GET', `/${published.id}?fields=id,permalink,timestamp`, Media).catch(() => null);
    return { remoteId: published.id, url: m?.permalink ?? null };
  }

  /** The container to publish: one picture, one video (a reel, once processed) or a carousel of pictures. */
  private async container(caption: string, files: readonly OutgoingPicture[]): Promise<string> {
    const make = (fields: Record<string, unknown>) =>
      this.call('POST', `/${this.creds.igUserId}/media`, Created, fields, this.timeoutMs * 3).then((c) => c.id);
    const alt = (p: OutgoingPicture) => (p.altText ? { alt_text: p.altText } : {});
    if (files.length === 1 && files[0].kind === 'video') {
      const id = await make({ media_type: 'REELS', video_url: files[0].link, caption });
      await this.processed(id);
      return id;
    }
    if (files.length === 1) return make({ image_url: files[0].link, caption, ...alt(files[0]) });
    const children: string[] = [];
    for (const p of files) children.push(await make({ image_url: p.link, is_carousel_item: true, ...alt(p) }));
    return make({ media_type: 'CAROUSEL', children: children.join(','), caption });
  }

  /** Waits for a video container to be processed (Instagram asks to poll its status_code). */
  private async processed(id: string) {
    const Status = z.object({ status_code: z.enum(['EXPIRED', 'ERROR', 'FINISHED', 'IN_PROGRESS', 'PUBLISHED']) });
    const until = Date.now() + VIDEO_WAIT_MS;
    for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
      const { status_code } = await this.call('GET', `/${id}?fields=status_code`, Status);
      if (status_code === 'FINISHED' || status_code === 'PUBLISHED') return;
      if (status_code === 'ERROR' || status_code === 'EXPIRED')
        throw new ConnectorError('rejected', 'Instagram could not process the video');
      if (Date.now() + wait > until) throw new ConnectorError('unavailable', 'Instagram is still processing the video');
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Instagram has no threads: each part is a comment under the post (the "first comment"). */
  async continueThread(parent: ThreadParent, text: string, _idempotencyKey: string, isRetry = false) {
    const root = parent.threadRef ?? parent.remoteId;
    if (isRetry) {
      const media = (await this.recent(true)).data.find((m) => m.id === root);
      const existing = media?.comments?.data.find((c) => c.from?.id === this.creds.igUserId && c.text === text);
      if (existing) return { remoteId: existing.id, url: null, threadRef: root };
    }
    const r = await this.call('POST', `/${root}/comments`, Created, { message: text });
    return { remoteId: r.id, url: null, threadRef: root };
  }

  async edit(): Promise<never> {
    throw new ConnectorError('unsupported', "Instagram's API cannot change a caption");
  }

  async read(remoteId: string) {
    const m = await this.call('GET', `/${encodeURIComponent(remoteId)}?fields=id,caption,timestamp`, Media);
    return { text: m.caption ?? '', edited: false };
  }

  async remove(): Promise<never> {
    throw new ConnectorError('unsupported', "Instagram's API cannot delete posts: remove it in the Instagram app");
  }

  async fetchInbox(cursor: string | null) {
    const [media, tagged] = await Promise.all([
      this.recent(true),
      this.call('GET', `/${this.creds.igUserId}/tags?fields=${encodeURIComponent('id,caption,username,timestamp')}&limit=25`, Tagged),
    ]);
    const items: InboundItem[] = [];
    const push = (c: z.infer<typeof Reply>, mediaId: string, parentId: string) => {
      if (c.from?.id === this.creds.igUserId) return;
      items.push({
        kind: 'reply',
        remoteId: c.id,
        url: null,
        authorHandle: c.from?.username ?? 'unknown',
        authorName: c.from?.username ?? '',
        body: c.text,
        rating: null,
        // Replies on Instagram are one level deep: an answer to a reply goes under its top comment.
        replyRef: JSON.stringify({ comment: parentId, media: mediaId }),
        createdAt: toDate(c.timestamp),
      });
    };
    for (const m of media.data)
      for (const c of m.comments?.data ?? []) {
        push(c, m.id, c.id);
        for (const r of c.replies?.data ?? []) push(r, m.id, c.id);
      }
    for (const t of tagged.data)
      items.push({
        kind: 'mention',
        remoteId: t.id,
        url: null,
        authorHandle: t.username,
        authorName: t.username,
        body: t.caption,
        rating: null,
        replyRef: JSON.stringify({ media: t.id }),
        createdAt: toDate(t.timestamp),
      });
    return newSinceCursor(items, cursor, 1000);
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string) {
    const ref = to.replyRef ? (JSON.parse(to.replyRef) as { comment?: string; media?: string }) : { comment: to.remoteId };
    // A retried answer must not be posted twice: look for it first among the replies (or comments) there.
    if (ref.comment) {
      const media = (await this.recent(true)).data.find((m) => m.comments?.data.some((c) => c.id === ref.comment));
      const top = media?.comments?.data.find((c) => c.id === ref.comment);
      const existing = top?.replies?.data.find((r) => r.from?.id === this.creds.igUserId && r.text === text);
      if (existing) return { remoteId: existing.id, url: null };
      const r = await this.call('POST', `/${ref.comment}/replies`, Created, { message: text });
      return { remoteId: r.id, url: null };
    }
    const r = await this.call('POST', `/${ref.media}/comments`, Created, { message: text });
    return { remoteId: r.id, url: null };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    const Counts = z.object({
      like_count: z.number().int().nonnegative().optional(),
      comments_count: z.number().int().nonnegative().optional(),
    });
    for (const id of remoteIds) {
      const m = await this.call('GET', `/${encodeURIComponent(id)}?fields=like_count,comments_count`, Counts);
      const insights = await this.call('GET', `/${encodeURIComponent(id)}/insights?metric=views,reach`, Insights).catch(() => null);
      const views = insights?.data.find((d) => d.name === 'views')?.values[0]?.value;
      out.set(id, {
        likes: m.like_count ?? 0,
        reposts: 0,
        replies: m.comments_count ?? 0,
        impressions: typeof views === 'number' ? views : null,
      });
    }
    return out;
  }
}
