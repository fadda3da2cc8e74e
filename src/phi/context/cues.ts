/**
 * Words around a person that tell who they are in a text: a public office, a work role, a care event.
 * English, Spanish and French. Every pattern is bounded (no nested unbounded repetition).
 */

// Offices and public roles written before a name: "Mayor Jane Doe", "author Brené Brown", "Sen. Lee".
const PUBLIC_TITLES =
  'mayor|deputy mayor|governor|gov\\.?|lt\\.? governor|lieutenant governor|senator|sen\\.?|representative|rep\\.?|congressman|congresswoman|congressmember|councill?or|councilmember|council member|councilman|councilwoman|alderman|alderwoman|commissioner|secretary|president|vice president|prime minister|minister|chancellor|ambassador|sheriff|police chief|fire chief|chief|superintendent|judge|justice|surgeon general|author|writer|journalist|reporter|anchor|host|professor|prof\\.?|coach|olympian|athlete|actor|actress|singer|musician|artist|astronaut|ceo|cfo|coo|cmo|cno|founder|co-founder|chair|chairman|chairwoman|chairperson|trustee|board member|director|dean|bishop|rabbi|imam|pastor|reverend|rev\\.?|chaplain|speaker|keynote speaker|guest|panelist|sponsor|donor|philanthropist|volunteer|alcalde|alcaldesa|gobernador|gobernadora|senador|senadora|ministro|ministra|presidente|presidenta|maire|ministre|sénateur|sénatrice|député|députée|président|présidente|auteur|autrice';

// Clinical and workplace roles: "our nurse Grace", "Tom Becker, our new cardiologist", "Jo Li, RN".
const WORK_ROLES =
  'nurse|nurses|rn|lpn|np|pa|md|do|dds|phd|pharmd|physician|doctor|dr\\.?|surgeon|resident|fellow|intern|midwife|paramedic|emt|therapist|pharmacist|dietitian|dietician|nutritionist|psychologist|counsel(?:l)?or|social worker|case manager|chaplain|technician|technologist|tech|receptionist|coordinator|manager|director|administrator|educator|specialist|navigator|scientist|researcher|hospitalist|anesthetist|anaesthetist|sonographer|radiographer|phlebotomist|[a-z]{3,}ologist|[a-z]{3,}iatrician|[a-z]{3,}iatrist|[a-z]{3,}ist|team member|staff member|employee|colleague|caregiver on our staff|volunteer|doctora|enfermera|enfermero|médico|médica|infirmière|infirmier|médecin|docteur';

