import { z } from 'zod';
import { createOutboundFetch, OutboundRefusedError, readText, type OutboundFetch } from '../../outbound/index.ts';
import { errorForStatus, fetchJsonWithHeaders, jsonReason, retryAfterMs } from './http.ts';
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

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const ytId = z.string().regex(/^[\w-]{1,64}$/);
const time = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'not a time');
const CommentSnippet = z.object({
  authorDisplayName: z.string().max(400).catch(''),
  authorChannelId: z.object({ value: z.string().max(64) }).optional(),
  textOriginal: z.string().max(20_000).catch(''),
  publishedAt: time,
  videoId: z.string().max(64).optional(),
  parentId: z.string().max(128).optional(),
});
const Comment = z.object({ id: z.string().min(1).max(128), snippet: CommentSnippet });
const Threads = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1).max(128),
        snippet: z.object({ videoId: z.string().max(64).optional(), topLevelComment: Comment }),
        replies: z.object({ comments: z.array(Comment).max(100) }).optional(),
      }),
    )
    .max(500),
});
const Video = z.object({
  id: ytId,
  snippet: z
    .object({ title: z.string().max(1000), description: z.string().max(50_000).catch(''), categoryId: z.string().max(10).optional() })
    .optional(),
  statistics: z
    .object({ viewCount: z.string().optional(), likeCount: z.string().optional(), commentCount: z.string().optional() })
    .optional(),
});
const Videos = z.object({ items: z.array(Video).max(100) });

/** YouTube's limits for a video's title (characters) and description (bytes); angle brackets are refused. */
const TITLE_MAX = 100;
const DESCRIPTION_MAX = 5000;
/** Resumable uploads go in chunks that are multiples of 256 KiB. */
const CHUNK = 32 * 256 * 1024;

/** A video's title and description from a post's text: the first line (shortened at a word) and the whole text. */
export function titleAndDescription(text: string): { title: string; description: string } {
  const clean = (s: string) => s.replace(/[<>]/g, '');
  const first = clean(text.split('\n')[0] ?? '').trim();
  const chars = [...first];
  let title = first;
  if (chars.length > TITLE_MAX) {
    const cut = chars.slice(0, TITLE_MAX - 1).join('');
    title = `${cut.replace(/\s+\S*$/, '') || cut}…`;
  }
  return { title: title || 'Video', description: clean(text) };
}

/**
 * Google errors: {error: {code, message, errors: [{reason}]}}. A 403 is a quota or rate limit as often as a
 * refused token, so the reason decides.
 */
function classify(status: number, headers: Headers, body: string): ConnectorError | undefined {
  let reason = '';
  try {
    const e = (JSON.parse(body) as { error?: { errors?: { reason?: string }[] } }).error;
    reason = e?.errors?.[0]?.reason ?? '';
  } catch {
    return undefined;
  }
  if (['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded', 'uploadLimitExceeded'].includes(reason))
    return new ConnectorError('rate_limited', `YouTube's limit was reached (${reason})`, retryAfterMs(headers) ?? 3_600_000);
  if (reason === 'videoNotFound' || reason === 'commentNotFound') return new ConnectorError('gone', 'not found on YouTube');
  if (status === 400 && reason)
    return new ConnectorError('rejected', `YouTube rejected the request (${reason})`, undefined, jsonReason(body));
  return undefined;
}

/**
 * A YouTube channel through the Data API v3 with Google OAuth (access tokens last an hour; refreshed with
 * the refresh token). A post is a video: uploaded with YouTube's resumable protocol (in chunks; a chunk that
 * fails is resumed from the byte YouTube says it has), its title from the first line, its description the
 * text. Later parts go as comments under it. Comments on the channel's videos come into the inbox.
 */
export class YouTubeConnector implements Connector {
  readonly network = 'youtube' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  constructor(
    private readonly baseUrl: string,
    private creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken) throw new ConnectorError('rejected', 'A YouTube channel needs an OAuth access token.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
  }

  private withToken<T>(attempt: (token: string) => Promise<T>): Promise<T> {
    return withTokenRefresh(
      () => attempt(this.creds.accessToken),
      () => this.creds,
      async () => {
        this.creds = await refreshAccessToken(this.fetch, this.creds.tokenUrl || GOOGLE_TOKEN_URL, this.creds, this.timeoutMs);
      },
    );
  }

