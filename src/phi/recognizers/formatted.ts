import type { Category, Finding } from '../categories.ts';

// Every pattern here is linear: bounded repetitions, no nested unbounded quantifiers (see the fuzz test).

const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;
const URL_SCHEME = /\b(?:https?|ftp):\/\/[^\s<>"'()\]]{1,2000}/gi;
const URL_WWW = /\bwww\.[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}(?:\/[^\s<>"'()\]]{0,2000})?/giu;
const TLDS =
  'com|org|net|edu|gov|mil|int|info|biz|io|co|me|us|uk|de|fr|it|es|nl|be|ch|at|se|no|dk|fi|is|ie|pt|pl|cz|sk|hu|ro|bg|gr|cy|ee|lv|lt|si|hr|rs|ru|ua|tr|il|ae|sa|in|cn|jp|kr|tw|hk|sg|my|th|vn|ph|id|au|nz|ca|mx|br|ar|cl|pe|za|ng|ke|eg|ma|health|care|clinic|app|dev|ai|tv|ly';
const URL_BARE = new RegExp(
  `(?<![\\p{L}\\p{N}@./-])[\\p{L}\\p{N}][\\p{L}\\p{N}-]{0,62}(?:\\.[\\p{L}\\p{N}-]{1,63}){0,4}\\.(?:${TLDS})(?:\\.[a-z]{2})?(?![\\p{L}\\p{N}-])(?:\\/[^\\s<>"'()\\]]{0,2000})?`,
  'giu',
);
const IMAGE_PATH = /\.(?:jpe?g|png|gif|heic|webp|bmp|tiff?)(?:[?#]|$)/i;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)/g;
const IPV6 = /(?<![\p{L}\p{N}:])(?:[0-9a-f]{1,4}:){2,7}(?::|(?::[0-9a-f]{1,4}){1,6}|[0-9a-f]{1,4})(?![\p{L}\p{N}:])/giu;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const PHONE =
  /(?<![\w+/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,8}){1,5}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/]|-\d|\.\d)/g;
const PHONE_PLAIN = /(?<![\w+.-])(?:\+\d{10,14}|\d{10,11})(?![\w.-])/g;

function add(out: Finding[], start: number, end: number, category: Category, confidence: number, reason: string) {
  if (end > start) out.push({ start, end, category, confidence, reason });
}

function each(re: RegExp, text: string, fn: (m: RegExpExecArray) => void) {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '');
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** The few words before a match, lowercased, to read its context ("fax", "card", "license"). */
export function before(text: string, index: number, width = 40): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}

const ACCOUNT_CUE = /(?:card|cc|credit|debit|visa|mastercard|amex|account|acct|a\/c|iban|bank|routing|billing|payment)\b[^.\n]{0,25}$/;

/** Email, web and IP addresses, SSNs, card and bank account numbers, phones and faxes. */
export function recognizeFormatted(text: string, out: Finding[]): void {
  // Cheap checks first: most short posts have no '@', no '.' between letters and no digit at all.
  const digit = /\d/.test(text);
  if (text.includes('@')) each(EMAIL, text, (m) => add(out, m.index, m.index + m[0].length, 'SH06_EMAIL', 0.99, 'email address'));
  const urlish = (m: RegExpExecArray, confidence: number, reason: string) => {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?]/.test(text[end - 1])) end--; // sentence punctuation is not part of it
    const url = text.slice(m.index, end);
    if (IMAGE_PATH.test(url)) add(out, m.index, end, 'SH17_PHOTO', 0.7, 'link to an image');
    else add(out, m.index, end, 'SH14_URL', confidence, reason);
  };
  if (text.includes('://')) each(URL_SCHEME, text, (m) => urlish(m, 0.99, 'web address'));
  if (text.includes('.')) {
    each(URL_WWW, text, (m) => urlish(m, 0.97, 'web address'));
    each(URL_BARE, text, (m) => {
      if (text[m.index + m[0].length] === '@') return;
      urlish(m, 0.85, 'domain name');
    });
  }
  if (!digit) return; // everything below has digits
  each(IPV4, text, (m) => add(out, m.index, m.index + m[0].length, 'SH15_IP', 0.97, 'IPv4 address'));
  if (text.includes(':'))
    each(IPV6, text, (m) => {
      if ((m[0].match(/:/g) ?? []).length >= 2 && /[0-9a-f]{3}/i.test(m[0]) && !/^\d{1,2}:\d{2}/.test(m[0]))
        add(out, m.index, m.index + m[0].length, 'SH15_IP', 0.9, 'IPv6 address');
    });
  each(SSN, text, (m) => {
    const ctx = before(text, m.index);
    const license = /licen[cs]e|\bdl\b|permit/.test(ctx);
    add(out, m.index, m.index + m[0].length, license ? 'SH11_LICENSE' : 'SH07_SSN', 0.95, license ? 'license number' : 'SSN format');
  });
  each(IBAN, text, (m) => {
    if (ibanValid(m[0])) add(out, m.index, m.index + m[0].length, 'SH10_ACCOUNT', 0.98, 'IBAN with valid checksum');
  });
  each(CARD, text, (m) => {
    const digits = digitsOf(m[0]);
    const cue = ACCOUNT_CUE.test(before(text, m.index));
    if (digits.length >= 13 && luhnValid(digits))
      add(out, m.index, m.index + m[0].length, 'SH10_ACCOUNT', 0.97, 'card number with valid checksum');
    else if (cue) add(out, m.index, m.index + m[0].length, 'SH10_ACCOUNT', 0.9, 'number after an account cue');
  });
  const phone = (m: RegExpExecArray) => {
    const digits = digitsOf(m[0]);
    if (digits.length < 7 || digits.length > 15) return;
    const s = m[0];
    // Dates, times, decimals and scores look like phones; the date recognizer claims real dates.
    if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(s) || /^\d{1,2}[.:]\d{2}$/.test(s)) return;
    const ctx = before(text, m.index, 30);
    const isFax = /\bfax\b|\bf:\s*$|facsimile/.test(ctx);
    const hasCue = /phone|tel\b|call|cell|mobile|text|sms|whatsapp|number|contact|reach|\bph\b|\bt:\s*$|fax/.test(ctx);
    const grouped = /[\s.()-]/.test(s) || s.startsWith('+');
    if (!grouped && !hasCue && !s.startsWith('+')) return;
    const confidence = hasCue || s.startsWith('+') || /^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$/.test(s) ? 0.95 : 0.75;
    add(out, m.index, m.index + s.length, isFax ? 'SH05_FAX' : 'SH04_PHONE', confidence, isFax ? 'fax number' : 'phone number');
  };
  each(PHONE, text, phone);
  each(PHONE_PLAIN, text, phone);
}

