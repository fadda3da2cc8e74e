import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

function loadList(file: string): Set<string> {
  const text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8');
  return new Set(text.split('\n').filter(Boolean));
}

const words = (s: string) => new Set(s.trim().split(/\s+/));

export interface Dictionaries {
  firstNames: Set<string>;
  lastNames: Set<string>;
  commonWords: Set<string>;
  cities: Set<string>;
}

let loaded: Dictionaries | undefined;

/** Loaded once per process (about 300k entries); every scan shares them. */
export function dictionaries(): Dictionaries {
  loaded ??= {
    firstNames: loadList('first-names.txt'),
    lastNames: loadList('last-names.txt'),
    commonWords: loadList('common-words.txt'),
    cities: loadList('cities.txt'),
  };
  return loaded;
}

/** Capitalized words that start sentences or headings and are never names on their own. */
export const NEVER_NAMES = words(`
  i i'm i've i'd i'll a an the this that these those my your his her our their its it we you he she they
  me him us them mine yours hers ours theirs who what when where why how which whose whom
  hi hello hey dear thanks thank please yes no ok okay lol omg rt via re fw fwd cc bcc ps
  and or but if so not nor yet for of on in at to by from with about as into onto upon after before
  mr mrs ms miss mx dr prof sir madam st mt jr sr ii iii iv md rn np pa phd dds do
  monday tuesday wednesday thursday friday saturday sunday
  mondays tuesdays wednesdays thursdays fridays saturdays sundays weekdays weekends
  january february march april may june july august september october november december
  feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
  today tomorrow yesterday tonight morning evening night christmas easter thanksgiving halloween
  covid covid-19 coronavirus sars mers hiv aids ebola zika flu influenza mpox measles polio
  god jesus christ allah lord bible
  happy new year merry birthday congrats congratulations welcome goodbye bye
  patient patients doctor nurse hospital clinic center centre health medical care team
  street avenue road lane drive boulevard suite apt apartment unit floor box
  north south east west northern southern eastern western central new old great
  user bot admin support customer agent email e-mail website web phone tel fax mobile cell address
  american english british french german spanish italian russian chinese japanese korean indian
  african european asian canadian mexican brazilian australian irish scottish welsh dutch swedish
  norwegian danish finnish polish greek turkish arabic hebrew hindi latin christian muslim jewish
  catholic protestant hindu buddhist black white asian hispanic latino latina
  unos unas para sobre entre hasta desde está están menos pero como cuando donde quien ayer mañana
  gracias hola buenos buenas días noches feliz señor señora doctor doctora hospital enero febrero
  marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre lunes martes
  miércoles miercoles jueves viernes sábado sabado domingo sont avec pour dans nous vous
  notre votre leur leurs cette bonjour merci bonne aujourd'hui hier demain monsieur madame
  mademoiselle docteur infirmière infirmier carte vitale janvier février fevrier mars avril juin
  juillet août aout septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi
  dimanche
  llámame llamame llame vive vivo vivimos habite habitez appelez appelle écrivez escríbeme bon
`);

/** Words before a capitalized word that make it a person's name. */
export const NAME_CUES = words(`
  mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. sir dame nurse doctor patient pt pt. pts
  mrn client resident member
  son daughter wife husband mother father mom mum dad brother sister grandson granddaughter
  grandmother grandfather grandma grandpa aunt uncle nephew niece cousin friend boyfriend girlfriend
  partner fiance fiancee baby kid kids child toddler grandkid neighbor neighbour colleague coworker boss
  named called dear hi hello hey thanks thank
  sir dame lord lady king queen prince princess duke duchess pope president senator governor mayor
  judge coach captain rev reverend rabbi imam pastor father sister brother saint
`);

/** Titles that are part of how a person is named ("Sir Alex Ferguson", "Duchess Kate"): kept in the span. */
export const NAME_TITLES = words(`sir dame lord lady king queen prince princess duke duchess pope saint`);

