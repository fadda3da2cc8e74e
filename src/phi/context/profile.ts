import { z } from 'zod';

/**
 * What the guard knows about the organization a text is written for. In the product it is assembled from
 * the organization's own data (its name, guard profile settings, staff accounts and provider profiles);
 * the command line reads it from a JSON file.
 */
export const orgProfileSchema = z.object({
  name: z.string().min(1).max(300),
  aliases: z.array(z.string().min(1).max(300)).max(50).default([]),
  facilities: z
    .array(
      z.object({
        name: z.string().min(1).max(300),
        address: z.string().max(500).optional(),
        phone: z.string().max(50).optional(),
        fax: z.string().max(50).optional(),
      }),
    )
    .max(500)
    .default([]),
  domains: z.array(z.string().min(1).max(253)).max(50).default([]),
  staff: z
    .array(z.object({ name: z.string().min(1).max(300), role: z.string().max(100).default('staff') }))
    .max(100_000)
    .default([]),
  /** People the organization names publicly in their public role (officials, speakers, donors). */
  publicFigures: z.array(z.string().min(1).max(300)).max(1000).default([]),
});

export type OrgProfile = z.output<typeof orgProfileSchema>;
export type OrgProfileInput = z.input<typeof orgProfileSchema>;

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'doctor',
  'prof',
  'professor',
  'nurse',
  'rn',
  'md',
  'do',
  'np',
  'pa',
  'phd',
  'sr',
  'sra',
  'mme',
  'mlle',
]);
const STREET_WORDS: Record<string, string> = {
  avenue: 'ave',
  av: 'ave',
  ave: 'ave',
  street: 'st',
  st: 'st',
  road: 'rd',
  rd: 'rd',
  boulevard: 'blvd',
  blvd: 'blvd',
  drive: 'dr',
  dr: 'dr',
  lane: 'ln',
  ln: 'ln',
  court: 'ct',
  ct: 'ct',
  place: 'pl',
  pl: 'pl',
  terrace: 'ter',
  ter: 'ter',
  highway: 'hwy',
  hwy: 'hwy',
  parkway: 'pkwy',
  pkwy: 'pkwy',
  square: 'sq',
  sq: 'sq',
  suite: 'ste',
  ste: 'ste',
  circle: 'cir',
  cir: 'cir',
  way: 'way',
  route: 'rte',
  rte: 'rte',
  north: 'n',
  n: 'n',
  south: 's',
  s: 's',
  east: 'e',
  e: 'e',
  west: 'w',
  w: 'w',
};

/** Lower-cased words, accents kept, punctuation dropped. */
export const wordsOf = (s: string): string[] =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);

const addressWord = (w: string) => STREET_WORDS[w] ?? w;
const digitsOf = (s: string) => s.replace(/\D/g, '');
/** The last ten digits: "+1 (603) 555-0100" and "603.555.0100" are the same line. */
const phoneKey = (s: string) => digitsOf(s).slice(-10);

export interface StaffEntry {
  words: string[];
  first: string;
  last: string;
  role: string;
}

/** The profile turned into lookups; built once per organization and shared by every scan. */
export interface CompiledProfile {
  /** Names of the organization and its facilities, longest first, as one case-insensitive pattern. */
  orgNames: RegExp | null;
  /** The same names as handles are written: lower-case letters and digits only ("harborgeneral"). */
  handles: Set<string>;
  /** One word set per facility address (street words normalized: "Ave" = "Avenue"). */
  addresses: Set<string>[];
  phones: Set<string>;
  domains: string[];
  staff: StaffEntry[];
  publicFigures: string[][];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileProfile(input: OrgProfileInput): CompiledProfile {
  const profile = orgProfileSchema.parse(input);
  const names = [profile.name, ...profile.aliases, ...profile.facilities.map((f) => f.name)]
    .map((n) => n.trim())
    .filter((n) => n.length >= 2);
  // "Harbor General Hospital's" and "the Harbor General" are the organization too; the longest name wins.
  const alternatives = [...new Set(names)].sort((a, b) => b.length - a.length).map((n) => escape(n).replace(/\s+/g, '\\s+'));
  const orgNames = alternatives.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  const phones = new Set(
    profile.facilities
      .flatMap((f) => [f.phone, f.fax])
      .filter((p): p is string => !!p && phoneKey(p).length >= 7)
      .map(phoneKey),
  );
  const addresses = profile.facilities.filter((f) => f.address).map((f) => new Set(wordsOf(f.address!).map(addressWord)));
  const staff = profile.staff
    .map((s) => {
      const words = wordsOf(s.name).filter((w) => !TITLES.has(w));
      return { words, first: words[0] ?? '', last: words[words.length - 1] ?? '', role: s.role };
    })
    .filter((s) => s.words.length > 0);
  const compact = (n: string) => n.toLowerCase().replace(/[^a-z0-9]/g, '');
  const domainLabels = profile.domains.map((d) =>
    compact(
      d
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .split('.')[0] ?? '',
    ),
  );
  return {
    orgNames,
    handles: new Set([...names.map(compact), ...domainLabels].filter((h) => h.length >= 2)),
    addresses,
    phones,
    domains: profile.domains.map((d) =>
      d
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '')
        .replace(/^www\./, ''),
    ),
    staff,
    publicFigures: profile.publicFigures.map((n) => wordsOf(n).filter((w) => !TITLES.has(w))).filter((w) => w.length > 0),
  };
}

/** Spans of the text that name the organization or one of its facilities. */
export function orgNameSpans(text: string, profile: CompiledProfile): [number, number][] {
  const out: [number, number][] = [];
  if (!profile.orgNames) return out;
  profile.orgNames.lastIndex = 0;
  for (let m = profile.orgNames.exec(text); m; m = profile.orgNames.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Whether every word of an address or place found in a text belongs to one of the facilities' addresses. */
export function isOrgAddress(found: string, profile: CompiledProfile): boolean {
  const words = wordsOf(found).map(addressWord);
  if (words.length === 0) return false;
  return profile.addresses.some((a) => words.every((w) => a.has(w)));
}

export const isOrgPhone = (found: string, profile: CompiledProfile): boolean => {
  const key = phoneKey(found);
  return key.length >= 7 && profile.phones.has(key);
};

/** A web or email address on one of the organization's domains (or a subdomain of one). */
export function isOrgDomain(found: string, profile: CompiledProfile): boolean {
  const host = /@([^\s/?#>]+)/.exec(found)?.[1] ?? /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^\s/?#:@]+)/i.exec(found.trim())?.[1];
  if (!host) return false;
  const h = host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return profile.domains.some((d) => h === d || h.endsWith(`.${d}`));
}

/** The staff member a name found in a text belongs to, if any. A lone word is a staff surname only after a title. */
export function staffFor(found: string, profile: CompiledProfile, titled: boolean): StaffEntry | null {
  const words = wordsOf(found).filter((w) => !TITLES.has(w));
  if (words.length === 0) return null;
  for (const s of profile.staff) {
    if (words.length >= 2 ? words.every((w) => s.words.includes(w)) && words.includes(s.last) : titled && words[0] === s.last) return s;
  }
  return null;
}

export function isPublicFigure(found: string, profile: CompiledProfile): boolean {
  const words = wordsOf(found).filter((w) => !TITLES.has(w));
  return words.length > 0 && profile.publicFigures.some((p) => words.every((w) => p.includes(w)) && words.includes(p[p.length - 1]));
}