interface ContextRule {
  cue: RegExp; // must end where the identifier may start; group 1 is the identifier
  category: Category;
  reason: string;
  confidence: number;
}

const ID = String.raw`([A-Z0-9](?:[A-Z0-9]|[-/.](?=[A-Z0-9])){3,24})`;
// Bounded whitespace everywhere: adjacent unbounded \s* would backtrack quadratically on long blank runs.
const SEP = String.raw`(?:\s{0,3}(?:number|num|no\.?|nr\.?|#|id|is|was|of|n[º°o]\.?|núm\.?|número|numero|numéro|de|du|es|est)(?![\p{L}])){0,3}\s{0,3}[:#=]?\s{0,3}`;

// Identifiers recognized by what stands before them. Group 1 must contain a digit.
const CONTEXT_RULES: ContextRule[] = [
  {
    cue: new RegExp(
      String.raw`\b(?:mrn|medical\s{1,3}record|med\s{1,3}rec|chart|patient\s{1,3}(?:id|number|no)|hospital\s{1,3}(?:id|number|no)|case\s{1,3}file)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH08_MRN',
    reason: 'after a medical-record cue',
    confidence: 0.95,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:mr|pt|hosp|hospital|admission|adm|health\s{1,3}record|medical\s{1,3}id|ehr|emr|phn|personal\s{1,3}health|ohip|health\s{1,3}card|ihi|chi|nhi)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH08_MRN',
    reason: 'after a record cue',
    confidence: 0.85,
  },
  // Spanish and French record cues: historia clínica, expediente, NHC; dossier (médical), IPP.
  {
    cue: new RegExp(
      String.raw`(?<![\p{L}])(?:historia(?:\s{1,3}cl[ií]nica)?|expediente|nhc|nuhsa|paciente|dossier(?:\s{1,3}m[ée]dical)?|ipp|patient(?:e)?)${SEP}${ID}`,
      'giu',
    ),
    category: 'SH08_MRN',
    reason: 'after a medical-record cue',
    confidence: 0.93,
  },
  {
    cue: new RegExp(
      String.raw`(?<![\p{L}])(?:tarjeta\s{1,3}sanitaria|afiliaci[oó]n|p[oó]liza|aseguradora|mutuelle|adh[ée]rent|assurance)${SEP}${ID}`,
      'giu',
    ),
    category: 'SH09_HEALTH_PLAN',
    reason: 'after a health-plan cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`(?<![\p{L}])(?:dni|nie|nif|curp|cédula|cedula|pasaporte|passeport|carte\s{1,3}d'identit[ée])${SEP}${ID}`,
      'giu',
    ),
    category: 'SH18_OTHER_ID',
    reason: 'after a national-identity cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:member|subscriber|policy|insurance|insurer|health\s{1,3}plan|plan|group|medicare|medicaid|beneficiary|hicn|mbi)(?:\s{1,3}(?:id|number|no|#))?${SEP}${ID}`,
      'gi',
    ),
    category: 'SH09_HEALTH_PLAN',
    reason: 'after a health-plan cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(String.raw`\b(?:account|acct|a\/c|routing|sort\s{1,3}code|iban|card|cc)${SEP}${ID}`, 'gi'),
    category: 'SH10_ACCOUNT',
    reason: 'after an account cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:driver'?s?\s{1,3}licen[cs]e|licen[cs]e|dl|permit|certificate|cert|dea|passport|registration)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH11_LICENSE',
    reason: 'after a license cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:vin|vehicle\s{1,3}(?:id|identification)|licen[cs]e\s{1,3}plate|plate|tag|registration\s{1,3}plate)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH12_VEHICLE',
    reason: 'after a vehicle cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:serial|s\/n|sn|device(?:\s{1,3}id)?|udi|imei|pacemaker|implant|pump|model\s{1,3}and\s{1,3}serial)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH13_DEVICE',
    reason: 'after a device cue',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:fingerprint|finger\s{1,3}print|retina(?:l)?\s{1,3}scan|iris\s{1,3}scan|voice\s*print|face\s*print|palm\s*print|biometric|dna\s{1,3}(?:profile|sample|sequence))(?:\s{1,3}(?:id|hash|template|record))?${SEP}${ID}`,
      'gi',
    ),
    category: 'SH16_BIOMETRIC',
    reason: 'biometric identifier',
    confidence: 0.9,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:case|claim|ticket|reference|ref|confirmation|employee|staff|student|badge|visit|encounter|accession|specimen|order|id)${SEP}${ID}`,
      'gi',
    ),
    category: 'SH18_OTHER_ID',
    reason: 'after an identifier cue',
    confidence: 0.8,
  },
];

