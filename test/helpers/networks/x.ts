import { bearer, startNetworkServer, type Req } from './base.ts';

/**
 * The parts of the X API v2 Harborline uses, from its public reference: GET /2/users/me, POST /2/tweets
 * (with reply.in_reply_to_tweet_id), GET and DELETE /2/tweets/:id (a deleted post answers 200 with an
 * `errors` array), GET /2/users/:id/tweets, GET /2/users/:id/mentions (since_id, expansions=author_id),
 * GET /2/tweets?ids= with public_metrics, and OAuth 2.0 refresh at POST /2/oauth2/token. Errors use the
 * problem shape ({title, detail, type, status}); rate limits send x-rate-limit-* headers.
 */
export async function startX(
  opts: { token?: string; /** Tokens an authorization server issued (OAuth tests). */ accepts?: (token: string) => Promise<boolean> } = {},
) {
  const state = {
    token: opts.token ?? 'x-user-token-1',
    refreshToken: 'x-refresh-1',
    clientId: 'harborline-client',
    refreshed: 0,
    me: { id: '1500000000000000001', name: 'Harbor Health', username: 'harborhealth' },
    users: new Map<string, { id: string; name: string; username: string }>(),
    tweets: new Map<string, any>(),
    media: new Map<string, { type: string; size: number; category: string; altText: string | null }>(),
    nextId: 1600000000000000000n,
  };
  state.users.set(state.me.id, state.me);
  const id = () => String(++state.nextId);
  const problem = (status: number, title: string, detail: string) => ({
    status,
    body: { title, detail, type: `https://api.twitter.com/2/problems/${title.toLowerCase().replace(/ /g, '-')}`, status },
  });
  const tweet = (authorId: string, text: string, replyTo?: string) => {
    const t = {
      id: id(),
      text,
      author_id: authorId,
      created_at: new Date().toISOString(),
      edit_history_tweet_ids: [] as string[],
      referenced_tweets: replyTo ? [{ type: 'replied_to', id: replyTo }] : undefined,
      public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, impression_count: 0 },
    };
    t.edit_history_tweet_ids = [t.id];
    state.tweets.set(t.id, t);
    if (replyTo && state.tweets.has(replyTo)) state.tweets.get(replyTo).public_metrics.reply_count++;
    return t;
  };
  const fields = (t: any, req: Req) => {
    const wanted = (req.query.get('tweet.fields') ?? '').split(',');
    const out: any = { id: t.id, text: t.text, edit_history_tweet_ids: t.edit_history_tweet_ids };
    for (const f of ['author_id', 'created_at', 'referenced_tweets', 'public_metrics', 'conversation_id'])
      if (wanted.includes(f) && t[f] !== undefined) out[f] = t[f];
    return out;
  };
  const net = await startNetworkServer(async (req: Req) => {
    if (req.path === '/2/oauth2/token' && req.method === 'POST') {
      if (
        req.body?.grant_type !== 'refresh_token' ||
        req.body?.refresh_token !== state.refreshToken ||
        req.body?.client_id !== state.clientId
      )
        return { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' } };
      state.refreshed++;
      state.token = `x-user-token-${state.refreshed + 1}`;
      state.refreshToken = `x-refresh-${state.refreshed + 1}`;
      return {
        status: 200,
        body: {
          token_type: 'bearer',
          expires_in: 7200,
          access_token: state.token,
          refresh_token: state.refreshToken,
          scope: 'tweet.read tweet.write users.read offline.access',
        },
      };
    }
    if (bearer(req) !== state.token && !(await opts.accepts?.(bearer(req)))) return problem(401, 'Unauthorized', 'Unauthorized');
    const limits = {
      'x-rate-limit-limit': '300',
      'x-rate-limit-remaining': '299',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
    };
    if (req.path === '/2/users/me') return { status: 200, body: { data: state.me }, headers: limits };
    // v2 media upload (multipart: media, media_category) and its metadata (alt text), as docs.x.com describes them.
    if (req.path === '/2/media/upload' && req.method === 'POST') {
      const file = req.body?.media;
      if (!file?.size) return problem(400, 'Invalid Request', 'media is required');
      if (!/^image\/(jpeg|png|gif|webp)$/.test(file.type)) return problem(400, 'Invalid Request', 'Unsupported media type');
      const mediaId = id();
      state.media.set(mediaId, { type: file.type, size: file.size, category: String(req.body.media_category ?? ''), altText: null });
      return { status: 200, body: { data: { id: mediaId, media_key: `3_${mediaId}`, size: file.size, expires_after_secs: 86400 } } };
    }
    if (req.path === '/2/media/metadata' && req.method === 'POST') {
      const m = state.media.get(String(req.body?.id));
      if (!m) return problem(400, 'Invalid Request', 'media not found');
      m.altText = String(req.body?.metadata?.alt_text?.text ?? '');
      return { status: 200, body: { data: { id: req.body.id, associated_metadata: { alt_text: { text: m.altText } } } } };
    }
    if (req.path === '/2/tweets' && req.method === 'POST') {
      const mediaIds: string[] = req.body?.media?.media_ids ?? [];
      if (mediaIds.length > 4 || mediaIds.some((m) => !state.media.has(m)))
        return problem(400, 'Invalid Request', 'One or more media ids are invalid.');
      const text = String(req.body?.text ?? '');
      if ([...text].length > 280) return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.');
      const replyTo = req.body?.reply?.in_reply_to_tweet_id as string | undefined;
      if (replyTo && !state.tweets.has(replyTo)) return problem(400, 'Invalid Request', 'The tweet you are replying to is not available.');
      const dup = [...state.tweets.values()].find((t) => t.author_id === state.me.id && t.text === text);
      if (dup) return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
      const t = tweet(state.me.id, text, replyTo);
      if (mediaIds.length) Object.assign(t, { attachments: { media_keys: mediaIds.map((m) => `3_${m}`) } });
      return { status: 201, body: { data: { id: t.id, text: t.text, edit_history_tweet_ids: t.edit_history_tweet_ids } }, headers: limits };
    }
    const one = /^\/2\/tweets\/(\d+)$/.exec(req.path);
    if (one && req.method === 'GET') {
      const t = state.tweets.get(one[1]);
      if (!t)
        return {
          status: 200,
          body: {
            errors: [
              {
                value: one[1],
                detail: `Could not find tweet with id: [${one[1]}].`,
                title: 'Not Found Error',
                resource_type: 'tweet',
                parameter: 'id',
                resource_id: one[1],
                type: 'https://api.twitter.com/2/problems/resource-not-found',
              },
            ],
          },
        };
      return { status: 200, body: { data: fields(t, req) } };
    }
    if (one && req.method === 'DELETE') {
      const t = state.tweets.get(one[1]);
      if (t && t.author_id !== state.me.id) return problem(403, 'Forbidden', 'You are not allowed to delete this Tweet.');
      state.tweets.delete(one[1]);
      return { status: 200, body: { data: { deleted: Boolean(t) } } };
    }
    if (req.path === '/2/tweets' && req.method === 'GET') {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      const found = ids.map((i) => state.tweets.get(i)).filter(Boolean);
      return { status: 200, body: found.length ? { data: found.map((t) => fields(t, req)) } : { errors: [] } };
    }
    const timeline = /^\/2\/users\/(\d+)\/(tweets|mentions)$/.exec(req.path);
    if (timeline) {
      const sinceId = req.query.get('since_id');
      const max = Number(req.query.get('max_results') ?? 10);
      const list = [...state.tweets.values()]
        .filter((t) =>
          timeline[2] === 'tweets' ? t.author_id === timeline[1] : t.author_id !== timeline[1] && t.text.includes(`@${state.me.username}`),
        )
        .filter((t) => !sinceId || BigInt(t.id) > BigInt(sinceId))
        .reverse()
        .slice(0, max);
      if (list.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
      const authors = [...new Set(list.map((t) => t.author_id))].map((a) => state.users.get(a)!);
      return {
        status: 200,
        body: {
          data: list.map((t) => fields(t, req)),
          includes: req.query.get('expansions')?.includes('author_id') ? { users: authors } : undefined,
          meta: { result_count: list.length, newest_id: list[0].id, oldest_id: list[list.length - 1].id },
        },
      };
    }
    return problem(404, 'Not Found Error', 'Unknown route');
  });
  return {
    ...net,
    state,
    own: () => [...state.tweets.values()].filter((t) => t.author_id === state.me.id),
    /** Someone mentions the account (a reply to one of its posts when `inReplyTo` is given). */
    mention(user: { username: string; name: string }, text: string, inReplyTo?: string) {
      const u = { id: String(2000 + state.users.size), ...user };
      state.users.set(u.id, u);
      return tweet(u.id, `@${state.me.username} ${text}`, inReplyTo);
    },
    expireToken() {
      state.token = `expired-${state.token}`;
    },
  };
}
