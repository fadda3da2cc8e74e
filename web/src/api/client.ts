import type { Endpoints } from './endpoints.gen.ts';
import { t } from '../i18n/index.ts';

/** Thin client for the Harborline API: JSON in and out, CSRF header on writes, errors as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Dispatched on window when a request got no answer, and when one did again. */
export const OFFLINE_EVENT = 'harborline:offline';
export const ONLINE_EVENT = 'harborline:online';

/** Dispatched on window when the server no longer knows this browser's session. */
export const SIGNED_OUT_EVENT = 'harborline:signed-out';

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    // No answer at all: the device is offline (or the server unreachable). The app shows it once, at the top.
    window.dispatchEvent(new Event(OFFLINE_EVENT));
    throw new ApiError(
      0,
      'offline',
      t('You are offline, so this could not be loaded or sent. It will work again when you are back online.'),
    );
  }
  window.dispatchEvent(new Event(ONLINE_EVENT));
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const e = data?.error ?? { id: 'http_error', message: res.statusText };
    // The session ended (idle timeout, signed out elsewhere): the app returns to sign-in instead of each page failing.
    if (res.status === 401 && e.id === 'unauthorized') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw new ApiError(res.status, e.id, e.message, e.details);
  }
  return data as T;
}

/** What an endpoint answers and takes, from the types generated out of the server's OpenAPI document. */
export type Endpoint = keyof Endpoints;
export type Res<E extends Endpoint> = Endpoints[E]['response'];
export type Body<E extends Endpoint> = Endpoints[E]['body'];

export type Session = Res<'GET /api/session'>['session'];
export type Action = Session['can'][number];
export type Community = Res<'GET /api/communities/{id}'>['community'];
export type Post = Res<'GET /api/posts/{id}'>['post'];
export type Comment = Res<'GET /api/posts/{id}'>['comments'][number];
export type Finding = Res<'POST /api/phi/scan'>['findings'][number];
export type Verdict = Res<'POST /api/phi/scan'>['decision']['verdict'];

/** Sends a file as the raw request body (how pictures are uploaded), reporting how much has gone. */
export function uploadFile<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', t('The upload did not reach the server. Check the connection and try again.')));
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const e = (data as { error?: { id: string; message: string; details?: Record<string, unknown> } } | null)?.error;
      reject(
        new ApiError(xhr.status, e?.id ?? 'http_error', e?.message ?? t('Upload failed ({{status}}).', { status: xhr.status }), e?.details),
      );
    };
    xhr.send(file);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
