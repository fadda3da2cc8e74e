import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { Box } from './geometry.ts';

/**
 * Faces and barcodes, on WebAssembly: the face detector's weights ship inside @vladmandic/face-api and the
 * barcode reader inside zxing-wasm, both loaded from node_modules (nothing is downloaded). CPU-bound, so
 * this runs in the analysis worker thread, never on the server's event loop.
 */
const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

let ready: Promise<void> | undefined;
export function loadDetectors(): Promise<void> {
  ready ??= (async () => {
    const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
    await tf.setBackend('wasm');
    await tf.ready();
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(path.join(packageDir('@vladmandic/face-api'), 'model'));
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
  })();
  return ready;
}

/** Faces at or above this score count (the detector's own scale, 0–1); chosen on the labelled set in test/fixtures/media. */
export const FACE_MIN_SCORE = 0.35;

export async function findFaces(rgb: Uint8Array, width: number, height: number): Promise<{ box: Box; score: number }[]> {
  await loadDetectors();
  const input = faceapi.tf.tensor3d(rgb, [height, width, 3], 'int32');
  try {
    const found = await faceapi.detectAllFaces(
      input,
      new faceapi.SsdMobilenetv1Options({ minConfidence: FACE_MIN_SCORE, maxResults: 100 }),
    );
    return found.map((f) => ({ box: { x: f.box.x, y: f.box.y, w: f.box.width, h: f.box.height }, score: f.score }));
  } finally {
    input.dispose();
  }
}

export async function findCodes(rgba: Uint8Array, width: number, height: number): Promise<{ format: string; text: string; box: Box }[]> {
  await loadDetectors();
  const data = new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength);
  const found = await readBarcodes({ data, width, height, colorSpace: 'srgb' }, { tryHarder: true, maxNumberOfSymbols: 20 });
  return found
    .filter((c) => c.isValid && c.text)
    .map((c) => {
      const xs = [c.position.topLeft.x, c.position.topRight.x, c.position.bottomLeft.x, c.position.bottomRight.x];
      const ys = [c.position.topLeft.y, c.position.topRight.y, c.position.bottomLeft.y, c.position.bottomRight.y];
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      // A linear barcode's position is a line across it: give it some height.
      const h = Math.max(Math.max(...ys) - y, 12);
      return { format: c.format, text: c.text, box: { x, y: y - (h === 12 ? 6 : 0), w: Math.max(...xs) - x, h } };
    });
}
