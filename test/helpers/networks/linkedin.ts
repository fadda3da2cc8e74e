import { bearer, startNetworkServer, type Req } from './base.ts';

/**
 * The parts of LinkedIn's Community Management API (versioned REST, `LinkedIn-Version` header, Rest.li 2.0)
 * Harborline uses for an organization page, from Microsoft's public reference: GET /rest/organizations/{id},
 * POST /rest/posts (the new post's URN in `x-restli-id`), GET /rest/posts?q=author, GET, partial-update
 * (X-RestLi-Method: PARTIAL_UPDATE) and DELETE /rest/posts/{urn}, GET and POST
 * /rest/socialActions/{urn}/comments, GET /rest/socialActions/{urn} (likes and comments summaries) and
 * /rest/organizationalEntityShareStatistics (impressions, shares). Errors: {status, serviceErrorCode, message}.
 */
export async function startLinkedIn(opts: { token?: string } = {}) {
  const state = {
    token: opts.token ?? 'AQV-linkedin-token-1',
    org: { id: 2414183, localizedName: 'Harbor General Hospital', vanityName: 'harbor-general' },
    posts: new Map<string, any>(),
    images: new Map<string, { uploaded: { size: number } | null }>(),
    comments: [] as any[],
    versions: new Set<string>(),
    next: 7100000000000000000n,
  };
  const orgUrn = `urn:li:organization:${state.org.id}`;
  const error = (status: number, message: string, serviceErrorCode = 100) => ({ status, body: { status, serviceErrorCode, message } });
  const net = await startNetworkServer((req: Req) => {
    if (bearer(req) !== state.token) return error(401, 'Invalid access token', 65600);
    const version = String(req.headers['linkedin-version'] ?? '');
    // The REST API needs its version header; the upload URLs the Images API hands out do not.
    if (!/^\d{6}$/.test(version) && !req.path.startsWith('/dms-uploads/'))
      return error(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', 100);
    state.versions.add(version);
    const path = decodeURIComponent(req.path);
    if (path === `/rest/organizations/${state.org.id}`) return { status: 200, body: state.org };
    // Images API: initializeUpload names an upload URL and an image URN; the bytes are PUT there.
    if (path === '/rest/images' && req.query.get('action') === 'initializeUpload' && req.method === 'POST') {
      if (req.body?.initializeUploadRequest?.owner !== orgUrn) return error(403, 'Not enough permissions to upload for this owner', 100);
      const image = `urn:li:image:D4E${++state.next}`;
      state.images.set(image, { uploaded: null });
      return {
        status: 200,
        body: {
          value: { uploadUrlExpiresAt: Date.now() + 86_400_000, uploadUrl: `${net.url}/dms-uploads/${encodeURIComponent(image)}`, image },
        },
      };
    }
    const upload = /^\/dms-uploads\/(.+)$/.exec(path);
    if (upload && req.method === 'PUT') {
      const image = state.images.get(decodeURIComponent(upload[1]));
      if (!image) return error(404, 'Not Found', 100);
      image.uploaded = { size: Number(req.headers['content-length'] ?? 0) };
      return { status: 201, body: undefined };
    }
    if (path === '/rest/posts' && req.method === 'POST') {
      const b = req.body ?? {};
      const named: { id: string; altText?: string }[] = b.content?.media ? [b.content.media] : (b.content?.multiImage?.images ?? []);
      if (named.some((m) => !state.images.get(m.id)?.uploaded)) return error(422, 'content :: the image is not uploaded', 100);
      if (b.author !== orgUrn)
        return error(403, 'Unpermitted fields present in REQUEST_BODY: Data Processing Exception while processing fields [/author]', 100);
      if (typeof b.commentary !== 'string' || !b.commentary.trim()) return error(422, 'commentary is required', 100);
      if (b.commentary.length > 3000) return error(422, '/commentary :: length of 3001 exceeds the maximum allowed of 3000', 100);
      const urn = `urn:li:share:${++state.next}`;
      state.posts.set(urn, {
        id: urn,
        author: orgUrn,
        commentary: b.commentary,
        images: named,
        createdAt: Date.now(),
        lastModifiedAt: Date.now(),
        likes: 0,
      });
      return { status: 201, body: undefined, headers: { 'x-restli-id': urn } };
    }
    if (path === '/rest/posts' && req.method === 'GET') {
      if (req.query.get('q') !== 'author' || req.query.get('author') !== orgUrn) return error(400, 'Invalid query', 100);
      const list = [...state.posts.values()].reverse().slice(0, Number(req.query.get('count') ?? 10));
      return { status: 200, body: { elements: list.map(({ likes: _l, ...p }) => p), paging: { start: 0, count: list.length } } };
    }
    const one = /^\/rest\/posts\/(urn:li:(?:share|ugcPost):\d+)$/.exec(path);
    if (one) {
      const p = state.posts.get(one[1]);
      if (!p) return error(404, 'Not Found', 100);
      if (req.method === 'DELETE') {
        state.posts.delete(one[1]);
        return { status: 204, body: undefined };
      }
      if (req.method === 'POST' && req.headers['x-restli-method'] === 'PARTIAL_UPDATE') {
        p.commentary = req.body?.patch?.$set?.commentary ?? p.commentary;
        p.lastModifiedAt = Date.now() + 1;
        return { status: 204, body: undefined };
      }
      const { likes: _l, ...out } = p;
      return { status: 200, body: out };
    }
    const comments = /^\/rest\/socialActions\/(urn:li:(?:share|ugcPost|comment):[^/]+)\/comments$/.exec(path);
    if (comments) {
      if (req.method === 'POST') {
        const b = req.body ?? {};
        if (b.actor !== orgUrn || !b.message?.text) return error(422, 'actor and message are required', 100);
        const id = String(++state.next);
        const c = {
          id,
          $URN: `urn:li:comment:(${b.object},${id})`,
          actor: b.actor,
          object: b.object,
          message: { text: b.message.text },
          parentComment: b.parentComment,
          created: { time: Date.now() },
        };
        state.comments.push(c);
        return { status: 201, body: c, headers: { 'x-restli-id': id } };
      }
      const list = state.comments.filter((c) => c.object === comments[1]);
      return { status: 200, body: { elements: list, paging: { start: 0, count: list.length, total: list.length } } };
    }
    const actions = /^\/rest\/socialActions\/(urn:li:(?:share|ugcPost):\d+)$/.exec(path);
    if (actions) {
      const p = state.posts.get(actions[1]);
      if (!p) return error(404, 'Not Found', 100);
      const n = state.comments.filter((c) => c.object === p.id).length;
      return {
        status: 200,
        body: {
          target: p.id,
          likesSummary: { totalLikes: p.likes },
          commentsSummary: { aggregatedTotalComments: n, totalFirstLevelComments: n },
        },
      };
    }
    if (path === '/rest/organizationalEntityShareStatistics') {
      const shares = [...req.query.getAll('shares[0]'), ...(req.query.get('shares') ?? '').replace(/^List\(|\)$/g, '').split(',')].filter(
        Boolean,
      );
      return {
        status: 200,
        body: {
          elements: shares.map((s) => ({
            share: s,
            organizationalEntity: orgUrn,
            totalShareStatistics: {
              impressionCount: state.posts.get(s)?.likes ? 100 : 0,
              shareCount: 0,
              likeCount: state.posts.get(s)?.likes ?? 0,
              commentCount: 0,
            },
          })),
        },
      };
    }
    return error(404, 'Resource not found', 100);
  });
  return {
    ...net,
    state,
    orgUrn,
    own: () => [...state.posts.values()],
    ownComments: () => state.comments.filter((c) => c.actor === orgUrn),
    /** A member comments on one of the page's posts. */
    comment(person: string, text: string, postUrn: string) {
      const id = String(++state.next);
      state.comments.push({
        id,
        $URN: `urn:li:comment:(${postUrn},${id})`,
        actor: `urn:li:person:${person}`,
        object: postUrn,
        message: { text },
        created: { time: Date.now() },
      });
      return id;
    },
  };
}
