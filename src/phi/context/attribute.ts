import { PERSONAL_ID_CATEGORIES, type Category, type Finding, type Subject } from '../categories.ts';
import {
  CARE_EVENT_AFTER_NAME,
  CARE_EVENT_BEFORE_NAME,
  CARE_GIVEN,
  hasHealthInformation,
  PUBLIC_TITLE_BEFORE,
  RELATIVE_OF_PUBLIC_FIGURE,
  SUPPORTER_AFTER,
  ROLE_AFTER,
  SELF_BEFORE,
  TITLE_BEFORE,
  WORK_CONTEXT,
} from './cues.ts';
import { isOrgAddress, isOrgDomain, isOrgPhone, isPublicFigure, orgNameSpans, staffFor, wordsOf, type CompiledProfile } from './profile.ts';

export interface Author {
  role: string;
  /** The author's own name: a name equal to it is a self-mention. */
  name?: string;
}

const STAFF_AUTHOR = new Set(['admin', 'compliance', 'communications', 'clinician', 'staff', 'nurse', 'moderator']);
export const isStaffAuthor = (role: string) => STAFF_AUTHOR.has(role);

/**
 * Said of nobody in particular, a patient is still being written about: "the 94-year-old admitted on
 * 3/4", "our patient in bed 12". Topics ("a talk on stroke recovery") are not enough.
 */
const NAMELESS_PATIENT =
  /\b(?:our|a|the|my|this) patient\b|\bbed \d|\broom \d|\bdob\b|\bdate of birth\b|\b(?:re)?admitted\b|\bdischarged\b|\bdiagnosed\b|\bpassed away\b|\bmrn\b|\bpaciente\b|\bpatiente?\b|\bingresad[oa]\b|\bhospitalis[ée]e?(?![a-zà-ÿ])/i;

/** A sentence about someone's work (tenure, a talk, an award) that says nothing of their care. */
const workSentence = (sentence: string) => WORK_CONTEXT.test(sentence) && !hasHealthInformation(sentence);

const sentenceAround = (text: string, start: number, end: number) => {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1])) s--;
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text[e])) e++;
  return text.slice(s, Math.min(text.length, e + 1));
};

