/** A rectangle in pixels of the cleaned picture (top-left origin). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const area = (b: Box) => Math.max(0, b.w) * Math.max(0, b.h);

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether redaction boxes hide most of a box (80% of its area under one of them or under all of them together). */
export function isCovered(b: Box, covers: readonly Box[]): boolean {
  const total = area(b);
  if (total === 0) return true;
  let hidden = 0;
  for (const c of covers) {
    const i = intersection(b, c);
    if (i >= 0.8 * total) return true;
    hidden += i;
  }
  return hidden >= 0.95 * total;
}

export function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: r - x, h: bottom - y };
}

/** Scaled, grown by a margin (a face's hair and chin, a word's ascenders) and kept inside the picture. */
export function fit(b: Box, scale: number, margin: number, width: number, height: number): Box {
  const mx = b.w * scale * margin;
  const my = b.h * scale * margin;
  const x = Math.max(0, Math.floor(b.x * scale - mx));
  const y = Math.max(0, Math.floor(b.y * scale - my));
  const r = Math.min(width, Math.ceil((b.x + b.w) * scale + mx));
  const bottom = Math.min(height, Math.ceil((b.y + b.h) * scale + my));
  return { x, y, w: Math.max(1, r - x), h: Math.max(1, bottom - y) };
}
