import { z } from 'zod';
import { STAFF_ROLES } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { compileProfile, type CompiledProfile } from '../phi/context/index.ts';
import type { PolicyTable } from '../phi/index.ts';
import { guardProfileSchema, parseOrgSettings, phiPolicyOf, type OrgSettings } from '../repositories/index.ts';

/** What an organization tells the guard about itself beyond its name and members (kept in its settings). */
export { guardProfileSchema };
export type GuardProfileSettings = z.output<typeof guardProfileSchema>;

export const guardProfileOf = (settings: OrgSettings): GuardProfileSettings => settings.guardProfile ?? guardProfileSchema.parse({});

const cache = new Map<string, { version: string; profile: CompiledProfile }>();

/** The organization as the guard reads it: its compiled profile and its sharing-rules table, from one read. */
export interface GuardContext {
  profile: CompiledProfile;
  phiPolicy: PolicyTable | undefined;
}

/**
 * The organization as the guard knows it: its name, its guard profile (aliases, facilities, domains,
 * public figures), every staff member's name with their role, and its sharing rules. Compiled once per change: the database
 * bumps `roster_version` whenever any of it changes, so one primary-key read per write keeps every node
 * current.
 */
export async function guardContext(db: Db, orgId: string): Promise<GuardContext> {
  const org = await db
    .selectFrom('organizations')
    .select(['name', 'settings', 'roster_version'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  const settings = parseOrgSettings(org.settings);
  const phiPolicy = phiPolicyOf(settings);
  const version = String(org.roster_version);
  const hit = cache.get(orgId);
  if (hit && hit.version === version) return { profile: hit.profile, phiPolicy };
  const staff = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.display_name', 'm.role'])
    .where('m.org_id', '=', orgId)
    .where('m.role', 'in', [...STAFF_ROLES])
    .execute();
  const profile = compileProfile({
    name: org.name,
    ...guardProfileOf(settings),
    staff: staff.map((s) => ({ name: s.display_name, role: s.role })),
  });
  cache.set(orgId, { version, profile });
  return { profile, phiPolicy };
}
