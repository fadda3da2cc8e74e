import { parentPort } from 'node:worker_threads';
import { findCodes, findFaces } from './detectors.ts';

/** The analysis worker: one picture at a time, faces and barcodes found off the server's event loop. */
export interface DetectRequest {
  id: number;
  /** The picture as read for codes (RGBA). */
  codes: { rgba: Uint8Array; width: number; height: number };
  /** The picture shrunk for the face detector (RGB). */
  faces: { rgb: Uint8Array; width: number; height: number };
}

parentPort?.on('message', async (req: DetectRequest) => {
  try {
    const faces = await findFaces(req.faces.rgb, req.faces.width, req.faces.height);
    const codes = await findCodes(req.codes.rgba, req.codes.width, req.codes.height);
    parentPort?.postMessage({ id: req.id, faces, codes });
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.name : 'error' });
  }
});
