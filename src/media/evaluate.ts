import sharp from 'sharp';
import { detectPhi, type Category } from '../phi/index.ts';
import { analysePicture } from './analysis/index.ts';
import { pictureFindings } from './findings.ts';

/** One labelled picture: faces counted by hand, identifier categories legible in it, barcodes it carries. */
export interface LabelledPicture {
  name: string;
  data: Buffer;
  faces: number;
  identifiers: Category[];
  codes: number;
}

export interface PictureScore {
  name: string;
  faces: { labelled: number; found: number };
  identifiers: { labelled: Category[]; found: Category[]; missed: Category[]; extra: Category[] };
  codes: { labelled: number; found: number };
  ms: number;
}

/** Runs the picture check (without an organization's context) over a labelled set and scores each picture. */
export async function evaluatePictures(
  set: readonly LabelledPicture[],
): Promise<{ pictures: PictureScore[]; totals: Record<string, number> }> {
  const pictures: PictureScore[] = [];
  for (const p of set) {
    const started = performance.now();
    const meta = await sharp(p.data).metadata();
    const evidence = await analysePicture(p.data, meta.width ?? 0, meta.height ?? 0);
    const ms = performance.now() - started;
    const findings = pictureFindings(evidence, [], (text) => detectPhi(text));
    const found = [...new Set(findings.filter((f) => f.kind !== 'face').flatMap((f) => f.categories))];
    pictures.push({
      name: p.name,
      faces: { labelled: p.faces, found: evidence.faces.length },
      identifiers: {
        labelled: p.identifiers,
        found,
        missed: p.identifiers.filter((c) => !found.includes(c)),
        extra: found.filter((c) => !p.identifiers.includes(c)),
      },
      codes: { labelled: p.codes, found: evidence.codes.length },
      ms: Math.round(ms),
    });
  }
  const sum = (f: (s: PictureScore) => number) => pictures.reduce((a, s) => a + f(s), 0);
  return {
    pictures,
    totals: {
      facesLabelled: sum((s) => s.faces.labelled),
      facesFound: sum((s) => Math.min(s.faces.found, s.faces.labelled)),
      facesExtra: sum((s) => Math.max(0, s.faces.found - s.faces.labelled)),
      identifiersLabelled: sum((s) => s.identifiers.labelled.length),
      identifiersFound: sum((s) => s.identifiers.labelled.length - s.identifiers.missed.length),
      identifiersExtra: sum((s) => s.identifiers.extra.length),
      codesLabelled: sum((s) => s.codes.labelled),
      codesFound: sum((s) => Math.min(s.codes.found, s.codes.labelled)),
    },
  };
}
