import { can, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import { recordConsent } from '../consent/service.ts';
import type { Db } from '../db/database.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { csvCell } from '../shared/csv.ts';

/** The largest single gift recorded (a typo of three extra zeros is refused, not celebrated). */
const MAX_CENTS = 1_000_000_000;
const YEAR = 365 * 86_400_000;

export interface CampaignInput {
  title: string;
  story: string;
  goalCents: number;
  donateUrl: string;
  endsOn?: string | null;
  confirmPhi?: boolean;
}

function checkCampaign(input: CampaignInput) {
  if (!Number.isInteger(input.goalCents) || input.goalCents < 100 || input.goalCents > MAX_CENTS * 100)
    throw badRequest('The goal must be at least 1.00 and a whole number of cents.');
  let url: URL;
  try {
    url = new URL(input.donateUrl);
  } catch {
    throw badRequest("The donation link must be the address of your organization's donation page (https://…).");
  }
  if (url.protocol !== 'https:') throw badRequest('The donation link must be an https:// address.');
  const endsOn = input.endsOn ?? null;
  if (endsOn && (!/^\d{4}-\d{2}-\d{2}$/.test(endsOn) || Number.isNaN(Date.parse(endsOn))))
    throw badRequest('The end date must be a date (YYYY-MM-DD).');
  if (endsOn && Date.parse(endsOn) < Date.now() - 86_400_000) throw badRequest('The end date has already passed.');
  return { donateUrl: url.toString(), endsOn };
}

/** A campaign: its words pass the guard as public text (it is meant to be shared); archived and audited. */
export async function createCampaign(db: Db, actor: Actor, input: CampaignInput) {
  if (!can(actor, 'fundraising.manage')) throw notFound('Route');
  const checked = checkCampaign(input);
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'campaign',
    destination: 'public',
    fields: { title: input.title.trim(), story: input.story.trim() },
    confirmed: input.confirmPhi,
  });
  return db.transaction().execute(async (tx) => {
    const c = await tx
      .insertInto('campaigns')
      .values({
        org_id: actor.orgId,
        title: prepared.fields.title,
        story: prepared.fields.story,
        goal_cents: input.goalCents,
        donate_url: checked.donateUrl,
        ends_on: checked.endsOn,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await commitWrite(tx, prepared, {
      recordId: c.id,
      action: 'campaign.create',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: 'fundraising',
        content: { title: c.title, story: c.story, goalCents: input.goalCents, donateUrl: c.donate_url, endsOn: checked.endsOn },
      },
    });
    return c;
  });
}

export async function campaignOf(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Campaign');
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!c) throw notFound('Campaign');
  return c;
}

/** An update on a campaign's page (progress, a thank-you), as public text through the guard. */
export async function addUpdate(db: Db, actor: Actor, id: string, input: { body: string; confirmPhi?: boolean }) {
  if (!can(actor, 'fundraising.manage')) throw notFound('Route');
  const c = await campaignOf(db, actor, id);
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'campaign_update',
    destination: 'public',
    fields: { body: input.body.trim() },
    confirmed: input.confirmPhi,
  });
  await db.transaction().execute(async (tx) => {
    const u = await tx
      .insertInto('campaign_updates')
      .values({ campaign_id: c.id, body: prepared.fields.body, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await commitWrite(tx, prepared, {
      recordId: u.id,
      action: 'campaign.update',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `campaign:${c.id}`,
        content: { body: prepared.fields.body },
      },
    });
  });
}

/**
 * A pledge. A member pledges for themselves (their name; a patient who asks to be thanked publicly gives a
 * consent for their name on public channels, recorded like any consent). Fundraising staff record a gift made
 * on the donation platform, with the donor's name, and may mark it for public thanks only with a consent
 * that covers that donor's name publicly.
 */
