/** A consent record as an HL7 FHIR R4 Consent resource (privacy consent, opt-in, permit provision). */
export interface ConsentRecord {
  id: string;
  orgId: string;
  orgName: string;
  patientId: string;
  patientName: string;
  recordedBy: string;
  purpose: string;
  destinations: string[];
  categories: string[];
  validFrom: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

const HL = 'https://harborline.dev/fhir/CodeSystem';

export function toFhirConsent(c: ConsentRecord, now = new Date()) {
  const active = !c.revokedAt && c.expiresAt > now && c.validFrom <= now;
  return {
    resourceType: 'Consent',
    id: c.id,
    meta: { profile: ['http://hl7.org/fhir/StructureDefinition/Consent'] },
    status: active ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${c.patientId}`, display: c.patientName },
    dateTime: c.createdAt.toISOString(),
    performer: [{ reference: `Patient/${c.patientId}` }],
    organization: [{ reference: `Organization/${c.orgId}`, display: c.orgName }],
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: { start: c.validFrom.toISOString(), end: (c.revokedAt && c.revokedAt < c.expiresAt ? c.revokedAt : c.expiresAt).toISOString() },
      actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] }, reference: { reference: `Organization/${c.orgId}` } }],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose', display: 'Disclose' }] }],
      purpose: [{ system: `${HL}/consent-purpose`, code: 'social-media-sharing', display: c.purpose }],
      // Where the content may go, and which Safe Harbor identifier kinds it may contain.
      class: c.destinations.map((d) => ({ system: `${HL}/destination`, code: d })),
      code: [{ coding: c.categories.map((k) => ({ system: `${HL}/safe-harbor-identifier`, code: k })) }],
    },
    extension: c.revokedAt ? [{ url: `${HL}/StructureDefinition/revoked-at`, valueDateTime: c.revokedAt.toISOString() }] : undefined,
  };
}
