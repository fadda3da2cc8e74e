/**
 * What a file is, read from its first bytes (never from its name or the type the client claims). Kinds
 * Harborline refuses are recognised too, so the refusal can say why.
 */
export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/webp'
  | 'image/gif'
  | 'image/avif'
  | 'image/heic'
  | 'image/tiff'
  | 'image/svg+xml'
  | 'video/mp4'
  | 'video/quicktime'
  | 'video/webm'
  | 'application/dicom'
  | 'application/pdf';

const ascii = (b: Uint8Array, at: number, text: string) => {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const bytes = (b: Uint8Array, at: number, seq: number[]) => seq.every((v, i) => b[at + i] === v);

/** ISO base media file brands (the `ftyp` box): HEIF/AVIF stills and MP4/QuickTime video share the container. */
function isoBrand(b: Uint8Array): SniffedType | null {
  if (!ascii(b, 4, 'ftyp')) return null;
  const brand = String.fromCharCode(...b.subarray(8, 12));
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  if (brand === 'qt  ') return 'video/quicktime';
  return 'video/mp4';
}

export function sniffType(head: Uint8Array): SniffedType | null {
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'image/webp';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (bytes(head, 0, [0x49, 0x49, 0x2a, 0x00]) || bytes(head, 0, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  const iso = isoBrand(head);
  if (iso) return iso;
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (ascii(head, 128, 'DICM')) return 'application/dicom';
  if (ascii(head, 0, '%PDF-')) return 'application/pdf';
  // SVG is text: an XML prolog or an <svg element near the start (after a BOM, whitespace or comments).
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return 'image/svg+xml';
  return null;
}

/** Types whose pixels Harborline re-encodes and screens. */
export const STILL_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff'] as const;
export type StillImageType = (typeof STILL_IMAGE_TYPES)[number];
export const isStillImage = (t: SniffedType | null): t is StillImageType => (STILL_IMAGE_TYPES as readonly string[]).includes(t ?? '');

/** Types Harborline accepts: still images, and DICOM images (de-identified and rendered). */
export type AcceptedType = StillImageType | 'application/dicom';
export const isAccepted = (t: SniffedType | null): t is AcceptedType => isStillImage(t) || t === 'application/dicom';

/** Video kinds, accepted where the server has ffmpeg to re-encode them. */
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;
export const isVideo = (t: SniffedType | null): t is (typeof VIDEO_TYPES)[number] => (VIDEO_TYPES as readonly string[]).includes(t ?? '');

/** Why a recognised but refused kind is refused, in words the uploader can act on. */
export function refusalFor(t: SniffedType | null): string | null {
  switch (t) {
    case null:
      return 'This file is not an image Harborline accepts (JPEG, PNG, WebP, GIF, AVIF, TIFF or DICOM); its content was checked, not its name.';
    case 'image/svg+xml':
      return 'SVG images are not accepted: they can carry scripts. Export the picture as PNG and upload that.';
    case 'image/heic':
      return 'HEIC photos cannot be read on this server. Choose "Most compatible" (JPEG) in the camera settings, or export the photo as JPEG.';
    case 'video/mp4':
    case 'video/quicktime':
    case 'video/webm':
      return 'Video is not accepted on this server (removing the location and device details a video carries needs ffmpeg, and it is not available here). Share a still picture instead.';
    case 'application/pdf':
      return 'PDF documents are not accepted as pictures. Upload a PNG or JPEG image instead.';
    default:
      return null;
  }
}
