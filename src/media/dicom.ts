import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { AppError } from '../shared/errors.ts';
import type { Encoded } from './pictures.ts';

/**
 * DICOM images shared in case consults. The header's identifying attributes are removed as the DICOM
 * de-identification basic profile lists them (PS3.15 Annex E, as dcmjs implements it: names, ids, dates,
 * institutions, physicians, UIDs replaced); the pixels are rendered to a PNG, which then goes through the
 * same check as any picture (burned-in annotations are text the OCR reads and the uploader hides).
 */
const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
dcmjs.log.setLevel('error');

/** Uncompressed transfer syntaxes: implicit and explicit VR little endian, explicit big endian. */
const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

interface Image {
  width: number;
  height: number;
  bits: number;
  signed: boolean;
  samples: number;
  photometric: string;
  pixels: ArrayBuffer;
  center?: number;
  window?: number;
  slope: number;
  intercept: number;
}

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const text = (v: unknown, fallback: string): string => {
  const f = first(v);
  return typeof f === 'string' ? f : fallback;
};
const num = (v: unknown): number | undefined => {
  const n = Number(first(v));
  return Number.isFinite(n) ? n : undefined;
};

function parse(buffer: Buffer) {
  try {
    return DicomMessage.readFile(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  } catch {
    throw new AppError('media_damaged', 'The DICOM file could not be read: it is damaged or not a DICOM Part 10 file.');
  }
}

function imageOf(buffer: Buffer, maxPixels: number): Image {
  const file = parse(buffer);
  const syntax = text(file.meta['00020010']?.Value, '');
  if (!UNCOMPRESSED.has(syntax))
    throw new AppError(
      'media_refused',
      'This DICOM file is compressed, which cannot be read here: export it uncompressed (or as PNG) from the viewer.',
    );
  const d = DicomMetaDictionary.naturalizeDataset(file.dict);
  const width = num(d.Columns) ?? 0;
  const height = num(d.Rows) ?? 0;
  const pixels = first(d.PixelData);
  if (!width || !height || !(pixels instanceof ArrayBuffer)) throw new AppError('media_damaged', 'The DICOM file has no image in it.');
  if (width * height > maxPixels)
    throw new AppError(
      'media_too_many_pixels',
      `The DICOM image is ${width}×${height} pixels; at most ${Math.floor(maxPixels / 1e6)} megapixels are accepted.`,
    );
  const bits = num(d.BitsAllocated) ?? 16;
  const samples = num(d.SamplesPerPixel) ?? 1;
  if (![8, 16].includes(bits) || ![1, 3].includes(samples))
    throw new AppError('media_refused', 'This DICOM image uses a pixel format that cannot be shown here.');
  if (pixels.byteLength < width * height * samples * (bits / 8)) throw new AppError('media_damaged', 'The DICOM image is truncated.');
  return {
    width,
    height,
    bits,
    samples,
    signed: num(d.PixelRepresentation) === 1,
    photometric: text(d.PhotometricInterpretation, 'MONOCHROME2'),
    pixels,
    center: num(d.WindowCenter),
    window: num(d.WindowWidth),
    slope: num(d.RescaleSlope) ?? 1,
    intercept: num(d.RescaleIntercept) ?? 0,
  };
}

/** Checks an uploaded DICOM file (readable, uncompressed, an image within the pixel limit) and returns its size. */
export function inspectDicom(buffer: Buffer, maxPixels: number): { width: number; height: number } {
  const { width, height } = imageOf(buffer, maxPixels);
  return { width, height };
}

/** The first frame as an 8-bit PNG: the stored window (or the pixels' own range), MONOCHROME1 inverted. */
export async function renderDicom(buffer: Buffer, maxPixels: number): Promise<Encoded> {
  const img = imageOf(buffer, maxPixels);
  const count = img.width * img.height * img.samples;
  if (img.samples === 3 && img.bits === 8) {
    const data = await sharp(Buffer.from(img.pixels, 0, count), { raw: { width: img.width, height: img.height, channels: 3 } })
      .png()
      .toBuffer();
    return { data, type: 'image/png', width: img.width, height: img.height };
  }
  const source =
    img.bits === 8
      ? new Uint8Array(img.pixels, 0, count)
      : img.signed
        ? new Int16Array(img.pixels, 0, count)
        : new Uint16Array(img.pixels, 0, count);
  const values = Float64Array.from(source, (v) => v * img.slope + img.intercept);
  let low: number;
  let high: number;
  if (img.center !== undefined && img.window && img.window > 1) {
    low = img.center - img.window / 2;
    high = img.center + img.window / 2;
  } else {
    low = Infinity;
    high = -Infinity;
    for (const v of values) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  const span = Math.max(1, high - low);
  const out = new Uint8Array(values.length);
  const invert = img.photometric === 'MONOCHROME1';
  for (let i = 0; i < values.length; i++) {
    const g = Math.round((Math.min(high, Math.max(low, values[i])) - low) * (255 / span));
    out[i] = invert ? 255 - g : g;
  }
  const channels = img.samples as 1 | 3;
  const data = await sharp(Buffer.from(out.buffer), { raw: { width: img.width, height: img.height, channels } })
    .png()
    .toBuffer();
  return { data, type: 'image/png', width: img.width, height: img.height };
}

/** The file with the basic profile's attributes removed or replaced (its pixels unchanged: see the rendered copy). */
export function deidentifyDicom(buffer: Buffer): Buffer {
  const file = parse(buffer);
  dcmjs.anonymizer.cleanTags(file.dict);
  return Buffer.from(file.write());
}
