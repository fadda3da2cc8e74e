import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { addressBytes, judgeAddress } from './addresses.ts';

/**
 * The one way the server fetches anything from another server (networks, token endpoints, storage).
 * Only https (plain http when the operator allows it for development); every address a host resolves to
 * is judged against the refused ranges, and the connection goes to the address that was judged (the check
 * runs inside the socket's own lookup, so a second DNS answer cannot swap in an internal address).
 * Redirects are followed by hand, each hop checked again, at most MAX_REDIRECTS.
 */
export interface OutboundPolicy {
  /** Plain http allowed (PUBLISHER_ALLOW_HTTP, development only). */
  allowHttp: boolean;
  /** Ranges the operator allowed despite being internal (OUTBOUND_ALLOW_ADDRESSES). */
  allowedAddresses: readonly string[];
  /** Exact origins reachable whatever their scheme and address: only the demo's own loopback identity provider. */
  allowedOrigins?: readonly string[];
}

export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

export type OutboundInit = RequestInit & { timeoutMs?: number };
export type OutboundFetch = (url: string | URL, init?: OutboundInit) => Promise<Response>;

const MAX_REDIRECTS = 5;

function refuseScheme(url: URL, policy: OutboundPolicy): void {
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol))
    throw new OutboundRefusedError(`only ${policy.allowHttp ? 'http(s)' : 'https'} addresses can be reached`);
  if (url.username || url.password) throw new OutboundRefusedError('addresses with a user name or password are not accepted');
}

function refuseLiteral(host: string, policy: OutboundPolicy): void {
  if (!addressBytes(host)) return;
  const verdict = judgeAddress(host, policy.allowedAddresses);
  if (!verdict.allowed) throw new OutboundRefusedError(`the address is ${verdict.kind}; only public addresses can be reached`);
}

async function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );
}

function judgeResolved(addrs: readonly LookupAddress[], policy: OutboundPolicy): void {
  if (addrs.length === 0) throw new OutboundRefusedError('the host name does not resolve');
  for (const a of addrs) {
    const verdict = judgeAddress(a.address, policy.allowedAddresses);
    if (!verdict.allowed)
      throw new OutboundRefusedError(`the host name resolves to a ${verdict.kind} address; only public addresses can be reached`);
  }
}

/**
 * Checks a destination before it is saved (a channel's server address, for example): scheme, literal
 * address, and what the host name resolves to now. Throws OutboundRefusedError naming the problem.
 */
export async function checkDestination(raw: string | URL, policy: OutboundPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusedError('not a valid address');
  }
  refuseScheme(url, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (addressBytes(host)) refuseLiteral(host, policy);
  else {
    let addrs: LookupAddress[];
    try {
      addrs = await resolveAll(host);
    } catch {
      throw new OutboundRefusedError('the host name does not resolve');
    }
    judgeResolved(addrs, policy);
  }
  return url;
}

/** Node's socket lookup with the judgement inside it: the socket connects only to addresses that passed. */
function guardedLookup(policy: OutboundPolicy) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (err: Error | null, address?: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family ?? 0 }, (err, addrs) => {
      if (err) return callback(err);
      try {
        judgeResolved(addrs, policy);
      } catch (e) {
        return callback(e as Error);
      }
      if (options.all) callback(null, addrs);
      else callback(null, addrs[0].address, addrs[0].family);
    });
  };
}

function refusalIn(e: unknown): OutboundRefusedError | undefined {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (c instanceof OutboundRefusedError) return c;
  }
  return undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A fetch bound to a policy. The policy object is read on every call, so a changed setting applies at once. */
export function createOutboundFetch(policy: OutboundPolicy): OutboundFetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(policy) as never }, connections: 16 });
  return async (input, init = {}) => {
    const { timeoutMs, ...rest } = init;
    const signal = rest.signal ?? (timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined);
    let url = new URL(typeof input === 'string' ? input : input.toString());
    let method = (rest.method ?? 'GET').toUpperCase();
    let body = rest.body;
    let headers = new Headers(rest.headers);
    for (let hop = 0; ; hop++) {
      if (!policy.allowedOrigins?.includes(url.origin)) {
        refuseScheme(url, policy);
        refuseLiteral(url.hostname.replace(/^\[|\]$/g, ''), policy);
      }
      let res: Response;
      try {
        res = (await undiciFetch(url, {
          ...(rest as object),
          method,
          body: body as never,
          ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
          headers: Object.fromEntries(headers),
          signal,
          redirect: 'manual',
          dispatcher,
        })) as unknown as Response;
      } catch (e) {
        throw refusalIn(e) ?? e;
      }
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      await res.body?.cancel();
      if (hop + 1 > MAX_REDIRECTS) throw new OutboundRefusedError(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (url.protocol === 'https:' && next.protocol !== 'https:')
        throw new OutboundRefusedError('a redirect from https to plain http is not followed');
      if (next.origin !== url.origin) {
        headers = new Headers(headers);
        headers.delete('authorization');
        headers.delete('cookie');
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      } else if (body instanceof ReadableStream) {
        throw new OutboundRefusedError('a redirect of a streamed request is not followed');
      }
      url = next;
    }
  };
}

/** Reads a response body as text, refusing more than maxBytes (a hostile server cannot fill memory). */
export async function readText(res: Response, maxBytes = 5 * 1024 * 1024): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new OutboundRefusedError(`the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
