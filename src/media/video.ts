import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../shared/errors.ts';
import { clip, type Redaction } from './redactions.ts';

const run = promisify(execFile);

/**
 * Video through Debian's ffmpeg (installed by the bootstrap; without it video is refused with the reason).
 * Every video is re-encoded (H.264 and AAC in MP4, at most 1920 pixels on its long side, upright): what the
 * camera wrote (location, device, dates, chapters, subtitles, data tracks) does not survive, nor anything
 * hidden after the streams. Frames are read like pictures (text, faces, codes), and hidden boxes are hidden
 * in every frame.
 */
let available: boolean | undefined;
export function videoSupported(): boolean {
  available ??=
    spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0;
  return available;
}

/** The long side of what others see, and of the frames read for identifiers. */
const LONG_SIDE = 1920;
/** Frames read per video: one every few seconds, at most this many. */
const MAX_FRAMES = 8;
const SECONDS_PER_FRAME = 4;

export interface VideoFacts {
  width: number;
  height: number;
  durationMs: number;
}

/** Reads a video's first video stream with ffprobe: its size as shown (rotation applied) and its length. */
export async function inspectVideo(file: string, limits: { maxPixels: number; maxSeconds: number }): Promise<VideoFacts> {
  let probe: { streams?: Record<string, unknown>[]; format?: { duration?: string } };
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], {
      maxBuffer: 4 * 1024 * 1024,
      timeout: 30_000,
    });
    probe = JSON.parse(stdout) as typeof probe;
  } catch {
    throw new AppError('media_damaged', 'This video cannot be read: the file is damaged or incomplete.');
  }
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  const width = Number(video?.width);
  const height = Number(video?.height);
  const seconds = Number(probe.format?.duration ?? video?.duration);
  if (!video || !(width > 0) || !(height > 0)) throw new AppError('media_damaged', 'This file has no picture track that can be read.');
  if (!(seconds > 0)) throw new AppError('media_damaged', 'This video has no length that can be read: it may be incomplete.');
  if (width * height > limits.maxPixels)
    throw new AppError(
      'media_too_many_pixels',
      `This video is ${width}×${height}; the most accepted is ${limits.maxPixels} pixels a frame.`,
    );
  if (seconds > limits.maxSeconds)
    throw new AppError(
      'media_refused',
      `Videos can be up to ${Math.round(limits.maxSeconds / 60)} minutes long; this one lasts ${Math.ceil(seconds / 60)}. Trim it and upload it again.`,
    );
  const rotation = Math.abs(Number(rotationOf(video))) % 180 === 90;
  return { width: rotation ? height : width, height: rotation ? width : height, durationMs: Math.round(seconds * 1000) };
}

function rotationOf(stream: Record<string, unknown>): number {
  const side = (stream.side_data_list as { rotation?: number }[] | undefined)?.find((d) => typeof d.rotation === 'number');
  return side?.rotation ?? Number((stream.tags as { rotate?: string } | undefined)?.rotate ?? 0);
}

/** The filter that scales to at most LONG_SIDE on the long side, to even dimensions (H.264 needs them). */
const SCALE = `scale='trunc(min(1,${LONG_SIDE}/max(iw,ih))*iw/2)*2':'trunc(min(1,${LONG_SIDE}/max(iw,ih))*ih/2)*2'`;

/**
 * The filter graph hiding what the uploader chose in every frame: covered boxes black, blurred ones
 * pixelated, then the crop. Boxes are in the clean video's pixels.
 */
export function redactionFilter(redactions: readonly Redaction[], width: number, height: number): string {
  const steps: string[] = [];
  let label = '0:v';
  let n = 0;
  const next = () => `v${++n}`;
  for (const r of redactions) {
    if (r.style === 'crop') continue;
    const b = clip(r.box, width, height);
    if (!b) continue;
    const out = next();
    if (r.style === 'cover') steps.push(`[${label}]drawbox=x=${b.x}:y=${b.y}:w=${b.w}:h=${b.h}:color=0x111111:t=fill[${out}]`);
    else {
      const block = Math.max(2, Math.round(Math.max(b.w, b.h) / 12));
      const [base, part, hidden] = [next(), next(), next()];
      steps.push(
        `[${label}]split[${base}][${part}]`,
        `[${part}]crop=${b.w}:${b.h}:${b.x}:${b.y},scale=${Math.max(1, Math.round(b.w / block))}:${Math.max(1, Math.round(b.h / block))},scale=${b.w}:${b.h}:flags=neighbor[${hidden}]`,
        `[${base}][${hidden}]overlay=${b.x}:${b.y}[${out}]`,
      );
    }
    label = out;
  }
  const crop = redactions.findLast((r) => r.style === 'crop');
  const area = crop ? clip(crop.box, width, height) : null;
  // Even sizes for the encoder after a crop.
  const last = `[${label}]${area ? `crop=${area.w - (area.w % 2) || 2}:${area.h - (area.h % 2) || 2}:${area.x}:${area.y},` : ''}null[out]`;
  return [...steps, last].join(';');
}

/**
 * Re-encodes a video without its metadata: upright, scaled, H.264/AAC in MP4 with the index first (it plays
 * while loading). With redactions, they are burnt into every frame.
 */
export async function encodeVideo(
  input: string,
  output: string,
  redactions: readonly Redaction[] = [],
  size?: { width: number; height: number },
) {
  const graph = redactions.length && size ? redactionFilter(redactions, size.width, size.height) : `[0:v]${SCALE}[out]`;
  try {
    await run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-y',
        '-nostdin',
        '-i',
        input,
        '-filter_complex',
        graph,
        '-map',
        '[out]',
        '-map',
        '0:a:0?',
        '-map_metadata',
        '-1',
        '-map_chapters',
        '-1',
        '-sn',
        '-dn',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        '-threads',
        '2',
        '-c:a',
        'aac',
        '-b:a',
        '128k',
        '-ac',
        '2',
        '-fflags',
        '+bitexact',
        '-flags:v',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        output,
      ],
      { timeout: 15 * 60_000, maxBuffer: 1024 * 1024 },
    );
  } catch {
    throw new AppError('media_damaged', 'This video could not be converted: the file is damaged or uses a format that cannot be read.');
  }
}

/** The times (seconds) of the frames read for identifiers: spread over the video, one every few seconds. */
export function frameTimes(durationMs: number): number[] {
  const seconds = durationMs / 1000;
  const n = Math.max(1, Math.min(MAX_FRAMES, Math.ceil(seconds / SECONDS_PER_FRAME)));
  return Array.from({ length: n }, (_, i) => Math.round(((i + 0.5) * seconds * 1000) / n) / 1000);
}

/** One frame of an (already cleaned) video as PNG. */
export async function frameAt(file: string, seconds: number): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  if (!stdout.length) throw new AppError('media_damaged', 'A frame of this video could not be read.');
  return stdout;
}