const VIN = /\b(?=[A-HJ-NPR-Z0-9]{17}\b)(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b/g;
const BIOMETRIC_MENTION =
  /\b(?:(?:his|her|their|my|patient'?s|the\s+patient'?s)\s+(?:fingerprints?|retina(?:l)?\s+scans?|iris\s+scans?|voice\s*prints?|dna\s+profile))\b/gi;
const PHOTO_MENTION =
  /\b(?:(?:full[-\s]face\s+)?(?:photo|photograph|picture|pic|selfie|image|x-?ray|scan)s?\s+of\s+(?:the\s+|my\s+|our\s+|a\s+)?(?:patient|pt|him|her|them|client|resident|baby|son|daughter|wife|husband|mother|father|mom|dad))\b/gi;

// French social-security number (NIR): sex, year, month, department, commune, order, key.
const NIR = /(?<![\d])[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?![\d])/g;
const SOCIAL_SECURITY_CUE =
  /(?:s[ée]curit[ée]\s{1,3}sociale|s[ée]cu|nir|carte\s{1,3}vitale|seguridad\s{1,3}social|seguro\s{1,3}social|nss|naf|social\s{1,3}security|ssn)\W{0,12}(?:\p{L}{1,8}\W{1,3}){0,2}$/iu;
// Spanish social-security number: province, number, check digits ("28 1234567 89").
const NSS_ES = /(?<![\d])\d{2}[ /-]?\d{7,8}[ /-]?\d{2}(?![\d])/g;
// Spanish DNI/NIE with their check letter.
const DNI = /\b([XYZ]?)(\d{7,8})[ -]?([A-HJ-NP-TV-Z])\b/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

// NHS number (England, Wales, Isle of Man): ten digits, often 3-3-4, with a mod-11 check digit.
const NHS_NUMBER = /(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])/g;
function nhsValid(raw: string): boolean {
  const d = raw.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(d[9]) && check !== 10;
}

