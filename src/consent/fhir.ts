/** A consent record as an HL7 FHIR R4 Consent resource (privacy consent, opt-in, permit provision). */
export interface ConsentRecord {
  id: string;
  orgId: string;
  orgName: string;
  /** The patient's account, when the person has one. */
  patientId: string | null;
  subjectName: string;
  subjectAliases: string[];
  subjectBirthDate: string | null;
  subjectContact: string | null;
  signatureMethod: string;
  signedName: string | null;
  witnessId: string | null;
  recordedBy: string;
  purpose: string;
  destinations: string[];
  categories: string[];
  media: string[];
  validFrom: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

const HL = 'https://harborline.dev/fhir/CodeSystem';

export function toFhirConsent(c: ConsentRecord, now = new Date()) {
  const active = !c.revokedAt && c.expiresAt > now && c.validFrom <= now;
  // The person covered: their Patient resource, or (no account) a contained Patient with what was recorded.
  const subjectRef = c.patientId ? `Patient/${c.patientId}` : '#subject';
  const contained = c.patientId
    ? undefined
    : [
        {
          resourceType: 'Patient',
          id: 'subject',
          name: [{ text: c.subjectName }, ...c.subjectAliases.map((a) => ({ use: 'nickname', text: a }))],
          birthDate: c.subjectBirthDate ?? undefined,
          telecom: c.subjectContact ? [{ system: c.subjectContact.includes('@') ? 'email' : 'phone', value: c.subjectContact }] : undefined,
        },
      ];
  return {
    resourceType: 'Consent',
    id: c.id,
    meta: { profile: ['http://hl7.org/fhir/StructureDefinition/Consent'] },
    contained,
    status: active ? 'active' : 'inactive',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: subjectRef, display: c.subjectName },
    dateTime: c.createdAt.toISOString(),
    performer: [{ reference: subjectRef, display: c.signedName ?? c.subjectName }],
    organization: [{ reference: `Organization/${c.orgId}`, display: c.orgName }],
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: {
        start: c.validFrom.toISOString(),
        end: (c.revokedAt && c.revokedAt < c.expiresAt ? c.revokedAt : c.expiresAt).toISOString(),
      },
      actor: [
        {
          role: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' },
            ],
          },
          reference: { reference: `Organization/${c.orgId}` },
        },
      ],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose', display: 'Disclose' }] }],
      purpose: [{ system: `${HL}/consent-purpose`, code: 'social-media-sharing', display: c.purpose }],
      // Where the content may go, and which Safe Harbor identifier kinds it may contain.
      class: c.destinations.map((d) => ({ system: `${HL}/destination`, code: d })),
      code: [{ coding: c.categories.map((k) => ({ system: `${HL}/safe-harbor-identifier`, code: k })) }],
    },
    // How it was signed (a signed form, a typed e-signature, the patient's own account) and who witnessed.
    sourceReference: {
      display:
        c.signatureMethod === 'typed_signature'
          ? `Typed e-signature: ${c.signedName}`
          : c.signatureMethod === 'own_account'
            ? 'Recorded by the patient in their account'
            : 'Signed form',
    },
    extension: [
      { url: `${HL}/StructureDefinition/media`, valueString: c.media.join(',') },
      ...(c.witnessId ? [{ url: `${HL}/StructureDefinition/witness`, valueReference: { reference: `Practitioner/${c.witnessId}` } }] : []),
      ...(c.revokedAt ? [{ url: `${HL}/StructureDefinition/revoked-at`, valueDateTime: c.revokedAt.toISOString() }] : []),
    ],
  };
}
