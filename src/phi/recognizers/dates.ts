import type { Finding } from '../categories.ts';
import { add, before, each } from './formatted.ts';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const DAY_ORDINAL = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)';
const YEAR = "(?:(?:19|20)\\d{2}|'\\d{2})";
const WEEKDAY = '(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?';
const TIME = '(?:[T\\s,]{1,3}(?:at\\s)?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d{1,6})?\\s?(?:[ap]\\.?m\\.?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?';

const ORDINAL_WORD =
  '(?:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)';
// Spanish and French months and weekdays.
const MONTH_ES =
  '(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\\.?';
const MONTH_FR =
  '(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec)\\.?';
const WEEKDAY_ES_FR =
  '(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const DAY_ES_FR = '(?:[12]\\d|3[01]|0?[1-9]|1er|1ero|1º|1°)';

// Not a piece of a longer token: ids, hashes, version strings and codes such as "rlmx2vsrz8-3-12".
const NOT_IN_TOKEN = '(?<![\\p{L}\\d/._-])';

// Quick tests a text must pass before a pattern is tried: most posts name no month and no weekday.
const EN_MONTH = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const EN_WEEKDAY = /mon|tue|wed|thu|fri|sat|sun/i;
const ES_MONTH = /ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic/i;
const FR_MONTH = /janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c/i;
const NUMERIC = /\d[-/.]\d/;

/** A date pattern, the quick test a text must pass first, and what a match is. */
const PATTERNS: { re: RegExp; gate: RegExp; reason: string; confidence: number }[] = [
  // 2024-07-22, 2024/07/22, with optional time
  {
    re: new RegExp(`${NOT_IN_TOKEN}(?:19|20)\\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])${TIME}(?![\\p{L}\\d/_-])`, 'giu'),
    gate: NUMERIC,
    reason: 'ISO date',
    confidence: 0.97,
  },
  // 7/22/2024, 22.07.24, 07-22-2024
  {
    re: new RegExp(
      `${NOT_IN_TOKEN}(?:[12]\\d|3[01]|0?[1-9])[/.-](?:[12]\\d|3[01]|0?[1-9])[/.-](?:(?:19|20)\\d{2}|\\d{2})${TIME}(?![\\d/.-]?\\d|[\\p{L}_]|-[\\p{L}\\d])`,
      'giu',
    ),
    gate: NUMERIC,
    reason: 'numeric date',
    confidence: 0.95,
  },
  // March 3, Mar. 3rd 2024, March 3rd, 2024
  {
    re: new RegExp(`\\b${MONTH}\\s{1,3}${DAY}(?:,?\\s{1,3}${YEAR})?${TIME}(?![\\p{L}\\d])`, 'giu'),
    gate: EN_MONTH,
    reason: 'month and day',
    confidence: 0.93,
  },
  // 3 March, 3rd of March 2024
  {
    re: new RegExp(`\\b${DAY}\\s{1,3}(?:of\\s{1,3})?${MONTH}(?:,?\\s{1,3}${YEAR})?(?![\\p{L}])`, 'giu'),
    gate: EN_MONTH,
    reason: 'day and month',
    confidence: 0.93,
  },
  // March 2024, Mar '24
  { re: new RegExp(`\\b${MONTH}\\s{1,3}(?:of\\s{1,3})?${YEAR}\\b`, 'giu'), gate: EN_MONTH, reason: 'month and year', confidence: 0.85 },
  // last Tuesday the 3rd, Tuesday the 3rd, on the 3rd
  {
    re: new RegExp(`\\b(?:(?:last|next|this|on)\\s{1,3})?${WEEKDAY},?\\s{1,3}(?:the\\s{1,3})?${DAY_ORDINAL}\\b`, 'giu'),
    gate: EN_WEEKDAY,
    reason: 'weekday and day',
    confidence: 0.85,
  },
  {
    re: /\b(?:on|since|from|until|by)\s{1,3}the\s{1,3}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b/gi,
    gate: /the\s{1,3}\d/i,
    reason: 'day of the month',
    confidence: 0.7,
  },
  // March third, the 3rd of March, the twenty-first of May
  {
    re: new RegExp(
      `\\b(?:${MONTH}\\s{1,3}(?:the\\s{1,3})?${ORDINAL_WORD}|(?:the\\s{1,3})?${ORDINAL_WORD}\\s{1,3}of\\s{1,3}${MONTH})(?:,?\\s{1,3}${YEAR})?(?![\\p{L}])`,
      'giu',
    ),
    gate: EN_MONTH,
    reason: 'date in words',
    confidence: 0.9,
  },
  // 12 de marzo (de 2024), el lunes 3 de enero
  {
    re: new RegExp(
      `(?<![\\p{L}\\d])(?:${WEEKDAY_ES_FR},?\\s{1,3})?${DAY_ES_FR}\\s{1,3}de\\s{1,3}${MONTH_ES}(?:\\s{1,3}(?:de|del)\\s{1,3}(?:19|20)\\d{2})?(?![\\p{L}])`,
      'giu',
    ),
    gate: ES_MONTH,
    reason: 'día y mes',
    confidence: 0.93,
  },
  // marzo de 2024
  {
    re: new RegExp(`(?<![\\p{L}])${MONTH_ES}\\s{1,3}(?:de|del)\\s{1,3}(?:19|20)\\d{2}\\b`, 'giu'),
    gate: ES_MONTH,
    reason: 'mes y año',
    confidence: 0.85,
  },
  // le 3 mars 2024, lundi 5 février, 1er avril
  {
    re: new RegExp(
      `(?<![\\p{L}\\d])(?:${WEEKDAY_ES_FR}\\s{1,3})?${DAY_ES_FR}\\s{1,3}${MONTH_FR}(?:\\s{1,3}(?:19|20)\\d{2})?(?![\\p{L}])`,
      'giu',
    ),
    gate: FR_MONTH,
    reason: 'jour et mois',
    confidence: 0.93,
  },
  // mars 2024
  {
    re: new RegExp(`(?<![\\p{L}])${MONTH_FR}\\s{1,3}(?:19|20)\\d{2}\\b`, 'giu'),
    gate: FR_MONTH,
    reason: 'mois et année',
    confidence: 0.85,
  },
];