/** Identifiers that only context reveals: MRNs, plan, license, vehicle, device and other ids. */
export function recognizeContextual(text: string, out: Finding[]): void {
  each(BIOMETRIC_MENTION, text, (m) => add(out, m.index, m.index + m[0].length, 'SH16_BIOMETRIC', 0.5, 'biometric of a person'));
  each(PHOTO_MENTION, text, (m) => add(out, m.index, m.index + m[0].length, 'SH17_PHOTO', 0.5, 'photo of a person'));
  // Every identifier below contains a digit.
  if (!/\d/.test(text)) return;
  each(NHS_NUMBER, text, (m) => {
    if (/\b(?:nhs|chi|health)\b[^.\n]{0,20}$/i.test(before(text, m.index, 30)) && nhsValid(m[0]))
      add(out, m.index, m.index + m[0].length, 'SH08_MRN', 0.97, 'NHS number with a valid check digit');
  });
  const nationalInsurance = (m: RegExpExecArray) => {
    if (SOCIAL_SECURITY_CUE.test(before(text, m.index, 50)))
      add(out, m.index, m.index + m[0].length, 'SH07_SSN', 0.98, 'social-security number after its cue');
  };
  each(NIR, text, nationalInsurance);
  each(NSS_ES, text, nationalInsurance);
  each(DNI, text, (m) => {
    const digits = Number(({ X: '0', Y: '1', Z: '2' } as Record<string, string>)[m[1]] ?? '') * 10 ** m[2].length + Number(m[2]);
    if (DNI_LETTERS[digits % 23] === m[3])
      add(out, m.index, m.index + m[0].length, 'SH18_OTHER_ID', 0.95, 'national identity number with a valid letter');
  });
  for (const rule of CONTEXT_RULES) {
    each(rule.cue, text, (m) => {
      const id = m[1];
      if (!id || !/\d/.test(id)) {
        // "Pacemaker serial number X": the word after the first cue may itself be a cue; retry from there.
        rule.cue.lastIndex = m.index + 1;
        return;
      }
      const start = m.index + m[0].length - id.length;
      add(out, start, start + id.length, rule.category, rule.confidence, rule.reason);
    });
  }
  each(VIN, text, (m) => add(out, m.index, m.index + 17, 'SH12_VEHICLE', 0.85, 'VIN format'));
}

export { each, add };