/** A public office or a work role right before the name ("Mayor ", "our nurse ", "Dr. "). */
export const TITLE_BEFORE = new RegExp(`(?:^|[^\\p{L}])(?:${PUBLIC_TITLES}|${WORK_ROLES})\\.?[ \\t]{1,3}$`, 'iu');
export const PUBLIC_TITLE_BEFORE = new RegExp(`(?:^|[^\\p{L}])(?:${PUBLIC_TITLES})\\.?[ \\t]{1,3}$`, 'iu');
/** ", our new cardiologist", ", RN", " (nurse manager)", " – director of", " from our oncology team". */
export const ROLE_AFTER = new RegExp(
  `^(?:['’]s)?[ \\t]*(?:,|\\(|–|—|-)[ \\t]{0,3}(?:(?:our|the|a|an|one of our|his|her|their|nuestra|nuestro|notre|la|el|le)[ \\t]{1,3})?(?:(?:new|own|lead|head|chief|senior|staff|charge|nurse|clinical|medical|executive|interim|longtime|beloved|amazing|wonderful|favorite|favourite|pediatric|cardiac|icu|er|oncology|nuevo|nueva|nouveau|nouvelle)[ \\t]{1,3}){0,3}(?:${WORK_ROLES}|${PUBLIC_TITLES})(?![\\p{L}])`,
  'iu',
);
/** Work in the sentence about a person: tenure, hiring, awards, talks they give. */
export const WORK_CONTEXT =
  /\b(?:years? of (?:service|caring|dedication)|\d{1,2} years (?:with us|here|at|on (?:the|our) team|in our)|work anniversary|anniversary with us|retir(?:e|es|ed|ing|ement)|joins? (?:our|the) team|joined (?:our|the) team|welcome (?:him|her|them)? ?to the team|welcome to the team|new hire|hired|promot(?:ed|ion)|employee of the (?:month|year|quarter)|nurse of the (?:month|year)|award(?:ed)?|honou?red|recogni[sz]ed|led by|leads? our|speak(?:s|ing)? (?:at|on|about)|talk|lecture|webinar|workshop|seminar|class|live q&a|q&a|answering questions|answer(?:s|ing)? your questions|book (?:an appointment|a visit) with|see(?:ing)? patients|accepting (?:new )?patients|office hours|on call|our team|nurses week|doctors'? day|residency|fellowship|grand rounds)\b/i;

/** First-person introductions: the name is the author's own. */
export const SELF_BEFORE =
  /(?:^|[^\p{L}])(?:i['’]?m|i am|my name is|my name's|this is|call me|me llamo|soy|je m['’]appelle|je suis|moi c['’]est)[ \t]{1,3}(?:dr\.?[ \t]{1,3})?$/iu;

/**
 * A care event or a care relationship said of a person: admitted, diagnosed, in bed 12, our patient,
 * date of birth. Staff, officials and anyone else named with one of these are being written about as a
 * patient.
 */
export const CARE_EVENT = new RegExp(
  [
    '\\b(?:re)?admi(?:tted|ssion)\\b',
    '\\bdischarg(?:ed|e|ing)\\b',
    '\\bdiagnos(?:ed|is|es)\\b',
    '\\brecover(?:y|ing|ed|s)?\\b',
    '\\bget well\\b',
    '\\bpray(?:ers?|ing)? for\\b',
    '\\bthoughts (?:are )?with\\b',
    '\\btreated\\b',
    '\\btreatments?\\b',
    '\\bunder(?:going|went|goes)\\b',
    '\\bsurger(?:y|ies)\\b',
    '\\boperation\\b',
    '\\bbypass\\b',
    '\\bchemo(?:therapy)?\\b',
    '\\b(?:mri|ct|pet|scan|lab|blood|test|biopsy|x-?ray) results?\\b',
    '\\bmri\\b',
    '\\bresults came back\\b',
    '\\bward\\b',
    '\\bcame back to\\b',
    '\\bvisit(?:ed|ing)? us\\b',
    '\\byour (?:stay|visit|care|treatment|procedure|appointment|surgery|recovery)\\b',
    '\\bappointments?\\b',
    '\\bradiation\\b',
    '\\bdialysis\\b',
    '\\btransplant\\b',
    '\\bemergency (?:room|department)\\b',
    '\\btrauma (?:bay|center|unit)\\b',
    '\\bbed \\d{1,4}\\b',
    '\\broom \\d{1,5}\\b',
    '\\bhospice\\b',
    '\\blife support\\b',
    '\\bintubated\\b',
    '\\bventilator\\b',
    '\\bcoma\\b',
    '\\b(?:stable|critical|serious|fair) condition\\b',
    '\\boverdos(?:e|ed)\\b',
    '\\bpassed away\\b',
    '\\bdied\\b',
    '\\bdeath\\b',
    '\\bfuneral\\b',
    '\\bborn\\b',
    '\\bnewborn\\b',
    '\\bdelivered\\b',
    '\\bin labou?r\\b',
    '\\bpregnan(?:t|cy)\\b',
    '\\bmiscarr(?:y|iage|ied)\\b',
    '\\bdob\\b',
    '\\bdate of birth\\b',
    '\\bmrn\\b',
    '\\b(?:our|a|the|my|your|this) patients?\\b',
    '\\bpatient of\\b',
    '\\bin our care\\b',
    '\\bunder our care\\b',
    '\\bcame in(?:to)?\\b',
    '\\bbrought (?:in|to)\\b',
    '\\brushed (?:in|to)\\b',
    '\\btransferred to\\b',
    '\\bback in (?:our|the)\\b',
    '\\bbeat (?:cancer|sepsis|covid|leukemia|the odds)\\b',
    '\\bbattl(?:e|ing) (?:with|against)\\b',
    '\\bfighting (?:cancer|for)\\b',
    '\\bsurvivor\\b',
    '\\bremission\\b',
    '\\bprognosis\\b',
    '\\btested positive\\b',
    '\\bpositive for\\b',
    '\\btest results?\\b',
    '\\bbiopsy\\b',
    '\\b(?:ct|mri|pet) scan\\b',
    '\\bx-?rays?\\b',
    '\\bprescribed\\b',
    '\\brehab(?:ilitation)?\\b',
    '\\binjur(?:y|ies|ed)\\b',
    '\\bcrash\\b',
    '\\baccident\\b',
    '\\bfractur(?:e|ed)\\b',
    '\\bround of\\b',
    '\\bcancer\\b',
    '\\bleuka?emia\\b',
    '\\blymphoma\\b',
    '\\btumou?r\\b',
    '\\bsepsis\\b',
    '\\bpneumonia\\b',
    '\\bheart attack\\b',
    '\\bstroke\\b',
    '\\bseizure\\b',
    '\\bdementia\\b',
    '\\bsick\\b',
    '\\billness\\b',
    // Spanish and French
    '\\bingresad[oa]\\b',
    '\\bingreso\\b',
    '\\bdiagnosticad[oa]\\b',
    '\\brecuperaci[oó]n\\b',
    '\\bpaciente\\b',
    '\\bhospitalizad[oa]\\b',
    '\\bfecha de nacimiento\\b',
    '\\bcama \\d{1,4}\\b',
    '\\bhabitaci[oó]n \\d{1,5}\\b',
    '\\bhospitalis[ée]e?(?![a-zà-ÿ])',
    '\\bdiagnostiqu[ée]e?(?![a-zà-ÿ])',
    '\\bdate de naissance\\b',
    '\\bpatiente?\\b',
    '\\bchambre \\d{1,5}\\b',
    '\\blit \\d{1,4}\\b',
    '\\burgences\\b',
    '\\burgencias\\b',
  ].join('|'),
  // No 'u' flag: with it, case-insensitive matching of this many alternatives is forty times slower.
  'i',
);

/** Ward abbreviations, written in capitals (lower-case "ed" and "or" are ordinary words or names). */
export const CARE_UNIT = /\b(?:ED|ER|ICU|NICU|PICU|CCU|PACU|L&D|A&E|PT|OT|IOP|ADHD|OCD|PTSD)\b/;

/**
 * A care event said of the person right beside it: "Dr. Lee was admitted", "prayers for Nurse Jo",
 * "Grace Mwangi (DOB 3/4/51)", "Tom in bed 12". Used for people whose role would otherwise clear them.
 */
export const CARE_EVENT_AFTER_NAME =
  /^(?:['’]s)?[ \t,]{0,3}(?:\(?(?:dob|d\.o\.b\.|born|age|aged|mrn)\b|(?:who|que|qui)?[ \t]{0,2}(?:is|was|were|has been|had been|got|gets|remains?|is now|was just|came|had|'s|es|fue|est|a été)?[ \t]{0,3}(?:just |now |still |recently )?(?:re)?(?:admitted|discharged|diagnosed|hospitali[sz]ed|intubated|rushed|brought in|transferred|recovering|being treated|treated for|in (?:the |our )?(?:icu|er|hospital|surgery|critical condition|stable condition|labou?r|hospice|a coma|bed \d|room \d)|back in (?:our|the)|passed away|died|undergoing|underwent|ingresad[oa]|hospitalisée?|diagnostiquée?))/iu;
export const CARE_EVENT_BEFORE_NAME =
  /(?:our patient|(?:^|[^\p{L}])patient|speedy recovery to|get well(?: soon)?,?|pray(?:ers|ing)? for|thoughts (?:are )?with|condolences to the family of|in memory of|rest in peace,?|rip|recovering,?|nuestr[oa] paciente|notre patiente?)[ \t]{1,3}(?:(?:our|nurse|dr\.?|doctor|colleague|own)[ \t]{1,3}){0,2}$/iu;

/** Care given in the text at all: enough to make a public figure named in it a patient (celebrity records). */
export const CARE_GIVEN =
  /\b(?:treated|get well|speedy recovery|recovering|(?:re)?admitted|diagnosed|injur(?:ed|y|ies)|broke (?:his|her|their)|broken (?:arm|leg|wrist|ankle|hip|rib|nose)|passed away|surgery|stitches|hospitali[sz]ed|in (?:our|the) (?:er|icu|ed)|ingresad[oa]|hospitalis[ée]e?(?![a-zà-ÿ]))/i;

/**
 * Words that are health information on their own — conditions, procedures, treatments, symptoms, care
 * settings — across medicine, dentistry, therapy and mental health, in English, Spanish and French. A
 * person named in a text with one of these is written about as a patient. Words with everyday meanings
 * ("cleaning", "filling", "cast", "shot", "labor") are matched as phrases in CARE_PHRASES instead.
 */
export const HEALTH_WORDS: ReadonlySet<string> = new Set(
  `cancer cancers leukemia leukaemia lymphoma tumor tumour tumors sepsis pneumonia diabetes diabetic asthma asthmatic
  copd emphysema bronchitis covid influenza measles mumps chickenpox shingles hepatitis hiv tuberculosis stroke
  seizure seizures epilepsy migraine migraines dementia alzheimer's alzheimers parkinson's autism adhd depression
  bipolar schizophrenia ptsd anorexia bulimia addiction overdose overdosed concussion fracture fractured sprain
  sprained infection infected abscess cavity cavities gingivitis arthritis osteoporosis lupus colitis celiac
  allergy allergies anaphylaxis anemia anaemia hypertension obesity cirrhosis hernia appendicitis gallstones ulcer
  eczema psoriasis melanoma glaucoma cataract cataracts miscarriage preeclampsia jaundice strep sinusitis
  tonsillitis bronchiolitis croup meningitis sepsis cardiac arrhythmia afib
  surgery surgeries operated transplant chemo chemotherapy radiotherapy dialysis biopsy mri ultrasound mammogram
  colonoscopy endoscopy catheter stent amputation amputated c-section cesarean caesarean epidural anesthesia
  anaesthesia anesthetic sedation sedated intubated ventilator stitches sutures splint extraction extractions
  braces orthodontic retainer vaccinated immunization immunisation injection infusion transfusion physiotherapy
  physio rehab rehabilitation checkup check-up consult consultation follow-up prescription prescribed medication
  medications meds antibiotics insulin inhaler pacemaker ambulance paramedics triage hospice hospitalized
  hospitalised admitted discharged diagnosed diagnosis prognosis remission relapse symptoms fever vomiting nausea
  diarrhea diarrhoea bleeding fainted unconscious toothache cpr defibrillator
  suicidal suicide self-harm overdosing sober sobriety detox withdrawal psychosis psychotic hallucinations
  vbac postpartum induced induction miscarried stillbirth stillborn premature preemie neonatal
  insomnia panic ocd trauma traumatic psychotherapy antidepressant antidepressants walker wheelchair
  crutches prosthesis prosthetic
  sertraline fluoxetine escitalopram citalopram paroxetine bupropion venlafaxine duloxetine trazodone
  mirtazapine quetiapine aripiprazole risperidone olanzapine lithium lamotrigine clonazepam lorazepam
  alprazolam diazepam methylphenidate amphetamine buprenorphine methadone naltrexone lisinopril amlodipine
  losartan atorvastatin simvastatin rosuvastatin omeprazole pantoprazole prednisone amoxicillin azithromycin
  doxycycline cephalexin ciprofloxacin ibuprofen acetaminophen paracetamol naproxen albuterol salbutamol
  montelukast hydrochlorothiazide furosemide metoprolol carvedilol clopidogrel apixaban rivaroxaban heparin
  oxycodone hydrocodone morphine fentanyl tramadol codeine semaglutide tirzepatide glipizide sitagliptin
  cáncer leucemia diabetes neumonía cirugía operación quimioterapia diálisis fractura embarazada parto
  hospitalizado hospitalizada ingresado ingresada diagnosticado diagnosticada urgencias
  chirurgie opération chimiothérapie dialyse fracture enceinte accouchement hospitalisé hospitalisée urgences
  diagnostiqué diagnostiquée`
    .split(/\s+/)
    .filter(Boolean),
);

/** Care given or received, said with everyday words: "his fillings", "in for a cleaning", "welcome back". */
export const CARE_PHRASES =
  /\b(?:(?:his|her|their|your|my|a|the|\d+) (?:teeth )?(?:cleanings?|fillings?|crowns?|root canals?|x-?rays?|shots?|vaccines?|casts?|exams?|physicals?)|(?:during|after|before|for) (?:his|her|their|your|a|the)? ?(?:teeth )?(?:cleanings?|fillings?|checkups?|check-ups?|procedure|visit|appointment|exam)|in (?:for|to) (?:a |his |her |their )?(?:cleanings?|checkups?|check-ups?|visits?|appointments?|exams?)|in our (?:chair|care|office|clinic|er|icu|ward|exam room)|welcome back|was so brave|so brave|in labou?r|went into labou?r|lost (?:his|her|their) (?:first )?tooth|root canal|wisdom teeth|general anesthesia|\d+(?:\.\d+)? ?(?:mg|mcg|µg|ml|units|iu)|(?:missed|during|after|in) (?:his|her|their|a|the)? ?(?:third |next |last |first )?(?:therapy |counseling |counselling )?sessions?|(?:physical|occupational|speech|cognitive[- ]behavioral|behavioral|group) therapy|eating disorder|in (?:your|our) (?:thoughts|prayers)|keep (?:him|her|them) in (?:your|our) (?:thoughts|prayers)|rough night|(?:rotator cuff|acl|meniscus|knee|hip|shoulder|ankle|wrist|spine|spinal|neck|back|heart|valve) (?:repair|replacement|surgery|injury|reconstruction|fusion)|(?:client|patient) update|(?:going|went|sent|heading) home after|\d+ (?:days|nights|weeks|months) (?:with us|in (?:the|our) (?:nicu|picu|icu|hospital|unit|care))|gave birth|birth plan|due date|(?:\d+|one|two|three) (?:weeks?|months?|years?) (?:sober|clean|of pt|of therapy|of rehab))\b/i;

const WORD_RE = /[\p{L}'’-]+/gu;
/** Whether a text carries health information: a health word, a care phrase or a care event. */
export function hasHealthInformation(text: string): boolean {
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) if (HEALTH_WORDS.has(m[0].toLowerCase().replace(/’/g, "'"))) return true;
  return CARE_PHRASES.test(text) || CARE_EVENT.test(text) || CARE_UNIT.test(text);
}

/** Named as a supporter: "the Halvorsens for funding our new NICU rooms", "donor Jim Parker". */
export const SUPPORTER_AFTER =
  /^(?:['’]s)?[^.!?\n]{0,40}?\bfor (?:funding|donating|sponsoring|supporting|featuring|hosting|covering|partnering|organizing|organising|inviting|interviewing|highlighting|their (?:gift|donation|generosity|support)|the (?:gift|donation))\b/i;

/**
 * Someone identified through a public figure ("the Governor's daughter"): with health information in the
 * text, an identifier of that person (Safe Harbor's "any other unique identifying characteristic").
 */
export const RELATIVE_OF_PUBLIC_FIGURE =
  /\b(?:the )?(?:governor|mayor|senator|president|prime minister|minister|sheriff|police chief|superintendent|coach|principal|pastor|bishop|congressman|congresswoman|councilmember|ceo|quarterback)['’]s (?:son|daughter|wife|husband|mother|father|mom|dad|kid|child|children|baby|brother|sister|grandson|granddaughter|partner)\b/gi;
