import type { Category, Finding } from '../phi/index.ts';
import { isCovered, union, type Box, type PictureEvidence } from './analysis/index.ts';
import { hiddenAreas, type Redaction } from './redactions.ts';

/** Something in a picture that identifies someone, where it is, and whether the uploader hid it. */
export interface PictureFinding {
  kind: 'face' | 'text' | 'code';
  box: Box;
  categories: Category[];
  hidden: boolean;
}

const URL_LIKE = /^(https?:\/\/|www\.)\S+$/i;
/** A barcode or QR code carries an identifier (a wristband's MRN) unless it is only a web address. */
export const codeCategory = (text: string): Category => (URL_LIKE.test(text.trim()) ? 'SH14_URL' : 'SH18_OTHER_ID');

/** The boxes of the words a text finding spans, one box per line it runs over. */
export function boxesOf(evidence: PictureEvidence, start: number, end: number): Box[] {
  const byLine = new Map<number, Box[]>();
  for (const w of evidence.words) {
    if (w.end <= start || w.start >= end) continue;
    let line = 0;
    for (let i = 0; i < w.start; i++) if (evidence.text.charCodeAt(i) === 10) line++;
    byLine.set(line, [...(byLine.get(line) ?? []), w.box]);
  }
  return [...byLine.values()].map(union);
}

/**
 * Every finding in a picture, with boxes: faces; text findings (as the caller's scan reads the picture's
 * text, in the organization's context — findings about the organization, its staff or public figures are
 * left out); codes, with what their content says. Text is read twice: whole, for what is already hidden,
 * and as it stays visible, for what is left (hiding a surname can leave a first name that now reads as one).
 */
export function pictureFindings(
  evidence: PictureEvidence,
  redactions: readonly Redaction[],
  scan: (text: string) => Finding[],
): PictureFinding[] {
  const covers = hiddenAreas(redactions);
  const out: PictureFinding[] = evidence.faces.map((f) => ({
    kind: 'face',
    box: f.box,
    categories: ['SH17_PHOTO'],
    hidden: isCovered(f.box, covers),
  }));
  const about = (f: Finding) => f.subject !== 'organization' && f.subject !== 'staff' && f.subject !== 'public';
  const texts = (text: string) =>
    scan(text)
      .filter(about)
      .flatMap((f) => boxesOf(evidence, f.start, f.end).map((box) => ({ box, category: f.category })));
  if (covers.length)
    for (const t of texts(evidence.text))
      if (isCovered(t.box, covers)) out.push({ kind: 'text', box: t.box, categories: [t.category], hidden: true });
  for (const t of texts(visibleText(evidence, covers)))
    if (!isCovered(t.box, covers)) out.push({ kind: 'text', box: t.box, categories: [t.category], hidden: false });
  for (const c of evidence.codes) {
    const inside = new Set<Category>([codeCategory(c.text), ...scan(c.text).map((f) => f.category)]);
    out.push({ kind: 'code', box: c.box, categories: [...inside], hidden: isCovered(c.box, covers) });
  }
  return out;
}

/** The picture's text with hidden words blanked (offsets kept, so boxes still line up). */
function visibleText(evidence: PictureEvidence, covers: readonly Box[]): string {
  if (!covers.length) return evidence.text;
  const blank = new Set<number>();
  for (const w of evidence.words) if (isCovered(w.box, covers)) for (let i = w.start; i < w.end; i++) blank.add(i);
  return evidence.text
    .split('')
    .map((ch, i) => (blank.has(i) ? ' ' : ch))
    .join('');
}

/** What the guard reads of a picture: its visible text (hidden words blanked, offsets kept), its visible faces and codes. */
export interface PictureForGuard {
  label: string;
  text: string;
  altText: string;
  faces: number;
  codes: string[];
  /** The picture shows its author (a profile photo): one of its faces is theirs. */
  portrait: boolean;
}

export function pictureForGuard(
  label: string,
  evidence: PictureEvidence,
  redactions: readonly Redaction[],
  altText: string,
  portrait = false,
): PictureForGuard {
  const covers = hiddenAreas(redactions);
  return {
    label,
    text: visibleText(evidence, covers),
    altText,
    faces: evidence.faces.filter((f) => !isCovered(f.box, covers)).length,
    codes: evidence.codes.filter((c) => !isCovered(c.box, covers)).map((c) => c.text),
    portrait,
  };
}

/** The boxes that hide everything found: faces blurred, text and codes covered. */
export function redactAll(findings: readonly PictureFinding[]): Redaction[] {
  return findings.filter((f) => !f.hidden).map((f) => ({ box: f.box, style: f.kind === 'face' ? 'blur' : 'cover' }));
}
