import { sql } from 'kysely';
import { can, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import { communityAccess, destinationOf } from '../community/index.ts';
import type { Db, Tx } from '../db/database.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { notify } from '../notify/notifications.ts';
import { isValidTimeZone } from '../notify/quiet-hours.ts';
import { AppError, badRequest, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';

export interface EventInput {
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  place?: string | null;
  onlineUrl?: string | null;
  capacity?: number | null;
  /** The organizer saw the identifier warning and confirmed. */
  confirmPhi?: boolean;
}

const HOUR = 3_600_000;
/** Reminders go out this long before an event starts (respecting each person's quiet hours). */
export const REMINDER_BEFORE_MS = 24 * HOUR;

function checkInput(input: EventInput) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) throw badRequest('The start and end must be dates and times.');
  if (startsAt.getTime() < Date.now()) throw badRequest('The event starts in the past; choose a time to come.');
  if (endsAt <= startsAt) throw badRequest('The event ends before it starts.');
  if (endsAt.getTime() - startsAt.getTime() > 14 * 24 * HOUR) throw badRequest('An event lasts two weeks at most.');
  if (!isValidTimeZone(input.timeZone)) throw badRequest(`"${input.timeZone}" is not a time zone (for example America/Chicago).`);
  const place = input.place?.trim() || null;
  const onlineUrl = input.onlineUrl?.trim() || null;
  if (!place && !onlineUrl) throw badRequest('Say where the event is: a place, an online link, or both.');
  if (onlineUrl && !/^https:\/\/[^\s]+$/.test(onlineUrl)) throw badRequest('The online link must be an https:// address.');
  if (input.capacity !== undefined && input.capacity !== null && (!Number.isInteger(input.capacity) || input.capacity < 1))
    throw badRequest('Capacity is how many people can come: at least 1 (leave it empty for no limit).');
  return { startsAt, endsAt, place, onlineUrl, capacity: input.capacity ?? null };
}

/** Who may plan events in a community: communications and admins, and the community's moderators. */
const mayOrganize = (actor: Actor, memberRole: string | null) => can(actor, 'post.publish_announcement') || memberRole === 'moderator';

/** An event in a community: its words pass the guard for that community's audience; archived and audited. */
export async function createEvent(db: Db, actor: Actor, communityId: string, input: EventInput) {
  const c = await communityAccess(db, actor, communityId);
  if (!mayOrganize(actor, c.memberRole)) throw forbidden('Communications staff and the community’s moderators plan its events.');
  const checked = checkInput(input);
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'event',
    destination: destinationOf(c, 'members'),
    fields: { title: input.title.trim(), description: input.description?.trim() ?? '', place: checked.place ?? '' },
    confirmed: input.confirmPhi,
    communityId: c.id,
  });
  return db.transaction().execute(async (tx) => {
    const event = await tx
      .insertInto('events')
      .values({
        org_id: actor.orgId,
        community_id: c.id,
        created_by: actor.userId,
        title: prepared.fields.title,
        description: prepared.fields.description,
        starts_at: checked.startsAt,
        ends_at: checked.endsAt,
        time_zone: input.timeZone,
        place: prepared.fields.place || null,
        online_url: checked.onlineUrl,
        capacity: checked.capacity,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await commitWrite(tx, prepared, {
      recordId: event.id,
      action: 'event.create',
      archive: {
        recordClass: 'community_content',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `community:${c.id}`,
        content: {
          title: event.title,
          description: event.description,
          startsAt: event.starts_at.toISOString(),
          endsAt: event.ends_at.toISOString(),
          timeZone: event.time_zone,
          place: event.place,
          onlineUrl: event.online_url,
          capacity: event.capacity,
        },
      },
    });
    return event;
  });
}

/** An event the caller may see (its community's posts are readable to them), else 404. */
export async function visibleEvent(db: Db | Tx, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Event');
  const e = await db.selectFrom('events').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!e) throw notFound('Event');
  const c = await communityAccess(db as Db, actor, e.community_id).catch(() => null);
  if (!c?.canRead) throw notFound('Event');
  return { event: e, community: c };
}

