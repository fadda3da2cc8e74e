import { bearer, startNetworkServer, type Req } from './base.ts';

const STARS = ['STAR_RATING_UNSPECIFIED', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'] as const;

/** Google Business Profile API v4 reviews: list (paged, newest first) and update reply. */
export async function startGoogleReviews(opts: { token?: string; accountId?: string; locationId?: string } = {}) {
  const state = {
    token: opts.token ?? 'google-token-1',
    accountId: opts.accountId ?? '1234567890',
    locationId: opts.locationId ?? '555',
    reviews: [] as any[],
    refreshToken: 'google-refresh-1',
    clientId: 'harborline.apps.googleusercontent.com',
    clientSecret: 'google-client-secret',
    refreshed: 0,
  };
  const base = `accounts/${state.accountId}/locations/${state.locationId}`;
  const net = await startNetworkServer((req: Req) => {
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
