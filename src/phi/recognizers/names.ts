import type { Finding } from '../categories.ts';
import {
  COUNTRIES_AND_STATES,
  LEX,
  lexicon,
  NAME_CUES,
  NAME_PREFIX_STRONG,
  NAME_PREFIX_WEAK,
  NAME_TITLES,
  ORG_HEADS,
} from '../dictionaries.ts';
import { add, each } from './formatted.ts';

const HANDLE = /(?<![\p{L}\p{N}_.@])@[A-Za-z0-9_]{1,30}(?![A-Za-z0-9_@]|\.[a-z]{2})/gu;
const HASHTAG = /(?<![\p{L}\p{N}_#&])#([\p{Lu}][\p{Ll}]{1,20})([\p{Lu}][\p{Ll}]{1,20})?\b/gu;
const GLUED = /(?<![\p{L}\p{N}_@&])#?([a-z]{6,24}|[A-Z][a-z]{2,11}[A-Z][a-z]{2,12})(?![\p{L}\p{N}_])/gu;
// A word or an initial ("D."); apostrophes and hyphens may join parts (O'Neil, Smith-Jones).
const WORD = /[\p{L}\p{M}](?:[\p{L}\p{M}]|['’-](?=[\p{L}]))*\.?/gu;
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'del',
  'della',
  'di',
  'dos',
  'das',
  'du',
  'le',
  'la',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'y',
]);
const SUFFIXES = new Set(['ii', 'iii', 'iv', 'jr', 'jr.', 'sr', 'sr.']);
// A capitalized unknown word at the start of a sentence is a name when one of these follows it.
const NAME_VERBS = new Set(
  'is was has had will would can could should did does said says shouted spent lives lived works worked went told asked called loves liked likes got gave wants needs just also thinks thought knows knew made makes took takes came comes wrote writes sings sang began begins started starts joined died won lost played studied graduated received became remains remained replied answered explained'.split(
    ' ',
  ),
);

type Shape = 'cap' | 'upper' | 'lower' | 'other';
interface Token {
  start: number;
  end: number; // excludes a possessive 's and a sentence period
  key: string;
  initial: boolean;
  shape: Shape;
  /** Lexicon bits of the key (first name, last name, common word, never a name). */
  bits: number;
  score: number; // 0: not a name; below 0.5: needs support from a neighbour or context
  strong: boolean;
  named: boolean;
}

/** Capitalized, all capitals, lowercase or other (digits, marks), from the letters' case alone. */
function shapeOf(body: string, key: string): Shape {
  const first = body[0];
  const lowerFirst = key[0];
  if (first !== lowerFirst) return body.length > 1 && body === body.toUpperCase() ? 'upper' : 'cap';
  return first !== first.toUpperCase() ? 'lower' : 'other';
}

const LETTER = /\p{L}/u;

/** A character before a word that makes it part of a handle, hashtag, code or path. */
function joinsPrevious(c: number, ch: string): boolean {
  if (c === 64 || c === 35 || c === 95 || c === 47 || c === 92 || (c >= 48 && c <= 57)) return true; // @ # _ / \ digits
  return c > 127 && /\p{N}/u.test(ch);
}

function tokenize(text: string): Token[] {
  const lex = lexicon();
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    if (start > 0 && joinsPrevious(text.charCodeAt(start - 1), text[start - 1])) continue; // handles, hashtags, codes, paths
    let raw = m[0];
    const initial = (raw.length === 1 || (raw.length === 2 && raw[1] === '.')) && LETTER.test(raw[0]);
    if (!initial && raw.endsWith('.')) raw = raw.slice(0, -1);
    if (
      raw.length > 3 &&
      (raw[raw.length - 1] === 's' || raw[raw.length - 1] === 'S') &&
      (raw[raw.length - 2] === "'" || raw[raw.length - 2] === '’')
    )
      raw = raw.slice(0, -2);
    const body = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    if (!body) continue;
    const lower = body.toLowerCase();
    const key = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
    tokens.push({
      start,
      end: start + raw.length,
      key,
      bits: lex.get(key) ?? 0,
      initial,
      shape: shapeOf(body, lower),
      score: 0,
      strong: false,
      named: false,
    });
  }
  return tokens;
}

/** People's names and social handles, from dictionaries, capitalization and the words around them. */
export function recognizeNames(text: string, out: Finding[]): void {
  const lex = lexicon();
  const bits = (w: string) => lex.get(w) ?? 0;
  each(HANDLE, text, (m) => add(out, m.index, m.index + m[0].length, 'SH01_NAME', 0.95, 'social handle'));
  each(HASHTAG, text, (m) => {
    const a = bits(m[1].toLowerCase());
    const b = m[2] === undefined ? null : bits(m[2].toLowerCase());
    const nameLike = (w: number) => (w & (LEX.FIRST | LEX.LAST)) !== 0 && !(w & (LEX.COMMON | LEX.NEVER));
    if (b !== null ? a & LEX.FIRST && b & LEX.LAST && !(a & LEX.COMMON && b & LEX.COMMON) : nameLike(a))
      add(out, m.index, m.index + m[0].length, 'SH01_NAME', b ? 0.75 : 0.55, 'name in a hashtag');
  });
  // "#colindoyle", "edmundburke": a first and a last name written as one word.
  each(GLUED, text, (m) => {
    const w = m[1].toLowerCase();
    // Unmarked lowercase words need more letters: short ones split into two names by chance ("animera").
    if (!m[0].startsWith('#') && m[1] === w && w.length < 9) return;
    if (lex.has(w)) return;
    for (let k = 3; k <= w.length - 4; k++) {
      const a = lex.get(w.slice(0, k)) ?? 0;
      if ((a & (LEX.FIRST | LEX.COMMON | LEX.NEVER)) !== LEX.FIRST) continue;
      const b = lex.get(w.slice(k)) ?? 0;
      if ((b & (LEX.LAST | LEX.COMMON | LEX.NEVER)) === LEX.LAST) {
        add(out, m.index, m.index + m[0].length, 'SH01_NAME', m[0].startsWith('#') ? 0.7 : 0.6, 'first and last name written together');
        return;
      }
    }
  });

  const tokens = tokenize(text);
  const gap = (i: number) => text.slice(i === 0 ? 0 : tokens[i - 1].end, tokens[i].start);
  const sentenceStart = (i: number) => i === 0 || /[.!?:;"“”()[\]|•…>\n]/.test(gap(i)) || (gap(i).trim() === '' && i === 0);
  const spaceOnly = (g: string) => /^[ \t]{1,2}$/.test(g);

  // 1. What each word is on its own.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "Jordan M.", "Georgia Lewis": a country that is also a first name, followed by an initial or a surname.
    if (
      t.bits & LEX.NEVER &&
      t.bits & LEX.FIRST &&
      t.shape === 'cap' &&
      COUNTRIES_AND_STATES.has(t.key) &&
      nameFollows(tokens[i + 1], text.slice(t.end, tokens[i + 1]?.start ?? t.end))
    )
      t.bits &= ~LEX.NEVER;
    if (t.initial || t.bits & LEX.NEVER) continue;
    const first = (t.bits & LEX.FIRST) !== 0;
    const known = (t.bits & (LEX.FIRST | LEX.LAST)) !== 0;
    const common = (t.bits & LEX.COMMON) !== 0;
    if (t.shape === 'cap') {
      const start = sentenceStart(i);
      if (known && !common) {
        t.score = start && !first ? 0.7 : 0.85;
        t.strong = true;
      } else if (known) t.score = 0.3;
      else if (!common && t.key.length > 1) {
        const verbFollows = NAME_VERBS.has(tokens[i + 1]?.key ?? '') && i + 1 < tokens.length && spaceOnly(gap(i + 1));
        // "Djokovic 's serve": a possessive marks a person more often than a thing.
        const possessive = /^ ?['’]s\b/.test(text.slice(t.end, t.end + 4));
        t.score = verbFollows || possessive ? 0.6 : start ? 0.25 : 0.5;
      }
    } else if (t.shape === 'upper') {
      if (known && !common && t.key.length > 2) t.score = 0.6;
    } else if (t.shape === 'lower' && !common && t.key.length > 2) {
      t.score = first ? 0.5 : t.bits & LEX.LAST ? 0.2 : 0.1;
    }
  }

  // 2. Context: titles and relations before the word, "my name is", dialogue speakers, lists of names.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.initial) continue;
    const common = (t.bits & LEX.COMMON) !== 0;
    // Most words are common lowercase words: no context can make them a name, so skip the regexes.
    if (common && t.shape !== 'cap') continue;
    if (t.bits & LEX.NEVER) continue;
    const prev = tokens[i - 1];
    const g = gap(i);
    const lead = text.slice(Math.max(0, t.start - 40), t.start);
    const cue = prev && NAME_CUES.has(prev.key) && /^[.,:]?[ \t]{1,3}$/.test(g) && t.shape === 'cap';
    const maybePrefix = prefixMayMatch(lead);
    const strongPrefix = maybePrefix && (!common || t.shape === 'cap') && NAME_PREFIX_STRONG.some((re) => re.test(lead));
    const firstName = (t.bits & LEX.FIRST) !== 0;
    const speaker =
      t.shape === 'cap' && (!common || firstName) && /(?:^|\n)[ \t>]*$/.test(lead) && /^[ \t]{0,2}:/.test(text.slice(t.end, t.end + 3));
    // Addressing someone: "Remember me, Maria?", "Don't go to town, Mark!"
    const vocative =
      t.shape === 'cap' && firstName && /(?:,|\bme)[ \t]{1,2}$/.test(lead) && /^[ \t]{0,1}[?!,]/.test(text.slice(t.end, t.end + 2));
    if (cue || strongPrefix || speaker || vocative) {
      t.score = Math.max(t.score, 0.9);
      t.strong = true;
    } else if (maybePrefix && t.score >= 0.25 && !common && t.shape === 'cap' && NAME_PREFIX_WEAK.some((re) => re.test(lead))) {
      t.score = Math.max(t.score, 0.7);
      t.strong = true;
    }
  }
  // Lists of surnames: "Monjeau, Graves and Reed" names all three when most are in the name lists.
  markNameLists(text, tokens);
  // Lists: "Kónya, Becker and Vasquez": an unknown capitalized word listed beside a name is one too.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.strong || t.score < 0.25 || t.shape !== 'cap' || t.bits & LEX.COMMON) continue;
      const listedWith = (j: number, between: string) =>
        tokens[j]?.strong &&
        tokens[j].shape === 'cap' &&
        /^(?:,[ \t]{1,2}|[ \t]{1,2}(?:and|&|or)[ \t]{1,2}|,[ \t]{1,2}(?:and|&)[ \t]{1,2})$/.test(between);
      const before = i > 0 && listedWith(i - 1, text.slice(tokens[i - 1].end, t.start));
      const after = i + 1 < tokens.length && listedWith(i + 1, text.slice(t.end, tokens[i + 1].start));
      if (before || after) {
        t.score = Math.max(t.score, 0.7);
        t.strong = true;
      }
    }
  }

  // 3. Group adjacent name words, with initials, particles and suffixes; a group needs one strong member.
  const emitted: { start: number; end: number; keys: string[] }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const head = tokens[i];
    if (head.score === 0 && !(head.initial && head.shape !== 'lower')) {
      i++;
      continue;
    }
    const lowerGroup = head.shape === 'lower';
    const members: Token[] = [];
    let j = i;
    for (; j < tokens.length && members.length < 6; j++) {
      const t = tokens[j];
      if (members.length > 0) {
        const g = text.slice(tokens[j - 1].end, t.start);
        if (!spaceOnly(g) && g !== '-') break;
      }
      const particle = members.length > 0 && t.shape === 'lower' && PARTICLES.has(t.key);
      const suffix = members.length > 0 && SUFFIXES.has(t.key) && !lowerGroup;
      const initial = t.initial && (lowerGroup ? t.shape === 'lower' && members.length > 0 : t.shape !== 'lower');
      const afterInitial = members.length > 1 && members.at(-1)!.initial && t.shape === 'cap' && !(t.bits & LEX.NEVER);
      const word = (t.score > 0 || afterInitial) && !t.initial && (lowerGroup ? t.shape === 'lower' : t.shape !== 'lower');
      if (!(word || initial || particle || suffix)) break;
      members.push(t);
    }
    // Trailing initials or particles belong to the next sentence, not to this name.
    while (members.length > 1 && (members.at(-1)!.initial || (PARTICLES.has(members.at(-1)!.key) && members.at(-1)!.shape === 'lower'))) {
      members.pop();
      j--;
    }
    const words = members.filter((t) => !t.initial && !PARTICLES.has(t.key) && !SUFFIXES.has(t.key));
    if (words.length === 0) {
      i = Math.max(j, i + 1);
      continue;
    }
    const next = tokens[j];
    const orgFollows = next && ORG_HEADS.has(next.key) && next.shape === 'cap' && spaceOnly(text.slice(tokens[j - 1].end, next.start));
    const strongest = Math.max(...words.map((t) => t.score));
    const anyStrong = words.some((t) => t.strong);
    const hasInitial = members.some((t) => t.initial);
    let confidence: number;
    if (orgFollows) confidence = 0;
    else if (lowerGroup)
      confidence =
        words.length >= 2 && words[0].score >= 0.5 && words.slice(1).every((t) => t.score >= 0.1)
          ? 0.7
          : strongest >= 0.9
            ? 0.9
            : words[0].score >= 0.5 && words.length === 1
              ? 0.5
              : 0;
    else if (words.length >= 2 && anyStrong) confidence = Math.min(0.95, strongest + 0.1);
    else if (words.length >= 2 && words.every((t) => t.score >= 0.25)) confidence = 0.6;
    else if (hasInitial && words.length >= 1 && strongest >= 0.25) confidence = 0.75;
    else confidence = strongest;
    if (confidence >= 0.4) {
      // A noble or royal title before the name belongs to it.
      const before = tokens[i - 1];
      const titled = before && NAME_TITLES.has(before.key) && before.shape === 'cap' && spaceOnly(text.slice(before.end, members[0].start));
      const first = titled ? before : members[0];
      const last = members.at(-1)!;
      add(out, first.start, last.end, 'SH01_NAME', Math.round(confidence * 100) / 100, words.length > 1 ? 'full name' : 'name');
      if (confidence >= 0.5) for (const t of members) t.named = true;
      if (confidence >= 0.7)
        emitted.push({ start: first.start, end: last.end, keys: words.filter((t) => t.key.length > 2).map((t) => t.key) });
    }
    i = Math.max(j, i + 1);
  }

  // 4. A name found once names every other mention of it in the same text ("Faina D. Yefremova" ... "Yefremova").
  if (emitted.length) {
    const known = new Set(emitted.flatMap((e) => e.keys).filter((k) => !(bits(k) & LEX.COMMON)));
    for (const t of tokens) {
      if (!t.named && t.shape !== 'other' && known.has(t.key)) add(out, t.start, t.end, 'SH01_NAME', 0.75, 'name mentioned earlier');
    }
  }
}