/** Going and waitlist counts, attendance, and the caller's own reply, for a set of events. */
export async function eventCounts(db: Db, actor: Actor, ids: string[]) {
  if (!ids.length)
    return new Map<
      string,
      { going: number; waitlist: number; attended: number; mine: 'going' | 'waitlist' | null; position: number | null }
    >();
  const rows = await db
    .selectFrom('event_rsvps')
    .select(['event_id', 'user_id', 'status', 'attended', 'created_at'])
    .where('event_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  const out = new Map<
    string,
    { going: number; waitlist: number; attended: number; mine: 'going' | 'waitlist' | null; position: number | null }
  >();
  for (const id of ids) {
    const mine = rows.filter((r) => r.event_id === id);
    const waiting = mine.filter((r) => r.status === 'waitlist');
    const own = mine.find((r) => r.user_id === actor.userId);
    out.set(id, {
      going: mine.filter((r) => r.status === 'going').length,
      waitlist: waiting.length,
      attended: mine.filter((r) => r.attended).length,
      mine: own?.status ?? null,
      position: own?.status === 'waitlist' ? waiting.findIndex((r) => r.user_id === actor.userId) + 1 : null,
    });
  }
  return out;
}

/** A community's events (upcoming first; past ones after). */
export async function listEvents(db: Db, actor: Actor, communityId: string) {
  const c = await communityAccess(db, actor, communityId);
  if (!c.canRead) throw notFound('Community');
  return db
    .selectFrom('events')
    .selectAll()
    .where('community_id', '=', c.id)
    .orderBy(sql`starts_at < now()`)
    .orderBy('starts_at')
    .limit(200)
    .execute();
}

/**
 * Replies "going": a place if there is one, else a place on the waitlist (in order of replies). A second
 * reply is refused; the event row is locked so two replies never take the last place together.
 */
export async function rsvp(db: Db, actor: Actor, id: string) {
  const { event } = await visibleEvent(db, actor, id);
  return db.transaction().execute(async (tx) => {
    const e = await tx.selectFrom('events').selectAll().where('id', '=', event.id).forUpdate().executeTakeFirstOrThrow();
    if (e.status === 'cancelled') throw new AppError('conflict', 'This event was cancelled.');
    if (e.starts_at.getTime() < Date.now()) throw new AppError('conflict', 'This event has already started.');
    const existing = await tx
      .selectFrom('event_rsvps')
      .select('status')
      .where('event_id', '=', e.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (existing)
      throw new AppError(
        'conflict',
        existing.status === 'going' ? 'You are already going to this event.' : 'You are already on the waitlist.',
      );
    const going = Number(
      (
        await tx
          .selectFrom('event_rsvps')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('event_id', '=', e.id)
          .where('status', '=', 'going')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const status = e.capacity === null || going < e.capacity ? ('going' as const) : ('waitlist' as const);
    await tx.insertInto('event_rsvps').values({ event_id: e.id, user_id: actor.userId, status }).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'event.rsvp',
      targetType: 'event',
      targetId: e.id,
      ip: actor.ip,
      detail: { status },
    });
    return status;
  });
}

/** Takes a reply back; a place freed goes to the first on the waitlist, who is told. */
export async function cancelRsvp(db: Db, actor: Actor, id: string) {
  const { event } = await visibleEvent(db, actor, id);
  await db.transaction().execute(async (tx) => {
    const e = await tx.selectFrom('events').selectAll().where('id', '=', event.id).forUpdate().executeTakeFirstOrThrow();
    const gone = await tx
      .deleteFrom('event_rsvps')
      .where('event_id', '=', e.id)
      .where('user_id', '=', actor.userId)
      .returning('status')
      .executeTakeFirst();
    if (!gone) throw notFound('Reply');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'event.rsvp_cancel',
      targetType: 'event',
      targetId: e.id,
      ip: actor.ip,
    });
    if (gone.status !== 'going') return;
    const next = await tx
      .selectFrom('event_rsvps')
      .select('user_id')
      .where('event_id', '=', e.id)
      .where('status', '=', 'waitlist')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!next) return;
    await tx.updateTable('event_rsvps').set({ status: 'going' }).where('event_id', '=', e.id).where('user_id', '=', next.user_id).execute();
    await notify(tx, {
      orgId: e.org_id,
      userIds: [next.user_id],
      kind: 'event',
      title: `A place opened up: you are now going to "${e.title}"`,
      link: `/events/${e.id}`,
    });
  });
}