/** Cuts a finding around the organization's own names: the parts outside them stay findings of their own. */
function splitAroundOrgNames(text: string, findings: Finding[], spans: [number, number][]): Finding[] {
  if (spans.length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    // Web and email addresses are the organization's by their domain, not by a name inside them.
    const hits = f.category === 'SH01_NAME' || f.category === 'SH02_GEO' ? spans.filter(([s, e]) => s < f.end && f.start < e) : [];
    if (hits.length === 0) {
      out.push(f);
      continue;
    }
    let pieces: [number, number][] = [[f.start, f.end]];
    for (const [hs, he] of hits) {
      pieces = pieces.flatMap(([s, e]) => [
        ...(s < hs ? [[s, Math.min(e, hs)] as [number, number]] : []),
        ...(e > he ? [[Math.max(s, he), e] as [number, number]] : []),
      ]);
      out.push({
        ...f,
        start: Math.max(f.start, hs),
        end: Math.min(f.end, he),
        subject: 'organization',
        reason: `${f.reason}; the organization's name`,
      });
    }
    for (let [s, e] of pieces) {
      // Trim the joining punctuation left at the cut ("…Hospital, 1200 Seawall Avenue").
      while (s < e && /[\s,;:()'’-]/.test(text[s])) s++;
      while (e > s && /[\s,;:()'’-]/.test(text[e - 1])) e--;
      if (/[\p{L}\p{N}]{2}/u.test(text.slice(s, e))) out.push({ ...f, start: s, end: e });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A handle such as "@HarborGeneral" written for the organization (or one of its facilities or domains). */
const isOrgHandle = (found: string, profile: CompiledProfile) =>
  found.startsWith('@') &&
  profile.handles.has(
    found
      .slice(1)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );

/** What a text says as a whole, worked out once however many names it has. */
interface TextFacts {
  care?: boolean;
  careGiven?: boolean;
}

function nameSubject(
  text: string,
  f: Finding,
  profile: CompiledProfile | null,
  author: Author,
  facts: TextFacts,
): { subject: Subject; why: string } {
  const found = text.slice(f.start, f.end);
  const lead = text.slice(Math.max(0, f.start - 40), f.start);
  const tail = text.slice(f.end, f.end + 80);
  const careHere = CARE_EVENT_AFTER_NAME.test(tail) || CARE_EVENT_BEFORE_NAME.test(lead);
  if (profile && isOrgHandle(found, profile)) return { subject: 'organization', why: "the organization's handle" };
  const foundWords = wordsOf(found);
  const authorWords = author.name ? wordsOf(author.name) : [];
  const own = foundWords.length > 0 && authorWords.length > 0 && foundWords.every((w) => authorWords.includes(w));
  let known: { subject: Subject; why: string } | null = null;
  const titled = TITLE_BEFORE.test(lead);
  if (profile && staffFor(found, profile, titled)) known = { subject: 'staff', why: 'staff directory' };
  else if (profile && isPublicFigure(found, profile)) known = { subject: 'public', why: 'public figure' };
  else if (own || SELF_BEFORE.test(lead)) return { subject: 'self', why: 'the author' };
  else if (PUBLIC_TITLE_BEFORE.test(lead)) known = { subject: 'public', why: 'public role' };
  else if (SUPPORTER_AFTER.test(tail)) known = { subject: 'public', why: 'named as a supporter' };
  else if (titled || ROLE_AFTER.test(tail)) known = { subject: 'staff', why: 'work role' };
  else if (workSentence(sentenceAround(text, f.start, f.end))) known = { subject: 'staff', why: 'named for their work' };
  // A role does not clear a person written about as a patient ("prayers for our nurse Jo, admitted today"),
  // and a public figure in a text about care given is a patient too (the classic celebrity-record breach).
  if (known) {
    const careGiven = known.subject === 'public' && (facts.careGiven ??= CARE_GIVEN.test(text));
    return careHere || careGiven ? { subject: 'patient', why: `${known.why}, with a care event` } : known;
  }
  facts.care ??= hasHealthInformation(text);
  return facts.care ? { subject: 'patient', why: 'named with health information' } : { subject: 'unknown', why: 'no health information' };
}

/**
 * Says whom each finding is about: the organization (its names, facility addresses, phones, domains), its
 * staff or public figures in their role, the author, a patient (a person named with health information or
 * a care event), or someone unknown. Pure: the same text, findings and profile give the same answer.
 */
export function attributeFindings(text: string, findings: Finding[], profile: CompiledProfile | null, author: Author): Finding[] {
  const spans = profile ? orgNameSpans(text, profile) : [];
  const split = splitAroundOrgNames(text, [...findings, ...relativesOfPublicFigures(text, findings)], spans);
  const out: Finding[] = [];
  const facts: TextFacts = {};
  for (const f of split) {
    if (f.subject) {
      out.push(f);
      continue;
    }
    if (f.category === 'SH01_NAME') {
      const { subject, why } = nameSubject(text, f, profile, author, facts);
      out.push({ ...f, subject, reason: `${f.reason}; ${why}` });
    } else out.push(f);
  }
  const persons = out.filter((f) => f.category === 'SH01_NAME');
  const patientNamed = persons.some((f) => f.subject === 'patient');
  const someoneUnknown = persons.some((f) => f.subject === 'unknown');
  const patientUnnamed = !patientNamed && NAMELESS_PATIENT.test(text);
  const patientAuthor = !isStaffAuthor(author.role);
  return out.map((f) => {
    if (f.subject) return f;
    const found = text.slice(f.start, f.end);
    if (profile && orgOwned(f.category, found, profile))
      return { ...f, subject: 'organization', reason: `${f.reason}; the organization's own` };
    if (patientNamed) return { ...f, subject: 'patient', reason: `${f.reason}; in a text about a patient` };
    if (patientUnnamed)
      return {
        ...f,
        subject: patientAuthor ? 'self' : 'patient',
        reason: `${f.reason}; in a text about ${patientAuthor ? 'the author' : 'a patient'}`,
      };
    if (PERSONAL_ID_CATEGORIES.has(f.category)) return { ...f, subject: 'unknown', reason: `${f.reason}; a personal identifier` };
    return { ...f, subject: 'unknown', reason: `${f.reason}; ${someoneUnknown ? 'beside a name' : 'about no one in particular'}` };
  });
}

/** "The Governor's daughter in our ER": a person identified through a public figure, when the text is about care. */
function relativesOfPublicFigures(text: string, findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  RELATIVE_OF_PUBLIC_FIGURE.lastIndex = 0;
  if (!RELATIVE_OF_PUBLIC_FIGURE.test(text) || !hasHealthInformation(text)) return out;
  RELATIVE_OF_PUBLIC_FIGURE.lastIndex = 0;
  for (let m = RELATIVE_OF_PUBLIC_FIGURE.exec(text); m; m = RELATIVE_OF_PUBLIC_FIGURE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (findings.some((f) => f.start < end && start < f.end)) continue;
    out.push({
      start,
      end,
      category: 'SH18_OTHER_ID',
      confidence: 0.8,
      reason: 'identified through a public figure; named with health information',
      subject: 'patient',
    });
  }
  return out;
}

function orgOwned(category: Category, found: string, profile: CompiledProfile): boolean {
  switch (category) {
    case 'SH02_GEO':
      return isOrgAddress(found, profile);
    case 'SH04_PHONE':
    case 'SH05_FAX':
      return isOrgPhone(found, profile);
    case 'SH06_EMAIL':
    case 'SH14_URL':
      return isOrgDomain(found, profile);
    default:
      return false;
  }
}
