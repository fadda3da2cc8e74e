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

export interface Session {
  user: { id: string; displayName: string; email: string; twoFactor: boolean; passkey: boolean };
  organization: { id: string; name: string; slug: string };
  role: string;
  /** The actions this role may take, from the server's one permission table. */
  can: string[];
  mustEnrollTwoFactor: boolean;
}
export interface Community {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'members' | 'private';
  membership: { role: string; pseudonym: string | null } | null;
  memberCount: number;
}
export interface Post {
  id: string;
  communityId: string;
  kind: string;
  title: string;
  body: string;
  visibility: string;
  contentWarning: string | null;
  pinned: boolean;
  author: { id: string | null; name: string; pseudonym: string | null };
  mine: boolean;
  edited: boolean;
  commentCount: number;
  createdAt: string;
}
export interface Comment {
  id: string;
  parentId: string | null;
  body: string;
  author: { id: string | null; name: string; pseudonym: string | null };
  mine: boolean;
  createdAt: string;
}
export interface Finding {
  start: number;
  end: number;
  category: string;
  label: string;
  confidence: number;
  /** Whom the guard reads it as being about (organization, staff, public, self, patient, unknown). */
  subject?: string;
  subjectLabel?: string;
}