/** The organizer marks who came (attendance counts in analytics). */
export async function markAttendance(db: Db, actor: Actor, id: string, userId: string, attended: boolean) {
  const { event, community } = await visibleEvent(db, actor, id);
  if (!mayOrganize(actor, community.memberRole)) throw forbidden('The event’s organizers take attendance.');
  const r = await db
    .updateTable('event_rsvps')
    .set({ attended })
    .where('event_id', '=', event.id)
    .where('user_id', '=', userId)
    .where('status', '=', 'going')
    .returning('user_id')
    .executeTakeFirst();
  if (!r) throw notFound('Reply');
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'event.attendance',
    targetType: 'event',
    targetId: event.id,
    ip: actor.ip,
    detail: { userId, attended },
  });
}

/** Cancels an event: everyone who replied is told; the record keeps it, marked cancelled. */
export async function cancelEvent(db: Db, actor: Actor, id: string) {
  const { event, community } = await visibleEvent(db, actor, id);
  if (!mayOrganize(actor, community.memberRole)) throw forbidden('The event’s organizers cancel it.');
  await db.transaction().execute(async (tx) => {
    const e = await tx
      .updateTable('events')
      .set({ status: 'cancelled', version: event.version + 1, updated_at: new Date() })
      .where('id', '=', event.id)
      .where('status', '=', 'scheduled')
      .returningAll()
      .executeTakeFirst();
    if (!e) throw new AppError('conflict', 'This event is already cancelled.');
    await captureRecord(tx, {
      orgId: e.org_id,
      recordKind: 'event',
      recordId: e.id,
      recordClass: 'community_content',
      event: 'status',
      version: e.version,
      authorId: actor.userId,
      channel: `community:${e.community_id}`,
      content: { status: 'cancelled' },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'event.cancel',
      targetType: 'event',
      targetId: e.id,
      ip: actor.ip,
    });
    const replied = await tx.selectFrom('event_rsvps').select('user_id').where('event_id', '=', e.id).execute();
    await notify(tx, {
      orgId: e.org_id,
      userIds: replied.map((r) => r.user_id),
      kind: 'event',
      title: `"${e.title}" was cancelled`,
      link: `/events/${e.id}`,
    });
  });
}

/**
 * Reminders, a day before: everyone going is notified once (a person in quiet hours gets it when they end,
 * like any notification). Run by the job scheduler; each event is claimed so two processes never both remind.
 */
export async function sendEventReminders(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .updateTable('events')
    .set({ reminded_at: now })
    .where('status', '=', 'scheduled')
    .where('reminded_at', 'is', null)
    .where('starts_at', '>', now)
    .where('starts_at', '<=', new Date(now.getTime() + REMINDER_BEFORE_MS))
    .returning(['id', 'org_id', 'title', 'starts_at', 'time_zone'])
    .execute();
  for (const e of due) {
    const going = await db.selectFrom('event_rsvps').select('user_id').where('event_id', '=', e.id).where('status', '=', 'going').execute();
    const when = e.starts_at.toLocaleString('en-US', {
      timeZone: e.time_zone,
      weekday: 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    await notify(db, {
      orgId: e.org_id,
      userIds: going.map((g) => g.user_id),
      kind: 'event',
      title: `Reminder: "${e.title}" is ${when}`,
      link: `/events/${e.id}`,
    });
  }
  return due.length;
}
