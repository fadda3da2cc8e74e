import { createHash } from 'node:crypto';
import type { Category, Finding } from './categories.ts';
import { dictionaries } from './dictionaries.ts';

export type RedactionMode = 'mask' | 'surrogate' | 'highlight';

const MASKS: Record<Category, string> = {
  SH01_NAME: '[NAME]',
  SH02_GEO: '[ADDRESS]',
  SH03_DATE: '[DATE]',
  SH04_PHONE: '[PHONE]',
  SH05_FAX: '[FAX]',
  SH06_EMAIL: '[EMAIL]',
  SH07_SSN: '[SSN]',
  SH08_MRN: '[MRN]',
  SH09_HEALTH_PLAN: '[HEALTH PLAN ID]',
  SH10_ACCOUNT: '[ACCOUNT]',
  SH11_LICENSE: '[LICENSE]',
  SH12_VEHICLE: '[VEHICLE ID]',
  SH13_DEVICE: '[DEVICE ID]',
  SH14_URL: '[URL]',
  SH15_IP: '[IP]',
  SH16_BIOMETRIC: '[BIOMETRIC]',
  SH17_PHOTO: '[PHOTO]',
  SH18_OTHER_ID: '[ID]',
};

export interface Replacement {
  start: number;
  end: number;
  category: Category;
  replacement: string;
}

export interface Redaction {
  text: string;
  replacements: Replacement[];
}

/** Picks a stable index from the original value, so one document maps each identifier to one fake. */
function pick(seed: string, value: string, n: number): number {
  return createHash('sha256').update(seed).update('\0').update(value).digest().readUInt32BE(0) % n;
}

const fakeDigits = (source: string, h: number) =>
  source.replace(/\d/g, (_d, i: number) => String(((h >> (i % 24)) % 10) ^ ((i % 7) % 10)).slice(-1));

function surrogateFor(category: Category, original: string, seed: string, pools: { first: string[]; last: string[] }): string {
  const h = pick(seed, original.toLowerCase(), 2 ** 31);
  switch (category) {
    case 'SH01_NAME': {
      if (original.startsWith('@')) return `@member${(h % 9000) + 1000}`;
      const parts = original.split(/\s+/);
      const first = pools.first[h % pools.first.length];
      const last = pools.last[(h >> 8) % pools.last.length];
      const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
      return parts.length > 1 ? `${cap(first)} ${cap(last)}` : cap(/^\p{Ll}/u.test(original) ? first : first);
    }
    case 'SH02_GEO':
      return `${(h % 900) + 100} Harbor Street`;
    case 'SH03_DATE':
      return ['March 3', 'June 14', 'September 9', 'November 21', 'January 30'][h % 5];
    case 'SH06_EMAIL':
      return `person${h % 10000}@example.org`;
    case 'SH14_URL':
      return `https://example.org/p/${h % 10000}`;
    case 'SH15_IP':
      return `192.0.2.${h % 250}`;
    default:
      return fakeDigits(original, h);
  }
}

let pools: { first: string[]; last: string[] } | undefined;
function namePools() {
  if (!pools) {
    const { firstNames, lastNames, commonWords } = dictionaries();
    const clean = (s: Set<string>) => [...s].filter((n) => /^[a-z]{3,9}$/.test(n) && !commonWords.has(n)).slice(0, 2000);
    pools = { first: clean(firstNames), last: clean(lastNames) };
  }
  return pools;
}

/**
 * mask: "[NAME]"; surrogate: realistic fakes, the same original always getting the same fake within a
 * document (seed); highlight: text unchanged, findings returned for the composer to mark.
 */
export function redact(text: string, findings: Finding[], mode: RedactionMode, seed = 'harborline'): Redaction {
  if (mode === 'highlight') {
    return {
      text,
      replacements: findings.map((f) => ({ start: f.start, end: f.end, category: f.category, replacement: text.slice(f.start, f.end) })),
    };
  }
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const replacements: Replacement[] = [];
  let out = '';
  let pos = 0;
  for (const f of sorted) {
    if (f.start < pos) continue;
    const original = text.slice(f.start, f.end);
    const replacement = mode === 'mask' ? MASKS[f.category] : surrogateFor(f.category, original, seed, namePools());
    out += text.slice(pos, f.start);
    replacements.push({ start: out.length, end: out.length + replacement.length, category: f.category, replacement });
    out += replacement;
    pos = f.end;
  }
  out += text.slice(pos);
  return { text: out, replacements };
}
