import { AtpAgent, type AtpSessionData } from '@atproto/api';
import { ResponseType, XRPCError } from '@atproto/xrpc';
import { createOutboundFetch, OutboundRefusedError, type OutboundFetch } from '../../outbound/index.ts';
import {
  ConnectorError,
  type ChannelCredentials,
  type Connector,
  type ConnectorOptions,
  type InboundItem,
  type PostMetrics,
  type OutgoingPicture,
  type PublishResult,
  type ThreadParent,
} from './types.ts';

const POST = 'app.bsky.feed.post';
/** A record's address and content hash, as replies refer to their root and parent. */
type StrongRef = { uri: string; cid: string };
const rkeyOf = (uri: string) => uri.split('/').pop()!;
const webUrl = (handle: string, uri: string) => `https://bsky.app/profile/${handle}/post/${rkeyOf(uri)}`;

/** Maps the AT Protocol client's errors to the queue's terms. */
function mapError(e: unknown): ConnectorError {
  // The client wraps what its fetch threw (a refused address, for example) in its own error.
  for (let c: unknown = e, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++)
    if (c instanceof ConnectorError) return c;
  if (e instanceof XRPCError) {
    const status = Number(e.status);
    const reset = e.headers?.['ratelimit-reset'];
    if (status === 429)
      return new ConnectorError(
        'rate_limited',
        `rate limited (${e.error})`,
        reset ? Math.max(0, Number(reset) * 1000 - Date.now()) : undefined,
      );
    // The error name is a protocol token; the message is the remote server's prose and is not repeated.
    const name = /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(e.error ?? '') ? e.error : String(status);
    if (
      status === 401 ||
      status === 403 ||
      e.error === 'AuthenticationRequired' ||
      e.error === 'ExpiredToken' ||
      e.error === 'AccountTakedown'
    )
      return new ConnectorError('unauthorized', `access refused (${name})`);
    // Below 100: the client's own codes for an answer it could not read, or none at all.
    if (status === Number(ResponseType.InvalidResponse)) return new ConnectorError('unavailable', "the server's answer was not valid");
    if (status < 100) return new ConnectorError('unavailable', 'no answer from the server');
    if (status >= 500) return new ConnectorError('unavailable', `network unavailable (${name})`);
    if (e.error === 'RecordNotFound' || status === 404) return new ConnectorError('gone', `not found on the network (${name})`);
    return new ConnectorError('rejected', `rejected (${name})`);
  }
  return new ConnectorError('unavailable', 'could not reach the server');
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
    if (!creds.identifier || !creds.appPassword)
      throw new ConnectorError('rejected', 'A Bluesky channel needs a handle and an app password.');
    this.creds = { ...creds };
    const timeoutMs = opts.timeoutMs ?? 10_000;
    this.agent = new AtpAgent({
      service: baseUrl,
      fetch: this.guardedFetch(opts.fetch ?? createOutboundFetch({ allowHttp: false, allowedAddresses: [] }), timeoutMs),
      persistSession: (_evt, session) => {
        if (session) this.creds = { ...this.creds, session: JSON.stringify(session) };
        else delete this.creds.session;
      },
    });
  }

  /** The AT Protocol client's fetch, through the outbound guard; a refusal is not retried. */
  private guardedFetch(fetcher: OutboundFetch, timeoutMs: number): typeof fetch {
    return async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      try {
        return await fetcher(url, {
          ...init,
          ...(input instanceof Request ? { method: input.method, headers: input.headers, body: input.body } : {}),
          timeoutMs,
        });
      } catch (e) {
        if (e instanceof OutboundRefusedError) throw new ConnectorError('rejected', `address refused: ${e.message}`);
        throw e;
      }
    };
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
        await this.agent.login({ identifier: this.creds.identifier, password: this.creds.appPassword });
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
  /** Creates the record under this key once; answers with what a reply continuing it needs (root and self). */
  private async createOnce(
    did: string,
    handle: string,
    rkey: string,
    record: Record<string, unknown>,
    root?: StrongRef,
  ): Promise<PublishResult> {
    const result = (ref: StrongRef) => ({
      remoteId: ref.uri,
      url: webUrl(handle, ref.uri),
      threadRef: JSON.stringify({ root: root ?? ref, self: ref }),
    });
    try {
      const r = await this.agent.com.atproto.repo.createRecord({
        repo: did,
        collection: POST,
        rkey,
        record: { $type: POST, ...record, createdAt: new Date().toISOString() },
      });
      return result({ uri: r.data.uri, cid: r.data.cid });
    } catch (e) {
      const kind = mapError(e).kind;
      if (kind === 'rate_limited' || kind === 'unauthorized') throw e;
      const existing = await this.agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }).catch(() => null);
      if (!existing?.data.cid) throw e;
      return result({ uri: existing.data.uri, cid: existing.data.cid });
    }
  }

  async post(text: string, idempotencyKey: string, _isRetry = false, pictures: readonly OutgoingPicture[] = []) {
    const s = await this.session();
    return this.run(async () => {
      // Pictures go up as blobs first, then the post embeds them with their descriptions (app.bsky.embed.images).
      const images = [];
      for (const p of pictures) {
        const blob = await this.agent.com.atproto.repo.uploadBlob(new Uint8Array(p.data), { encoding: p.type });
        images.push({ image: blob.data.blob, alt: p.altText });
      }
      return this.createOnce(s.did, s.handle, idempotencyKey, {
        text,
        ...(images.length ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
      });
    });
  }

  /** The next part of a thread: a reply to the previous part, under the thread's first post. */
  async continueThread(parent: ThreadParent, text: string, idempotencyKey: string) {
    const s = await this.session();
    const ref = parent.threadRef ? (JSON.parse(parent.threadRef) as { root: StrongRef; self: StrongRef }) : null;
    if (!ref) throw new ConnectorError('rejected', 'Nothing to continue on Bluesky.');
    return this.run(() =>
      this.createOnce(s.did, s.handle, idempotencyKey, { text, reply: { root: ref.root, parent: ref.self } }, ref.root),
    );
  }

  async edit(remoteId: string, text: string) {
    const s = await this.session();
    await this.run(async () => {
      const current = await this.agent.com.atproto.repo.getRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId) });
      await this.agent.com.atproto.repo.putRecord({
        repo: s.did,
        collection: POST,
        rkey: rkeyOf(remoteId),
        record: { ...(current.data.value as object), text },
        swapRecord: current.data.cid,
      });
    });
  }

  async read(remoteId: string) {
    const s = await this.session();
    const r = await this.run(() => this.agent.com.atproto.repo.getRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId) }));
    // A record rewritten in place (putRecord) has a new CID; the text tells whether its words changed.
    const text = (r.data.value as { text?: unknown }).text;
    return { text: typeof text === 'string' ? text : '', edited: false };
  }

  async remove(remoteId: string) {
    const s = await this.session();
    await this.run(() => this.agent.com.atproto.repo.deleteRecord({ repo: s.did, collection: POST, rkey: rkeyOf(remoteId) }));
  }

  async fetchInbox(cursor: string | null) {
    return this.run(async () => {
      const r = await this.agent.app.bsky.notification.listNotifications({ limit: 50 });
      const fresh = r.data.notifications.filter(
        (n) => (n.reason === 'reply' || n.reason === 'mention') && (!cursor || n.indexedAt > cursor),
      );
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
        for (const p of r.data.posts)
          out.set(p.uri, { likes: p.likeCount ?? 0, reposts: p.repostCount ?? 0, replies: p.replyCount ?? 0, impressions: null });
      }
      return out;
    });
  }
}
