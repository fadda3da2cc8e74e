import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { fetchJsonWithHeaders } from './http.ts';
import { refreshAccessToken, withTokenRefresh } from './oauth.ts';
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

/** The API version this connector was written against (LinkedIn keeps each version a year). */
const LINKEDIN_VERSION = '202411';
const MAX_LENGTH = 3000;
const urn = z.string().regex(/^urn:li:[\w]+:[\w(),:-]{1,200}$/);
/** POST /rest/images?action=initializeUpload: where to PUT the bytes and the image's URN. */
const ImageUpload = z.object({ value: z.object({ uploadUrl: z.string().url(), image: z.string().regex(/^urn:li:image:[\w-]+$/) }) });
const Post = z.object({
  id: urn,
  commentary: z.string().max(10_000).catch(''),
  createdAt: z.number().optional(),
  lastModifiedAt: z.number().optional(),
});
const Posts = z.object({ elements: z.array(Post).max(200) });
const Comment = z.object({
  id: z.string().max(100),
  $URN: urn,
  actor: urn,
  object: urn,
  message: z.object({ text: z.string().max(100_000) }),
  parentComment: urn.optional(),
  created: z.object({ time: z.number() }),
});
const Comments = z.object({ elements: z.array(Comment).max(500) });
const Actions = z.object({
  likesSummary: z.object({ totalLikes: z.number().int().nonnegative() }).optional(),
  commentsSummary: z.object({ aggregatedTotalComments: z.number().int().nonnegative() }).optional(),
});
const ShareStats = z.object({
  elements: z
    .array(
      z.object({
        share: urn.optional(),
        totalShareStatistics: z.object({ impressionCount: z.number().optional(), shareCount: z.number().optional() }),
      }),
    )
    .max(200),
});

/**
 * A LinkedIn organization page through the Community Management API (versioned REST, Rest.li 2.0) with a
 * member token that administers the page: posts (commentary), partial-update edits, deletes, comments on the
 * page's posts and threaded replies, likes, comments, shares and impressions. With a refresh token and the
 * app's client id and secret, an expired token is refreshed once. LinkedIn has no idempotency key: a retried
 * post or any reply first looks for itself.
 */
export class LinkedInConnector implements Connector {
  readonly network = 'linkedin' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  private creds: ChannelCredentials;
  constructor(
    private readonly baseUrl: string,
    creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken || !/^\d{1,20}$/.test(creds.organizationId ?? ''))
      throw new ConnectorError('rejected', 'A LinkedIn page channel needs an access token and the numeric organization id.');
    this.creds = { ...creds };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private get org() {
    return `urn:li:organization:${this.creds.organizationId}`;
  }

  private call<T>(
    method: string,
    path: string,
    shape?: z.ZodType<T>,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ body: T; headers: Headers }> {
    return withTokenRefresh(
      () =>
        fetchJsonWithHeaders<T>(
          this.fetch,
          new URL(path, this.baseUrl).toString(),
          {
            method,
            timeoutMs: this.timeoutMs,
            headers: {
              authorization: `Bearer ${this.creds.accessToken}`,
              'linkedin-version': LINKEDIN_VERSION,
              'x-restli-protocol-version': '2.0.0',
              ...(body ? { 'content-type': 'application/json' } : {}),
              ...headers,
            },
            body: body ? JSON.stringify(body) : undefined,
          },
          shape,
        ),
      () => this.creds,
      () => this.refresh(),
    );
  }

  private async refresh() {
    const tokenUrl = this.creds.tokenUrl || 'https://www.linkedin.com/oauth/v2/accessToken';
    this.creds = await refreshAccessToken(this.fetch, tokenUrl, this.creds, this.timeoutMs);
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: MAX_LENGTH, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    const { body } = await this.call(
      'GET',
      `/rest/organizations/${this.creds.organizationId}`,
      z.object({ id: z.number(), localizedName: z.string().max(400), vanityName: z.string().max(200).optional() }),
    );
    return { accountId: String(body.id), handle: body.vanityName ?? String(body.id), displayName: body.localizedName };
  }

  private url(postUrn: string) {
    return `https://www.linkedin.com/feed/update/${postUrn}`;
  }

