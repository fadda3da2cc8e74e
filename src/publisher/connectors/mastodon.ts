import {
  ConnectorError,
  type ChannelCredentials,
  type Connector,
  type ConnectorOptions,
  type InboundItem,
  type PostMetrics,
  type OutgoingPicture,
  type ThreadParent,
} from './types.ts';
import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { bearerJson, fetchJson, htmlToText, multipartBody, picturePart } from './http.ts';

// The parts of Mastodon's answers the connector reads, checked before use (a broken server fails alone).
const id = z.union([z.string().min(1).max(64), z.number().int().transform(String)]);
const text = (max: number) => z.string().max(max);
const Account = z.object({
  id,
  acct: text(400),
  display_name: text(400)
    .nullish()
    .transform((v) => v ?? ''),
  username: text(400),
});
/** A media attachment as POST /api/v2/media answers it (200 when processed, 202 while processing). */
const MediaAttachment = z.object({ id: z.string().min(1), type: z.string() });
const Status = z.object({
  id,
  url: z
    .string()
    .max(2048)
    .nullish()
    .transform((v) => v ?? null),
  content: text(1_000_000),
  created_at: z.string().refine((v) => Number.isFinite(Date.parse(v)), 'not a date'),
  in_reply_to_id: id.nullish().transform((v) => v ?? null),
  visibility: text(40),
  favourites_count: z.number().int().nonnegative().catch(0),
  reblogs_count: z.number().int().nonnegative().catch(0),
  replies_count: z.number().int().nonnegative().catch(0),
  account: Account.optional(),
  edited_at: z.string().nullish(),
});
const Notification = z.object({
  id: id.refine((v) => /^\d+$/.test(v), 'not a numeric id'),
  type: text(64),
  created_at: z.string(),
  account: Account,
  status: Status.nullish(),
});
const Instance = z
  .object({
    configuration: z
      .object({ statuses: z.object({ max_characters: z.number().int().positive().max(1_000_000).optional() }).optional() })
      .optional(),
  })
  .nullable();
type MastodonStatus = z.infer<typeof Status>;

