import type { Category, Destination, Finding } from '../phi/index.ts';

/** What one consent allows, and whom it covers. */
export interface ConsentScope {
  id: string;
  subjectName: string;
  aliases: readonly string[];
  /** YYYY-MM-DD, when recorded: a date in the text equal to it is the subject's. */
  birthDate: string | null;
  categories: readonly string[];
  destinations: readonly string[];
}

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'madam',
  'mister',
  'señor',
  'señora',
  'sr',
  'sra',
  'mme',
  'mlle',
  'm',
]);

/** The words of a name: lower-cased, accents kept, titles and possessives dropped. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{M}'’-]+/u)
    .map((w) => w.replace(/^['’-]+|['’-]+$/g, ''))
    .filter((w) => w && !TITLES.has(w.replace(/\.$/, '')));
}

/** A name found in a text is this subject's when every word of it belongs to their name or one alias. */
export function isSubjectsName(found: string, scope: Pick<ConsentScope, 'subjectName' | 'aliases'>): boolean {
  const words = nameWords(found);
  if (words.length === 0) return false;
  return [scope.subjectName, ...scope.aliases].some((candidate) => {
    const own = new Set(nameWords(candidate));
    return words.every((w) => own.has(w));
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Whether a date written in the text is this birth date (common numeric forms, US and day-first). */
export function isBirthDate(found: string, birthDate: string | null): boolean {
  const m = birthDate ? ISO_DATE.exec(birthDate) : null;
  if (!m) return false;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const parts = found.match(/\d+/g)?.map(Number) ?? [];
  if (parts.length !== 3) return false;
  const year = (v: number) => (v < 100 ? (v + 2000 > new Date().getFullYear() ? 1900 + v : 2000 + v) : v);
  const [a, b, c] = parts as [number, number, number];
  return (year(c) === y && ((a === mo && b === d) || (a === d && b === mo))) || (a === y && b === mo && c === d);
}

const NAME: Category = 'SH01_NAME';
const usable = (c: ConsentScope, category: string, destination: Destination) =>
  c.destinations.includes(destination) && c.categories.includes(category);

/**
 * The findings the attached consents cover, each with the consent that covers it. A consent covers only
 * its own subject: a name is covered when it is the subject's name or alias; any other identifier (a date,
 * a record number, an address) only when the text identifies no one else — every name in it belongs to a
 * consenting subject — and that subject is named (or, with no name at all, is the only consent attached).
 * Everyone else still needs their own consent.
 */
export function coveredFindings(
  fields: Record<string, string>,
  perField: Record<string, readonly Finding[]>,
  consents: readonly ConsentScope[],
  destination: Destination,
): Map<Finding, string> {
  const covered = new Map<Finding, string>();
  if (consents.length === 0) return covered;
  const names: { finding: Finding; owner: ConsentScope | undefined }[] = [];
  for (const [field, findings] of Object.entries(perField)) {
    for (const f of findings) {
      if (f.category !== NAME) continue;
      const text = (fields[field] ?? '').slice(f.start, f.end);
      names.push({ finding: f, owner: consents.find((c) => usable(c, NAME, destination) && isSubjectsName(text, c)) });
    }
  }
  for (const n of names) if (n.owner) covered.set(n.finding, n.owner.id);
  const strangerNamed = names.some((n) => !n.owner);
  const named = new Set(names.flatMap((n) => (n.owner ? [n.owner.id] : [])));
  for (const [field, findings] of Object.entries(perField)) {
    for (const f of findings) {
      if (f.category === NAME) continue;
      const text = (fields[field] ?? '').slice(f.start, f.end);
      const owner = consents.find((c) => usable(c, f.category, destination) && isBirthDate(text, c.birthDate));
      if (owner && !strangerNamed) {
        covered.set(f, owner.id);
        continue;
      }
      if (strangerNamed) continue;
      const subject = consents.find(
        (c) => usable(c, f.category, destination) && (named.has(c.id) || (names.length === 0 && consents.length === 1)),
      );
      if (subject) covered.set(f, subject.id);
    }
  }
  return covered;
}
