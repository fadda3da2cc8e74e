import { ConnectorError, type ChannelCredentials, type Connector, type ConnectorOptions, type InboundItem } from './types.ts';
import { fetchJson } from './http.ts';

interface Review {
  name: string;
  reviewId: string;
  reviewer: { displayName?: string; isAnonymous?: boolean };
  starRating: 'STAR_RATING_UNSPECIFIED' | 'ONE' | 'TWO' | 'THREE' | 'FOUR' | 'FIVE';
  comment?: string;
  createTime: string;
  updateTime: string;
  reviewReply?: { comment: string; updateTime: string };
}
const STARS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

/**
 * A review source in the shape of the Google Business Profile API (v4 accounts.locations.reviews):
 * reviews come into the inbox, replies go back with PUT …/reply. It cannot post.
 */
export class GoogleReviewsConnector implements Connector {
  readonly network = 'google_reviews' as const;
  private readonly timeoutMs: number;
  private readonly location: string;
  constructor(
    private readonly baseUrl: string,
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken || !creds.accountId || !creds.locationId) throw new ConnectorError('rejected', 'A reviews channel needs an access token, an account id and a location id.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.location = `accounts/${encodeURIComponent(creds.accountId)}/locations/${encodeURIComponent(creds.locationId)}`;
  }

  private call<T>(method: string, path: string, body?: unknown) {
    return fetchJson<T>(new URL(path, this.baseUrl).toString(), {
      method,
      timeoutMs: this.timeoutMs,
      headers: { authorization: `Bearer ${this.creds.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    return { maxLength: 4096, canPost: false, canEdit: false, hasMetrics: false };
  }

  async verify() {
    const r = await this.call<{ averageRating?: number; totalReviewCount?: number; locationTitle?: string }>('GET', `/v4/${this.location}/reviews?pageSize=1`);
    return { accountId: this.location, handle: this.location, displayName: r.locationTitle ?? `Location ${this.creds.locationId}` };
  }

  async post(): Promise<never> {
    throw new ConnectorError('unsupported', 'Review sites take replies to reviews, not posts.');
  }
  async edit(): Promise<never> {
    throw new ConnectorError('unsupported', 'Review sites take replies to reviews, not posts.');
  }
  async remove(): Promise<never> {
    throw new ConnectorError('unsupported', 'Review sites take replies to reviews, not posts.');
  }

  async fetchInbox(cursor: string | null) {
    const items: InboundItem[] = [];
    let pageToken: string | undefined;
    let newest = cursor;
    do {
      const q = new URLSearchParams({ pageSize: '50', orderBy: 'updateTime desc', ...(pageToken ? { pageToken } : {}) });
      const page = await this.call<{ reviews?: Review[]; nextPageToken?: string }>('GET', `/v4/${this.location}/reviews?${q}`);
      const reviews = page.reviews ?? [];
      for (const r of reviews) {
        if (cursor && r.updateTime <= cursor) {
          pageToken = undefined;
          break;
        }
        if (!newest || r.updateTime > newest) newest = r.updateTime;
        if (r.reviewReply) continue; // already answered (here or on the site)
        items.push({ kind: 'review', remoteId: r.name, url: null, authorHandle: r.reviewer.isAnonymous ? 'anonymous' : r.reviewer.displayName ?? 'anonymous', authorName: r.reviewer.isAnonymous ? 'A Google user' : r.reviewer.displayName ?? 'A Google user', body: r.comment ?? '', rating: STARS[r.starRating] ?? null, replyRef: r.name, createdAt: new Date(r.createTime) });
      }
      pageToken = reviews.length && page.nextPageToken ? page.nextPageToken : undefined;
    } while (pageToken);
    return { items, cursor: newest };
  }

  /** PUT replaces the reply, so sending it again is harmless. */
  async reply(to: { remoteId: string }, text: string) {
    await this.call('PUT', `/v4/${to.remoteId}/reply`, { comment: text });
    return { remoteId: `${to.remoteId}/reply`, url: null };
  }

  async metrics() {
    return new Map();
  }
}
