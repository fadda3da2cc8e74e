import { Agent, fetch as undiciFetch } from 'undici';
/** An HTTP client that behaves like a browser tab: keeps the session cookie and sends the CSRF token. */
export class Client {
  private cookie = '';
  /** The session cookie as a Cookie header, for raw requests (downloads, event streams). */
  get cookieHeader(): string {
    return this.cookie;
  }
  set cookieHeader(value: string) {
    this.cookie = value;
  }
  csrf = '';
  private readonly dispatcher?: Agent;
  /** `from`: the local address to connect from (127.0.0.2 …), to act as a client on another network. */
  constructor(
    readonly base: string,
    opts: { from?: string } = {},
  ) {
    if (opts.from) this.dispatcher = new Agent({ localAddress: opts.from });
  }

  /** A GET whose redirect is returned, not followed (what a browser is sent to next). */
  async getNoFollow(path: string) {
    const res = await fetch(this.base + path, { headers: this.cookie ? { cookie: this.cookie } : {}, redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, headers: res.headers };
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = h['x-csrf-token'] ?? this.csrf;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
      h['content-type'] = h['content-type'] ?? 'application/json';
    }
    const res = (
      this.dispatcher
        ? await undiciFetch(this.base + path, { method, headers: h, body: payload, dispatcher: this.dispatcher })
        : await fetch(this.base + path, { method, headers: h, body: payload })
    ) as Response;
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /hl_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `hl_session=${m[1]}` : '';
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  get = (p: string) => this.request('GET', p);
  post = (p: string, b?: unknown) => this.request('POST', p, b ?? {});
  patch = (p: string, b?: unknown) => this.request('PATCH', p, b ?? {});
  put = (p: string, b?: unknown) => this.request('PUT', p, b ?? {});
  delete = (p: string) => this.request('DELETE', p);

  /** Uploads a file as the raw body (how the composer sends a picture). */
  upload = (p: string, bytes: Uint8Array, type = 'application/octet-stream') => this.request('POST', p, bytes, { 'content-type': type });

  async login(email: string, password: string) {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login failed for ${email}: ${r.status} ${r.text}`);
    this.csrf = r.json.csrfToken;
    return r.json.session;
  }
}
