import { parentPort } from 'node:worker_threads';
import { findCodes, findFaces } from './detectors.ts';

/** The analysis worker: one picture at a time, faces and barcodes found off the server's event loop. */
export interface DetectRequest {
  id: number;
  rgba: Uint8Array;
  width: number;
  height: number;
}

function rgbOf(rgba: Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}

parentPort?.on('message', async (req: DetectRequest) => {
  try {
    const faces = await findFaces(rgbOf(req.rgba), req.width, req.height);
    const codes = await findCodes(req.rgba, req.width, req.height);
    parentPort?.postMessage({ id: req.id, faces, codes });
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.name : 'error' });
  }
});
