import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { PictureWord } from './evidence.ts';

/**
 * Text in pictures (whiteboards, wristbands, screens, letters) with Tesseract's LSTM engine compiled to
 * WebAssembly (tesseract.js runs it in a worker thread of its own). English and Spanish trained data come
 * from the @tesseract.js-data npm packages and are handed over as bytes, so nothing is ever fetched.
 */
const require = createRequire(import.meta.url);
const LANGUAGES = ['eng', 'spa'] as const;
const trainedData = (code: string) =>
  path.join(path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), '4.0.0_best_int', `${code}.traineddata.gz`);

/**
 * tesseract.js reads every language from one folder (and its Lang-object form is broken in v7): a private
 * temporary folder of links to the packaged files serves as that folder.
 */
function languageFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harborline-ocr-'));
  for (const code of LANGUAGES) fs.symlinkSync(trainedData(code), path.join(dir, `${code}.traineddata.gz`));
  return dir;
}

let engine: Promise<Worker> | undefined;
function ocrEngine(): Promise<Worker> {
  engine ??= (async () => {
    const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, {
      langPath: languageFolder(),
      gzip: true,
      cacheMethod: 'none',
      logger: () => undefined,
      errorHandler: () => undefined,
    });
    // Sparse text: photos hold scattered labels, not a page of prose.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT });
    return worker;
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

/**
 * Words below this confidence (0–100) are noise in a photo (hair, wood grain and fabric read as "Mit." or
 * "lll"); legible print scores above 90 on the labelled set, noise mostly below 70.
 */
const MIN_WORD_CONFIDENCE = 70;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The words of a picture (PNG or JPEG bytes) with their boxes, and the text they make (one line per line). */
export async function readText(image: Buffer): Promise<{ text: string; words: PictureWord[] }> {
  const worker = await ocrEngine();
  const { data } = await worker.recognize(image, {}, { blocks: true, text: false });
  let text = '';
  const words: PictureWord[] = [];
  for (const block of data.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const kept = line.words.filter((w) => w.confidence >= MIN_WORD_CONFIDENCE && HAS_LETTER_OR_DIGIT.test(w.text));
        if (!kept.length) continue;
        if (text) text += '\n';
        kept.forEach((w, i) => {
          if (i) text += ' ';
          const start = text.length;
          text += w.text.trim();
          words.push({ start, end: text.length, box: { x: w.bbox.x0, y: w.bbox.y0, w: w.bbox.x1 - w.bbox.x0, h: w.bbox.y1 - w.bbox.y0 } });
        });
      }
  return { text, words };
}

export async function stopOcr(): Promise<void> {
  const running = engine;
  engine = undefined;
  if (running) await (await running).terminate();
}
