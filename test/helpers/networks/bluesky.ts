import { createHash, randomBytes } from 'node:crypto';
import { bearer, startNetworkServer, type Req } from './base.ts';

const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';
const isTid = (s: string) => /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(s);
const b32 = (n: number) => Array.from(randomBytes(n), (b) => TID_CHARS[b % 32]).join('');
const jwt = (sub: string, scope: string) =>
  [
    Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
    Buffer.from(
      JSON.stringify({ sub, scope, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 7200, jti: b32(8) }),
    ).toString('base64url'),
    b32(20),
  ].join('.');
/** A CIDv1 (dag-cbor, sha2-256) in base32: multibase "b" + RFC 4648 lower-case base32 without padding. */
async function cidOf(value: unknown) {
  const bytes = Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), createHash('sha256').update(JSON.stringify(value)).digest()]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let acc = 0;
  let out = 'b';
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(acc << (5 - bits)) & 31];
  return out;
}

/**
 * The XRPC methods Harborline calls on a PDS (com.atproto.server.*Session, com.atproto.repo.*Record) and
 * the two AppView reads it proxies (listNotifications, getPosts), with outputs that pass the official
 * client's lexicon validation. Post record keys must be TIDs and a record key can be created once.
 */
export async function startBluesky(opts: { handle?: string; appPassword?: string } = {}) {
  const state = {
    did: `did:plc:${b32(24)}`,
    handle: opts.handle ?? 'harborhealth.bsky.social',
    appPassword: opts.appPassword ?? 'abcd-efgh-ijkl-mnop',
    access: new Set<string>(),
    refresh: new Set<string>(),
    records: new Map<
      string,
      {
        uri: string;
        cid: string;
        value: any;
        author: { did: string; handle: string; displayName?: string };
        indexedAt: string;
        likeCount: number;
        repostCount: number;
        replyCount: number;
      }
    >(),
    notifications: [] as any[],
    sessionsCreated: 0,
    refreshed: 0,
  };
  const xrpcError = (status: number, error: string, message: string) => ({ status, body: { error, message } });
  const session = () => {
    const accessJwt = jwt(state.did, 'com.atproto.appPass');
    const refreshJwt = jwt(state.did, 'com.atproto.refresh');
    state.access.add(accessJwt);
    state.refresh.add(refreshJwt);
    return { accessJwt, refreshJwt, handle: state.handle, did: state.did, active: true };
  };
  const net = await startNetworkServer(async (req: Req) => {
    const nsid = req.path.replace(/^\/xrpc\//, '');
    if (nsid === 'com.atproto.server.createSession') {
      if (req.body?.identifier !== state.handle && req.body?.identifier !== state.did)
        return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
      if (req.body?.password !== state.appPassword) return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
      state.sessionsCreated++;
      return { status: 200, body: session() };
    }
    if (nsid === 'com.atproto.server.refreshSession') {
      const t = bearer(req);
      if (!state.refresh.has(t)) return xrpcError(400, 'ExpiredToken', 'Token has been revoked');
      state.refresh.delete(t);
      state.refreshed++;
      return { status: 200, body: session() };
    }
    if (!state.access.has(bearer(req))) return xrpcError(400, 'ExpiredToken', 'Token has expired');
    const collectionOk = (c: string) => c === 'app.bsky.feed.post';
    switch (nsid) {
      case 'com.atproto.server.getSession':
        return { status: 200, body: { handle: state.handle, did: state.did, active: true } };
      case 'com.atproto.repo.createRecord': {
        const { repo, collection, rkey = b32(13), record } = req.body ?? {};
        if (repo !== state.did || !collectionOk(collection)) return xrpcError(400, 'InvalidRequest', 'Invalid repo or collection');
        if (!isTid(rkey)) return xrpcError(400, 'InvalidRequest', 'Invalid record key: must be a TID');
        if (typeof record?.text !== 'string' || [...new Intl.Segmenter().segment(record.text)].length > 300)
          return xrpcError(400, 'InvalidRecord', 'Record/text must not be longer than 300 graphemes');
        const uri = `at://${state.did}/${collection}/${rkey}`;
        // The reference PDS answers a duplicate record key with a 500 (its unique index fails).
        if (state.records.has(uri)) return xrpcError(500, 'InternalServerError', 'Internal Server Error');
        const cid = await cidOf(record);
        state.records.set(uri, {
          uri,
          cid,
          value: record,
          author: { did: state.did, handle: state.handle },
          indexedAt: new Date().toISOString(),
          likeCount: 0,
          repostCount: 0,
          replyCount: 0,
        });
        return { status: 200, body: { uri, cid, validationStatus: 'valid' } };
      }
      case 'com.atproto.repo.getRecord': {
        const uri = `at://${req.query.get('repo')}/${req.query.get('collection')}/${req.query.get('rkey')}`;
        const r = state.records.get(uri);
        if (!r) return xrpcError(400, 'RecordNotFound', `Could not locate record: ${uri}`);
        return { status: 200, body: { uri, cid: r.cid, value: r.value } };
      }
      case 'com.atproto.repo.putRecord': {
        const { repo, collection, rkey, record, swapRecord } = req.body ?? {};
        const uri = `at://${repo}/${collection}/${rkey}`;
        const r = state.records.get(uri);
        if (repo !== state.did) return xrpcError(400, 'InvalidRequest', 'Invalid repo');
        if (r && swapRecord && swapRecord !== r.cid) return xrpcError(400, 'InvalidSwap', 'Record was at a different CID');
        const cid = await cidOf(record);
        state.records.set(uri, {
          ...(r ?? {
            uri,
            author: { did: state.did, handle: state.handle },
            indexedAt: new Date().toISOString(),
            likeCount: 0,
            repostCount: 0,
            replyCount: 0,
          }),
          cid,
          value: record,
        });
        return { status: 200, body: { uri, cid } };
      }
      case 'com.atproto.repo.deleteRecord': {
        const uri = `at://${req.body?.repo}/${req.body?.collection}/${req.body?.rkey}`;
        state.records.delete(uri);
        return { status: 200, body: {} };
      }
      case 'app.bsky.notification.listNotifications':
        return { status: 200, body: { notifications: [...state.notifications].reverse().slice(0, Number(req.query.get('limit') ?? 50)) } };
      case 'app.bsky.feed.getPosts': {
        const posts = req.query.getAll('uris').flatMap((u) => {
          const r = state.records.get(u);
          return r
            ? [
                {
                  uri: r.uri,
                  cid: r.cid,
                  author: r.author,
                  record: r.value,
                  indexedAt: r.indexedAt,
                  likeCount: r.likeCount,
                  repostCount: r.repostCount,
                  replyCount: r.replyCount,
                },
              ]
            : [];
        });
        return { status: 200, body: { posts } };
      }
    }
    return xrpcError(501, 'MethodNotImplemented', `Method not implemented: ${nsid}`);
  });
  return {
    ...net,
    state,
    /** Someone replies to one of the organization's posts (or mentions it). */
    async mention(from: { handle: string; name: string }, text: string, replyTo?: string) {
      const author = { did: `did:plc:${b32(24)}`, handle: from.handle, displayName: from.name };
      const parent = replyTo ? state.records.get(replyTo) : undefined;
      const record: any = { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() };
      if (parent) record.reply = { root: { uri: parent.uri, cid: parent.cid }, parent: { uri: parent.uri, cid: parent.cid } };
      const uri = `at://${author.did}/app.bsky.feed.post/${b32(13).replace(/^./, '3')}`;
      const cid = await cidOf(record);
      state.records.set(uri, {
        uri,
        cid,
        value: record,
        author,
        indexedAt: new Date().toISOString(),
        likeCount: 0,
        repostCount: 0,
        replyCount: 0,
      });
      if (parent) parent.replyCount++;
      state.notifications.push({
        uri,
        cid,
        author,
        reason: parent ? 'reply' : 'mention',
        record,
        isRead: false,
        indexedAt: new Date(Date.now() + state.notifications.length).toISOString(),
      });
      return uri;
    },
    /** Access tokens stop working (the client must refresh). */
    expireAccessTokens: () => state.access.clear(),
    own: () => [...state.records.values()].filter((r) => r.author.did === state.did),
  };
}
