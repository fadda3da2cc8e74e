import type { Dictionaries } from '../dictionaries.ts';

/**
 * A synthetic corpus of short social posts with people's names in many forms (full, first only, surname
 * only, lowercase, hashtags, capitals, initials), in English, Spanish and French, beside capitalized words
 * that are not names (organizations, places, drugs, days). Templates and name pools are split: the `test`
 * half uses templates and names the `train` half never saw, so its figures say how the tagger generalizes.
 */
export interface NameExample {
  id: string;
  text: string;
  spans: { start: number; end: number }[];
}

const TEMPLATES = [
  'Shoutout to {P} for the amazing care today!',
  'just saw {P} at the gym lol',
  '{P} is the best nurse on the floor, hands down',
  'so proud of my sister {P} 💕',
  'Can someone tell {P} to call me back?',
  'Met {P} and {P} at {ORG} yesterday',
  'RIP {P}, gone too soon',
  '{P} said the new {DRUG} dose helps',
  'happy birthday {P}!! 🎉',
  'omg {P} and {P} are so cute together',
  'Thank you {P} from {CITY} for the donation',
  'Listening to {P} on the radio this {DAY}',
  'Our team, led by {P}, won the award',
  'Praying for {P} tonight',
  'who else misses {P}?',
  'I told {P} to stop worrying',
  'Great talk by {P} at {ORG} about {DRUG}',
  '{P} : thanks for the follow',
  'Congrats {P} on your new job at {ORG}!',
  'with {P} in {CITY} this weekend',
  '{P} scored twice tonight, what a player',
  'Can {P} please fix the wifi',
  'Mi hermana {P} está en el hospital de {CITY}',
  'Gracias a {P} por todo su apoyo',
  '{P} y {P} llegaron tarde otra vez',
  'Feliz cumpleaños {P} 🎂',
  'Hablé con {P} ayer en {ORG}',
  'Merci à {P} pour son aide précieuse',
  '{P} et {P} sont arrivés hier à {CITY}',
  'Bon anniversaire {P} !',
  'Ma voisine {P} travaille à {ORG}',
  "J'ai croisé {P} au marché ce {DAY}",
  'visiting {P} at {ORG} tomorrow',
  '{P} just texted me about the {DRUG} refill',
  'Love you {P} ❤️',
  'Dr. {L} and Dr. {L} were wonderful',
  'Nurse {F} stayed late again, legend',
  'Mr. {L} from {CITY} won the raffle',
  'my neighbour {F} brought soup',
  'is {P} coming to the party on {DAY}?',
  "{P}'s mom makes the best pie",
  'All hail {P}',
  'Cannot stand {P} anymore',
  'Picked up {DRUG} for {P} at {ORG}',
  'New video from {P} is out',
  '{P} vs {P} tonight at {CITY}',
  'Thanks @{H} and {P} for the retweets',
  '{P} on {ORG}: "we need more nurses"',
  "Just finished reading {P}'s new book",
  'Signed, {P}',
  'Dear {P}, we miss you',
  '{P} who lives on {CITY} Road',
  'Best wishes to {P} and family',
  "Can't believe {P} remembered my name",
  'Shout out {P} for the ride',
  'La doctora {L} nos atendió muy bien',
  'El señor {L} de {CITY} ganó la rifa',
  'Mme {L} est très gentille',
  'My coach {P} says hi',
  'lol {P} fell asleep in class',
  '{P} bought the {ORG} tickets',
  'Looking forward to seeing {P} on {DAY}',
  '{P} has been amazing through all of this',
];
const ORGS = [
  'Harbor General',
  "St. Mary's",
  'Mayo Clinic',
  'Red Cross',
  'the NHS',
  'Walgreens',
  'City Hospital',
  'Kaiser',
  'Tesco',
  'Starbucks',
  'Hospital Universitario',
  'Clinique Pasteur',
  'Planned Parenthood',
  'Cleveland Clinic',
  'Target',
];
const CITIES = [
  'Boston',
  'Leeds',
  'Madrid',
  'Lyon',
  'Dover',
  'Chicago',
  'Sevilla',
  'Marseille',
  'Austin',
  'Glasgow',
  'Toronto',
  'Bogotá',
  'Québec',
  'Denver',
  'Cardiff',
];
const DRUGS = ['Tylenol', 'Ozempic', 'insulin', 'Advil', 'Metformin', 'Lipitor', 'Zoloft', 'amoxicillin', 'Paxlovid', 'Humira'];
const DAYS = ['Monday', 'Friday', 'Sunday', 'weekend', 'lundi', 'sábado', 'Christmas', 'Easter'];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sa',
  'to',
  'vi',
  'dra',
  'nek',
  'zu',
  'ba',
  'cho',
  'fe',
  'gor',
  'hi',
  'jan',
  'ko',
  'lu',
  'ma',
  'ni',
  'ow',
  'pe',
  'qui',
  'ru',
  'sel',
  'ta',
  'ul',
  've',
  'wa',
  'xe',
  'ya',
  'zo',
  'ade',
  'bi',
  'ola',
  'kwe',
  'nko',
  'tsu',
  'ish',
  'and',
];

