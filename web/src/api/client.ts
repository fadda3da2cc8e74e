import type { Endpoints } from './endpoints.gen.ts';

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

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const e = data?.error ?? { id: 'http_error', message: res.statusText };
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