/** Last words the context prefixes can end with: any other lead cannot match them, so their regexes are skipped. */
const PREFIX_ENDINGS = new Set(
  'name is was me him her them it baby am m im this for to with regards sincerely signed s cheers love by under and cc attn attention says say said starring featuring feat told asked met thanks thank you'.split(
    ' ',
  ),
);
function prefixMayMatch(lead: string): boolean {
  let e = lead.length;
  while (e > 0 && (lead[e - 1] === ' ' || lead[e - 1] === '\t' || lead[e - 1] === '\n' || lead[e - 1] === '\r')) e--;
  if (e === 0) return false;
  const last = lead[e - 1];
  if (last === ':' || last === ',' || last === '?' || last === '.') return true;
  let s = e;
  while (s > 0 && /[\p{L}-]/u.test(lead[s - 1])) s--;
  const word = lead.slice(s, e).toLowerCase();
  return PREFIX_ENDINGS.has(word) || word.startsWith('ex-');
}

/** An initial or a capitalized surname right after a word, one space apart. */
const nameFollows = (next: Token | undefined, gap: string) =>
  !!next &&
  /^[ \t]$/.test(gap) &&
  ((next.initial && next.shape !== 'lower') || (next.shape === 'cap' && (next.bits & LEX.LAST) !== 0 && !(next.bits & LEX.COMMON)));

const LIST_SEPARATOR = /^(?:,[ \t]{1,2}(?:and[ \t]{1,2}|&[ \t]{1,2})?|[ \t]{1,2}(?:and|&)[ \t]{1,2})$/;

function markNameLists(text: string, tokens: Token[]): void {
  let i = 0;
  while (i < tokens.length) {
    const run = [i];
    let j = i;
    while (j + 1 < tokens.length && tokens[j].shape === 'cap' && LIST_SEPARATOR.test(text.slice(tokens[j].end, tokens[j + 1].start))) {
      run.push(j + 1);
      j++;
    }
    const items = run.map((k) => tokens[k]);
    if (items.length >= 2 && items.every((t) => t.shape === 'cap' && !(t.bits & LEX.NEVER))) {
      const named = items.filter((t) => t.bits & (LEX.FIRST | LEX.LAST)).length;
      if (named * 2 >= items.length && items.some((t) => t.strong)) {
        for (const t of items) {
          t.score = Math.max(t.score, 0.75);
          t.strong = true;
        }
      }
    }
    i = j + 1;
  }
}
