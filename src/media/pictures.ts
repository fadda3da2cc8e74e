import sharp, { type Metadata, type OverlayOptions } from 'sharp';
import { AppError } from '../shared/errors.ts';
import { clip, type Redaction } from './redactions.ts';
import type { StillImageType } from './sniff.ts';

export type { Redaction } from './redactions.ts';

// libvips decodes on its own threads; a few pictures at once keep memory bounded when many arrive together.
sharp.concurrency(2);
sharp.cache(false);

export interface Encoded {
  data: Buffer;
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

const DECODER_NAMES: Record<StillImageType, string[]> = {
  'image/jpeg': ['jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/avif': ['heif'],
  'image/tiff': ['tiff'],
};

/**
 * Checks an upload before anything is stored: its header agrees with its first bytes (a polyglot or a
 * renamed file does not), its pixel count is within the limit (read from the header, before decoding:
 * a decompression bomb is refused without being expanded), and it decodes to the end (a truncated file
 * is refused). The decode is shrunk on load, so it is quick and small.
 */
export async function inspectUpload(file: string, type: StillImageType, maxPixels: number): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('media_damaged', 'The picture could not be read: the file is damaged or not what its first bytes say.');
  }
  if (!meta.format || !DECODER_NAMES[type].includes(meta.format))
    throw new AppError('media_refused', "The file's content does not match its type: upload the picture as a plain JPEG, PNG or WebP.");
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new AppError('media_damaged', 'The picture has no pixels.');
  if (width * height > maxPixels)
    throw new AppError(
      'media_too_many_pixels',
      `The picture is ${width}×${height} pixels (${Math.round((width * height) / 1e6)} megapixels); at most ${Math.floor(maxPixels / 1e6)} megapixels are accepted.`,
    );
  try {
    await sharp(file, { limitInputPixels: maxPixels, failOn: 'truncated', pages: 1 }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw new AppError('media_damaged', 'The picture is truncated or damaged: it could not be read to the end. Upload the file again.');
  }
  return { width, height };
}

/**
 * The cleaned copy every other file is made from: decoded and re-encoded, turned upright by its EXIF
 * orientation, and written without any metadata (EXIF and GPS, XMP, IPTC, maker notes, embedded
 * thumbnails, comments, colour profiles are converted to sRGB and dropped). Animated pictures keep their
 * first frame (every frame would need its own check).
 */
export async function cleanPicture(original: Buffer, type: StillImageType, maxPixels: number): Promise<Encoded> {
  const base = sharp(original, { limitInputPixels: maxPixels, failOn: 'truncated', pages: 1 }).rotate().toColourspace('srgb');
  const out =
    type === 'image/jpeg' || type === 'image/avif'
      ? base.flatten({ background: '#ffffff' }).jpeg({ quality: 88, mozjpeg: false })
      : type === 'image/webp'
        ? base.webp({ quality: 88 })
        : base.png({ compressionLevel: 6 });
  const { data, info } = await out.toBuffer({ resolveWithObject: true });
  const outType = type === 'image/jpeg' || type === 'image/avif' ? 'image/jpeg' : type === 'image/webp' ? 'image/webp' : 'image/png';
  return { data, type: outType, width: info.width, height: info.height };
}

/** Blurs and covers the redacted boxes of the cleaned copy: what others see. */
export async function applyRedactions(clean: Encoded, redactions: readonly Redaction[]): Promise<Encoded> {
  if (!redactions.length) return clean;
  const layers: OverlayOptions[] = [];
  for (const r of redactions) {
    if (r.style === 'crop') continue;
    const box = clip(r.box, clean.width, clean.height);
    if (!box) continue;
    if (r.style === 'cover') {
      layers.push({ input: { create: { width: box.w, height: box.h, channels: 3, background: '#111111' } }, left: box.x, top: box.y });
      continue;
    }
    // A blur strong enough to hide a face: pixelate to a few blocks, then smooth the blocks.
    const blocks = Math.max(1, Math.round(Math.max(box.w, box.h) / 12));
    const region = await sharp(clean.data)
      .extract({ left: box.x, top: box.y, width: box.w, height: box.h })
      .resize(Math.max(1, Math.round(box.w / blocks)), Math.max(1, Math.round(box.h / blocks)), { fit: 'fill' })
      .toBuffer();
    const pixelated = await sharp(region)
      .resize(box.w, box.h, { fit: 'fill', kernel: 'nearest' })
      .blur(Math.max(2, blocks / 2))
      .toBuffer();
    layers.push({ input: pixelated, left: box.x, top: box.y });
  }
  const crop = redactions.findLast((r) => r.style === 'crop');
  const area = crop ? clip(crop.box, clean.width, clean.height) : null;
  // Composited first, cropped after (a pipeline of its own: sharp would extract before compositing).
  const composed = layers.length ? await sharp(clean.data).composite(layers).toBuffer() : clean.data;
  const out = area ? sharp(composed).extract({ left: area.x, top: area.y, width: area.w, height: area.h }) : sharp(composed);
  const encoded =
    clean.type === 'image/jpeg' ? out.jpeg({ quality: 88 }) : clean.type === 'image/webp' ? out.webp({ quality: 88 }) : out.png();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { ...clean, data, width: info.width, height: info.height };
}

/** Responsive sizes of what others see (WebP), never larger than the picture; each smaller one made from the one above. */
export const SIZES = [320, 1280] as const;
export async function responsiveSizes(shared: Encoded): Promise<{ width: number; data: Buffer; w: number; h: number }[]> {
  const out: { width: number; data: Buffer; w: number; h: number }[] = [];
  let source = shared.data;
  for (const width of [...SIZES].reverse()) {
    const { data, info } = await sharp(source)
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    out.unshift({ width, data, w: info.width, h: info.height });
    source = data;
  }
  return out;
}

/** A JPEG of a picture for networks that take nothing else (sRGB, no metadata: sharp writes none unless asked). */
export async function asJpeg(picture: Buffer): Promise<Buffer> {
  return sharp(picture).flatten({ background: '#ffffff' }).jpeg({ quality: 88, mozjpeg: true }).toBuffer();
}
