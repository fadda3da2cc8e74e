import { area, intersection, union, type Box } from './geometry.ts';

/** One word read from the picture, with where it sits in the text the words make. */
export interface PictureWord {
  start: number;
  end: number;
  box: Box;
}

/** What the pixels showed: text (as one string, lines separated by newlines), faces and machine-readable codes. */
export interface PictureEvidence {
  text: string;
  words: PictureWord[];
  faces: { box: Box; score: number }[];
  codes: { format: string; text: string; box: Box }[];
  /** How the picture was read, for the record (engine versions, the size analysed). */
  analysedWidth: number;
  analysedHeight: number;
}

/**
 * What several frames of a video showed, as one picture's evidence: each frame's text once (a frame
 * repeating the one before adds nothing), every word kept with its box; a face or a code seen in several
 * frames where it overlaps is one box covering everywhere it was (so hiding it hides it in every frame).
 */
export function mergeEvidence(frames: readonly PictureEvidence[]): PictureEvidence {
  const texts: string[] = [];
  const words: PictureWord[] = [];
  let offset = 0;
  for (const f of frames) {
    if (!f.text.trim() || texts.includes(f.text)) continue;
    if (texts.length) offset += 2; // the blank line between frames
    words.push(...f.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset })));
    texts.push(f.text);
    offset += f.text.length;
  }
  const faces: PictureEvidence['faces'] = [];
  for (const face of frames.flatMap((f) => f.faces)) {
    const same = faces.find((g) => intersection(g.box, face.box) > 0.3 * Math.min(area(g.box), area(face.box)));
    if (same) Object.assign(same, { box: union([same.box, face.box]), score: Math.max(same.score, face.score) });
    else faces.push({ ...face });
  }
  const codes: PictureEvidence['codes'] = [];
  for (const code of frames.flatMap((f) => f.codes)) {
    const same = codes.find((c) => c.text === code.text && c.format === code.format);
    if (same) same.box = union([same.box, code.box]);
    else codes.push({ ...code });
  }
  return {
    text: texts.join('\n\n'),
    words,
    faces,
    codes,
    analysedWidth: frames[0]?.analysedWidth ?? 0,
    analysedHeight: frames[0]?.analysedHeight ?? 0,
  };
}
