import type { Finding } from '../categories.ts';
import { COUNTRIES_AND_STATES, dictionaries, MEDICAL_TERMS, NEVER_NAMES } from '../dictionaries.ts';
import { add, before, each } from './formatted.ts';

/** "street" -> "[Ss]treet|STREET": capital or small first letter, or all capitals; other words stay case-exact. */
function wordForms(alternatives: string): string {
  const forms = alternatives.split('|').map((w) => {
    const first = w[0];
    const upper = w.toUpperCase().replace(/\\\./g, '\\.');
    return /\p{L}/u.test(first) ? `[${first.toUpperCase()}${first}]${w.slice(1)}|${upper}` : w;
  });
  return `(?:${forms.join('|')})`;
}

const CAP = "[\\p{Lu}][\\p{L}\\p{M}'’.-]{0,30}";
const EN_SUFFIX = wordForms(
  'street|st|str|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|square|sq|terrace|ter|parkway|pkwy|highway|hwy|circle|cir|trail|trl|crescent|cres|close|grove|row|walk|plaza|alley|pike|loop|run|path|point|pt|ridge|view|heights|hts|gardens|gdns|mews|green|hill|park|route|rte|expressway|freeway|turnpike|streets|squares|roads|avenues|lanes|drives|courts|ways',
);
const INTL_PREFIX = wordForms(
  'rua|rúa|c/|via|viale|calle|carrer|avenida|avda\\.|avda|avinguda|av\\.|avenue|rue|boulevard|bd|allée|allee|impasse|quai|cours|faubourg|fbg|ronda|pasaje|travesía|glorieta|carretera|ctra\\.|piazza|plaza|praça|praca|largo|travessa|strada|corso|chemin|route|rambla|paseo|camino|ulica|ul\\.|aleja|al\\.|utca|út|tér|cesta|iela|gatve|prospekt|pr\\.|ulitsa|odos|leoforos',
);
const INTL_SUFFIX_WORD =
  "[\\p{Lu}][\\p{L}\\p{M}'’-]{0,30}(?:straße|strasse|str\\.|gasse|weg|allee|platz|ring|damm|ufer|katu|tie|kuja|polku|kaari|vej|gade|vænget|væng|allé|stræde|veien|vegen|gata|gatan|vägen|väg|gränd|laan|straat|plein|gracht|kade|singel|utca|útja|ulica|ulice|iela|gatvė|tee|põik|puiestee)";

const UNIT =
  '(?:(?:[Aa]pt\\.?|APT\\.?|[Aa]partment|[Ss]uite|SUITE|[Ss]te\\.?|[Uu]nit|[Ff]lat|[Ff]loor|[Ff]l\\.?|[Rr]oom|[Rr]m\\.?|[Bb]ldg\\.?|[Bb]uilding|[Pp]iso|[Pp]lanta|[Pp]uerta|[Ee]scalera|[Ee]sc\\.|[Aa]ppartement|[Aa]ppt\\.?|[Éé]tage|[Bb]ât\\.?|[Bb]âtiment|#)\\s{0,2}\\d{1,5}[A-Za-z]?|\\d{1,2}[º°ª](?:\\s?[A-Z]\\b|\\s?(?:izq|izda|dcha|dch)\\.?)?)';