/** Phrases right before a name ("my name is X"): the next word is a name whatever its case. */
export const NAME_PREFIX_STRONG = [
  /\b(?:my|his|her|their|patient'?s?|the|your|last|first|full|maiden)\s+(?:full\s+|first\s+|last\s+|real\s+|maiden\s+)?name\s*(?:is|was|:|\?)?\s*$/i,
  /\bname\s*(?:is|was|:|\?)\s*$/i,
  /\b(?:call(?:s|ed)?|named|name)\s+(?:me|him|her|them|it|the\s+baby)\s*$/i,
  /\b(?:i\s*'?\s*a?m|this\s+is|call\s+me|ask\s+for|speak\s+(?:to|with)|regards,?|sincerely,?|signed)\s*$/i,
  /\b(?:user|customer|client|caller|contact|holder|owner|card\s*holder|account\s+holder|applicant|tenant)\s*:\s*$/i,
];

/** Weaker context: lifts an unknown capitalized word, never a common word. */
export const NAME_PREFIX_WEAK = [
  /\b(?:it'?s|it\s+is|talk\s+(?:to|with)|cheers,?|love,?|by|with|under|and|cc:?|attn:?|attention:?|says?|said|starring|featuring|feat\.|told|asked|met|thanks?|thank\s+you|ex-\w+)\s*$/i,
  /\b(?:directed|written|produced|performed|composed|painted|created|edited|photographed|posted|shared|reported|sung|arranged)\s+by\s*:?\s*$/i,
];

/** Words that end an organization's or a place's name: the capitalized words before them are not a person. */
export const ORG_HEADS = words(`
  hospital hospitals clinic clinics center centre centers health healthcare medical medicine institute
  university college school academy foundation association society council committee department
  corporation corp corp. inc inc. llc ltd ltd. co co. company group bank church cathedral museum
  library orchestra band club team fc united city county state republic kingdom park lake river
  mountain mountains island islands beach airport station hotel restaurant cafe bar pharmacy
  theater theatre cinema auditorium gallery zoo aquarium ymca ywca elementary
  laboratory labs lab agency office ministry court party news times post journal magazine radio tv
  network records studios studio productions festival awards cup league stadium arena mall market
  street avenue road boulevard lane drive highway square bridge tower building hall house
  syndrome disease disorder palsy sarcoma lymphoma virus vaccine test scale score criteria sign
`);

/** Eponymous conditions and common drug brands: capitalized but not anyone's identifier. */
export const MEDICAL_TERMS = words(`
  alzheimer alzheimer's alzheimers parkinson parkinson's parkinsons crohn crohn's crohns hodgkin hodgkin's
  hashimoto hashimoto's addison's cushing cushing's huntington's tourette
  tourette's asperger asperger's lyme down's kawasaki raynaud raynaud's sjogren sjögren
  guillain barre barré epstein barr kaposi kaposi's marfan marfan's meniere meniere's ménière's
  paget's peyronie's reiter's tay sachs klinefelter's wernicke korsakoff
  tylenol advil motrin aleve aspirin bayer ozempic wegovy mounjaro zepbound humira keytruda eliquis
  xarelto jardiance trulicity lipitor crestor zoloft prozac lexapro xanax adderall ritalin valium
  ambien lyrica neurontin gabapentin metformin insulin lantus humalog novolog synthroid levothyroxine
  plavix coumadin warfarin zyrtec claritin allegra benadryl sudafed mucinex nyquil dayquil pepcid
  prilosec nexium zantac tums narcan naloxone suboxone paxlovid tamiflu remdesivir pfizer moderna
  novavax janssen astrazeneca comirnaty spikevax medicare medicaid tricare obamacare cdc who fda nih
  cms hipaa gdpr nhs epic cerner mychart zoom teams facebook twitter instagram tiktok youtube
  linkedin mastodon bluesky reddit whatsapp google apple microsoft amazon
  icu nicu picu ccu sicu micu pacu ed er or ob gyn obgyn ent ekg ecg eeg mri ct pet emt ems cpr aed
  copd chf cad ckd esrd gerd ibs ibd uti std sti adhd ptsd ocd rsv tb hpv hcv hbv
`);

export const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Countries and US states: not Safe Harbor identifiers on their own (only smaller units are). */
export const COUNTRIES_AND_STATES = new Set(
  `afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas
  bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei
  bulgaria burundi cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus czechia
  denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon
  gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland
  india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo
  kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg
  madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco
  mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger
  nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar
  romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain
  sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia
  turkey türkiye turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen
  zambia zimbabwe england scotland wales usa uk america europe africa asia
  alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
  illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
  mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
  vermont virginia washington wisconsin wyoming`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that are never a person's name on their own, as one set (one lookup instead of six). */
export const NEVER_A_NAME: ReadonlySet<string> = new Set([
  ...NEVER_NAMES,
  ...NAME_CUES,
  ...MEDICAL_TERMS,
  ...Object.keys(MONTHS),
  ...COUNTRIES_AND_STATES,
  ...ORG_HEADS,
]);

/** Bits of the lexicon: what a lowercase word is in the lists. */
export const LEX = { FIRST: 1, LAST: 2, COMMON: 4, CITY: 8, NEVER: 16 } as const;
let lexiconMap: Map<string, number> | undefined;
/**
 * The word lists as one map from word to bits: one lookup a token instead of five (the lists are large,
 * and each lookup is a cache miss).
 */
export function lexicon(): Map<string, number> {
  if (lexiconMap) return lexiconMap;
  const d = dictionaries();
  const m = new Map<string, number>();
  const put = (words: Iterable<string>, bit: number) => {
    for (const w of words) m.set(w, (m.get(w) ?? 0) | bit);
  };
  put(d.firstNames, LEX.FIRST);
  put(d.lastNames, LEX.LAST);
  put(d.commonWords, LEX.COMMON);
  put(d.cities, LEX.CITY);
  put(NEVER_A_NAME, LEX.NEVER);
  return (lexiconMap = m);
}
