import { z } from 'zod';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { orgProfileSchema } from '../phi/context/index.ts';
import { CATEGORIES, DEFAULT_POLICY, type PolicyTable } from '../phi/index.ts';
import { CAPABILITIES, DESTINATIONS, ROLES, VERDICTS } from '../shared/enums.ts';

/**
 * The organization's settings (one JSON column), typed and validated in one place. Each section is written
 * by its own screen with the same schema; reading is lenient (a section stored by an older version that no
 * longer fits falls back to its defaults instead of breaking every session of the organization).
 */
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes');
export const phiPolicySchema = z.partialRecord(z.enum(DESTINATIONS), z.partialRecord(z.enum(CATEGORIES), z.enum(VERDICTS)));
export const sharingRulesSchema = z.object({
  destinations: z.partialRecord(z.enum(ROLES), z.array(z.enum(DESTINATIONS))),
  approvals: z.partialRecord(z.enum(DESTINATIONS), z.array(z.enum(ROLES))),
  gates: z.partialRecord(z.enum(CAPABILITIES), z.object({ modules: z.array(Slug).max(20), policies: z.array(Slug).max(20) })),
  samplePercent: z.number().min(0).max(100),
});
export const businessCalendarSchema = z.object({
  timeZone: z.string().max(64),
  days: z.array(z.number().int().min(0).max(6)).max(7),
  open: z.number().int().min(0).max(23),
  close: z.number().int().min(1).max(24),
});
export const publisherSettingsSchema = z.object({
  approvalSteps: z.number().int().min(1).max(3),
  approvalHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  responseHours: z
    .number()
    .min(0.5)
    .max(24 * 14),
  calendar: businessCalendarSchema.optional(),
  /** Add UTM parameters (network, social, campaign) to links in network posts. */
  linkTracking: z.boolean().optional(),
});
/** What an organization tells the guard about itself beyond its name and members. */
export const guardProfileSchema = orgProfileSchema.pick({ aliases: true, facilities: true, domains: true, publicFigures: true });

export const orgSettingsSchema = z.object({
  require2faRoles: z.array(z.enum(ROLES)).catch([]).default([]),
  /** Bumped whenever a watched-word rule changes, so every process reloads its cache. */
  rulesVersion: z.number().int().nonnegative().catch(0).default(0),
  /** Sum of trust-weighted member flags that hides a post until a moderator reviews it. */
  autoHideWeight: z.number().positive().optional().catch(undefined),
  phiPolicy: phiPolicySchema.optional().catch(undefined),
  sharingRules: sharingRulesSchema.partial().optional().catch(undefined),
  publisher: publisherSettingsSchema.partial().optional().catch(undefined),
  guardProfile: guardProfileSchema.optional().catch(undefined),
});
export type OrgSettings = z.output<typeof orgSettingsSchema>;

/** Stored settings → typed settings (never throws: a section that does not fit reads as unset). */
export function parseOrgSettings(stored: unknown): OrgSettings {
  const parsed = orgSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : orgSettingsSchema.parse({});
}

export async function readOrgSettings(db: Db | Tx, orgId: string, opts: { forUpdate?: boolean } = {}): Promise<OrgSettings> {
  let query = db.selectFrom('organizations').select('settings').where('id', '=', orgId);
  if (opts.forUpdate) query = query.forUpdate();
  return parseOrgSettings((await query.executeTakeFirstOrThrow()).settings);
}

/** Writes whole sections (each already validated by its schema); sections not named are kept. */
export async function writeOrgSettings(tx: Tx, orgId: string, sections: Partial<OrgSettings>): Promise<void> {
  await tx
    .updateTable('organizations')
    .set({ settings: sql`settings || ${JSON.stringify(sections)}::jsonb` })
    .where('id', '=', orgId)
    .execute();
}

/** A watched-word rule changed: every process reloads its rule cache at its next screen. */
export async function bumpRulesVersion(db: Db | Tx, orgId: string): Promise<void> {
  await sql`UPDATE organizations SET settings = jsonb_set(settings, '{rulesVersion}', to_jsonb(coalesce((settings->>'rulesVersion')::int, 0) + 1)) WHERE id = ${orgId}`.execute(
    db,
  );
}

/** The PHI table in effect: the stored cells over the defaults, every destination present (undefined: defaults). */
export function phiPolicyOf(settings: OrgSettings | undefined): PolicyTable | undefined {
  const stored = settings?.phiPolicy;
  if (!stored) return undefined;
  return Object.fromEntries(DESTINATIONS.map((d) => [d, { ...DEFAULT_POLICY[d], ...stored[d] }])) as PolicyTable;
}
