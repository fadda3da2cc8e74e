import type { Box } from './geometry.ts';

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
