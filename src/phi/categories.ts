/** The 18 HIPAA Safe Harbor identifier kinds (45 CFR 164.514(b)(2)(i)). */
export const CATEGORIES = [
  'SH01_NAME',
  'SH02_GEO',
  'SH03_DATE',
  'SH04_PHONE',
  'SH05_FAX',
  'SH06_EMAIL',
  'SH07_SSN',
  'SH08_MRN',
  'SH09_HEALTH_PLAN',
  'SH10_ACCOUNT',
  'SH11_LICENSE',
  'SH12_VEHICLE',
  'SH13_DEVICE',
  'SH14_URL',
  'SH15_IP',
  'SH16_BIOMETRIC',
  'SH17_PHOTO',
  'SH18_OTHER_ID',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  SH01_NAME: 'Name',
  SH02_GEO: 'Address or place',
  SH03_DATE: 'Date or age over 89',
  SH04_PHONE: 'Phone number',
  SH05_FAX: 'Fax number',
  SH06_EMAIL: 'Email address',
  SH07_SSN: 'Social Security number',
  SH08_MRN: 'Medical record number',
  SH09_HEALTH_PLAN: 'Health plan number',
  SH10_ACCOUNT: 'Account or card number',
  SH11_LICENSE: 'Certificate or license number',
  SH12_VEHICLE: 'Vehicle identifier',
  SH13_DEVICE: 'Device identifier',
  SH14_URL: 'Web address',
  SH15_IP: 'IP address',
  SH16_BIOMETRIC: 'Biometric identifier',
  SH17_PHOTO: 'Photo',
  SH18_OTHER_ID: 'Other identifying number',
};

/** Categories as a person reads them ("name and phone number"), never the codes, which stay in details for tools. */
export function describeCategories(categories: readonly Category[]): string {
  const labels = [...new Set(categories.map((c) => CATEGORY_LABELS[c].toLowerCase()))];
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * Whom an identifier belongs to, once the text is read in its organization's context: the organization
 * itself, its staff in their work role, a public figure, the author, a patient, or someone unknown.
 */
export const SUBJECTS = ['organization', 'staff', 'public', 'self', 'patient', 'unknown'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** One detected identifier. Offsets are UTF-16 code units into the scanned text. */
export interface Finding {
  start: number;
  end: number;
  category: Category;
  confidence: number;
  /** Which rule or context fired; never contains the matched text. */
  reason: string;
  /** Set when the finding was read in context (see `context/attribute.ts`). */
  subject?: Subject;
}

/** Identifiers that point at one person whatever the text around them says (record, plan, account numbers…). */
export const PERSONAL_ID_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'SH07_SSN',
  'SH08_MRN',
  'SH09_HEALTH_PLAN',
  'SH10_ACCOUNT',
  'SH11_LICENSE',
  'SH12_VEHICLE',
  'SH13_DEVICE',
  'SH15_IP',
  'SH16_BIOMETRIC',
  'SH18_OTHER_ID',
]);

export const isCategory = (v: string): v is Category => (CATEGORIES as readonly string[]).includes(v);
