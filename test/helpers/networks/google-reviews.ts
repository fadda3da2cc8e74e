import { bearer, startNetworkServer, type Req } from './base.ts';

const STARS = ['STAR_RATING_UNSPECIFIED', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'] as const;

/**
 * Google Business Profile API v4: reviews (list, paged, newest first; update reply) and local posts
 * (create with a summary and photos Google fetches from their sourceUrl, list, get, patch the summary with an
 * updateMask, delete), with Google's OAuth 2.0 refresh grant.
 */
export async function startGoogleReviews(opts: { token?: string; accountId?: string; locationId?: string } = {}) {
  const state = {
    token: opts.token ?? 'google-token-1',
    accountId: opts.accountId ?? '1234567890',
    locationId: opts.locationId ?? '555',
    reviews: [] as any[],
    localPosts: [] as any[],
    /** Photos Google fetched from the sourceUrls it was given. */
    fetched: [] as { url: string; status: number; type: string }[],
    refreshToken: 'google-refresh-1',
    clientId: 'harborline.apps.googleusercontent.com',
    clientSecret: 'google-client-secret',
    refreshed: 0,
  };
  const base = `accounts/${state.accountId}/locations/${state.locationId}`;
  const invalid = (message: string) => ({ status: 400, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } });
  const notFound = { status: 404, body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } } };
  let next = 1;
  const net = await startNetworkServer(async (req: Req) => {
    // Google's OAuth 2.0 token endpoint (oauth2.googleapis.com/token), refresh grant only.
    if (req.path === '/token' && req.method === 'POST') {
      const b = req.body ?? {};
      if (b.grant_type !== 'refresh_token' || b.client_id !== state.clientId || b.client_secret !== state.clientSecret)
        return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
      if (b.refresh_token !== state.refreshToken)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      state.refreshed++;
      state.token = `google-token-${state.refreshed + 1}`;
      return {
        status: 200,
        body: {
          access_token: state.token,
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'https://www.googleapis.com/auth/business.manage',
        },
      };
    }
    if (bearer(req) !== state.token)
      return {
        status: 401,
        body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } },
      };
    if (req.path === `/v4/${base}/reviews` && req.method === 'GET') {
      const sorted = [...state.reviews].sort((a, b) => b.updateTime.localeCompare(a.updateTime));
      const size = Number(req.query.get('pageSize') ?? 50);
      const start = Number(req.query.get('pageToken') ?? 0);
      const page = sorted.slice(start, start + size);
      const avg = state.reviews.length ? state.reviews.reduce((n, r) => n + STARS.indexOf(r.starRating), 0) / state.reviews.length : 0;
      return {
        status: 200,
        body: {
          reviews: page,
          averageRating: avg,
          totalReviewCount: state.reviews.length,
          ...(start + size < sorted.length ? { nextPageToken: String(start + size) } : {}),
        },
      };
    }
    if (req.path === `/v4/${base}/localPosts` && req.method === 'POST') {
      const b = req.body ?? {};
      const summary = String(b.summary ?? '');
      if (!summary.trim() && !b.media?.length) return invalid('summary or media is required');
      if (summary.length > 1500) return invalid('summary is longer than 1500 characters');
      for (const m of b.media ?? []) {
        if (m.mediaFormat !== 'PHOTO' || !/^https?:\/\//.test(m.sourceUrl ?? ''))
          return invalid('media[].sourceUrl must be a public PHOTO URL');
        const res = await fetch(m.sourceUrl, { redirect: 'error' }).catch(() => null);
        state.fetched.push({ url: m.sourceUrl, status: res?.status ?? 0, type: res?.headers.get('content-type') ?? '' });
        if (!res?.ok || !/^image\/(jpeg|png)$/.test(res.headers.get('content-type') ?? ''))
          return invalid('media[].sourceUrl could not be fetched as a JPG or PNG photo');
        await res.arrayBuffer();
      }
      const at = new Date().toISOString();
      const post = {
        name: `${base}/localPosts/${next++}`,
        languageCode: b.languageCode ?? 'en',
        summary,
        topicType: b.topicType ?? 'STANDARD',
        media: (b.media ?? []).map((m: any) => ({
          mediaFormat: 'PHOTO',
          googleUrl: `https://lh3.googleusercontent.com/p/${next}`,
          sourceUrl: m.sourceUrl,
        })),
        state: 'LIVE',
        searchUrl: `https://local.google.com/place?id=${state.locationId}&use=posts&lpsid=${next}`,
        createTime: at,
        updateTime: at,
      };
      state.localPosts.push(post);
      return { status: 200, body: post };
    }
    if (req.path === `/v4/${base}/localPosts` && req.method === 'GET')
      return { status: 200, body: { localPosts: [...state.localPosts].reverse().slice(0, Number(req.query.get('pageSize') ?? 20)) } };
    const localPost = new RegExp(`^/v4/(${base}/localPosts/[^/]+)$`).exec(req.path);
    if (localPost) {
      const i = state.localPosts.findIndex((p) => p.name === localPost[1]);
      if (i < 0) return notFound;
      const post = state.localPosts[i];
      if (req.method === 'DELETE') {
        state.localPosts.splice(i, 1);
        return { status: 200, body: {} };
      }
      if (req.method === 'PATCH') {
        if (req.query.get('updateMask') !== 'summary') return invalid('updateMask must name the fields to update');
        const summary = String(req.body?.summary ?? '');
        if (summary.length > 1500) return invalid('summary is longer than 1500 characters');
        Object.assign(post, { summary, updateTime: new Date(Date.now() + 1).toISOString() });
      }
      return { status: 200, body: post };
    }
    const reply = new RegExp(`^/v4/(${base}/reviews/[^/]+)/reply$`).exec(req.path);
    if (reply && req.method === 'PUT') {
      const r = state.reviews.find((x) => x.name === reply[1]);
      if (!r) return { status: 404, body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } } };
      if (!req.body?.comment)
        return { status: 400, body: { error: { code: 400, message: 'comment is required', status: 'INVALID_ARGUMENT' } } };
      r.reviewReply = { comment: req.body.comment, updateTime: new Date().toISOString() };
      return { status: 200, body: r.reviewReply };
    }
    return { status: 404, body: { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } } };
  });
  return {
    ...net,
    state,
    /** Access tokens last an hour: this one's hour is over. */
    expireToken() {
      state.token = `expired-${state.token}`;
    },
    review(name: string, stars: 1 | 2 | 3 | 4 | 5, comment: string) {
      const id = `r${state.reviews.length + 1}`;
      const at = new Date(Date.now() + state.reviews.length).toISOString();
      state.reviews.push({
        name: `${base}/reviews/${id}`,
        reviewId: id,
        reviewer: { displayName: name, isAnonymous: false },
        starRating: STARS[stars],
        comment,
        createTime: at,
        updateTime: at,
      });
      return `${base}/reviews/${id}`;
    },
  };
}