const STREET_EN = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,6}[a-z]?(?:\\s\\d{1,6})?(?:\\s{1,3}${CAP}){1,4}\\s{1,3}${EN_SUFFIX}\\b\\.?(?:,?\\s{1,3}${UNIT})?`,
  'gu',
);
const STREET_INTL_PREFIX = new RegExp(
  `(?:(?<![\\p{L}\\d])\\d{1,6}\\s{1,3})?\\b${INTL_PREFIX}(?:\\s{1,3}(?:${CAP}|d[aeo]s?|di|dei|degli|delle|del|de|la|le|du|do|da|al|el))(?:\\s{1,3}(?:${CAP}|d[aeo]s?|di|dei|degli|delle|del|de|la|le|du|al|el)){0,4},?\\s{1,3}\\d{1,5}[a-z]?\\b`,
  'gu',
);
const STREET_INTL_SUFFIX = new RegExp(
  `(?:(?<![\\p{L}\\d])\\d{1,6}\\s{1,3})?(?:${CAP}\\s{1,3}){0,2}${INTL_SUFFIX_WORD}\\s{1,3}\\d{1,5}[a-z]?\\b`,
  'gu',
);
// "Király u. 15", "Koskikatu 25": a capitalized street word, then a house number, after an address cue.
const ADDRESS_CUE_STREET = new RegExp(
  // Matched forward from the cue (a lookbehind here would be tried at every position of every post).
  `\\b(?:[Aa]ddress|[Aa]ddr|lives at|living at|located at|lives on|is on|located on|side of|office is at|send (?:it|a new one|them) to|ship to|deliver to|is at|at)\\s{0,3}:?\\s{0,3}(?:\\d{1,6}\\s{1,3})?((?:${CAP}\\s{1,3}){0,3}${CAP}\\s{1,3}(?:u\\.\\s{0,2})?\\d{1,5}[a-z]?\\b\\.?)`,
  'gu',
);
const UNIT_ALONE = new RegExp(`(?<![\\p{L}])(?:apt\\.?|apartment|suite|ste\\.|unit|flat)\\s{1,2}\\d{1,5}[a-z]?\\b`, 'giu');
const PO_BOX = /\b(?:p\.?\s?o\.?\s{0,2}box|post\s+office\s+box|psc|unit)\s{0,2}\d{1,6}(?:,?\s{0,3}box\s{0,2}\d{1,6})?/gi;
const MILITARY = /\b(?:apo|fpo|dpo)\s{1,3}(?:aa|ae|ap)\s{1,3}\d{5}\b/gi;
const US_STATE_ZIP =
  /\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s{1,2}\d{5}(?:-\d{4})?\b/g;
const ZIP_CUE =
  /(?:zip|postal|post\s?code|zipcode|zip\s?code)\s{0,2}(?:code)?\s{0,2}(?:is|was)?\s{0,2}[:#]?\s{0,3}([A-Z0-9]{2,6}(?:[ -][A-Z0-9]{2,4})?)\b/gi;
const ZIP_PLUS4 = /(?<![\d-])\d{5}-\d{4}(?![\d-])/g;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s{1,2}\d[A-Z]{2}\b/g;
const CA_POSTCODE = /\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d\b/g;

// Words that may stand in the lines after a street: places, region codes, countries, postcodes, units.
const BLOCK_WORD =
  /^(?:\(?[\p{Lu}][\p{L}\p{M}'’.∆-]{0,30}\)?|[\p{Lu}\p{N}∆º°ª]{1,12}|\d[\d-]{0,9}|nan|apt\.?|suite|unit|box|de|del|la|le|do|da|di|am|an|im|sur|upon|izq|izda|dcha|dch|bis|ter|cedex)[.,]?$/u;
const UNIT_PIECE = new RegExp(`^${UNIT}$`, 'u');

const ABBREVIATION = /(?:^|[\s.])(?:apt|ste|st|u|no|nr|rd|ave|av|dr|bd|blvd|ul|al|pr|p\.o|po|fl|rm|bldg|mt|ft|n|s|e|w|[A-Z])$/i;

/** Where one piece of an address block ends: a line break, comma or sentence stop (not "Apt." or "u."). */
function pieceEnd(s: string): number {
  const re = /[\n,?!;]|\.(?=\s|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0] !== '.' || !ABBREVIATION.test(s.slice(0, m.index))) return m.index;
  }
  return -1;
}

/**
 * Extends a street address over what follows it on the next lines or after commas (unit, city, region,
 * country, postcode). A piece must be made only of such words; a partly matching piece ends the block.
 */
function extendBlock(text: string, end: number): number {
  const { commonWords } = dictionaries();
  let pos = end;
  for (let piece = 0; piece < 6; piece++) {
    const lead = /^[ \t]{0,3}[\n,]?[\s,>]{0,8}/.exec(text.slice(pos, pos + 12))![0];
    if (!lead && piece > 0) break;
    const start = pos + lead.length;
    const stop = pieceEnd(text.slice(start, start + 60));
    const body = text.slice(start, stop === -1 ? Math.min(text.length, start + 60) : start + stop);
    if (!body.trim()) break;
    if (UNIT_PIECE.test(body.trim())) {
      pos = start + body.trimEnd().length;
      continue;
    }
    // A line of digit groups is a phone number, not a postcode.
    if (/^[\d ()+.-]{7,}$/.test(body.trim()) && (body.match(/\d/g) ?? []).length >= 7) break;
    let taken = 0;
    let accepted = 0;
    let numbers = 0;
    const parts = body.split(/([ \t]+)/);
    for (let k = 0; k < parts.length; k += 2) {
      const w = parts[k];
      if (!w) break;
      const plain = w.replace(/[.,()]/g, '').toLowerCase();
      if (!BLOCK_WORD.test(w) || (commonWords.has(plain) && /^\p{Ll}/u.test(w))) break;
      if (/^\d/.test(w) && ++numbers > 2) break;
      accepted++;
      taken += w.length + (parts[k + 1]?.length ?? 0);
    }
    if (accepted === 0) break;
    const whole = taken >= body.trimEnd().length;
    pos = start + body.slice(0, Math.min(taken, body.length)).trimEnd().length;
    if (!whole) break;
  }
  return pos;
}

// "20789 Allika 46", "0605 πεντέλης 210": house or building number, one to four words, a number.
const NUMBER_WORDS_NUMBER =
  /(?<![\p{L}\p{N}.,:/-])\d{3,6}(?:[ \t]{1,2}\d{1,5})?(?:[ \t]{1,2}[\p{L}][\p{L}\p{M}'’.-]{1,30}){1,4}[ \t]{1,2}\d{1,5}[a-zA-Z]?\b\.?/gu;
const NUMBER_THEN_STREET = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,6}(?:[ \\t]\\d{1,6})?,?[ \\t]{1,2}${INTL_PREFIX}(?:[ \\t]{1,2}[\\p{L}][\\p{L}\\p{M}'’-]{0,30}){1,5}(?:[ \\t]{1,2}\\d{1,5}[a-zA-Z]?\\b)?`,
  'gu',
);
// "the corner of ul. Grochowa 80 and Lahtinen Road": a digit or capitals keep "the corner of my eye" out.
const CORNER =
  /\b(?:[Tt]he[ \t]{1,3})?corner[ \t]{1,3}of[ \t]{1,3}(?=[^\n,]{0,60}?(?:\d|and[ \t]{1,3}\p{Lu}))(?:[\p{L}\d][\p{L}\p{M}\d'’./-]{0,30}[ \t]{1,3}){1,6}(?:and|&)[ \t]{1,3}[\p{L}\d][\p{L}\p{M}\d'’.-]{0,30}(?:[ \t]{1,3}[\p{L}][\p{L}\p{M}'’.-]{0,30}){0,3}/gu;
const NAMED_STREET = new RegExp(
  `(?<![\\p{L}])(?:[\\p{Lu}][\\p{L}\\p{M}'’-]{1,30}[ \\t]){1,3}(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Parkway|Highway|Crescent|Plaza|Square)\\b`,
  'gu',
);

// "28013 Madrid", "69003 Lyon": a five-digit postcode and a known town.
const POSTCODE_TOWN =
  /(?<![\p{L}\d.,-])\d{5}[ \t]{1,2}([\p{Lu}][\p{L}\p{M}'’-]{1,30}(?:[ -][\p{Lu}][\p{L}\p{M}'’-]{1,30}){0,2})(?:[ \t]{1,2}cedex(?:[ \t]\d{1,2})?)?/giu;

const LOCATION_CUE =
  /(?:\bfrom|\bin|\bnear|\bvisiting|\blive(?:s|d)?\s+in|\bliving\s+in|\bmoved\s+(?:to|from)|\btravel(?:l)?ing\s+to|\btrip\s+to|\bborn\s+in|\bbased\s+in|\bgrew\s+up\s+in|\b(?:flew|fly|flying|drove|drive|driving|went|go|going|travel(?:l?ed)?|moved|relocated|headed|heading)\s+(?:back\s+)?to|\bwhere:)\s{1,3}$/i;
const CAP_RUN =
  /(?<![\p{L}\p{M}'’@#])[\p{Lu}][\p{L}\p{M}'’-]{1,30}(?:[ -](?:[\p{Lu}][\p{L}\p{M}'’-]{1,30}|upon|on|de|la|sur|am|an|im|del|di))?(?:\s[\p{Lu}][\p{L}\p{M}'’-]{0,30}){0,2}/gu;

/** Street addresses, address blocks, PO boxes, ZIP and postal codes, and towns or cities. */
export function recognizeGeo(text: string, out: Finding[]): void {
  // A block that runs over several lines is an address as a whole: it outranks names inside it.
  const addressAt = (start: number, matchEnd: number, confidence: number, reason: string) => {
    const end = extendBlock(text, matchEnd);
    const block = end > matchEnd + 2;
    add(out, start, end, 'SH02_GEO', block ? Math.max(confidence, 0.97) : confidence, block ? `${reason} block` : reason);
  };
  const street = (reason: string, confidence: number) => (m: RegExpExecArray) =>
    addressAt(m.index, m.index + m[0].length, confidence, reason);
  each(NAMED_STREET, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.7, 'street name'));
  each(CORNER, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.85, 'street corner'));
  recognizePlaces(text, out);
  // Every pattern below has a house number, a postcode or a box number.
  if (!/\d/.test(text)) return;
  each(STREET_EN, text, street('street address', 0.96));
  each(STREET_INTL_PREFIX, text, street('street address', 0.9));
  each(STREET_INTL_SUFFIX, text, street('street address', 0.9));
  each(ADDRESS_CUE_STREET, text, (m) => {
    const streetText = m[1];
    addressAt(m.index + m[0].length - streetText.length, m.index + m[0].length, 0.85, 'address after a cue');
  });
  each(PO_BOX, text, street('post office box', 0.93));
  each(NUMBER_WORDS_NUMBER, text, (m) => {
    const words = m[0].match(/\p{L}[\p{L}\p{M}'’.-]*/gu) ?? [];
    const { commonWords } = dictionaries();
    // "in 2020 I ran 5" is prose: most words of a street name are not common English words.
    const plain = words.filter((w) => !commonWords.has(w.toLowerCase().replace(/\.$/, '')));
    if (plain.length * 2 < words.length || plain.length === 0) return;
    street('street address', 0.85)(m);
  });
  each(NUMBER_THEN_STREET, text, street('street address', 0.96));
  each(UNIT_ALONE, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.8, 'apartment or suite'));
  each(MILITARY, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.93, 'military address'));
  each(US_STATE_ZIP, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.9, 'state and ZIP code'));
  each(ZIP_PLUS4, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.85, 'ZIP+4 code'));
  each(UK_POSTCODE, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.8, 'postcode'));
  each(CA_POSTCODE, text, (m) => add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.8, 'postcode'));
  each(ZIP_CUE, text, (m) => {
    const code = m[1];
    if (!/\d/.test(code)) return;
    const start = m.index + m[0].length - code.length;
    add(out, start, start + code.length, 'SH02_GEO', 0.9, 'after a ZIP cue');
  });
  each(POSTCODE_TOWN, text, (m) => {
    if (dictionaries().cities.has(m[1].toLowerCase())) add(out, m.index, m.index + m[0].length, 'SH02_GEO', 0.85, 'postcode and town');
  });
}

