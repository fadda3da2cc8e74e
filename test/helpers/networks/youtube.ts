import { bearer, startNetworkServer, type Req } from './base.ts';

/**
 * The parts of the YouTube Data API v3 Harborline uses, from Google's public reference: channels.list
 * (mine), the resumable upload protocol (POST /upload/youtube/v3/videos?uploadType=resumable opens a
 * session whose Location takes PUTs with Content-Range; 308 Resume Incomplete with a Range header until the
 * last byte, then the video resource; `bytes *\/total` asks how much arrived), videos.list/update/delete,
 * playlistItems.list of the uploads playlist, commentThreads.list/insert, comments.list/insert, and
 * Google's OAuth 2.0 refresh grant. Errors: {error: {code, message, errors: [{reason}]}}.
 */
export async function startYouTube(opts: { accepts?: (token: string) => Promise<boolean> } = {}) {
  const state = {
    token: 'ya29.youtube-token-1',
    refreshToken: 'youtube-refresh-1',
    clientId: 'harborline.apps.googleusercontent.com',
    clientSecret: 'google-client-secret',
    refreshed: 0,
    channel: {
      id: 'UC_harborgeneral000000001',
      title: 'Harbor General Hospital',
      customUrl: '@harborgeneral',
      uploads: 'UU_harborgeneral000000001',
    },
    sessions: new Map<string, { total: number; type: string; received: Buffer[]; bytes: number; meta: any; done?: string }>(),
    videos: new Map<string, any>(),
    threads: new Map<string, any>(),
    comments: new Map<string, any>(),
    /** Cut the connection after this many bytes of the next chunk (an upload interrupted midway). */
    dropChunkAfter: null as number | null,
    next: 1,
  };
  const error = (code: number, reason: string, message: string) => ({
    status: code,
    body: { error: { code, message, errors: [{ message, domain: 'youtube.api', reason }] } },
  });
  const commentOf = (c: any) => ({
    kind: 'youtube#comment',
    id: c.id,
    snippet: {
      videoId: c.videoId,
      textOriginal: c.text,
      authorDisplayName: c.author.name,
      authorChannelId: { value: c.author.id },
      publishedAt: c.at,
      ...(c.parentId ? { parentId: c.parentId } : {}),
    },
  });
  const net = await startNetworkServer(async (req: Req) => {
    if (req.path === '/token' && req.method === 'POST') {
      const b = req.body ?? {};
      if (b.client_id !== state.clientId || b.client_secret !== state.clientSecret)
        return { status: 401, body: { error: 'invalid_client' } };
      if (b.refresh_token !== state.refreshToken)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      state.refreshed++;
      state.token = `ya29.youtube-token-${state.refreshed + 1}`;
      return { status: 200, body: { access_token: state.token, expires_in: 3599, token_type: 'Bearer' } };
    }
    // Tokens this server issued, or (sign-in tests) tokens the authorization server vouches for.
    if (bearer(req) !== state.token && !(await opts.accepts?.(bearer(req))))
      return error(401, 'authError', 'Request had invalid authentication credentials.');
    const q = req.query;
    if (req.path === '/youtube/v3/channels' && q.get('mine') === 'true')
      return {
        status: 200,
        body: {
          items: [
            {
              id: state.channel.id,
              snippet: { title: state.channel.title, customUrl: state.channel.customUrl },
              contentDetails: { relatedPlaylists: { uploads: state.channel.uploads } },
            },
          ],
        },
      };
    if (req.path === '/upload/youtube/v3/videos' && req.method === 'POST' && q.get('uploadType') === 'resumable') {
      const total = Number(req.headers['x-upload-content-length']);
      const type = String(req.headers['x-upload-content-type'] ?? '');
      const title = req.body?.snippet?.title ?? '';
      if (!title || [...title].length > 100 || /[<>]/.test(title))
        return error(400, 'invalidTitle', 'The request metadata specifies an invalid video title.');
      if (Buffer.byteLength(req.body?.snippet?.description ?? '') > 5000 || /[<>]/.test(req.body?.snippet?.description ?? ''))
        return error(400, 'invalidDescription', 'The request metadata specifies an invalid video description.');
      if (!Number.isFinite(total) || total <= 0 || !type.startsWith('video/'))
        return error(400, 'invalidVideoMetadata', 'The upload needs its length and a video type.');
      const sid = `s${state.next++}`;
      state.sessions.set(sid, { total, type, received: [], bytes: 0, meta: req.body });
      return { status: 200, body: undefined, headers: { location: `/upload/youtube/v3/videos?uploadType=resumable&upload_id=${sid}` } };
    }
    if (req.path === '/upload/youtube/v3/videos' && req.method === 'PUT') {
      const s = state.sessions.get(q.get('upload_id') ?? '');
      if (!s) return error(404, 'notFound', 'Upload session not found');
      const range = String(req.headers['content-range'] ?? '');
      const incomplete = () =>
        s.bytes ? { status: 308, body: undefined, headers: { range: `bytes=0-${s.bytes - 1}` } } : { status: 308, body: undefined };
      if (/^bytes \*\/\d+$/.test(range)) return s.done ? { status: 200, body: state.videos.get(s.done) } : incomplete();
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
      const chunk = req.raw;
      if (!m || Number(m[1]) !== s.bytes || Number(m[2]) - Number(m[1]) + 1 !== chunk.length)
        return error(400, 'badContentRange', 'Content-Range does not continue the upload');
      if (state.dropChunkAfter !== null) {
        // Only part of the chunk arrives before the connection is lost.
        const kept = chunk.subarray(0, state.dropChunkAfter);
        s.received.push(kept);
        s.bytes += kept.length;
        state.dropChunkAfter = null;
        return { status: 0, body: undefined };
      }
      s.received.push(chunk);
      s.bytes += chunk.length;
      if (s.bytes < s.total) return incomplete();
      const id = `v${String(state.next++).padStart(10, '0')}`;
      const at = new Date().toISOString();
      state.videos.set(id, {
        kind: 'youtube#video',
        id,
        snippet: { ...s.meta.snippet, publishedAt: at, channelId: state.channel.id },
        status: s.meta.status,
        statistics: { viewCount: '0', likeCount: '0', commentCount: '0' },
        bytes: Buffer.concat(s.received),
        type: s.type,
      });
      s.done = id;
      const { bytes: _b, type: _t, ...resource } = state.videos.get(id);
      return { status: 200, body: resource };
    }
    if (req.path === '/youtube/v3/videos') {
      if (req.method === 'GET') {
        const ids = (q.get('id') ?? '').split(',');
        const items = ids
          .map((id) => state.videos.get(id))
          .filter(Boolean)
          .map(({ bytes: _b, type: _t, ...v }: any) => ({
            ...v,
            statistics: { ...v.statistics, commentCount: String([...state.comments.values()].filter((c) => c.videoId === v.id).length) },
          }));
        return { status: 200, body: { kind: 'youtube#videoListResponse', items } };
      }
      if (req.method === 'PUT') {
        const v = state.videos.get(req.body?.id);
        if (!v) return error(404, 'videoNotFound', 'The video that you are trying to update cannot be found.');
        const sn = req.body.snippet ?? {};
        if (!sn.title || !sn.categoryId) return error(400, 'invalidVideoMetadata', 'snippet.title and snippet.categoryId are required');
        if (Buffer.byteLength(sn.description ?? '') > 5000) return error(400, 'invalidDescription', 'The description is too long.');
        v.snippet = { ...v.snippet, ...sn };
        const { bytes: _b, type: _t, ...resource } = v;
        return { status: 200, body: resource };
      }
      if (req.method === 'DELETE') {
        if (!state.videos.delete(q.get('id') ?? ''))
          return error(404, 'videoNotFound', 'The video that you are trying to delete cannot be found.');
        return { status: 204, body: undefined };
      }
    }
    if (req.path === '/youtube/v3/playlistItems' && q.get('playlistId') === state.channel.uploads) {
      const items = [...state.videos.values()].reverse().map((v) => ({
        snippet: { title: v.snippet.title, description: v.snippet.description, resourceId: { kind: 'youtube#video', videoId: v.id } },
      }));
      return { status: 200, body: { items: items.slice(0, Number(q.get('maxResults') ?? 5)) } };
    }
    if (req.path === '/youtube/v3/commentThreads' && req.method === 'GET') {
      const videoId = q.get('videoId');
      const forChannel = q.get('allThreadsRelatedToChannelId');
      if (forChannel && forChannel !== state.channel.id) return error(403, 'forbidden', 'The comment threads cannot be retrieved.');
      const items = [...state.threads.values()]
        .filter((t) => (videoId ? t.videoId === videoId : state.videos.has(t.videoId)))
        .reverse()
        .map((t) => ({
          kind: 'youtube#commentThread',
          id: t.id,
          snippet: { videoId: t.videoId, topLevelComment: commentOf(state.comments.get(t.id)) },
          replies: { comments: [...state.comments.values()].filter((c) => c.parentId === t.id).map(commentOf) },
        }));
      return { status: 200, body: { items } };
    }
    if (req.path === '/youtube/v3/commentThreads' && req.method === 'POST') {
      const sn = req.body?.snippet;
      const text = sn?.topLevelComment?.snippet?.textOriginal ?? '';
      if (!state.videos.has(sn?.videoId))
        return error(404, 'videoNotFound', 'The video identified by the videoId parameter could not be found.');
      if (!text) return error(400, 'commentTextRequired', 'The comment resource must contain a snippet.textOriginal value.');
      const id = `Ug${state.next++}`;
      state.threads.set(id, { id, videoId: sn.videoId });
      state.comments.set(id, {
        id,
        videoId: sn.videoId,
        text,
        author: { id: state.channel.id, name: state.channel.title },
        at: new Date().toISOString(),
      });
      return {
        status: 200,
        body: { kind: 'youtube#commentThread', id, snippet: { videoId: sn.videoId, topLevelComment: commentOf(state.comments.get(id)) } },
      };
    }
    if (req.path === '/youtube/v3/comments' && req.method === 'GET') {
      const items = [...state.comments.values()].filter((c) => c.parentId === q.get('parentId')).map(commentOf);
      return { status: 200, body: { items } };
    }
    if (req.path === '/youtube/v3/comments' && req.method === 'POST') {
      const sn = req.body?.snippet ?? {};
      const thread = state.threads.get(sn.parentId);
      if (!thread) return error(404, 'commentNotFound', 'The parent comment could not be found.');
      if (!sn.textOriginal) return error(400, 'commentTextRequired', 'The comment resource must contain a snippet.textOriginal value.');
      const id = `${sn.parentId}.r${state.next++}`;
      state.comments.set(id, {
        id,
        videoId: thread.videoId,
        parentId: sn.parentId,
        text: sn.textOriginal,
        author: { id: state.channel.id, name: state.channel.title },
        at: new Date().toISOString(),
      });
      return { status: 200, body: commentOf(state.comments.get(id)) };
    }
    return error(404, 'notFound', 'Not found');
  });
  return {
    ...net,
    state,
    own: () => [...state.videos.values()],
    ownComments: () => [...state.comments.values()].filter((c) => c.author.id === state.channel.id),
    expireToken() {
      state.token = `expired-${state.token}`;
    },
    /** Someone comments on one of the channel's videos. */
    comment(author: { id: string; name: string }, text: string, videoId: string) {
      const id = `Ug${state.next++}`;
      state.threads.set(id, { id, videoId });
      state.comments.set(id, { id, videoId, text, author, at: new Date().toISOString() });
      return id;
    },
  };
}