export async function pledge(
  db: Db,
  actor: Actor,
  id: string,
  input: { amountCents: number; thankPublicly: boolean; donorName?: string | null; consentId?: string | null },
) {
  const c = await campaignOf(db, actor, id);
  if (c.status !== 'active') throw new AppError('conflict', 'This campaign is closed.');
  if (!Number.isInteger(input.amountCents) || input.amountCents < 100 || input.amountCents > MAX_CENTS)
    throw badRequest('A pledge is between 1.00 and 10,000,000.00, in whole cents.');
  const onBehalf = !!input.donorName?.trim();
  if (onBehalf && !can(actor, 'fundraising.manage'))
    throw badRequest('You pledge for yourself; fundraising staff record gifts from others.');
  const donorName = onBehalf ? cleanText(input.donorName!).replace(/\s+/g, ' ').trim().slice(0, 120) : actor.displayName;
  let consentId: string | null = null;
  if (input.thankPublicly && onBehalf) {
    if (!input.consentId || !isUuid(input.consentId))
      throw badRequest("To thank a donor publicly, attach the consent that covers the donor's name on public channels.");
    const consent = await db
      .selectFrom('consents')
      .select(['id', 'subject_name', 'destinations', 'categories', 'revoked_at', 'expires_at'])
      .where('id', '=', input.consentId)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    const covers =
      consent &&
      !consent.revoked_at &&
      consent.expires_at.getTime() > Date.now() &&
      consent.destinations.includes('public') &&
      consent.categories.includes('SH01_NAME') &&
      consent.subject_name.trim().toLowerCase() === donorName.toLowerCase();
    if (!covers) throw badRequest("That consent does not cover this donor's name on public channels (or has ended).");
    consentId = consent.id;
  } else if (input.thankPublicly && actor.role === 'patient') {
    // A patient's own agreement to be named: a consent like any other, for a year, which they can revoke.
    const consent = await recordConsent(db, actor, {
      patientId: actor.userId,
      purpose: `Public thanks for a gift to "${c.title}"`,
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: new Date(Date.now() + YEAR),
    });
    consentId = consent.id;
  }
  return db.transaction().execute(async (tx) => {
    const p = await tx
      .insertInto('pledges')
      .values({
        campaign_id: c.id,
        org_id: actor.orgId,
        donor_id: onBehalf ? null : actor.userId,
        donor_name: donorName,
        amount_cents: input.amountCents,
        thank_publicly: input.thankPublicly,
        consent_id: consentId,
        recorded_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'pledge',
      recordId: p.id,
      recordClass: 'fundraising',
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `campaign:${c.id}`,
      content: { donorName, amountCents: input.amountCents, thankPublicly: input.thankPublicly, consentId },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'campaign.pledge',
      targetType: 'campaign',
      targetId: c.id,
      ip: actor.ip,
      detail: { pledge: p.id, onBehalf },
    });
    return p;
  });
}

/** Raised so far, the pledge count, and who may be thanked by name (their consent still in force). */
export async function progressOf(db: Db, campaignIds: string[]) {
  if (!campaignIds.length) return new Map<string, { raisedCents: number; pledges: number; thanked: string[] }>();
  const rows = await db
    .selectFrom('pledges as p')
    .leftJoin('consents as c', 'c.id', 'p.consent_id')
    .select(['p.campaign_id', 'p.amount_cents', 'p.donor_name', 'p.thank_publicly', 'p.donor_id', 'c.revoked_at', 'c.expires_at'])
    .where('p.campaign_id', 'in', campaignIds)
    .orderBy('p.created_at')
    .execute();
  const out = new Map<string, { raisedCents: number; pledges: number; thanked: string[] }>();
  for (const id of campaignIds) {
    const mine = rows.filter((r) => r.campaign_id === id);
    const thanked = mine
      .filter((r) => r.thank_publicly)
      // A name with a consent is shown while it is in force; staff giving in their own name need none.
      .filter((r) => (r.expires_at === null ? r.donor_id !== null : !r.revoked_at && r.expires_at.getTime() > Date.now()))
      .map((r) => r.donor_name);
    out.set(id, {
      raisedCents: mine.reduce((s, r) => s + Number(r.amount_cents), 0),
      pledges: mine.length,
      thanked: [...new Set(thanked)],
    });
  }
  return out;
}

/** The pledge list as CSV for the fundraising team (names and amounts; the export is audited). */
export async function pledgesCsv(db: Db, actor: Actor, id: string): Promise<string> {
  if (!can(actor, 'fundraising.manage')) throw notFound('Route');
  const c = await campaignOf(db, actor, id);
  const rows = await db
    .selectFrom('pledges as p')
    .innerJoin('users as r', 'r.id', 'p.recorded_by')
    .select(['p.created_at', 'p.donor_name', 'p.amount_cents', 'p.thank_publicly', 'p.donor_id', 'r.display_name as recorded_by'])
    .where('p.campaign_id', '=', c.id)
    .orderBy('p.created_at')
    .execute();
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'campaign.export',
    targetType: 'campaign',
    targetId: c.id,
    ip: actor.ip,
    detail: { pledges: rows.length },
  });
  const lines = [
    ['date', 'donor', 'amount', 'currency', 'thank_publicly', 'pledged_by', 'recorded_by'].join(','),
    ...rows.map((r) =>
      [
        r.created_at.toISOString(),
        r.donor_name,
        (Number(r.amount_cents) / 100).toFixed(2),
        c.currency,
        r.thank_publicly ? 'yes' : 'no',
        r.donor_id ? 'donor' : 'staff',
        r.recorded_by,
      ]
        .map(csvCell)
        .join(','),
    ),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export async function closeCampaign(db: Db, actor: Actor, id: string) {
  if (!can(actor, 'fundraising.manage')) throw notFound('Route');
  const c = await campaignOf(db, actor, id);
  if (c.status === 'closed') throw new AppError('conflict', 'This campaign is already closed.');
  await db.updateTable('campaigns').set({ status: 'closed' }).where('id', '=', c.id).execute();
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'campaign.close',
    targetType: 'campaign',
    targetId: c.id,
    ip: actor.ip,
  });
}
