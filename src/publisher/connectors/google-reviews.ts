import {
  ConnectorError,
  type ChannelCredentials,
  type Connector,
  type ConnectorOptions,
  type InboundItem,
  type OutgoingPicture,
} from './types.ts';
import { z } from 'zod';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/index.ts';
import { bearerJson } from './http.ts';
import { refreshAccessToken, withTokenRefresh } from './oauth.ts';

// The parts of the Business Profile answers the connector reads, checked before use.
const Review = z.object({
  name: z.string().min(1).max(500),
  reviewer: z.object({ displayName: z.string().max(400).optional(), isAnonymous: z.boolean().optional() }).catch({}),
  starRating: z.string().max(40).catch('STAR_RATING_UNSPECIFIED'),
  comment: z.string().max(100_000).optional(),
  createTime: z.string().refine((v) => Number.isFinite(Date.parse(v)), 'not a date'),
  updateTime: z.string().max(64),
  reviewReply: z.object({ comment: z.string() }).passthrough().optional(),
});
const ReviewPage = z.object({
  reviews: z.array(Review).max(500).optional(),
  nextPageToken: z.string().max(2048).optional(),
  locationTitle: z.string().max(400).optional(),
});

const LocalPost = z.object({
  name: z.string().min(1).max(500),
  summary: z.string().max(10_000).catch(''),
  searchUrl: z.string().url().max(2000).optional(),
  state: z.string().max(40).optional(),
  createTime: z.string().max(64),
  updateTime: z.string().max(64),
});
const LocalPosts = z.object({ localPosts: z.array(LocalPost).max(500).optional() });
/** Google's limit for a local post's summary. */
const SUMMARY_MAX = 1500;

const STARS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * A Google Business Profile location (API v4): local posts ("updates" on the profile, with a photo Google
 * fetches from the signed link given), reviews into the inbox and replies with PUT …/reply. Local posts
 * have no comments (so no threads) and Google no longer reports their insights.
 */
export class GoogleReviewsConnector implements Connector {
  readonly network = 'google_reviews' as const;
  private readonly timeoutMs: number;
  private readonly fetch: OutboundFetch;
  private readonly location: string;
  constructor(
    private readonly baseUrl: string,
    private creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken || !creds.accountId || !creds.locationId)
      throw new ConnectorError('rejected', 'A reviews channel needs an access token, an account id and a location id.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetch = opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] });
    this.location = `accounts/${encodeURIComponent(creds.accountId)}/locations/${encodeURIComponent(creds.locationId)}`;
  }

  /**
   * Google access tokens last an hour: with a refresh token, client id and secret, an expired one is
   * refreshed once at Google's token endpoint (`tokenUrl` overrides it) and the new one handed back for sealing.
   */
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
      async () => {
        this.creds = await refreshAccessToken(this.fetch, this.creds.tokenUrl || GOOGLE_TOKEN_URL, this.creds, this.timeoutMs);
      },
    );
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: SUMMARY_MAX, canPost: true, canEdit: true, hasMetrics: false };
  }

  async verify() {
    const r = await this.call('GET', `/v4/${this.location}/reviews?pageSize=1`, ReviewPage);
    return { accountId: this.location, handle: this.location, displayName: r.locationTitle ?? `Location ${this.creds.locationId}` };
  }

  private async recentPosts() {
    return (await this.call('GET', `/v4/${this.location}/localPosts?pageSize=100`, LocalPosts)).localPosts ?? [];
  }

  async post(text: string, _idempotencyKey: string, isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    if ([...text].length > SUMMARY_MAX) throw new ConnectorError('rejected', `Google posts are at most ${SUMMARY_MAX} characters`);
    if (pictures.some((p) => !p.link))
      throw new ConnectorError('rejected', "Google fetches photos from this server's public address, which is not set");
    // No idempotency key: a retry looks for its words among the location's recent posts first.
    if (isRetry) {
      const existing = (await this.recentPosts()).find((p) => p.summary === text);
      if (existing) return { remoteId: existing.name, url: existing.searchUrl ?? null };
    }
    const p = await this.call('POST', `/v4/${this.location}/localPosts`, LocalPost, {
      languageCode: 'en',
      topicType: 'STANDARD',
      summary: text,
      ...(pictures.length ? { media: pictures.map((m) => ({ mediaFormat: 'PHOTO', sourceUrl: m.link })) } : {}),
    });
    return { remoteId: p.name, url: p.searchUrl ?? null };
  }

  async continueThread(): Promise<never> {
    throw new ConnectorError('unsupported', 'Google Business Profile posts have no comments or threads');
  }

  private own(remoteId: string) {
    // Only this location's posts: the name comes back from Google but is checked before it is used in a path.
    if (!remoteId.startsWith(`${this.location}/localPosts/`) || /[?#]|\.\./.test(remoteId))
      throw new ConnectorError('gone', 'not a post of this location');
    return `/v4/${remoteId}`;
  }

  async edit(remoteId: string, text: string) {
    await this.call('PATCH', `${this.own(remoteId)}?updateMask=summary`, LocalPost, { summary: text });
  }

  async read(remoteId: string) {
    const p = await this.call('GET', this.own(remoteId), LocalPost);
    return { text: p.summary, edited: p.updateTime !== p.createTime };
  }

  async remove(remoteId: string) {
    await this.call('DELETE', this.own(remoteId));
  }

  async fetchInbox(cursor: string | null) {
    const items: InboundItem[] = [];
    let pageToken: string | undefined;
    let newest = cursor;
    do {
      const q = new URLSearchParams({ pageSize: '50', orderBy: 'updateTime desc', ...(pageToken ? { pageToken } : {}) });
      const page = await this.call('GET', `/v4/${this.location}/reviews?${q}`, ReviewPage);
      const reviews = page.reviews ?? [];
      for (const r of reviews) {
        if (cursor && r.updateTime <= cursor) {
          pageToken = undefined;
          break;
        }
        if (!newest || r.updateTime > newest) newest = r.updateTime;
        if (r.reviewReply) continue; // already answered (here or on the site)
        items.push({
          kind: 'review',
          remoteId: r.name,
          url: null,
          authorHandle: r.reviewer.isAnonymous ? 'anonymous' : (r.reviewer.displayName ?? 'anonymous'),
          authorName: r.reviewer.isAnonymous ? 'A Google user' : (r.reviewer.displayName ?? 'A Google user'),
          body: r.comment ?? '',
          rating: STARS[r.starRating] ?? null,
          replyRef: r.name,
          createdAt: new Date(r.createTime),
        });
      }
      pageToken = reviews.length && page.nextPageToken ? page.nextPageToken : undefined;
    } while (pageToken);
    return { items, cursor: newest };
  }

  /** PUT replaces the reply, so sending it again is harmless. */
  async reply(to: { remoteId: string }, text: string) {
    await this.call('PUT', `/v4/${to.remoteId}/reply`, undefined, { comment: text });
    return { remoteId: `${to.remoteId}/reply`, url: null };
  }

  async metrics() {
    return new Map();
  }
}
