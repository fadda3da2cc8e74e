import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { PictureEvidence } from './evidence.ts';
import { fit, type Box } from './geometry.ts';
import { readText, stopOcr } from './ocr.ts';
import type { DetectRequest } from './worker.ts';

export { mergeEvidence, type PictureEvidence, type PictureWord } from './evidence.ts';
export { area, isCovered, union, type Box } from './geometry.ts';

/** Pictures are read at most this many pixels on their long side: enough for a wristband's print, bounded in time. */
export const ANALYSIS_LONG_SIDE = 2048;
/**
 * Faces are looked for at this size: the detector (SSD MobileNet) sees its input at 512 pixels whatever it
 * is given, so a larger picture only costs the time to shrink it inside the network.
 */
const FACE_LONG_SIDE = 640;

type Detected = Pick<PictureEvidence, 'faces' | 'codes'>;

/** The analysis worker thread: one at a time, restarted if it dies. */
class DetectorThread {
  private worker: Worker | undefined;
  private next = 1;
  private readonly waiting = new Map<number, { resolve(d: Detected): void; reject(e: Error): void }>();

  private start(): Worker {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { module: new URL('./worker.ts', import.meta.url).href },
    });
    worker.unref();
    worker.on('message', (m: { id: number; error?: string } & Detected) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(`picture analysis failed (${m.error})`));
      else w?.resolve({ faces: m.faces, codes: m.codes });
    });
    const fail = () => {
      this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(new Error('picture analysis stopped'));
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  detect(codes: DetectRequest['codes'], faces: DetectRequest['faces']): Promise<Detected> {
    this.worker ??= this.start();
    const id = this.next++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, codes, faces } satisfies DetectRequest, [codes.rgba.buffer as ArrayBuffer, faces.rgb.buffer as ArrayBuffer]);
    });
  }

  async stop() {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

const detector = new DetectorThread();

/**
 * Reads a cleaned picture: its text (OCR) and the faces and barcodes in it, in the picture's own pixel
 * coordinates. The CPU work happens in worker threads; the caller runs one picture at a time.
 */
export async function analysePicture(clean: Buffer, width: number, height: number): Promise<PictureEvidence> {
  const scale = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(width, height));
  const aw = Math.max(1, Math.round(width * scale));
  const ah = Math.max(1, Math.round(height * scale));
  // The picture is decoded once, at the size read; the text, code and face inputs are made from that.
  const raw = { width: aw, height: ah, channels: 3 as const };
  const rgb = await sharp(clean).resize(aw, ah, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const faceScale = Math.min(1, FACE_LONG_SIDE / Math.max(aw, ah));
  const fw = Math.max(1, Math.round(aw * faceScale));
  const fh = Math.max(1, Math.round(ah * faceScale));
  const [rgba, gray, faceRgb] = await Promise.all([
    sharp(rgb, { raw }).ensureAlpha().raw().toBuffer(),
    sharp(rgb, { raw }).grayscale().png({ compressionLevel: 1 }).toBuffer(),
    sharp(rgb, { raw }).resize(fw, fh, { fit: 'fill' }).raw().toBuffer(),
  ]);
  const [read, found] = await Promise.all([
    readText(gray),
    detector.detect({ rgba: new Uint8Array(rgba), width: aw, height: ah }, { rgb: new Uint8Array(faceRgb), width: fw, height: fh }),
  ]);
  const back = (b: Box, margin: number, s = scale) => fit(b, 1 / s, margin, width, height);
  return {
    text: read.text,
    words: read.words.map((w) => ({ ...w, box: back(w.box, 0.08) })),
    faces: found.faces.map((f) => ({ score: Math.round(f.score * 1000) / 1000, box: back(f.box, 0.15, scale * faceScale) })),
    codes: found.codes.map((c) => ({ ...c, box: back(c.box, 0.1) })),
    analysedWidth: aw,
    analysedHeight: ah,
  };
}

export async function stopAnalysis(): Promise<void> {
  await Promise.all([detector.stop(), stopOcr()]);
}
