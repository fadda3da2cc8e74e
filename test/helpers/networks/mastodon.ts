import { bearer, startNetworkServer, type Req } from './base.ts';

/**
 * The parts of the Mastodon REST API Harborline uses (docs.joinmastodon.org; entity shapes from the
 * public OpenAPI description): instance, verify_credentials, statuses (with Idempotency-Key),
 * account statuses and mention notifications.
 */
export async function startMastodon(opts: { token?: string; maxCharacters?: number } = {}) {
  const state = {
    token: opts.token ?? 'mastodon-token-1',
    account: {
      id: '109000000000000001',
      username: 'harborhealth',
      acct: 'harborhealth',
      display_name: 'Harbor Health',
      url: 'https://social.example/@harborhealth',
    },
    statuses: new Map<string, any>(),
    media: new Map<string, { type: string; size: number; description: string | null }>(),
    notifications: [] as any[],
    idempotency: new Map<string, string>(),
    nextId: 110000000000000000n,
  };
  const id = () => String(++state.nextId);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const status = (account: any, text: string, extra: Partial<any> = {}) => {
    const s = {
      id: id(),
      created_at: new Date().toISOString(),
      content: `<p>${escape(text).replace(/\n/g, '<br />')}</p>`,
      url: `https://social.example/@${account.acct}/${state.nextId}`,
      visibility: 'public',
      in_reply_to_id: null,
      favourites_count: 0,
      reblogs_count: 0,
      replies_count: 0,
      account,
      ...extra,
    };
    state.statuses.set(s.id, s);
    return s;
  };
  const max = opts.maxCharacters ?? 500;
  const net = await startNetworkServer((req: Req) => {
    if (req.path === '/api/v2/instance')
      return { status: 200, body: { domain: 'social.example', configuration: { statuses: { max_characters: max } } } };
    if (bearer(req) !== state.token) return { status: 401, body: { error: 'The access token is invalid' } };
    if (req.path === '/api/v1/accounts/verify_credentials') return { status: 200, body: state.account };
    const own = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(req.path);
    if (own && req.method === 'GET') {
      const list = [...state.statuses.values()]
        .filter((s) => s.account.id === own[1])
        .reverse()
        .slice(0, Number(req.query.get('limit') ?? 20));
      return { status: 200, body: list };
    }
    // Media attachments (POST /api/v2/media, multipart: file and description); a status names them in media_ids.
    if (req.path === '/api/v2/media' && req.method === 'POST') {
      const file = req.body?.file;
      if (!file?.size) return { status: 422, body: { error: 'Validation failed: File must be present' } };
      if (!/^image\/(jpeg|png|gif|webp)$/.test(file.type))
        return { status: 422, body: { error: 'Validation failed: File content type is invalid' } };
      const m = { id: id(), type: 'image', size: file.size, mime: file.type, description: req.body.description ?? null };
      state.media.set(m.id, { type: file.type, size: file.size, description: m.description });
      return { status: 200, body: { id: m.id, type: 'image', url: `https://social.example/media/${m.id}`, description: m.description } };
    }
    if (req.path === '/api/v1/statuses' && req.method === 'POST') {
      const key = String(req.headers['idempotency-key'] ?? '');
      if (key && state.idempotency.has(key)) return { status: 200, body: state.statuses.get(state.idempotency.get(key)!) };
      const text = String(req.body?.status ?? '');
      if (!text.trim()) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      if ([...text].length > max) return { status: 422, body: { error: `Validation failed: Text character limit of ${max} exceeded` } };
      const mediaIds: string[] = req.body.media_ids ?? [];
      if (mediaIds.length > 4 || mediaIds.some((m) => !state.media.has(m)))
        return { status: 422, body: { error: 'Validation failed: Media attachments are invalid' } };
      const s = status(state.account, text, {
        visibility: req.body.visibility ?? 'public',
        in_reply_to_id: req.body.in_reply_to_id ?? null,
        media_attachments: mediaIds.map((m) => ({ id: m, type: 'image', description: state.media.get(m)!.description })),
      });
      if (s.in_reply_to_id && state.statuses.has(s.in_reply_to_id)) state.statuses.get(s.in_reply_to_id).replies_count++;
      if (key) state.idempotency.set(key, s.id);
      return { status: 200, body: s };
    }
    const one = /^\/api\/v1\/statuses\/([^/]+)$/.exec(req.path);
    if (one) {
      const s = state.statuses.get(one[1]);
      if (!s) return { status: 404, body: { error: 'Record not found' } };
      if (req.method === 'GET') return { status: 200, body: s };
      if (s.account.id !== state.account.id) return { status: 403, body: { error: 'This action is not allowed' } };
      if (req.method === 'DELETE') {
        state.statuses.delete(s.id);
        return { status: 200, body: s };
      }
      if (req.method === 'PUT') {
        s.content = `<p>${escape(String(req.body.status))}</p>`;
        s.edited_at = new Date().toISOString();
        return { status: 200, body: s };
      }
    }
    if (req.path === '/api/v1/notifications') {
      const since = req.query.get('since_id');
      const types = req.query.getAll('types[]');
      const list = state.notifications
        .filter((n) => (!since || BigInt(n.id) > BigInt(since)) && (!types.length || types.includes(n.type)))
        .reverse();
      return { status: 200, body: list.slice(0, Number(req.query.get('limit') ?? 40)) };
    }
    return { status: 404, body: { error: 'Record not found' } };
  });
  return {
    ...net,
    state,
    /** Someone on the network mentions (or replies to, or messages) the organization's account. */
    mention(from: { acct: string; name: string }, text: string, opts: { inReplyTo?: string; visibility?: string } = {}) {
      const account = {
        id: id(),
        username: from.acct,
        acct: from.acct,
        display_name: from.name,
        url: `https://social.example/@${from.acct}`,
      };
      const s = status(account, `@harborhealth ${text}`, {
        in_reply_to_id: opts.inReplyTo ?? null,
        visibility: opts.visibility ?? 'public',
      });
      state.notifications.push({ id: id(), type: 'mention', created_at: s.created_at, account, status: s });
      return s;
    },
    own: () => [...state.statuses.values()].filter((s) => s.account.id === state.account.id),
  };
}
