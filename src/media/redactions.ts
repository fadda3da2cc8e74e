import type { Box } from './analysis/index.ts';

// What the uploader hid in a picture, as pure geometry: the pixel work is in pictures.ts.

/**
 * A box the uploader (or the automatic de-identification) hid: faces are blurred, text and codes covered;
 * or the part of the picture to keep (`crop`: everything outside it is gone from what others see).
 */
export interface Redaction {
  box: Box;
  style: 'blur' | 'cover' | 'crop';
}

const FAR = 1e7;
/** What the redactions hide, as boxes: blurred and covered boxes, and the four strips around a crop. */
export function hiddenAreas(redactions: readonly Redaction[]): Box[] {
  const out: Box[] = [];
  for (const r of redactions) {
    if (r.style !== 'crop') {
      out.push(r.box);
      continue;
    }
    const b = r.box;
    out.push(
      { x: -FAR, y: -FAR, w: 3 * FAR, h: b.y + FAR },
      { x: -FAR, y: b.y + b.h, w: 3 * FAR, h: FAR },
      { x: -FAR, y: b.y, w: b.x + FAR, h: b.h },
      { x: b.x + b.w, y: b.y, w: FAR, h: b.h },
    );
  }
  return out;
}

/** A box kept inside the picture (whole pixels), or null when nothing of it is inside. */
export function clip(b: Box, width: number, height: number): Box | null {
  const x = Math.max(0, Math.min(width - 1, Math.round(b.x)));
  const y = Math.max(0, Math.min(height - 1, Math.round(b.y)));
  const w = Math.min(width - x, Math.round(b.w));
  const h = Math.min(height - y, Math.round(b.h));
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}
