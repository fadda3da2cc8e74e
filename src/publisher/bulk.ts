import type { Actor } from '../access/policy.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { REPEAT_PERIODS, type RepeatPeriod } from '../shared/enums.ts';
import { AppError, badRequest } from '../shared/errors.ts';
import { parseCsvObjects } from '../shared/csv.ts';
import { zonedTimeToUtc } from '../shared/time-zone.ts';
import { composePost, MAX_FOLLOW_UPS, notifyApprovers, publisherSettings, validateComposition, type ComposeInput } from './posts.ts';

export const MAX_BULK_ROWS = 500;
const NAIVE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

export interface BulkRowReport {
  /** The line in the file (the header is line 1). */
  line: number;
  status: 'created' | 'valid' | 'refused';
  postId: string | null;
  scheduledAt: string | null;
  error: { id: string; message: string } | null;
}

/**
 * Bulk scheduling from a CSV file (columns: body, channels, and optionally scheduled_at, campaign,
 * repeat, times, part_2 … part_11). Every row goes through the same pipeline as a post composed by hand
 * (the guard, the limits, the approvals); one that cannot is refused alone and the report says why, by
 * line, without repeating its words. With `dryRun` nothing is stored. Times without an offset are read
 * in the organization's publishing time zone.
 */
export async function scheduleFromCsv(db: Db, actor: Actor, csv: string, opts: { dryRun: boolean }) {
  const rows = parseCsvObjects(csv).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [normalize(k), v.trim()])));
  if (!rows.length) throw badRequest('The file has no rows under its header (body, channels, scheduled_at, campaign).');
  if (rows.length > MAX_BULK_ROWS) throw badRequest(`At most ${MAX_BULK_ROWS} rows at a time; this file has ${rows.length}.`);
  const missing = ['body', 'channels'].filter((c) => !(c in rows[0]));
  if (missing.length) throw badRequest(`The header row needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}.`);
  const channels = await db.selectFrom('channels').select(['id', 'name']).where('org_id', '=', actor.orgId).orderBy('name').execute();
  const byName = new Map(channels.flatMap((c) => [[c.name.toLowerCase(), c.id] as const, [c.id, c.id] as const]));
  const timeZone = publisherSettings(actor.orgSettings).calendar?.timeZone ?? 'UTC';

  const report: BulkRowReport[] = [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    try {
      const input = rowToComposition(row, byName, channels, timeZone);
      if (opts.dryRun) await validateComposition(db, actor, input);
      const post = opts.dryRun ? null : await composePost(db, actor, input, { askForApproval: false });
      report.push({ line, status: post ? 'created' : 'valid', postId: post?.id ?? null, scheduledAt: input.scheduledAt, error: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const message =
        e.id === 'phi_confirmation_required'
          ? 'It may identify someone: compose it by hand to confirm, or attach the consent there.'
          : e.message;
      report.push({ line, status: 'refused', postId: null, scheduledAt: null, error: { id: e.id, message } });
    }
  }
  const created = report.filter((r) => r.status === 'created').length;
  const refused = report.filter((r) => r.status === 'refused').length;
  if (created)
    await notifyApprovers(
      db,
      actor,
      `${actor.displayName} asks for approval of ${created} scheduled post${created > 1 ? 's' : ''} (bulk upload)`,
    );
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: opts.dryRun ? 'publisher.bulk_checked' : 'publisher.bulk_scheduled',
    targetType: 'organization',
    targetId: actor.orgId,
    ip: actor.ip,
    detail: { rows: rows.length, created, refused },
  });
  return { rows: report, created, refused, timeZone };
}

const normalize = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function rowToComposition(
  row: Record<string, string>,
  byName: Map<string, string>,
  channels: { name: string }[],
  timeZone: string,
): ComposeInput {
  if (!row.body) throw badRequest('The body is empty.');
  const names = (row.channels ?? '')
    .split(/[;|]/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length) throw badRequest('No channel: name one or more in the channels column, separated by ";".');
  const channelIds = names.map((n) => {
    const id = byName.get(n.toLowerCase()) ?? byName.get(n);
    if (!id)
      throw badRequest(`A channel in this row is not connected here. Connected: ${channels.map((c) => c.name).join(', ') || 'none'}.`);
    return id;
  });
  const scheduledAt = row.scheduled_at ? parseWhen(row.scheduled_at, timeZone) : null;
  if (scheduledAt && scheduledAt.getTime() < Date.now()) throw badRequest('The scheduled time is in the past.');
  const followUps = Array.from({ length: MAX_FOLLOW_UPS }, (_, k) => row[`part_${k + 2}`] ?? '').filter(Boolean);
  let repeat: ComposeInput['repeat'] = null;
  if (row.repeat) {
    const every = row.repeat
      .toLowerCase()
      .replace(/^every\s+/, '')
      .replace(/ly$/, '')
      .replace(/^dai$/, 'day');
    if (!(REPEAT_PERIODS as readonly string[]).includes(every)) throw badRequest('repeat must be day, week or month.');
    const times = Number(row.times || 2);
    if (!Number.isInteger(times) || times < 2 || times > 53) throw badRequest('times must be a whole number from 2 to 53.');
    repeat = { every: every as RepeatPeriod, times };
  }
  return {
    body: row.body,
    channelIds,
    scheduledAt: scheduledAt?.toISOString() ?? null,
    campaign: row.campaign ? row.campaign.slice(0, 100) : null,
    consentId: null,
    confirmPhi: false,
    followUps,
    repeat,
  };
}

/** An ISO time with an offset, or a wall-clock "YYYY-MM-DD HH:MM" in the organization's time zone. */
function parseWhen(value: string, timeZone: string): Date {
  const naive = NAIVE_TIME.exec(value);
  if (naive) {
    const [year, month, day, hour, minute] = naive.slice(1).map(Number);
    const real = new Date(Date.UTC(year, month - 1, day));
    if (real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day || hour > 23 || minute > 59)
      throw badRequest('scheduled_at is not a date and time (no such day or hour).');
    return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone);
  }
  const at = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw badRequest('scheduled_at must be "YYYY-MM-DD HH:MM" (local time) or ISO 8601 with an offset.');
  return at;
}
