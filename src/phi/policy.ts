import { PERSONAL_ID_CATEGORIES, type Category, type Finding } from './categories.ts';

import { DESTINATIONS, type Destination, type Verdict } from '../shared/enums.ts';
export { DESTINATIONS, type Destination, type Verdict };

export type PolicyTable = Record<Destination, Partial<Record<Category, Verdict>>>;

const SEVERITY: Record<Verdict, number> = { allow: 0, warn: 1, needs_consent: 2, block: 3 };

const IDS_BLOCKED: Partial<Record<Category, Verdict>> = Object.fromEntries([...PERSONAL_ID_CATEGORIES].map((c) => [c, 'block']));

/**
 * Default sharing rules: a public post is stricter than a care-team message. Organizations override
 * cells in their settings; anything not listed is 'warn' (the author confirms).
 */
export const DEFAULT_POLICY: PolicyTable = {
  public: {
    ...IDS_BLOCKED,
    SH01_NAME: 'needs_consent',
    SH02_GEO: 'needs_consent',
    SH03_DATE: 'needs_consent',
    SH04_PHONE: 'needs_consent',
    SH05_FAX: 'needs_consent',
    SH06_EMAIL: 'needs_consent',
    SH17_PHOTO: 'needs_consent',
    SH14_URL: 'allow',
  },
  community: {
    ...IDS_BLOCKED,
    SH01_NAME: 'warn',
    SH02_GEO: 'warn',
    SH03_DATE: 'warn',
    SH04_PHONE: 'warn',
    SH05_FAX: 'warn',
    SH06_EMAIL: 'warn',
    SH17_PHOTO: 'needs_consent',
    SH14_URL: 'allow',
  },
  direct: {
    SH07_SSN: 'block',
    SH10_ACCOUNT: 'warn',
    SH01_NAME: 'allow',
    SH02_GEO: 'warn',
    SH03_DATE: 'allow',
    SH04_PHONE: 'allow',
    SH06_EMAIL: 'allow',
    SH14_URL: 'allow',
  },
  care_team: {
    SH07_SSN: 'warn',
    SH01_NAME: 'allow',
    SH02_GEO: 'allow',
    SH03_DATE: 'allow',
    SH04_PHONE: 'allow',
    SH05_FAX: 'allow',
    SH06_EMAIL: 'allow',
    SH08_MRN: 'allow',
    SH09_HEALTH_PLAN: 'allow',
    SH14_URL: 'allow',
    SH17_PHOTO: 'allow',
  },
};

export interface PolicyDecision {
  verdict: Verdict;
  /** Categories that drove the verdict (the most severe ones). */
  categories: Category[];
  perCategory: Partial<Record<Category, Verdict>>;
}

export interface DecideOptions {
  policy?: PolicyTable;
  /** Categories covered by a valid consent for this destination: needs_consent becomes allow. */
  consentedCategories?: readonly Category[];
  /** Per finding: a consent covers it (its subject, category and destination). */
  isConsented?: (f: Finding) => boolean;
  /** Staff writing where patients read: an identifier that would only warn needs consent instead. */
  strict?: boolean;
  /** A patient writing about themselves may self-disclose: needs_consent becomes warn. */
  selfDisclosure?: boolean;
}

const atMost = (v: Verdict, cap: Verdict): Verdict => (SEVERITY[v] > SEVERITY[cap] ? cap : v);
/** Identifiers of a person (not of a time or a place): someone unknown named with one gets a warning. */
const PERSON_CONTACT = new Set<Category>(['SH01_NAME', 'SH04_PHONE', 'SH05_FAX', 'SH06_EMAIL']);

/**
 * One finding's verdict. A finding read in context (with a `subject`) is judged by whom it is about: the
 * organization, its staff in their role and public figures pass; a patient gets the sharing rules, and
 * where others read (a community, the public) a warning becomes "needs that patient's consent"; the
 * author's own details are self-disclosure (a warning); someone unknown named without health information
 * gets at most a warning, and a date or place that is about no one passes.
 */
function verdictFor(
  f: Finding,
  destination: Destination,
  table: Partial<Record<Category, Verdict>>,
  opts: DecideOptions,
  personAtRisk: boolean,
): Verdict {
  const v: Verdict = table[f.category] ?? 'warn';
  const consented = () => opts.consentedCategories?.includes(f.category) || opts.isConsented?.(f);
  switch (f.subject) {
    case undefined: {
      let legacy = v === 'warn' && opts.strict ? 'needs_consent' : v;
      if (legacy === 'needs_consent' && consented()) legacy = 'allow';
      if (legacy === 'needs_consent' && opts.selfDisclosure) legacy = 'warn';
      return legacy;
    }
    case 'organization':
    case 'staff':
    case 'public':
      return PERSONAL_ID_CATEGORIES.has(f.category) && f.subject !== 'organization' ? v : 'allow';
    case 'self':
      if (v === 'block') return v;
      return f.category === 'SH01_NAME' && !opts.selfDisclosure ? 'allow' : atMost(v, 'warn');
    case 'patient': {
      // Someone else's health where others read needs that person's consent, whoever writes it.
      const strict = v === 'warn' && (opts.strict || destination === 'community' || destination === 'public') ? 'needs_consent' : v;
      return strict === 'needs_consent' && consented() ? 'allow' : strict;
    }
    case 'unknown':
      if (consented()) return 'allow';
      // A cell the organization set to block stays a block; otherwise someone unknown gets at most a warning.
      if (PERSONAL_ID_CATEGORIES.has(f.category) || v === 'block') return v;
      if (PERSON_CONTACT.has(f.category) || personAtRisk) return atMost(v, 'warn');
      return 'allow';
  }
}

export function decide(findings: Finding[], destination: Destination, opts: DecideOptions = {}): PolicyDecision {
  const table = (opts.policy ?? DEFAULT_POLICY)[destination];
  const perCategory: Partial<Record<Category, Verdict>> = {};
  const personAtRisk = findings.some((f) => f.category === 'SH01_NAME' && (f.subject === 'unknown' || f.subject === 'patient'));
  for (const f of findings) {
    const v = verdictFor(f, destination, table, opts, personAtRisk);
    const prev = perCategory[f.category];
    if (!prev || SEVERITY[v] > SEVERITY[prev]) perCategory[f.category] = v;
  }
  let verdict: Verdict = 'allow';
  for (const v of Object.values(perCategory)) if (SEVERITY[v] > SEVERITY[verdict]) verdict = v!;
  const categories = (Object.keys(perCategory) as Category[]).filter((c) => perCategory[c] === verdict && verdict !== 'allow');
  return { verdict, categories, perCategory };
}
