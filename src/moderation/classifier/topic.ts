/**
 * Which texts the misinformation classifier may route to review. It learned from COVID-era claims and
 * news (Constraint), where reliable posts read like news bulletins; an ordinary patient post ("a walk
 * after dinner brought my numbers down") looks nothing like either class and scores high for the wrong
 * reason. So only texts about the topics false health claims are made about (vaccines, infections,
 * cures and remedies, drugs, conspiracies) reach the classifier in the write path; the classifier's own
 * figures are reported without this gate.
 */
const HEALTH_CLAIM_TOPICS =
  /(?<![\p{L}\p{N}])(vaccin\w*|vax\w*|jabs?|covid\w*|corona\w*|virus\w*|viral|sars|cures?|cured|treat\w*|immun\w*|5g|autism|cancer\w*|chemo\w*|detox\w*|remed\w*|pharma\w*|hoax\w*|plandemic|masks?|ivermectin|hydroxychloroquine|chloroquine|bleach|supplements?|miracle|antibiotic\w*|drugs?|medicin\w*|cdc|who|fda|pandemic|epidemic|outbreak|infect\w*|diseases?|kills?|prevent\w*|garlic|herbal|naturally|toxi[cn]\w*|poison\w*|microchip\w*|gates|lockdown|quarantin\w*|deaths?|died|chemtrail\w*|sanitiz\w*|fluorid\w*|mmr|measles|depopulat\w*|bioweapon\w*|essential oils?|homeopath\w*|colloidal|vitamin\w*|steam|hot water|lemon|ginger|turmeric|hiv|aids|ebola|zika|polio|flu|influenza|variant\w*|mrna|dna|spike protein|side effects?|injur\w*|sterili[sz]\w*|infertil\w*)(?![\p{L}\p{N}])/iu;

export function aboutHealthClaims(text: string): boolean {
  return HEALTH_CLAIM_TOPICS.test(text);
}
