import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { stopAnalysis } from './analysis/index.ts';
import { mediaResponses, RedactionSchema } from './responses.ts';
import {
  linkedFile,
  openStoredFile,
  ownMedia,
  readableFile,
  receiveUpload,
  updateMedia,
  type MediaRow,
  type RecordVisibility,
} from './service.ts';
import { readMediaLink } from './links.ts';
import { notFound } from '../shared/errors.ts';

const tags = ['media'];
const Id = z.object({ id: z.string().uuid() });

export const presentMedia = (m: MediaRow) => ({
  id: m.id,
  status: m.status,
  stage: m.stage,
  fileName: m.file_name,
  kind: m.content_type.startsWith('video/') ? ('video' as const) : ('picture' as const),
  durationMs: m.duration_ms,
  width: m.width,
  height: m.height,
  altText: m.alt_text,
  redactions: m.redactions,
  version: m.version,
  failure: m.failure,
  shared: !!m.record_id,
  createdAt: m.created_at.toISOString(),
});

/** Upload types taken as a raw body (a stream to disk, never parsed): the content decides what is accepted. */
const RAW_TYPES = [/^image\//, /^video\//, /^application\/(octet-stream|dicom|pdf)$/];

/**
 * Pictures: upload (raw body; checked by content), follow the check, describe and redact, read the files.
 * `canSee` comes from the composition root: the features that own records say who may see them.
 */
export function mediaRoutes(app: FastifyInstance, ctx: AppContext, canSee: RecordVisibility): void {
  // The analysis threads (OCR, faces, codes) stop with the server; they start again on the next picture.
  app.addHook('onClose', () => stopAnalysis());
  void app.register(async (scope) => {
    for (const type of RAW_TYPES) scope.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/media',
      {
        schema: {
          response: mediaResponses['POST /api/media'],
          tags,
          description:
            'Upload one picture as the raw request body (JPEG, PNG, WebP, GIF, AVIF, TIFF, or a DICOM image); `name` is its file name.',
          querystring: z.object({ name: z.string().max(255).optional() }),
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const declared = Number(req.headers['content-length']);
        try {
          const media = await receiveUpload(ctx, actor, req.body as Readable, {
            fileName: req.query.name,
            declaredBytes: Number.isFinite(declared) ? declared : undefined,
          });
          return reply.code(202).send({ media: presentMedia(media) });
        } catch (e) {
          // The rest of a refused upload is not read: the connection closes after the answer.
          if (!(req.body as Readable).readableEnded) reply.header('connection', 'close');
          throw e;
        }
      },
    );
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/media/:id', { schema: { response: mediaResponses['GET /api/media/:id'], tags, params: Id } }, async (req) => ({
    media: presentMedia(await ownMedia(ctx.db, requireActor(req), req.params.id)),
  }));
  r.patch(
    '/api/media/:id',
    {
      schema: {
        response: mediaResponses['PATCH /api/media/:id'],
        tags,
        params: Id,
        body: z.object({ altText: z.string().max(1_000).optional(), redactions: z.array(RedactionSchema).max(200).optional() }),
      },
    },
    async (req) => ({ media: presentMedia(await updateMedia(ctx, requireActor(req), req.params.id, req.body)) }),
  );
  // A signed link a network fetches a post's picture from (no session: the signature and its expiry are the key).
  r.get(
    '/api/media/links/:token',
    {
      schema: {
        response: mediaResponses['GET /api/media/:id/files/:role'],
        tags,
        params: z.object({ token: z.string().max(200) }),
        description:
          'A picture or video of a post sent to a network that fetches files (Instagram, Google); the link is signed and expires.',
      },
    },
    async (req, reply) => {
      const id = readMediaLink(ctx.secrets, req.params.token);
      if (!id) throw notFound('Picture');
      const { data, file, type } = await linkedFile(ctx, id);
      reply
        .header('content-type', type)
        .header('cache-control', 'public, max-age=3600')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-robots-tag', 'noindex');
      if (data) return reply.header('content-length', String(data.length)).send(data);
      return reply.header('content-length', String(file.bytes)).send(await openStoredFile(ctx, file));
    },
  );
  r.get(
    '/api/media/:id/files/:role',
    {
      schema: {
        response: mediaResponses['GET /api/media/:id/files/:role'],
        tags,
        params: z.object({ id: z.string().uuid(), role: z.enum(['clean', 'shared', 'w320', 'w1280']) }),
      },
    },
    async (req, reply) => {
      const file = await readableFile(ctx, requireActor(req), req.params.id, req.params.role, canSee);
      reply
        .header('content-type', file.type)
        .header('content-length', String(file.bytes))
        .header('etag', `"${file.sha256}"`)
        // Files of one generation never change; the browser may keep them for this signed-in user only.
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', 'inline')
        .header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(await openStoredFile(ctx, file));
    },
  );
}
