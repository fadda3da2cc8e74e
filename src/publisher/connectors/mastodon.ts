import { ConnectorError, type ChannelCredentials, type Connector, type ConnectorOptions, type InboundItem, type PostMetrics } from './types.ts';
import { fetchJson, htmlToText } from './http.ts';

interface MastodonAccount { id: string; acct: string; display_name: string; username: string }
interface MastodonStatus { id: string; url: string | null; content: string; created_at: string; in_reply_to_id: string | null; visibility: string; favourites_count: number; reblogs_count: number; replies_count: number; account: MastodonAccount }
interface MastodonNotification { id: string; type: string; created_at: string; account: MastodonAccount; status?: MastodonStatus }

/** Mastodon's REST API (v1/v2) with a user access token. */
export class MastodonConnector implements Connector {
  readonly network = 'mastodon' as const;
  private readonly timeoutMs: number;
  constructor(
    private readonly baseUrl: string,
    private readonly creds: ChannelCredentials,
    opts: ConnectorOptions = {},
  ) {
    if (!creds.accessToken) throw new ConnectorError('rejected', 'A Mastodon channel needs an access token.');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  private call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetchJson<T>(new URL(path, this.baseUrl).toString(), {
      method,
      timeoutMs: this.timeoutMs,
      headers: { authorization: `Bearer ${this.creds.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  credentials() {
    return { ...this.creds };
  }

  async limits() {
    const instance = await this.call<{ configuration?: { statuses?: { max_characters?: number } } }>('GET', '/api/v2/instance');
    return { maxLength: instance?.configuration?.statuses?.max_characters ?? 500, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    const a = await this.call<MastodonAccount>('GET', '/api/v1/accounts/verify_credentials');
    return { accountId: a.id, handle: a.acct, displayName: a.display_name || a.username };
  }

  async post(text: string, idempotencyKey: string, isRetry = false) {
    // Mastodon keeps an Idempotency-Key for an hour; a retry may come later, so it looks for the status first.
    const existing = isRetry ? await this.findOwnStatus(text) : undefined;
    if (existing) return { remoteId: existing.id, url: existing.url };
    const s = await this.call<MastodonStatus>('POST', '/api/v1/statuses', { status: text, visibility: 'public' }, { 'idempotency-key': idempotencyKey });
    return { remoteId: s.id, url: s.url };
  }

  private async findOwnStatus(text: string): Promise<MastodonStatus | undefined> {
    const me = await this.verify();
    const recent = await this.call<MastodonStatus[]>('GET', `/api/v1/accounts/${encodeURIComponent(me.accountId)}/statuses?limit=40`);
    return recent.find((s) => htmlToText(s.content) === text.trim());
  }

  async edit(remoteId: string, text: string) {
    await this.call('PUT', `/api/v1/statuses/${encodeURIComponent(remoteId)}`, { status: text });
  }

  async remove(remoteId: string) {
    await this.call('DELETE', `/api/v1/statuses/${encodeURIComponent(remoteId)}`);
  }

  async fetchInbox(cursor: string | null) {
    const q = new URLSearchParams({ limit: '40' });
    q.append('types[]', 'mention');
    if (cursor) q.set('since_id', cursor);
    const notes = await this.call<MastodonNotification[]>('GET', `/api/v1/notifications?${q}`);
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
    const s = await this.call<MastodonStatus>('POST', '/api/v1/statuses', { status, in_reply_to_id: ref.id, visibility: ref.visibility === 'direct' ? 'direct' : 'public' }, { 'idempotency-key': idempotencyKey });
    return { remoteId: s.id, url: s.url };
  }

  async metrics(remoteIds: string[]) {
    const out = new Map<string, PostMetrics>();
    for (const id of remoteIds) {
      const s = await this.call<MastodonStatus>('GET', `/api/v1/statuses/${encodeURIComponent(id)}`);
      out.set(id, { likes: s.favourites_count, reposts: s.reblogs_count, replies: s.replies_count, impressions: null });
    }
    return out;
  }
}