function recognizePlaces(text: string, out: Finding[]): void {
  const { cities, commonWords, firstNames } = dictionaries();
  each(CAP_RUN, text, (m) => {
    // Try the longest run of words first: "Upton Scudamore" before "Upton".
    const words = m[0].split(/\s+/);
    let cueSeen: boolean | undefined;
    const hasCue = () => (cueSeen ??= LOCATION_CUE.test(before(text, m.index, 25)));
    for (let n = words.length; n >= 1; n--) {
      const phrase = words.slice(0, n).join(' ');
      const key = phrase.toLowerCase();
      if (COUNTRIES_AND_STATES.has(key) || MEDICAL_TERMS.has(key) || NEVER_NAMES.has(key)) return;
      if (phrase.length <= 3 && phrase === phrase.toUpperCase()) continue; // acronyms: DOB, ER, ICU
      const known = cities.has(key);
      if (!known && n > 1) continue;
      const ambiguous = n === 1 && (commonWords.has(key) || firstNames.has(key));
      if (!known && (commonWords.has(key) || firstNames.has(key) || key.length <= 2)) continue;
      const cue = hasCue();
      // A postcode right after the place belongs to it ("in Bjert 6091").
      const postcode = /^[ \t]\d{3,6}\b(?![.,]\d)/.exec(text.slice(m.index + phrase.length, m.index + phrase.length + 8));
      const end = m.index + phrase.length + (postcode ? postcode[0].length : 0);
      if (known && (!ambiguous || cue)) {
        add(out, m.index, end, 'SH02_GEO', cue ? 0.85 : 0.6, cue ? 'place after a location cue' : 'known town or city');
        return;
      }
      if (n === 1 && cue && !commonWords.has(key) && !firstNames.has(key) && key.length > 2) {
        add(out, m.index, end, 'SH02_GEO', postcode ? 0.8 : 0.55, 'place after a location cue');
        return;
      }
    }
  });
}