  private async recent(count = 20) {
    const q = new URLSearchParams({ q: 'author', author: this.org, count: String(count) });
    return (await this.call('GET', `/rest/posts?${q}`, Posts)).body.elements;
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    if ([...text].length > MAX_LENGTH) throw new ConnectorError('rejected', `longer than LinkedIn's ${MAX_LENGTH} characters`);
    if (isRetry) {
      const existing = (await this.recent()).find((p) => p.commentary === text);
      if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    }
    // Images API: each picture gets an upload URL and an image URN, then the post names them with alt text.
    const images: { id: string; altText: string }[] = [];
    for (const p of pictures) images.push({ id: await this.uploadImage(p), altText: p.altText });
    const content =
      images.length === 1 ? { content: { media: images[0] } } : images.length > 1 ? { content: { multiImage: { images } } } : {};
    const { headers } = await this.call('POST', '/rest/posts', undefined, {
      author: this.org,
      commentary: text,
      ...content,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    const id = urn.safeParse(headers.get('x-restli-id'));
    if (!id.success) throw new ConnectorError('unavailable', 'LinkedIn did not say which post it created');
    return { remoteId: id.data, url: this.url(id.data) };
  }

  private async uploadImage(p: OutgoingPicture): Promise<string> {
    const { body } = await this.call('POST', '/rest/images?action=initializeUpload', ImageUpload, {
      initializeUploadRequest: { owner: this.org },
    });
    await withTokenRefresh(
      () =>
        fetchJsonWithHeaders(this.fetch, body.value.uploadUrl, {
          method: 'PUT',
          timeoutMs: this.timeoutMs * 3,
          headers: { authorization: `Bearer ${this.creds.accessToken}`, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(p.data),
        }),
      () => this.creds,
      () => this.refresh(),
    );
    return body.value.image;
  }

  async edit(remoteId: string, text: string) {
    if ([...text].length > MAX_LENGTH) throw new ConnectorError('rejected', `longer than LinkedIn's ${MAX_LENGTH} characters`);
    await this.call(
      'POST',
      `/rest/posts/${encodeURIComponent(remoteId)}`,
      undefined,
      { patch: { $set: { commentary: text } } },
      { 'x-restli-method': 'PARTIAL_UPDATE' },
    );
  }

  async read(remoteId: string) {
    const { body } = await this.call('GET', `/rest/posts/${encodeURIComponent(remoteId)}`, Post);
    return { text: body.commentary, edited: !!body.lastModifiedAt && !!body.createdAt && body.lastModifiedAt > body.createdAt };
  }

  async remove(remoteId: string) {
    await this.call('DELETE', `/rest/posts/${encodeURIComponent(remoteId)}`);
  }

  /** LinkedIn has no threads: each part is the organization's comment on the post (the "first comment"). */
  async continueThread(parent: ThreadParent, text: string, _idempotencyKey: string, isRetry = false) {
    const post = parent.threadRef ?? parent.remoteId;
    if (isRetry) {
      const existing = (await this.comments(post)).find((c) => c.actor === this.org && !c.parentComment && c.message.text === text);
      if (existing) return { remoteId: existing.$URN, url: this.url(post), threadRef: post };
    }
    const { body } = await this.call('POST', `/rest/socialActions/${encodeURIComponent(post)}/comments`, Comment, {
      actor: this.org,
      object: post,
      message: { text },
    });
    return { remoteId: body.$URN, url: this.url(post), threadRef: post };
  }

  private async comments(postUrn: string) {
    return (await this.call('GET', `/rest/socialActions/${encodeURIComponent(postUrn)}/comments?count=100`, Comments)).body.elements;
  }

  async fetchInbox(cursor: string | null) {
    const items: InboundItem[] = [];
    for (const p of await this.recent())
      for (const c of await this.comments(p.id)) {
        if (c.actor === this.org) continue;
        const member = c.actor.split(':').pop() ?? c.actor;
        items.push({
          kind: 'reply',
          remoteId: c.$URN,
          url: this.url(p.id),
          authorHandle: member,
          authorName: 'LinkedIn member',
          body: c.message.text,
          rating: null,
          replyRef: JSON.stringify({ post: p.id, comment: c.$URN }),
          createdAt: new Date(c.created.time),
        });
      }
    // LinkedIn has no since-id for comments: a time cursor (milliseconds).
    return newSinceCursor(items, cursor);
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string) {
    const ref = to.replyRef ? (JSON.parse(to.replyRef) as { post: string; comment: string }) : null;
    if (!ref) throw new ConnectorError('rejected', 'Nothing to answer on LinkedIn.');
    const existing = (await this.comments(ref.post)).find(
      (c) => c.actor === this.org && c.parentComment === ref.comment && c.message.text === text,
    );
    if (existing) return { remoteId: existing.$URN, url: this.url(ref.post) };
    const { body } = await this.call('POST', `/rest/socialActions/${encodeURIComponent(ref.post)}/comments`, Comment, {
      actor: this.org,
      object: ref.post,
      message: { text },
      parentComment: ref.comment,
    });
    return { remoteId: body.$URN, url: this.url(ref.post) };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    const ids = remoteIds.filter((i) => urn.safeParse(i).success);
    if (!ids.length) return out;
    const q = new URLSearchParams({ q: 'organizationalEntity', organizationalEntity: this.org, shares: `List(${ids.join(',')})` });
    const stats = await this.call('GET', `/rest/organizationalEntityShareStatistics?${q}`, ShareStats).then(
      (r) => r.body.elements,
      () => [],
    );
    for (const id of ids) {
      const { body } = await this.call('GET', `/rest/socialActions/${encodeURIComponent(id)}`, Actions);
      const s = stats.find((x) => x.share === id)?.totalShareStatistics;
      out.set(id, {
        likes: body.likesSummary?.totalLikes ?? 0,
        reposts: s?.shareCount ?? 0,
        replies: body.commentsSummary?.aggregatedTotalComments ?? 0,
        impressions: s?.impressionCount ?? null,
      });
    }
    return out;
  }
}