  private call<T>(method: string, path: string, shape?: z.ZodType<T>, body?: unknown): Promise<T> {
    return this.withToken((token) =>
      fetchJsonWithHeaders<T>(
        this.fetch,
        new URL(path, this.baseUrl).toString(),
        {
          method,
          timeoutMs: this.timeoutMs,
          classify,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        },
        shape,
      ).then((r) => r.body),
    );
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: DESCRIPTION_MAX, canPost: true, canEdit: true, hasMetrics: true };
  }

  private async channel() {
    const r = await this.call(
      'GET',
      '/youtube/v3/channels?part=snippet,contentDetails&mine=true',
      z.object({
        items: z
          .array(
            z.object({
              id: ytId,
              snippet: z.object({ title: z.string().max(400), customUrl: z.string().max(200).optional() }),
              contentDetails: z.object({ relatedPlaylists: z.object({ uploads: ytId }) }),
            }),
          )
          .max(50),
      }),
    );
    const c = r.items[0];
    if (!c) throw new ConnectorError('unauthorized', 'the Google account has no YouTube channel');
    if (this.creds.channelId && c.id !== this.creds.channelId)
      throw new ConnectorError('unauthorized', 'the token belongs to another YouTube channel');
    return c;
  }

  async verify() {
    const c = await this.channel();
    this.creds = { ...this.creds, channelId: c.id, uploads: c.contentDetails.relatedPlaylists.uploads };
    return { accountId: c.id, handle: c.snippet.customUrl ?? c.snippet.title, displayName: c.snippet.title };
  }

  private async uploadsPlaylist() {
    if (!this.creds.uploads) await this.verify();
    return this.creds.uploads;
  }

  /** The channel's latest uploads with their descriptions (a retried post looks for itself here). */
  private async recentUploads() {
    const list = await this.call(
      'GET',
      `/youtube/v3/playlistItems?part=snippet&maxResults=25&playlistId=${encodeURIComponent(await this.uploadsPlaylist())}`,
      z.object({
        items: z
          .array(
            z.object({ snippet: z.object({ description: z.string().max(50_000).catch(''), resourceId: z.object({ videoId: ytId }) }) }),
          )
          .max(50),
      }),
    );
    return list.items.map((i) => ({ id: i.snippet.resourceId.videoId, description: i.snippet.description }));
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, files: readonly OutgoingPicture[] = []) {
    const video = files.length === 1 && files[0].kind === 'video' ? files[0] : null;
    if (!video) throw new ConnectorError('rejected', 'A YouTube post is one video');
    const { title, description } = titleAndDescription(text);
    if (Buffer.byteLength(description) > DESCRIPTION_MAX)
      throw new ConnectorError('rejected', `YouTube descriptions are at most ${DESCRIPTION_MAX} bytes`);
    if (isRetry) {
      const existing = (await this.recentUploads()).find((v) => v.description === description);
      if (existing) return { remoteId: existing.id, url: this.url(existing.id) };
    }
    const id = await this.withToken((token) => this.upload(token, video, { title, description }));
    return { remoteId: id, url: this.url(id) };
  }

  private url(id: string) {
    return `https://www.youtube.com/watch?v=${id}`;
  }

  /** YouTube's resumable upload: a session for the metadata, then the bytes in chunks, resumed where YouTube stopped. */
  private async upload(token: string, video: OutgoingPicture, meta: { title: string; description: string }): Promise<string> {
    const total = video.data.length;
    const started = await fetchJsonWithHeaders(
      this.fetch,
      new URL('/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status', this.baseUrl).toString(),
      {
        method: 'POST',
        timeoutMs: this.timeoutMs,
        classify,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json; charset=UTF-8',
          'x-upload-content-length': String(total),
          'x-upload-content-type': video.type,
        },
        body: JSON.stringify({
          snippet: { ...meta, categoryId: '22' },
          status: { privacyStatus: 'public', selfDeclaredMadeForKids: false },
        }),
      },
    );
    const location = started.headers.get('location');
    const session = location ? new URL(location, this.baseUrl) : null;
    // The bytes go only where the API itself is: a Location elsewhere is not followed.
    if (!session || session.origin !== new URL(this.baseUrl).origin)
      throw new ConnectorError('unavailable', 'YouTube did not open an upload session');
    let offset = 0;
    let failures = 0;
    // A server that keeps answering without taking the bytes does not hold the send forever.
    for (let round = 0; round < Math.ceil(total / CHUNK) * 3 + 10; round++) {
      const end = Math.min(offset + CHUNK, total);
      const sent = await this.sendChunk(token, session, video.data.subarray(offset, end), offset, total).catch((e: unknown) => {
        if (!(e instanceof ConnectorError) || !e.retryable || ++failures > 5) throw e;
        return null;
      });
      if (sent?.id) return sent.id;
      // After a failure (or a 308), YouTube says how much it has: go on from there.
      const received = sent ?? (await this.sendChunk(token, session, null, 0, total));
      if (received.id) return received.id;
      offset = received.next;
    }
    throw new ConnectorError('unavailable', 'YouTube did not take the video');
  }

  /** One PUT of the session: a chunk (or, with no bytes, a question about how much arrived). */
  private async sendChunk(
    token: string,
    session: URL,
    bytes: Buffer | null,
    offset: number,
    total: number,
  ): Promise<{ id?: string; next: number }> {
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(session.toString(), {
        method: 'PUT',
        timeoutMs: this.timeoutMs * 6,
        headers: {
          authorization: `Bearer ${token}`,
          'content-range': bytes?.length ? `bytes ${offset}-${offset + bytes.length - 1}/${total}` : `bytes */${total}`,
        },
        body: bytes?.length ? new Uint8Array(bytes) : undefined,
      });
      text = await readText(res);
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw new ConnectorError('rejected', `address refused: ${e.message}`);
      throw new ConnectorError('unavailable', 'the upload was interrupted');
    }
    if (res.status === 308) {
      const range = /bytes=0-(\d+)/.exec(res.headers.get('range') ?? '');
      return { next: range ? Number(range[1]) + 1 : 0 };
    }
    if (!res.ok) throw classify(res.status, res.headers, text) ?? errorForStatus(res.status, res.headers, text);
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: refused just below like any other unexpected answer.
    }
    const parsed = Video.safeParse(body);
    if (!parsed.success) throw new ConnectorError('unavailable', 'YouTube answered the upload with something unexpected');
    return { id: parsed.data.id, next: total };
  }

  /** Later parts are comments under the video (YouTube has no threads). */
  async continueThread(parent: ThreadParent, text: string, _idempotencyKey: string, isRetry = false) {
    const videoId = parent.threadRef ?? parent.remoteId;
    if (isRetry) {
      const mine = (await this.threadsOf(`videoId=${encodeURIComponent(videoId)}`)).items.find(
        (t) =>
          t.snippet.topLevelComment.snippet.authorChannelId?.value === this.creds.channelId &&
          t.snippet.topLevelComment.snippet.textOriginal === text,
      );
      if (mine) return { remoteId: mine.id, url: null, threadRef: videoId };
    }
    const r = await this.call('POST', '/youtube/v3/commentThreads?part=snippet', z.object({ id: z.string().min(1).max(128) }), {
      snippet: { videoId, topLevelComment: { snippet: { textOriginal: text } } },
    });
    return { remoteId: r.id, url: null, threadRef: videoId };
  }

  private threadsOf(filter: string) {
    return this.call('GET', `/youtube/v3/commentThreads?part=snippet,replies&maxResults=100&order=time&${filter}`, Threads);
  }

  private async video(id: string) {
    const r = await this.call('GET', `/youtube/v3/videos?part=snippet,statistics&id=${encodeURIComponent(id)}`, Videos);
    const v = r.items[0];
    if (!v) throw new ConnectorError('gone', 'not found on YouTube');
    return v;
  }

  async edit(remoteId: string, text: string) {
    const v = await this.video(remoteId);
    const { title, description } = titleAndDescription(text);
    await this.call('PUT', '/youtube/v3/videos?part=snippet', Video, {
      id: remoteId,
      snippet: { title, description, categoryId: v.snippet?.categoryId ?? '22' },
    });
  }

  async read(remoteId: string) {
    const v = await this.video(remoteId);
    return { text: v.snippet?.description ?? '', edited: false };
  }

  async remove(remoteId: string) {
    await this.call('DELETE', `/youtube/v3/videos?id=${encodeURIComponent(remoteId)}`);
  }

  async fetchInbox(cursor: string | null) {
    if (!this.creds.channelId) await this.verify();
    const threads = await this.threadsOf(`allThreadsRelatedToChannelId=${encodeURIComponent(this.creds.channelId)}`);
    const items: InboundItem[] = [];
    const push = (c: z.infer<typeof Comment>, threadId: string) => {
      if (c.snippet.authorChannelId?.value === this.creds.channelId) return;
      items.push({
        kind: 'reply',
        remoteId: c.id,
        url: c.snippet.videoId ? `https://www.youtube.com/watch?v=${c.snippet.videoId}&lc=${c.id}` : null,
        authorHandle: c.snippet.authorChannelId?.value ?? 'unknown',
        authorName: c.snippet.authorDisplayName,
        body: c.snippet.textOriginal,
        rating: null,
        // Replies on YouTube go under the top-level comment of their thread.
        replyRef: threadId,
        createdAt: new Date(c.snippet.publishedAt),
      });
    };
    for (const t of threads.items) {
      push(t.snippet.topLevelComment, t.id);
      for (const r of t.replies?.comments ?? []) push(r, t.id);
    }
    return newSinceCursor(items, cursor, 1000);
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string) {
    const parentId = to.replyRef ?? to.remoteId;
    const existing = await this.call(
      'GET',
      `/youtube/v3/comments?part=snippet&maxResults=100&parentId=${encodeURIComponent(parentId)}`,
      z.object({ items: z.array(Comment).max(100) }),
    );
    const mine = existing.items.find((c) => c.snippet.authorChannelId?.value === this.creds.channelId && c.snippet.textOriginal === text);
    if (mine) return { remoteId: mine.id, url: null };
    const r = await this.call('POST', '/youtube/v3/comments?part=snippet', z.object({ id: z.string().min(1).max(128) }), {
      snippet: { parentId, textOriginal: text },
    });
    return { remoteId: r.id, url: null };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    for (let i = 0; i < remoteIds.length; i += 50) {
      const ids = remoteIds
        .slice(i, i + 50)
        .map(encodeURIComponent)
        .join(',');
      const r = await this.call('GET', `/youtube/v3/videos?part=statistics&id=${ids}`, Videos);
      for (const v of r.items)
        out.set(v.id, {
          likes: Number(v.statistics?.likeCount ?? 0),
          reposts: 0,
          replies: Number(v.statistics?.commentCount ?? 0),
          impressions: v.statistics?.viewCount === undefined ? null : Number(v.statistics.viewCount),
        });
    }
    return out;
  }
}