/** Mastodon's REST API (v1/v2) with a user access token. */
export class MastodonConnector implements Connector {
  readonly network = 'mastodon' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  constructor(
    private readonly baseUrl: string,
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken) throw new ConnectorError('rejected', 'A Mastodon channel needs an access token.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private call<T>(method: string, path: string, shape?: z.ZodType<T>, body?: unknown, headers: Record<string, string> = {}) {
    return fetchJson<T>(
      this.fetch,
      new URL(path, this.baseUrl).toString(),
      {
        method,
        timeoutMs: this.timeoutMs,
        headers: { authorization: `Bearer ${this.creds.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      },
      shape,
    );
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    const instance = await this.call('GET', '/api/v2/instance', Instance);
    return { maxLength: instance?.configuration?.statuses?.max_characters ?? 500, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    const a = await this.call('GET', '/api/v1/accounts/verify_credentials', Account);
    return { accountId: a.id, handle: a.acct, displayName: a.display_name || a.username };
  }

  async post(text: string, idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    const existing = isRetry ? await this.findOwnStatus(text) : undefined;
    if (existing) return { remoteId: existing.id, url: existing.url };
    // Each picture is uploaded with its description first (POST /api/v2/media), then named in the status.
    const mediaIds: string[] = [];
    for (const p of pictures) {
      const multipart = multipartBody([picturePart('file', p), ...(p.altText ? [{ name: 'description', value: p.altText }] : [])]);
      const media = await bearerJson(
        this.fetch,
        { baseUrl: this.baseUrl, token: this.creds.accessToken, timeoutMs: this.timeoutMs },
        'POST',
        '/api/v2/media',
        MediaAttachment,
        { multipart },
      );
      mediaIds.push(media.id);
    }
    return this.createStatus(text, idempotencyKey, false, null, mediaIds);
  }

  async continueThread(parent: ThreadParent, text: string, idempotencyKey: string, isRetry = false) {
    return this.createStatus(text, idempotencyKey, isRetry, parent.remoteId);
  }

  /** A public status, once per key. Mastodon keeps an Idempotency-Key for an hour; a retry may come later, so it looks for the status first. */
  private async createStatus(text: string, idempotencyKey: string, isRetry: boolean, inReplyTo: string | null, mediaIds: string[] = []) {
    const existing = isRetry ? await this.findOwnStatus(text) : undefined;
    if (existing) return { remoteId: existing.id, url: existing.url };
    const s = await this.call(
      'POST',
      '/api/v1/statuses',
      Status,
      {
        status: text,
        visibility: 'public',
        ...(inReplyTo ? { in_reply_to_id: inReplyTo } : {}),
        ...(mediaIds.length ? { media_ids: mediaIds } : {}),
      },
      { 'idempotency-key': idempotencyKey },
    );
    return { remoteId: s.id, url: s.url };
  }

  private async findOwnStatus(text: string): Promise<MastodonStatus | undefined> {
    const me = await this.verify();
    const recent = await this.call(
      'GET',
      `/api/v1/accounts/${encodeURIComponent(me.accountId)}/statuses?limit=40`,
      z.array(Status).max(200),
    );
    return recent.find((s) => htmlToText(s.content) === text.trim());
  }

  async edit(remoteId: string, text: string) {
    await this.call('PUT', `/api/v1/statuses/${encodeURIComponent(remoteId)}`, undefined, { status: text });
  }

  async read(remoteId: string) {
    const s = await this.call('GET', `/api/v1/statuses/${encodeURIComponent(remoteId)}`, Status);
    return { text: htmlToText(s.content), edited: !!s.edited_at };
  }

  async remove(remoteId: string) {
    await this.call('DELETE', `/api/v1/statuses/${encodeURIComponent(remoteId)}`);
  }

  async fetchInbox(cursor: string | null) {
    const q = new URLSearchParams({ limit: '40' });
    q.append('types[]', 'mention');
    if (cursor) q.set('since_id', cursor);
    const notes = await this.call('GET', `/api/v1/notifications?${q}`, z.array(Notification).max(200));
    const items: InboundItem[] = notes
      .filter((n) => n.type === 'mention' && n.status)
      .map((n) => ({
        kind: n.status!.visibility === 'direct' ? ('dm' as const) : n.status!.in_reply_to_id ? ('reply' as const) : ('mention' as const),
        remoteId: n.status!.id,
        url: n.status!.url,
        authorHandle: n.account.acct,
        authorName: n.account.display_name || n.account.username,
        body: htmlToText(n.status!.content),
        rating: null,
        replyRef: JSON.stringify({ id: n.status!.id, visibility: n.status!.visibility }),
        createdAt: new Date(n.status!.created_at),
      }));
    const newest = notes.reduce<string | null>((max, n) => (max === null || BigInt(n.id) > BigInt(max) ? n.id : max), cursor);
    return { items, cursor: newest };
  }

  async reply(to: { remoteId: string; replyRef: string | null; authorHandle: string }, text: string, idempotencyKey: string) {
    const ref = to.replyRef ? (JSON.parse(to.replyRef) as { id: string; visibility: string }) : { id: to.remoteId, visibility: 'public' };
    const status = text.includes(`@${to.authorHandle}`) ? text : `@${to.authorHandle} ${text}`;
    const s = await this.call(
      'POST',
      '/api/v1/statuses',
      Status,
      { status, in_reply_to_id: ref.id, visibility: ref.visibility === 'direct' ? 'direct' : 'public' },
      { 'idempotency-key': idempotencyKey },
    );
    return { remoteId: s.id, url: s.url };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    for (const id of remoteIds) {
      const s = await this.call('GET', `/api/v1/statuses/${encodeURIComponent(id)}`, Status);
      out.set(id, { likes: s.favourites_count, reposts: s.reblogs_count, replies: s.replies_count, impressions: null });
    }
    return out;
  }
}
