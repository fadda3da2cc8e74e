/**
 * A person's own data as an HL7 FHIR R4 Bundle (type "collection"): their Patient resource, their consents
 * (Consent), and what they wrote (Communication: posts, comments, messages, reviews). Pure: the caller
 * reads the data.
 */
export interface OwnData {
  userId: string;
  name: string;
  email: string;
  organization: string;
  writings: { kind: 'post' | 'comment' | 'message' | 'review'; id: string; text: string; at: Date; about?: string }[];
  consents: Record<string, unknown>[];
}

const HL = 'https://harborline.dev/fhir/CodeSystem';

export function ownDataBundle(data: OwnData, now = new Date()) {
  const patientRef = `Patient/${data.userId}`;
  const patient = {
    resourceType: 'Patient',
    id: data.userId,
    active: true,
    name: [{ text: data.name }],
    telecom: [{ system: 'email', value: data.email, use: 'home' }],
    managingOrganization: { display: data.organization },
  };
  const communications = data.writings.map((w) => ({
    resourceType: 'Communication',
    id: w.id,
    status: 'completed',
    category: [{ coding: [{ system: `${HL}/communication-kind`, code: w.kind }] }],
    subject: { reference: patientRef },
    sender: { reference: patientRef },
    sent: w.at.toISOString(),
    ...(w.about ? { about: [{ display: w.about }] } : {}),
    payload: [{ contentString: w.text }],
  }));
  const resources = [patient, ...data.consents, ...communications];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    total: resources.length,
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${String(resource.id)}`, resource })),
  };
}
