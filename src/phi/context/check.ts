import type { Finding } from '../categories.ts';
import { detectPhi } from '../detector.ts';
import { decide, type DecideOptions, type Destination, type PolicyDecision } from '../policy.ts';
import { attributeFindings, isStaffAuthor, type Author } from './attribute.ts';
import type { CompiledProfile } from './profile.ts';

export interface ContextCheck {
  decision: PolicyDecision;
  findings: Finding[];
}

/**
 * Scans a text and decides on it as the organization would: whom each identifier is about, then the
 * sharing rules for that destination. Staff writing where patients read are held to consent (strict);
 * a patient's own details are self-disclosure.
 */
export function checkInContext(
  text: string,
  destination: Destination,
  author: Author,
  profile: CompiledProfile | null,
  options: Pick<DecideOptions, 'policy' | 'isConsented'> = {},
): ContextCheck {
  const findings = attributeFindings(text, detectPhi(text), profile, author);
  const staff = isStaffAuthor(author.role);
  const decision = decide(findings, destination, { ...options, strict: staff && destination === 'community', selfDisclosure: !staff });
  return { decision, findings };
}
