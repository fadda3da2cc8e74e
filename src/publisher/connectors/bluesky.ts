import { AtpAgent, type AtpSessionData } from '@atproto/api';
import { XRPCError } from '@atproto/xrpc';
import { ConnectorError, type ChannelCredentials, type Connector, type ConnectorOptions, type InboundItem, type PostMetrics } from './types.ts';

const POST = 'app.bsky.feed.post';
const rkeyOf = (uri: string) => uri.split('/').pop()!;
const webUrl = (handle: string, uri: string) => `https://bsky.app/profile/${handle}/post/${rkeyOf(uri)}`;

/** Maps the AT Protocol client's errors to the queue's terms. */
function mapError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof XRPCError) {
    const status = Number(e.status);
    const reset = e.headers?.['ratelimit-reset'];
    if (status === 429) return new ConnectorError('rate_limited', `rate limited (${e.error})`, reset ? Math.max(0, Number(reset) * 1000 - Date.now()) : undefined);
    if (status === 401 || status === 403 || e.error === 'AuthenticationRequired' || e.error === 'ExpiredToken' || e.error === 'AccountTakedown') return new ConnectorError('unauthorized', `access refused (${e.error}: ${e.message.slice(0, 200)})`);
    if (status >= 500 || status < 100) return new ConnectorError('unavailable', `network unavailable (${e.error || status})`);
    return new ConnectorError('rejected', `rejected (${e.error}: ${e.message.slice(0, 200)})`);
  }
  return new ConnectorError('unavailable', `could not reach the server (${(e as Error).message})`);
}

/**
 * Bluesky through the official AT Protocol client, signed in with an app password. Sessions refresh by
 * themselves; the new tokens are handed back through credentials() to be sealed again.
 */
export class BlueskyConnector implements Connector {
  readonly network = 'bluesky' as const;
  private readonly agent: AtpAgent;
  private creds: ChannelCredentials;
  private ready: Promise<void> | undefined;

  constructor(baseUrl: string, creds: ChannelCredentials, opts: ConnectorOptions = {}) {
    if (!creds.identifier || !creds.appPassword) throw new ConnectorError('rejected', 'A Bluesky channel needs a handle and an app password.');
    this.creds = { ...creds };
    const timeoutMs = opts.timeoutMs ?? 10_000;
    this.agent = new AtpAgent({
      service: baseUrl,
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      persistSession: (_evt, session) => {
        if (session) this.creds = { ...this.creds, session: JSON.stringify(session) };
        else delete this.creds.session;
      },
    });
  }

  credentials() {
    return { ...this.creds };
  }

  private async session(): Promise<AtpSessionData> {
    this.ready ??= (async () => {
      try {
        if (this.creds.session) {
          try {
            await this.agent.resumeSession(JSON.parse(this.creds.session) as AtpSessionData);
            return;
          } catch {
            /* expired beyond refresh: sign in again */
          }
        }
        await this.agent.login({ identifier: this.creds.identifier!, password: this.creds.appPassword! });
      } catch (e) {
        this.ready = undefined;
        throw mapError(e);
      }
    })();
    await this.ready;
    return this.agent.session!;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.session();
    try {
      return await fn();
    } catch (e) {
      throw mapError(e);
    }
  }

  async limits() {
    return { maxLength: 300, canPost: true, canEdit: true, hasMetrics: true };
  }

  async verify() {
    const s = await this.session();
    return this.run(async () => {
      const me = await this.agent.com.atproto.server.getSession();
      return { accountId: me.data.did, handle: me.data.handle, displayName: s.handle };
    });
  }

  /**
   * The record key is the idempotency key (a TID), so a record can be created once. The reference PDS
   * answers a second create for the same key with a 500 (seen in test/publisher/bluesky-pds.test.ts), so
   * after any failed create the connector looks the key up before reporting a failure.
   */
  private async createOnce(did: string, handle: string, rkey: string, record: Record<string, unknown>) {
    try {
      const r = await this.agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey, record: { $type: POST, ...record, createdAt: new Date().toISOString() } });
      return { remoteId: r.data.uri, url: webUrl(handle, r.data.uri) };
    } catch (e) {
      const kind = mapError(e).kind;
      if (kind === 'rate_limited' || kind === 'unauthorized') throw e;
      const existing = await this.agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }).catch(() => null);
      if (!existing) throw e;
      return { remoteId: existing.data.uri, url: webUrl(handle, existing.data.uri) };
    }
  }

  async post(text: string, idempotencyKey: string) {
    const s = await this.session();
    return this.run(() => this.createOnce(s.did, s.handle, idempotencyKey, { text }));
  }

  async edit(remoteId: string, text: string) {
    const s = await this.session();
    await this.run(async () => {
      const current = await this.agent.com.atproto.repo.getRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId) });
      await this.agent.com.atproto.repo.putRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId), record: { ...(current.data.value as object), text }, swapRecord: current.data.cid });
    });
  }

  async remove(remoteId: string) {
    const s = await this.session();
    await this.run(() => this.agent.com.atproto.repo.deleteRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId) }));
  }

  async fetchInbox(cursor: string | null) {
    return this.run(async () => {
      const r = await this.agent.app.bsky.notification.listNotifications({ limit: 50 });
      const fresh = r.data.notifications.filter((n) => (n.reason === 'reply' || n.reason === 'mention') && (!cursor || n.indexedAt > cursor));
      const items: InboundItem[] = fresh.map((n) => {
        const record = n.record as { text?: string; reply?: { root: { uri: string; cid: string } } };
        const parent = { uri: n.uri, cid: n.cid };
        return {
          kind: n.reason === 'reply' ? ('reply' as const) : ('mention' as const),
          remoteId: n.uri,
          url: webUrl(n.author.handle, n.uri),
          authorHandle: n.author.handle,
          authorName: n.author.displayName || n.author.handle,
          body: record.text ?? '',
          rating: null,
          replyRef: JSON.stringify({ root: record.reply?.root ?? parent, parent }),
          createdAt: new Date(n.indexedAt),
        };
      });
      const newest = r.data.notifications.reduce<string | null>((m, n) => (m === null || n.indexedAt > m ? n.indexedAt : m), cursor);
      return { items, cursor: newest };
    });
  }

  async reply(to: { remoteId: string; replyRef: string | null }, text: string, idempotencyKey: string) {
    const s = await this.session();
    const reply = to.replyRef ? JSON.parse(to.replyRef) : undefined;
    return this.run(() => this.createOnce(s.did, s.handle, idempotencyKey, { text, reply }));
  }

  async metrics(remoteIds: string[]) {
    return this.run(async () => {
      const out = new Map<string, PostMetrics>();
      for (let i = 0; i < remoteIds.length; i += 25) {
        const r = await this.agent.app.bsky.feed.getPosts({ uris: remoteIds.slice(i, i + 25) });
        for (const p of r.data.posts) out.set(p.uri, { likes: p.likeCount ?? 0, reposts: p.repostCount ?? 0, replies: p.replyCount ?? 0, impressions: null });
      }
      return out;
    });
  }
}
