import { startNetworkServer, type Req } from './base.ts';

const V = 'v21.0';

/**
 * The parts of the Instagram Graph API (professional accounts, through Facebook Login) Harborline uses,
 * from Meta's public reference. Content publishing is two steps: POST /{ig-user-id}/media makes a container
 * from a public `image_url` (JPEG only; Instagram fetches it) or `video_url` (media_type REELS, processed
 * asynchronously: status_code IN_PROGRESS then FINISHED), several image containers become a CAROUSEL;
 * POST /{ig-user-id}/media_publish publishes one (100 per 24 hours). Comments are read from the media
 * (fields=comments{…,replies{…}}), answered with POST /{comment-id}/replies; POST /{media-id}/comments adds
 * a comment; GET /{ig-user-id}/tags lists media others tagged the account in; GET /{media-id}/insights gives
 * views and reach. Captions cannot be edited and media cannot be deleted through the API.
 */
export async function startInstagram(opts: { accepts?: (token: string) => Promise<boolean>; pageId?: string } = {}) {
  const state = {
    token: 'EAAB-ig-page-token-1',
    pageId: opts.pageId ?? '104000000000001',
    user: { id: '17841400000000001', username: 'harborgeneral', name: 'Harbor General Hospital' },
    containers: new Map<string, any>(),
    media: new Map<string, any>(),
    comments: new Map<string, any>(),
    tags: [] as any[],
    /** Files Instagram fetched from the links it was given: what it got back. */
    fetched: [] as { url: string; status: number; type: string; bytes: number }[],
    published24h: 0,
    publishLimit: 100,
    next: 1000,
    /** Whether the Page has an Instagram professional account linked to it. */
    linked: true,
  };
  const graphError = (status: number, code: number, message: string, subcode?: number) => ({
    status,
    body: {
      error: { message, type: code === 190 ? 'OAuthException' : 'IGApiException', code, error_subcode: subcode, fbtrace_id: 'AbCdEf' },
    },
  });
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, '+0000');
  const id = () => `179000000${String(++state.next).padStart(8, '0')}`;
  async function fetchFile(url: string) {
    try {
      const res = await fetch(url, { redirect: 'error' });
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      state.fetched.push({ url, status: res.status, type, bytes: bytes.length });
      return res.ok ? { type, bytes } : null;
    } catch {
      return null;
    }
  }
  const commentsOf = (mediaId: string, parent: string | null): any[] =>
    [...state.comments.values()]
      .filter((c) => c.media_id === mediaId && c.parent_id === parent)
      .map((c) => ({
        id: c.id,
        text: c.text,
        timestamp: c.timestamp,
        username: c.from.username,
        from: c.from,
        ...(parent ? {} : { replies: { data: commentsOf(mediaId, c.id) } }),
      }));

  const net = await startNetworkServer(async (req: Req) => {
    const token = req.query.get('access_token') ?? (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const path = req.path.replace(`/${V}`, '');
    const fields = req.query.get('fields') ?? '';
    // Facebook Login: the Page linked to the Instagram account, asked with the token of someone managing it.
    if (path === `/${state.pageId}` && req.method === 'GET' && opts.accepts) {
      if (!(await opts.accepts(token))) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
      return {
        status: 200,
        body: {
          id: state.pageId,
          access_token: state.token,
          ...(state.linked ? { instagram_business_account: { id: state.user.id, username: state.user.username } } : {}),
        },
      };
    }
    if (token !== state.token) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const body = req.body ?? {};
    if (path === `/${state.user.id}` && req.method === 'GET') return { status: 200, body: state.user };
    if (path === `/${state.user.id}/media` && req.method === 'POST') {
      const caption = String(body.caption ?? '');
      if (caption.length > 2200) return graphError(400, 100, 'The caption is too long (2,200 characters at most)', 2207040);
      if (body.media_type === 'CAROUSEL') {
        const children = String(body.children ?? '')
          .split(',')
          .filter(Boolean);
        if (children.length < 2 || children.length > 10 || children.some((c) => state.containers.get(c)?.carouselItem !== true))
          return graphError(400, 100, 'children must be 2 to 10 carousel item containers of this account');
        const cid = id();
        state.containers.set(cid, { id: cid, kind: 'CAROUSEL', caption, children, status: 'FINISHED' });
        return { status: 200, body: { id: cid } };
      }
      const video = body.media_type === 'REELS';
      const url = String((video ? body.video_url : body.image_url) ?? '');
      if (!/^https?:\/\//.test(url)) return graphError(400, 100, `${video ? 'video_url' : 'image_url'} is required`);
      const file = await fetchFile(url);
      if (!file) return graphError(400, 9004, 'The media could not be fetched from this URI', 2207052);
      if (video ? !file.type.startsWith('video/') : file.type !== 'image/jpeg')
        return graphError(400, 9004, 'Only photo or video can be accepted as media type', 2207026);
      const cid = id();
      state.containers.set(cid, {
        id: cid,
        kind: video ? 'REELS' : 'IMAGE',
        caption,
        altText: body.alt_text ?? null,
        carouselItem: String(body.is_carousel_item) === 'true',
        bytes: file.bytes.length,
        // A video is processed after upload: the first status asked is IN_PROGRESS.
        status: video ? 'IN_PROGRESS' : 'FINISHED',
      });
      return { status: 200, body: { id: cid } };
    }
    if (path === `/${state.user.id}/media_publish` && req.method === 'POST') {
      const c = state.containers.get(String(body.creation_id ?? ''));
      if (!c || c.carouselItem) return graphError(400, 100, 'creation_id is not a container of this account', 33);
      if (c.status !== 'FINISHED') return graphError(400, 9007, 'The media is not ready for publishing, please wait for a moment', 2207027);
      if (c.published) return { status: 200, body: { id: c.published } };
      if (state.published24h >= state.publishLimit)
        return graphError(400, 9, 'Application request limit reached: content publishing limit', 2207042);
      state.published24h++;
      const mid = id();
      c.published = mid;
      state.media.set(mid, {
        id: mid,
        caption: c.caption,
        media_type: c.kind === 'REELS' ? 'VIDEO' : c.kind === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
        items: c.kind === 'CAROUSEL' ? c.children.map((k: string) => state.containers.get(k)) : [c],
        timestamp: now(),
        permalink: `https://www.instagram.com/p/${mid.slice(-11)}/`,
        like_count: 0,
        views: 0,
        reach: 0,
      });
      return { status: 200, body: { id: mid } };
    }
    if (path === `/${state.user.id}/media` && req.method === 'GET') {
      const data = [...state.media.values()].reverse().map((m) => ({
        id: m.id,
        caption: m.caption,
        timestamp: m.timestamp,
        permalink: m.permalink,
        ...(fields.includes('comments') ? { comments: { data: commentsOf(m.id, null) } } : {}),
      }));
      return { status: 200, body: { data: data.slice(0, Number(req.query.get('limit') ?? 25)), paging: {} } };
    }
    if (path === `/${state.user.id}/tags` && req.method === 'GET') return { status: 200, body: { data: state.tags, paging: {} } };
    const sub = /^\/(\d+)\/(comments|replies|insights)$/.exec(path);
    if (sub) {
      const [, target, what] = sub;
      if (what === 'insights') {
        const m = state.media.get(target);
        if (!m) return graphError(400, 100, 'Unsupported get request. Object does not exist', 33);
        return {
          status: 200,
          body: { data: ['views', 'reach'].map((name) => ({ name, period: 'lifetime', values: [{ value: m[name] }] })) },
        };
      }
      if (req.method === 'GET' && what === 'comments') return { status: 200, body: { data: commentsOf(target, null) } };
      const text = String(body.message ?? '');
      if (!text.trim()) return graphError(400, 100, 'message is required');
      if (text.length > 2200) return graphError(400, 100, 'The comment is too long');
      const parent = what === 'replies' ? state.comments.get(target) : null;
      const media = what === 'comments' ? state.media.get(target) : state.media.get(parent?.media_id);
      if (!media || (what === 'replies' && !parent)) return graphError(400, 100, 'Unsupported post request. Object does not exist', 33);
      const cid = id();
      state.comments.set(cid, {
        id: cid,
        media_id: media.id,
        parent_id: parent?.id ?? null,
        text,
        timestamp: now(),
        from: { id: state.user.id, username: state.user.username },
      });
      return { status: 200, body: { id: cid } };
    }
    const one = /^\/(\d+)$/.exec(path);
    if (one) {
      const container = state.containers.get(one[1]);
      if (container && req.method === 'GET') {
        const status = container.status;
        if (status === 'IN_PROGRESS') container.status = 'FINISHED';
        return { status: 200, body: { id: container.id, status_code: status } };
      }
      const m = state.media.get(one[1]);
      if (!m) return graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request. Object with ID '${one[1]}' does not exist`, 33);
      if (req.method !== 'GET') return graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request`, 33);
      return {
        status: 200,
        body: {
          id: m.id,
          caption: m.caption,
          timestamp: m.timestamp,
          permalink: m.permalink,
          like_count: m.like_count,
          comments_count: [...state.comments.values()].filter((c) => c.media_id === m.id).length,
        },
      };
    }
    return graphError(400, 100, 'Unknown path components');
  });
  return {
    ...net,
    state,
    own: () => [...state.media.values()],
    ownComments: () => [...state.comments.values()].filter((c) => c.from.id === state.user.id),
    /** Someone comments on one of the account's posts. */
    comment(user: { id: string; username: string }, text: string, mediaId: string) {
      const cid = id();
      state.comments.set(cid, { id: cid, media_id: mediaId, parent_id: null, text, timestamp: now(), from: user });
      return cid;
    },
    /** Someone tags the account in their own post. */
    tag(user: { username: string }, caption: string) {
      const mid = id();
      state.tags.push({
        id: mid,
        caption,
        username: user.username,
        timestamp: now(),
        permalink: `https://www.instagram.com/p/${mid.slice(-11)}/`,
      });
      return mid;
    },
  };
}
