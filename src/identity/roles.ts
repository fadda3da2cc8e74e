import type { Role } from '../db/schema.ts';

/** Most privileged first: a person in several mapped groups gets the highest of their roles. */
const PRECEDENCE: readonly Role[] = ['admin', 'compliance', 'communications', 'clinician', 'staff', 'patient'];

/**
 * The role a person's identity-provider groups give them: the highest mapped one, else the organization's
 * default (null: not allowed in). Pure.
 */
export function roleFromGroups(groups: readonly string[], roleMap: Readonly<Record<string, Role>>, defaultRole: Role | null): Role | null {
  const mapped = new Set(groups.map((g) => roleMap[g]).filter((r): r is Role => Boolean(r)));
  return PRECEDENCE.find((r) => mapped.has(r)) ?? defaultRole;
}

/** A groups claim as a list of names, whatever shape the provider sends (a list, one string, or nothing). */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string').slice(0, 500);
  return typeof claim === 'string' ? [claim] : [];
}
