import type { Domain } from './classifier/datasets.ts';
import type { MisinfoClassifier } from './classifier/model.ts';
import { aboutHealthClaims } from './classifier/topic.ts';
import { closestClaim, type ClaimIndex } from './claims/matcher.ts';
import { linkedDomains, listedAs } from './sources/domains.ts';

/**
 * One review decision from three signals, with its reasons: the classifier's score (at the review
 * threshold for this kind of text), closeness to a known false claim, and links to domains the
 * organization lists as unreliable. Links to approved sources are reported for the moderator but never
 * flag. The decision only ever routes to a person; it never blocks. Pure.
 */
export type MisinfoReason =
  | { kind: 'classifier'; score: number; threshold: number }
  | { kind: 'known_claim'; claimId: string; claim: string; correction: string | null; url: string | null; similarity: number }
  | { kind: 'unreliable_source'; domain: string }
  | { kind: 'approved_source'; domain: string };

export interface MisinfoSignals {
  classifier: MisinfoClassifier;
  /** The shipped library, and the organization's own claims weighed like it. */
  claims: readonly ClaimIndex[];
  claimThreshold: number;
  approvedDomains: ReadonlySet<string>;
  unreliableDomains: ReadonlySet<string>;
}

export interface MisinfoDecision {
  flagged: boolean;
  score: number;
  reasons: MisinfoReason[];
}

export function misinfoDecision(
  signals: MisinfoSignals,
  text: string,
  opts: {
    domain?: Domain;
    /** Only texts on the topics false health claims are about reach the classifier (the write path's gate). */
    topicGate?: boolean;
    /**
     * Whether the classifier's score may flag. Staff posts are screened by known claims and sources only:
     * measured on official public-health messages, the classifier flags far too many (see README).
     */
    classifier?: boolean;
  } = {},
): MisinfoDecision {
  const domain = opts.domain ?? 'post';
  const reasons: MisinfoReason[] = [];
  const score = signals.classifier.probability(text, domain);
  const threshold = signals.classifier.thresholds[domain];
  if (opts.classifier !== false && score >= threshold && (!opts.topicGate || aboutHealthClaims(text)))
    reasons.push({ kind: 'classifier', score: Number(score.toFixed(4)), threshold });
  const match = closestClaim(signals.claims, text);
  if (match && match.similarity >= signals.claimThreshold)
    reasons.push({
      kind: 'known_claim',
      claimId: match.claim.id,
      claim: match.claim.text,
      correction: match.claim.correction,
      url: match.claim.url,
      similarity: Number(match.similarity.toFixed(3)),
    });
  for (const domainName of linkedDomains(text)) {
    const unreliable = listedAs(domainName, signals.unreliableDomains);
    if (unreliable) reasons.push({ kind: 'unreliable_source', domain: unreliable });
    else {
      const approved = listedAs(domainName, signals.approvedDomains);
      if (approved) reasons.push({ kind: 'approved_source', domain: approved });
    }
  }
  return { flagged: reasons.some((r) => r.kind !== 'approved_source'), score, reasons };
}

/** A reason as a moderator reads it in the queue. */
export function describeReason(r: MisinfoReason): string {
  switch (r.kind) {
    case 'classifier':
      return `Possible health misinformation (classifier score ${r.score.toFixed(2)})`;
    case 'known_claim':
      return `Repeats a known false claim (${Math.round(r.similarity * 100)}% similar): “${r.claim.slice(0, 200)}”`;
    case 'unreliable_source':
      return `Links to ${r.domain}, listed as an unreliable source`;
    case 'approved_source':
      return `Cites ${r.domain}, an approved source`;
  }
}
