import { startNetworkServer, type Req } from './base.ts';

const V = 'v21.0';

/**
 * The parts of the Facebook Graph API (Pages) Harborline uses, from Meta's public reference: GET /me with a
 * Page access token, POST/GET /{page-id}/feed, GET/POST/DELETE /{post-id}, comments and replies
 * (GET /{page-id}/feed?fields=comments{…}, POST /{comment-id}/comments), Page conversations and the Send
 * API (POST /{page-id}/messages), reactions/shares summaries and post_impressions insights. Errors are
 * Graph errors: {error: {message, type, code, error_subcode, fbtrace_id}}.
 */
export async function startFacebook(
  opts: {
    token?: string;
    /** User tokens an authorization server issued (Facebook Login tests). */ accepts?: (token: string) => Promise<boolean>;
  } = {},
) {
  const state = {
    token: opts.token ?? 'EAAB-page-token-1',
    page: { id: '104000000000001', name: 'Harbor General Hospital' },
    posts: new Map<string, any>(),
    photos: new Map<string, { type: string; size: number; published: boolean; altText: string | null }>(),
    comments: new Map<string, any>(),
    conversations: [] as any[],
    sent: [] as any[],
    next: 1000,
  };
  const graphError = (status: number, code: number, message: string, subcode?: number) => ({
    status,
    body: {
      error: {
        message,
        type: code === 190 ? 'OAuthException' : 'GraphMethodException',
        code,
        error_subcode: subcode,
        fbtrace_id: 'AbCdEf',
      },
    },
  });
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, '+0000');
  const net = await startNetworkServer(async (req: Req) => {
    const token = req.query.get('access_token') ?? (req.headers.authorization ?? '').replace(/^Bearer /, '') ?? req.body?.access_token;
    const path0 = req.path.replace(`/${V}`, '');
    // GET /{page-id}?fields=access_token with a user token of someone who manages the Page: its Page token.
    if (path0 === `/${state.page.id}` && req.method === 'GET' && (req.query.get('fields') ?? '').includes('access_token') && opts.accepts) {
      if (!(await opts.accepts(token ?? ''))) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
      return { status: 200, body: { id: state.page.id, name: state.page.name, access_token: state.token } };
    }
    if (token !== state.token) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const path = req.path.replace(`/${V}`, '');
    if (path === '/me') return { status: 200, body: state.page };
    // Page photos (multipart: source, published, alt_text_custom); unpublished ones are attached to a feed post.
    if (path === `/${state.page.id}/photos` && req.method === 'POST') {
      const file = req.body?.source;
      if (!file?.size) return graphError(400, 324, '(#324) Requires upload file');
      if (!String(file.type).startsWith('image/')) return graphError(400, 100, '(#100) Invalid image type');
      const id = String(++state.next + 500_000_000);
      state.photos.set(id, {
        type: file.type,
        size: file.size,
        published: req.body.published !== 'false',
        altText: req.body.alt_text_custom ?? null,
      });
      return { status: 200, body: { id } };
    }
    if (path === `/${state.page.id}/feed` && req.method === 'POST') {
      const message = String(req.body?.message ?? '');
      const attached: { media_fbid: string }[] = req.body?.attached_media ?? [];
      if (attached.some((a) => !state.photos.has(String(a.media_fbid)) || state.photos.get(String(a.media_fbid))!.published))
        return graphError(400, 100, '(#100) attached_media must be unpublished photos of this Page');
      if (!message.trim() && !attached.length) return graphError(400, 100, '(#100) Missing message or attachment');
      if (message.length > 63206) return graphError(400, 100, '(#100) The message is too long');
      const id = `${state.page.id}_${++state.next}`;
      state.posts.set(id, {
        id,
        message,
        attachments: attached.map((a) => String(a.media_fbid)),
        created_time: now(),
        updated_time: now(),
        reactions: 0,
        shares: 0,
        impressions: 0,
      });
      return { status: 200, body: { id } };
    }
    if (path === `/${state.page.id}/feed` && req.method === 'GET') {
      const fields = req.query.get('fields') ?? '';
      const data = [...state.posts.values()].reverse().map((p) => {
        const out: any = { id: p.id, message: p.message, created_time: p.created_time };
        if (fields.includes('comments')) {
          const list = [...state.comments.values()].filter((c) => c.post_id === p.id);
          out.comments = { data: list.map(({ post_id: _p, ...c }) => c), paging: {} };
        }
        return out;
      });
      return { status: 200, body: { data: data.slice(0, Number(req.query.get('limit') ?? 25)), paging: {} } };
    }
    if (path === `/${state.page.id}/conversations`) {
      return { status: 200, body: { data: state.conversations, paging: {} } };
    }
    if (path === `/${state.page.id}/messages` && req.method === 'POST') {
      const recipient = req.body?.recipient?.id;
      if (!recipient || !req.body?.message?.text) return graphError(400, 100, '(#100) param recipient must be non-empty.');
      const mid = `m_${++state.next}`;
      state.sent.push({ recipient, text: req.body.message.text, mid });
      return { status: 200, body: { recipient_id: recipient, message_id: mid } };
    }
    const comments = /^\/([\w]+)\/comments$/.exec(path);
    if (comments && req.method === 'POST') {
      const parent = state.comments.get(comments[1]) ?? state.posts.get(comments[1]);
      if (!parent) return graphError(400, 100, 'Unsupported post request. Object does not exist', 33);
      const id = `${parent.post_id ?? parent.id}_${++state.next}`;
      state.comments.set(id, {
        id,
        post_id: parent.post_id ?? parent.id,
        message: String(req.body?.message ?? ''),
        from: { id: state.page.id, name: state.page.name },
        created_time: now(),
        parent: parent.post_id ? { id: parent.id } : undefined,
      });
      return { status: 200, body: { id } };
    }
    const insights = /^\/([\w]+)\/insights$/.exec(path);
    if (insights) {
      const p = state.posts.get(insights[1]);
      if (!p) return graphError(400, 100, 'Unsupported get request. Object does not exist', 33);
      return { status: 200, body: { data: [{ name: 'post_impressions', period: 'lifetime', values: [{ value: p.impressions }] }] } };
    }
    const one = /^\/([\w]+)$/.exec(path);
    if (one) {
      const p = state.posts.get(one[1]);
      if (!p) return graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request. Object with ID '${one[1]}' does not exist`, 33);
      if (req.method === 'DELETE') {
        state.posts.delete(one[1]);
        return { status: 200, body: { success: true } };
      }
      if (req.method === 'POST') {
        p.message = String(req.body?.message ?? p.message);
        p.updated_time = now();
        p.edited = true;
        return { status: 200, body: { success: true } };
      }
      const count = [...state.comments.values()].filter((c) => c.post_id === p.id).length;
      return {
        status: 200,
        body: {
          id: p.id,
          message: p.message,
          created_time: p.created_time,
          updated_time: p.updated_time,
          reactions: { data: [], summary: { total_count: p.reactions } },
          comments: { data: [], summary: { total_count: count } },
          ...(p.shares ? { shares: { count: p.shares } } : {}),
        },
      };
    }
    return graphError(400, 100, 'Unknown path components');
  });
  return {
    ...net,
    state,
    own: () => [...state.posts.values()],
    ownComments: () => [...state.comments.values()].filter((c) => c.from.id === state.page.id),
    /** Someone comments on a Page post. */
    comment(user: { id: string; name: string }, message: string, postId: string) {
      const id = `${postId}_${++state.next}`;
      state.comments.set(id, { id, post_id: postId, message, from: user, created_time: now() });
      return id;
    },
    /** Someone writes to the Page in Messenger. */
    message(user: { id: string; name: string }, text: string) {
      const mid = `m_${++state.next}`;
      state.conversations.push({
        id: `t_${state.next}`,
        messages: { data: [{ id: mid, message: text, from: { id: user.id, name: user.name }, created_time: now() }] },
      });
      return mid;
    },
  };
}
