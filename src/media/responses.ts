import { z } from 'zod';
import { FileDownload } from '../shared/responses.ts';

const BoxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
export const RedactionSchema = z.object({ box: BoxSchema, style: z.enum(['blur', 'cover', 'crop']) });

export const MediaSchema = z.object({
  id: z.string(),
  status: z.enum(['processing', 'ready', 'failed', 'destroyed']),
  /** queued, cleaning, reading (text, faces, codes), finishing, done or failed. */
  stage: z.string(),
  fileName: z.string(),
  /** A still picture, or a video (its `shared` file plays; w320/w1280 are its poster). */
  kind: z.enum(['picture', 'video']),
  /** A video's length in milliseconds (null for a picture). */
  durationMs: z.number().nullable(),
  width: z.number(),
  height: z.number(),
  altText: z.string(),
  redactions: z.array(RedactionSchema),
  /** The shared copy's generation: changes when redactions change (a cache key for the files). */
  version: z.number(),
  failure: z.string().nullable(),
  shared: z.boolean(),
  createdAt: z.string(),
});

/** A picture as readers of its record get it: files at /api/media/{id}/files/{w320|w1280|shared} (a video plays `shared`). */
export const AttachedPictureSchema = z.object({
  id: z.string(),
  kind: z.enum(['picture', 'video']),
  altText: z.string(),
  width: z.number(),
  height: z.number(),
});

/** What each media route answers. */
export const mediaResponses = {
  'POST /api/media': { 202: z.object({ media: MediaSchema }) },
  'GET /api/media/:id': { 200: z.object({ media: MediaSchema }) },
  'PATCH /api/media/:id': { 200: z.object({ media: MediaSchema }) },
  'GET /api/media/:id/files/:role': { 200: FileDownload },
};