/** Deterministic pseudo-random numbers (mulberry32) so the corpus is the same on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fnv = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};
/** A stable half of anything with a name: one in five goes to the test side. */
export const inTestSplit = (key: string) => fnv(key) % 5 === 0;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function syntheticCorpus(d: Dictionaries, split: 'train' | 'test', count: number, seed = 7): NameExample[] {
  const rand = rng(seed + (split === 'test' ? 1000 : 0));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const pool = (set: Set<string>) =>
    [...set].filter((n) => n.length >= 3 && !d.commonWords.has(n) && inTestSplit(n) === (split === 'test'));
  const firsts = pool(d.firstNames);
  const lasts = pool(d.lastNames);
  const templates = TEMPLATES.filter((_, i) => (i % 4 === 3) === (split === 'test'));
  const invented = () => cap(Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join(''));
  const first = () => (rand() < 0.3 ? invented() : cap(pick(firsts)));
  const last = () => (rand() < 0.35 ? invented() : cap(pick(lasts)));
  const person = (): string => {
    const f = first();
    const l = last();
    switch (Math.floor(rand() * 10)) {
      case 0:
        return f;
      case 1:
        return l;
      case 2:
        return `${f} ${l}`.toLowerCase();
      case 3:
        return f.toLowerCase();
      case 4:
        return `#${f}${l}`;
      case 5:
        return `${f} ${l}`.toUpperCase();
      case 6:
        return `${f} ${l[0]}.`;
      case 7:
        return `${f} ${first()} ${l}`;
      default:
        return `${f} ${l}`;
    }
  };
  const out: NameExample[] = [];
  for (let n = 0; n < count; n++) {
    const template = pick(templates);
    let text = '';
    const spans: { start: number; end: number }[] = [];
    let i = 0;
    for (const m of template.matchAll(/\{(P|F|L|H|ORG|CITY|DRUG|DAY)\}/g)) {
      text += template.slice(i, m.index);
      const slot = m[1];
      const value =
        slot === 'P'
          ? person()
          : slot === 'F'
            ? first()
            : slot === 'L'
              ? last()
              : slot === 'H'
                ? `${first()}${Math.floor(rand() * 99)}`.toLowerCase()
                : pick(slot === 'ORG' ? ORGS : slot === 'CITY' ? CITIES : slot === 'DRUG' ? DRUGS : DAYS);
      if (slot === 'P' || slot === 'F' || slot === 'L') spans.push({ start: text.length, end: text.length + value.length });
      text += value;
      i = m.index + m[0].length;
    }
    text += template.slice(i);
    // Sometimes the whole post is lowercase, as many are.
    if (rand() < 0.15) text = text.toLowerCase();
    out.push({ id: `${split}-${n}`, text, spans });
  }
  return out;
}