// 7/22 (no year): a date when it reads like one, not a fraction, dose or score.
const MONTH_DAY =
  /(?<![\d/.,-])(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])(?![\d/.]|\s{0,2}(?:of|cups?|tabs?|tablets?|mg|ml|doses?|pills?|times|points?|stars?|scale)\b)/gi;
/**
 * "1/3" opening a post, or closing it after a finished sentence, numbers the parts of a thread ("… here. 2/3").
 * Only a part number no larger than the count, up to 20; a date cue before it still makes it a date.
 */
function threadCounter(text: string, start: number, end: number): boolean {
  const [part, count] = text.slice(start, end).split('/').map(Number);
  if (!(part <= count && count <= 20)) return false;
  const opens = /^[\s([]*$/.test(text.slice(0, start)) && /^[\s)\].:]/.test(text.slice(end, end + 1) || ' ');
  const closes =
    /^[\s)\].!]*$/.test(text.slice(end)) &&
    /(?:[.!?:…)\]]|\p{Extended_Pictographic})\s*[([]?$/u.test(text.slice(Math.max(0, start - 8), start));
  return opens || closes;
}

const DATE_CUE =
  /(?:\bon|\bby|\bsince|\buntil|\bdue|\bdob|\bborn|\bappt|\bappointment|\bvisit|\badmitted|\bdischarged|\bsurgery|\bscheduled|\bdate|\bfrom|\bthrough|\bthru|\bnext|\blast)\W{0,3}$/i;

// Ages over 89 are dates under Safe Harbor ("92-year-old", "aged 95", "age: 101").
const AGE_OVER_89 =
  /\b(?:(?:9\d|1[0-4]\d)(?:\s{0,2}|-)(?:years?|yrs?|yo|y\/o|y\.o\.|años|anos|ans)(?:-|\s)?(?:old|young|de edad)?|(?:age[ds]?|aged|edad|âgée? de)\s{0,3}:?\s{0,3}(?:9\d|1[0-4]\d)(?!\s{0,2}(?:%|mg|kg|lb|ml|min|€|\$|[.,:/]\d))|(?:9\d|1[0-4]\d)(?:st|nd|rd|th|e|ème|º|°)\s{1,2}(?:birthday|bday|anniversaire|cumpleaños)|(?:turn(?:s|ed|ing)?|cumple|cumplió|fête ses)\s{1,2}(?:9\d|1[0-4]\d))\b/giu;
// "Dolores Ramírez, 94, walked": an age between commas right after a capitalized name.
const AGE_APPOSITIVE = /(?<=\p{Lu}[\p{Ll}.]{0,30},\s{1,2})(?:9\d|1[0-4]\d)(?=\s{0,2},)/gu;

/**
 * One of the first two parts is a month: day-month or month-day order, but dotted dates are written day
 * first (22.07.24), so 11.23.35 or 10.20.20 is a version number, not a date.
 */
function monthAndDay(s: string): boolean {
  const [a, b] = s.split(/[/.-]/).map(Number) as [number, number];
  return s.includes('.') ? b <= 12 : (a <= 12 && b <= 31) || (b <= 12 && a <= 31);
}

export function recognizeDates(text: string, out: Finding[]): void {
  // Without a digit only a date written in words can be here ("March third").
  const digit = /\d/.test(text);
  for (const p of PATTERNS) {
    if ((!digit && p.reason !== 'date in words') || !p.gate.test(text)) continue;
    each(p.re, text, (m) => {
      let end = m.index + m[0].length;
      while (end > m.index && /[\s,]/.test(text[end - 1])) end--;
      // A full month name ends before the sentence's period ("le 14 juillet.").
      if (text[end - 1] === '.' && /\p{L}{5}\.$/u.test(text.slice(Math.max(m.index, end - 6), end))) end--;
      const s = text.slice(m.index, end);
      // "may 5" as in "you may 5x the dose" is rare; require a capital M for a bare "may".
      if (/^may\b/.test(s)) return;
      // 1-3-12 or 1.2.12 (short parts, two-digit year, no slashes) reads as a version or code more often than
      // a date: only after a date cue ("DOB 1-3-12"). 22.07.24 and 3/14/61 stay dates.
      if (p.reason === 'numeric date' && !monthAndDay(s)) return;
      if (
        p.reason === 'numeric date' &&
        /^\d{1,2}[.-]\d{1,2}[.-]\d{2}$/.test(s) &&
        !/^\d{2}[.-]\d{2}[.-]/.test(s) &&
        !DATE_CUE.test(before(text, m.index, 20))
      )
        return;
      add(out, m.index, end, 'SH03_DATE', p.confidence, p.reason);
    });
  }
  if (!digit) return;
  each(MONTH_DAY, text, (m) => {
    const cue = DATE_CUE.test(before(text, m.index, 20));
    if (!cue && threadCounter(text, m.index, m.index + m[0].length)) return;
    add(out, m.index, m.index + m[0].length, 'SH03_DATE', cue ? 0.9 : 0.6, cue ? 'month/day after a date cue' : 'month/day');
  });
  each(AGE_OVER_89, text, (m) => add(out, m.index, m.index + m[0].length, 'SH03_DATE', 0.9, 'age over 89'));
  each(AGE_APPOSITIVE, text, (m) => add(out, m.index, m.index + m[0].length, 'SH03_DATE', 0.8, 'age over 89 beside a name'));
}
