import type { OrgSettings } from '../access/policy.ts';
import type { Role } from '../db/schema.ts';
import { DEFAULT_POLICY, DESTINATIONS, type Destination, type PolicyTable } from '../phi/index.ts';
import { CAPABILITIES, type Capability } from '../shared/enums.ts';
import { phiPolicyOf } from '../repositories/index.ts';

export { CAPABILITIES, type Capability };
export const CAPABILITY_LABELS: Record<Capability, string> = {
  publish_public: 'publish publicly',
  answer_questions: 'answer patient questions',
  approve_posts: 'approve posts',
};

export interface Gate {
  modules: string[];
  policies: string[];
}

/** The organization's sharing rules: who may post where, what needs approval, which gates apply, and the PHI table. */
export interface SharingRules {
  destinations: Record<Role, Destination[]>;
  /** Roles whose posts to a destination wait for approval. */
  approvals: Partial<Record<Destination, Role[]>>;
  gates: Record<Capability, Gate>;
  phiPolicy: PolicyTable;
  /** Share of staff posts and replies drawn for supervisory review, in percent. */
  samplePercent: number;
}

const ALL: Destination[] = [...DESTINATIONS];
export const DEFAULT_SHARING_RULES: SharingRules = {
  destinations: { patient: ALL, clinician: ALL, staff: ALL, communications: ALL, compliance: ALL, admin: ALL },
  approvals: {},
  gates: {
    publish_public: { modules: ['phi-on-social-media', 'patient-consent'], policies: ['social-media-policy'] },
    answer_questions: { modules: ['phi-on-social-media'], policies: ['social-media-policy'] },
    approve_posts: { modules: ['phi-on-social-media', 'patient-consent', 'health-misinformation'], policies: ['social-media-policy'] },
  },
  phiPolicy: DEFAULT_POLICY,
  samplePercent: 10,
};

/** The rules in effect: stored settings over the defaults (the PHI table lives in settings.phiPolicy for the guard). */
export function sharingRulesOf(settings: OrgSettings | undefined): SharingRules {
  const stored = settings?.sharingRules ?? {};
  return {
    destinations: { ...DEFAULT_SHARING_RULES.destinations, ...stored.destinations },
    approvals: { ...DEFAULT_SHARING_RULES.approvals, ...stored.approvals },
    gates: { ...DEFAULT_SHARING_RULES.gates, ...stored.gates },
    phiPolicy: phiPolicyOf(settings) ?? DEFAULT_SHARING_RULES.phiPolicy,
    samplePercent: stored.samplePercent ?? DEFAULT_SHARING_RULES.samplePercent,
  };
}

export const mayPostTo = (rules: SharingRules, role: Role, destination: Destination) =>
  rules.destinations[role]?.includes(destination) ?? false;
export const needsApproval = (rules: SharingRules, role: Role, destination: Destination) =>
  rules.approvals[destination]?.includes(role) ?? false;

/** Deterministic sampling: the same record is always in or out, so re-running a sweep draws the same items. */
export function sampledForReview(recordId: string, percent: number, hash: (s: string) => string): boolean {
  if (percent <= 0) return false;
  return parseInt(hash(recordId).slice(0, 8), 16) / 0x1_0000_0000 < percent / 100;
}
