import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { api, ApiError, uploadFile, type Res } from '../api/client.ts';
import type { DESTINATIONS, VERDICTS } from '../api/enums.gen.ts';
import { msg, t } from '../i18n/index.ts';

type Destination = (typeof DESTINATIONS)[number];
type Media = Res<'GET /api/media/{id}'>['media'];
type Check = Res<'GET /api/media/{id}/check'>;
type Box = { x: number; y: number; w: number; h: number };
export type AttachedPicture = Res<'GET /api/posts/{id}'>['post']['pictures'][number];

export interface Picture {
  /** A local key until the server gives an id. */
  key: string;
  id: string | null;
  name: string;
  phase: 'uploading' | 'checking' | 'ready' | 'failed';
  progress: number;
  stage: string;
  media: Media | null;
  check: Check | null;
  error: string | null;
}

const STAGES: Record<string, string> = {
  queued: msg('Waiting to be checked…'),
  cleaning: msg('Removing location and camera details (a video is converted, which takes a little longer)…'),
  reading: msg('Looking for faces, text and barcodes…'),
  finishing: msg('Making the sizes people will see…'),
};

const VERDICT_TEXT: Record<(typeof VERDICTS)[number], string> = {
  allow: msg('Nothing here identifies anyone at this destination.'),
  warn: msg('This picture may identify someone: you will be asked to confirm.'),
  needs_consent: msg(
    'This picture shows people or details that need their consent here: hide them, or attach a consent that covers photos.',
  ),
  block: msg('This picture shows identifiers that cannot be shared here: hide them before posting.'),
};

const MAX_PICTURES = 10;

/**
 * Pictures attached to something being written: uploaded with progress, followed through the server's
 * check (metadata removed; faces, text and barcodes found), with what was found and what the guard would
 * decide at `destination`. In case consults (`autoHide`) everything found is hidden as soon as it is known.
 */
export function usePictures(destination: Destination, opts: { autoHide?: boolean } = {}) {
  const [items, setItems] = useState<Picture[]>([]);
  const update = useCallback(
    (key: string, patch: Partial<Picture>) => setItems((all) => all.map((p) => (p.key === key ? { ...p, ...patch } : p))),
    [],
  );
  const autoHide = !!opts.autoHide;
  // Changes still on their way to the server: a description typed just before "Post" is saved first.
  const pending = useRef(new Set<Promise<unknown>>());
  const track = useCallback(<T,>(work: Promise<T>): Promise<T> => {
    pending.current.add(work);
    void work.finally(() => pending.current.delete(work)).catch(() => undefined);
    return work;
  }, []);

  const follow = useCallback(
    async (key: string, id: string) => {
      for (;;) {
        const { media } = await api<{ media: Media }>('GET', `/api/media/${id}`);
        if (media.status === 'failed')
          return update(key, { phase: 'failed', media, error: media.failure ?? t('The picture could not be checked.') });
        if (media.status === 'ready') {
          const check = autoHide
            ? await api<Check>('POST', `/api/media/${id}/hide-found`, { destination })
            : await api<Check>('GET', `/api/media/${id}/check?destination=${destination}`);
          const fresh = autoHide ? (await api<{ media: Media }>('GET', `/api/media/${id}`)).media : media;
          return update(key, { phase: 'ready', media: fresh, check, stage: 'done' });
        }
        update(key, { stage: media.stage });
        await new Promise((r) => setTimeout(r, 700));
      }
    },
    [autoHide, destination, update],
  );

  const add = useCallback(
    (files: FileList | File[]) => {
      const chosen = [...files].slice(0, Math.max(0, MAX_PICTURES - items.length));
      for (const file of chosen) {
        const key = `${Date.now()}-${Math.random()}`;
        setItems((all) => [
          ...all,
          { key, id: null, name: file.name, phase: 'uploading', progress: 0, stage: 'queued', media: null, check: null, error: null },
        ]);
        uploadFile<{ media: Media }>(`/api/media?name=${encodeURIComponent(file.name)}`, file, (progress) => update(key, { progress }))
          .then(({ media }) => {
            update(key, { id: media.id, media, phase: 'checking', progress: 1 });
            return follow(key, media.id);
          })
          .catch((e: unknown) => update(key, { phase: 'failed', error: e instanceof ApiError ? e.message : t('The upload failed.') }));
      }
    },
    [follow, items.length, update],
  );

  // The decision depends on where the post goes: ask again when that changes.
  const readyIds = items.filter((p) => p.phase === 'ready' && p.id).map((p) => `${p.key}:${p.id}`);
  const readyKey = readyIds.join(',');
  useEffect(() => {
    for (const pair of readyKey ? readyKey.split(',') : []) {
      const [key, id] = pair.split(':') as [string, string];
      api<Check>('GET', `/api/media/${id}/check?destination=${destination}`)
        .then((check) => update(key, { check }))
        .catch(() => undefined);
    }
  }, [destination, readyKey, update]);

  const change = useCallback(
    (key: string, id: string, body: { altText?: string; redactions?: Media['redactions'] }) =>
      track(
        (async () => {
          try {
            const { media } = await api<{ media: Media }>('PATCH', `/api/media/${id}`, body);
            const check = await api<Check>('GET', `/api/media/${id}/check?destination=${destination}`);
            update(key, { media, check, error: null });
          } catch (e) {
            update(key, { error: e instanceof ApiError ? e.message : t('Could not save the change.') });
          }
        })(),
      ),
    [destination, track, update],
  );

  const ready = items.filter((p) => p.phase === 'ready' && p.id).map((p) => p.id as string);
  return {
    items,
    add,
    remove: (key: string) => setItems((all) => all.filter((p) => p.key !== key)),
    clear: () => setItems([]),
    /** Ids to send with the write (only pictures whose check finished), once every change to them is saved. */
    saved: async () => {
      while (pending.current.size) await Promise.allSettled(pending.current);
      return ready;
    },
    busy: items.some((p) => p.phase === 'uploading' || p.phase === 'checking'),
    /** A picture shows someone whose consent is needed here (a consent covering photos can be attached). */
    needConsent: items.some((p) => p.check?.decision?.verdict === 'needs_consent'),
    setAlt: (p: Picture, altText: string) => p.id && change(p.key, p.id, { altText }),
    hideAll: (p: Picture) =>
      p.id &&
      track(
        (async (id: string) => {
          try {
            const check = await api<Check>('POST', `/api/media/${id}/hide-found`, { destination });
            const { media } = await api<{ media: Media }>('GET', `/api/media/${id}`);
            update(p.key, { media, check, error: null });
          } catch (e) {
            update(p.key, { error: e instanceof ApiError ? e.message : t('Could not hide what was found.') });
          }
        })(p.id),
      ),
    showAll: (p: Picture) => p.id && change(p.key, p.id, { redactions: [] }),
    addBox: (p: Picture, box: Box) =>
      p.id && p.media && change(p.key, p.id, { redactions: [...p.media.redactions, { box, style: 'cover' }] }),
    /** Keeps only this part of the picture (a new crop replaces the old one). */
    crop: (p: Picture, box: Box) =>
      p.id &&
      p.media &&
      change(p.key, p.id, { redactions: [...p.media.redactions.filter((r) => r.style !== 'crop'), { box, style: 'crop' }] }),
    autoHide,
  };
}

