import { isIP } from 'node:net';

/**
 * The one table of address ranges a server-side fetch may not reach, and the pure logic that judges an
 * address against it. Addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the
 * IPv4 address they carry.
 */
export interface RefusedRange {
  cidr: string;
  kind: string;
}

export const REFUSED_RANGES: readonly RefusedRange[] = [
  { cidr: '0.0.0.0/8', kind: 'unspecified ("this network")' },
  { cidr: '10.0.0.0/8', kind: 'private' },
  { cidr: '100.64.0.0/10', kind: 'shared (carrier-grade NAT)' },
  { cidr: '127.0.0.0/8', kind: 'loopback' },
  { cidr: '169.254.0.0/16', kind: 'link-local (cloud metadata)' },
  { cidr: '172.16.0.0/12', kind: 'private' },
  { cidr: '192.0.0.0/24', kind: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', kind: 'documentation' },
  { cidr: '192.88.99.0/24', kind: '6to4 relay' },
  { cidr: '192.168.0.0/16', kind: 'private' },
  { cidr: '198.18.0.0/15', kind: 'benchmarking' },
  { cidr: '198.51.100.0/24', kind: 'documentation' },
  { cidr: '203.0.113.0/24', kind: 'documentation' },
  { cidr: '224.0.0.0/4', kind: 'multicast' },
  { cidr: '240.0.0.0/4', kind: 'reserved or broadcast' },
  { cidr: '::/128', kind: 'unspecified' },
  { cidr: '::1/128', kind: 'loopback' },
  { cidr: '::/96', kind: 'IPv4-compatible (deprecated)' },
  { cidr: '64:ff9b:1::/48', kind: 'local NAT64' },
  { cidr: '100::/64', kind: 'discard' },
  { cidr: '2001::/32', kind: 'Teredo tunnel' },
  { cidr: '2001:db8::/32', kind: 'documentation' },
  { cidr: 'fc00::/7', kind: 'unique-local' },
  { cidr: 'fe80::/10', kind: 'link-local' },
  { cidr: 'fec0::/10', kind: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', kind: 'multicast' },
];

/** IPv6 prefixes whose addresses carry an IPv4 address: the prefix, and the byte where the IPv4 address starts. */
const EMBEDDING: readonly { cidr: string; at: number }[] = [
  { cidr: '::ffff:0:0/96', at: 12 }, // IPv4-mapped
  { cidr: '64:ff9b::/96', at: 12 }, // NAT64 well-known prefix
  { cidr: '2002::/16', at: 2 }, // 6to4
];

type Bytes = Uint8Array;

function ipv4Bytes(s: string): Bytes | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function ipv6Bytes(input: string): Bytes | undefined {
  let s = input.replace(/%.*$/, ''); // zone id
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (dotted) {
    // A trailing dotted quad (::ffff:127.0.0.1) is the last two groups.
    const v4 = ipv4Bytes(dotted[1]);
    if (!v4) return undefined;
    s = `${s.slice(0, -dotted[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const groups = halves.length === 2 ? [...head, ...Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0), ...tail] : head;
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g))) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** An IP address as bytes (4 or 16), or undefined when the text is not an IP address. */
export function addressBytes(address: string): Bytes | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const version = isIP(bare.replace(/%.*$/, ''));
  if (version === 4) return ipv4Bytes(bare);
  if (version === 6) return ipv6Bytes(bare);
  return undefined;
}

interface Prefix {
  bytes: Bytes;
  bits: number;
}

export function parseCidr(cidr: string): Prefix {
  const [addr, len] = cidr.split('/');
  const bytes = addressBytes(addr);
  if (!bytes) throw new Error(`not an IP range: ${cidr}`);
  const bits = len === undefined ? bytes.length * 8 : Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > bytes.length * 8) throw new Error(`not an IP range: ${cidr}`);
  return { bytes, bits };
}

function inPrefix(addr: Bytes, p: Prefix): boolean {
  if (addr.length !== p.bytes.length) return false;
  for (let bit = 0; bit < p.bits; bit += 8) {
    const take = Math.min(8, p.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((addr[bit / 8] & mask) !== (p.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const refused = REFUSED_RANGES.map((r) => ({ ...r, prefix: parseCidr(r.cidr) }));
const embedding = EMBEDDING.map((e) => ({ ...e, prefix: parseCidr(e.cidr) }));

export type AddressVerdict = { allowed: true } | { allowed: false; kind: string };

/**
 * Judges one IP address: refused when it falls in a refused range, unless the operator allowed it
 * (`allowed`: ranges from OUTBOUND_ALLOW_ADDRESSES, e.g. an on-premises server). Text that is not an
 * IP address is refused.
 */
export function judgeAddress(address: string, allowed: readonly string[] = []): AddressVerdict {
  const bytes = addressBytes(address);
  if (!bytes) return { allowed: false, kind: 'not an IP address' };
  const allowPrefixes = allowed.map(parseCidr);
  const candidates = [bytes];
  for (const e of embedding) if (inPrefix(bytes, e.prefix)) candidates.push(bytes.slice(e.at, e.at + 4));
  if (candidates.some((c) => allowPrefixes.some((p) => inPrefix(c, p)))) return { allowed: true };
  for (const c of candidates) {
    const hit = refused.find((r) => inPrefix(c, r.prefix));
    if (hit) return { allowed: false, kind: hit.kind };
  }
  return { allowed: true };
}

/** Checks that every entry of an allow list is an IP address or range; returns the bad ones. */
export function invalidRanges(ranges: readonly string[]): string[] {
  return ranges.filter((r) => {
    try {
      parseCidr(r);
      return false;
    } catch {
      return true;
    }
  });
}
