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
  return { decision: decideForAuthor(findings, destination, author.role, options), findings };
}

/**
 * The sharing rules for findings read in context, as they apply to this author: staff writing where
 * patients read are held to consent (strict); a patient's own details are self-disclosure.
 */
export function decideForAuthor(
  findings: Finding[],
  destination: Destination,
  authorRole: string,
  options: Pick<DecideOptions, 'policy' | 'isConsented'> = {},
): PolicyDecision {
  const staff = isStaffAuthor(authorRole);
  return decide(findings, destination, { ...options, strict: staff && destination === 'community', selfDisclosure: !staff });
}