export type Pictures = ReturnType<typeof usePictures>;

/** The picture picker and, for each picture, its progress, what was found (boxes), the decision and the actions. */
export function PictureAttacher({ pictures, label = t('Add pictures') }: { pictures: Pictures; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="pictures">
      <label className="picture-pick">
        {label}
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff,application/dicom,.dcm,video/mp4,video/quicktime,video/webm"
          multiple
          onChange={(e) => {
            if (e.target.files) pictures.add(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {pictures.items.map((p) => (
        <PictureCard key={p.key} picture={p} pictures={pictures} />
      ))}
    </div>
  );
}

function PictureCard({ picture: p, pictures }: { picture: Picture; pictures: Pictures }) {
  const [showBefore, setShowBefore] = useState(false);
  const [cropping, setCropping] = useState(false);
  const [alt, setAlt] = useState(p.media?.altText ?? '');
  const findings = p.check?.findings ?? [];
  const open = findings.filter((f) => !f.hidden);
  const hiddenCount = p.media?.redactions.length ?? 0;
  return (
    <figure className="picture-card" aria-label={`Picture ${p.name}`}>
      {p.phase === 'uploading' && (
        <p role="status">
          {t('Uploading')} {p.name}… <progress max={1} value={p.progress} aria-label={t('Upload progress')} />
        </p>
      )}
      {p.phase === 'checking' && <p role="status">{STAGES[p.stage] ? t(STAGES[p.stage]) : t('Checking the picture…')}</p>}
      {p.phase === 'failed' && (
        <p role="alert" className="error">
          {p.name}: {p.error}
        </p>
      )}
      {p.phase === 'ready' && p.media && (
        <>
          <BoxedImage
            // A video is boxed on its poster (a frame of what others see); it plays below.
            src={`/api/media/${p.media.id}/files/${p.media.kind === 'video' ? 'w1280' : showBefore ? 'clean' : 'shared'}?v=${p.media.version}`}
            media={p.media}
            view={
              (!showBefore && p.media.redactions.findLast((r) => r.style === 'crop')?.box) || {
                x: 0,
                y: 0,
                w: p.media.width,
                h: p.media.height,
              }
            }
            findings={findings}
            onDraw={(box) => {
              if (cropping) void pictures.crop(p, box);
              else void pictures.addBox(p, box);
              setCropping(false);
            }}
          />
          {p.media.kind === 'video' && (
            <video
              controls
              preload="metadata"
              src={`/api/media/${p.media.id}/files/shared?v=${p.media.version}`}
              aria-label={t('The video as it will be shared')}
            />
          )}
          <figcaption>
            {findings.length === 0 ? (
              <p className="phi-ok">{t('No faces, identifying text or barcodes found. Location and camera details were removed.')}</p>
            ) : (
              <ul className="picture-findings">
                {findings.map((f, i) => (
                  <li key={i} className={f.hidden ? 'muted' : ''}>
                    {f.kind === 'face' ? t('Face') : f.kind === 'code' ? t('Barcode or QR code') : t('Text')}: {f.labels.join(', ')}
                    {f.hidden ? t(' (hidden)') : ''}
                  </li>
                ))}
              </ul>
            )}
            {p.check?.decision && (
              <p className={p.check.decision.verdict === 'allow' ? 'phi-ok' : 'phi-warning'} role="status">
                {t(VERDICT_TEXT[p.check.decision.verdict])}
              </p>
            )}
            <div className="row">
              {open.length > 0 && (
                <button type="button" onClick={() => void pictures.hideAll(p)}>
                  {t('Hide everything found')}
                </button>
              )}
              {hiddenCount > 0 && !pictures.autoHide && (
                <button type="button" onClick={() => void pictures.showAll(p)}>
                  {t('Undo hiding')}
                </button>
              )}
              <button type="button" aria-pressed={cropping} onClick={() => setCropping((c) => !c)}>
                {cropping ? t('Drag to choose what to keep…') : t('Crop')}
              </button>
              {p.media.kind === 'picture' && (
                <button type="button" aria-pressed={showBefore} onClick={() => setShowBefore((b) => !b)}>
                  {showBefore ? t('Show as shared') : t('Show original')}
                </button>
              )}
              <button type="button" onClick={() => pictures.remove(p.key)}>
                {t('Remove')}
              </button>
            </div>
            <p className="muted">
              {cropping ? t('Drag over the part of the picture to keep.') : t('Drag on the picture to cover anything else by hand.')}
            </p>
            <label>
              {t('Description (alt text, required on public posts)')}
              <input
                value={alt}
                maxLength={1000}
                onChange={(e) => setAlt(e.target.value)}
                onBlur={() => alt !== p.media?.altText && void pictures.setAlt(p, alt)}
              />
            </label>
          </figcaption>
        </>
      )}
      {p.phase === 'ready' && p.error && (
        <p role="alert" className="error">
          {p.error}
        </p>
      )}
    </figure>
  );
}

/**
 * The picture with what was found boxed (red: visible; grey: hidden), and a box drawn by dragging. `view`
 * is the part of the picture the image shows (all of it, or the crop), in the picture's own pixels.
 */
function BoxedImage({
  src,
  media,
  view,
  findings,
  onDraw,
}: {
  src: string;
  media: Media;
  view: Box;
  findings: Check['findings'];
  onDraw: (box: Box) => void;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const at = (e: ReactPointerEvent) => {
    const r = svg.current!.getBoundingClientRect();
    return { x: view.x + ((e.clientX - r.left) / r.width) * view.w, y: view.y + ((e.clientY - r.top) / r.height) * view.h };
  };
  const box = drag && {
    x: Math.min(drag.x0, drag.x1),
    y: Math.min(drag.y0, drag.y1),
    w: Math.abs(drag.x1 - drag.x0),
    h: Math.abs(drag.y1 - drag.y0),
  };
  return (
    <div className="boxed-image">
      <img src={src} alt={media.altText || `Picture ${media.fileName}`} width={view.w} height={view.h} />
      <svg
        ref={svg}
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('{{length}} things found that are not hidden', { length: findings.filter((f) => !f.hidden).length })}
        onPointerDown={(e) => {
          const p = at(e);
          svg.current?.setPointerCapture(e.pointerId);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, ...((p) => ({ x1: p.x, y1: p.y }))(at(e)) })}
        onPointerUp={() => {
          if (box && box.w > 4 && box.h > 4) onDraw(box);
          setDrag(null);
        }}
      >
        {findings.map((f, i) => (
          <rect key={i} className={f.hidden ? 'box-hidden' : 'box-open'} x={f.box.x} y={f.box.y} width={f.box.w} height={f.box.h}>
            <title>{f.labels.join(', ')}</title>
          </rect>
        ))}
        {box && <rect className="box-drawing" x={box.x} y={box.y} width={box.w} height={box.h} />}
      </svg>
    </div>
  );
}

/** A record's pictures as readers see them: responsive sizes, with their descriptions. */
export function PictureGallery({ pictures }: { pictures: readonly AttachedPicture[] }) {
  if (!pictures.length) return null;
  return (
    <div className="gallery">
      {pictures.map((p) =>
        p.kind === 'video' ? (
          <video
            key={p.id}
            controls
            preload="none"
            poster={`/api/media/${p.id}/files/w1280`}
            src={`/api/media/${p.id}/files/shared`}
            width={p.width}
            height={p.height}
            aria-label={p.altText}
          />
        ) : (
          <img
            key={p.id}
            src={`/api/media/${p.id}/files/w1280`}
            srcSet={`/api/media/${p.id}/files/w320 320w, /api/media/${p.id}/files/w1280 1280w`}
            sizes="(max-width: 600px) 100vw, 600px"
            width={p.width}
            height={p.height}
            alt={p.altText}
            loading="lazy"
          />
        ),
      )}
    </div>
  );
}
