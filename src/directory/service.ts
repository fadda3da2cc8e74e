import { sql } from 'kysely';
import { isUuid } from '../shared/ids.ts';
import { can, isStaff, type Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { notify } from '../notify/notifications.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { picturesOf, type AttachedPicture } from '../media/index.ts';

/** NPI: 10 digits with a Luhn check digit over the prefix 80840 (CMS's published rule). */
export function npiValid(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export async function listProviders(db: Db, actor: Actor) {
  return db
    .selectFrom('provider_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.display_name', 'p.specialty', 'p.npi', 'p.bio', 'p.verified_at'])
    .select(
      sql<
        number | null
      >`(SELECT round(avg(r.rating)::numeric, 1)::float FROM reviews r WHERE r.provider_id = p.user_id AND r.status = 'visible')`.as(
        'rating',
      ),
    )
    .select(sql<number>`(SELECT count(*)::int FROM reviews r WHERE r.provider_id = p.user_id AND r.status = 'visible')`.as('review_count'))
    .where('p.org_id', '=', actor.orgId)
    .orderBy('u.display_name')
    .execute();
}

/** Each provider's current photo (the one attached last). */
export async function providerPhotos(db: Db, providerIds: readonly string[]): Promise<Map<string, AttachedPicture>> {
  const all = await picturesOf(db, 'provider_profile', providerIds);
  return new Map(
    [...all].flatMap(([id, pictures]) => {
      const last = pictures.at(-1);
      return last ? [[id, last] as const] : [];
    }),
  );
}

export async function getProvider(db: Db, actor: Actor, providerId: string) {
  if (!isUuid(providerId)) throw notFound('Provider');
  const profile = (await listProviders(db, actor)).find((p) => p.user_id === providerId);
  if (!profile) throw notFound('Provider');
  const reviews = await db
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .leftJoin('users as ru', 'ru.id', 'r.reply_by')
    .select([
      'r.id',
      'r.rating',
      'r.body',
      'r.created_at',
      'r.reply_body',
      'r.replied_at',
      'r.author_id',
      'u.display_name as author_name',
      'ru.display_name as reply_name',
    ])
    .where('r.provider_id', '=', providerId)
    .where('r.status', '=', 'visible')
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
  // Reviewing a provider says you are their patient: other patients see initials, never the name.
  const shown = reviews.map((r) =>
    isStaff(actor.role) || r.author_id === actor.userId ? r : { ...r, author_name: initialsOf(r.author_name) },
  );
  return { profile, reviews: shown };
}

/** "Jordan Blake" → "J. B.": enough to tell reviews apart, not to identify the reviewer. */
export const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => `${[...w][0].toUpperCase()}.`)
    .join(' ') || 'A patient';

/** Clinicians keep their own profile; the verified badge is set by an admin only. */
export async function upsertProfile(
  db: Db,
  actor: Actor,
  input: { specialty: string; npi: string | null; bio: string; photoId?: string | null },
) {
  if (actor.role !== 'clinician') throw forbidden('Provider profiles are for clinicians.');
  if (input.npi && !npiValid(input.npi)) throw badRequest('That NPI is not valid (10 digits with a check digit).');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'provider_profile',
    destination: 'public',
    fields: { specialty: input.specialty.trim(), bio: input.bio },
    confirmed: true,
    // A new photo of themselves: their own face is theirs to share; anyone else in it is not.
    mediaIds: input.photoId ? [input.photoId] : [],
    portrait: true,
  });
  const values = { specialty: prepared.fields.specialty, npi: input.npi, bio: prepared.fields.bio };
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('provider_profiles')
      .select(['npi', 'updated_at'])
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    await tx
      .insertInto('provider_profiles')
      .values({ user_id: actor.userId, org_id: actor.orgId, ...values })
      // A changed NPI needs verifying again.
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          ...values,
          updated_at: new Date(),
          ...(existing && existing.npi !== input.npi ? { verified_at: null, verified_by: null } : {}),
        }),
      )
      .execute();
    const version =
      Number(
        (
          await tx
            .selectFrom('archive_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', actor.orgId)
            .where('record_kind', '=', 'provider_profile')
            .where('record_id', '=', actor.userId)
            .executeTakeFirstOrThrow()
        ).n,
      ) + 1;
    await commitWrite(tx, prepared, {
      recordId: actor.userId,
      action: 'provider.profile_updated',
      archive: {
        recordClass: 'public_post',
        event: existing ? 'edit' : 'create',
        version,
        authorId: actor.userId,
        channel: `provider:${actor.userId}`,
        content: values,
      },
      distribution: { destinationKind: 'public', destinationId: `provider:${actor.userId}` },
    });
  });
}

export async function setVerified(db: Db, actor: Actor, providerId: string, verified: boolean) {
  if (!can(actor, 'org.manage_members')) throw notFound('Provider');
  if (!isUuid(providerId)) throw notFound('Provider');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('provider_profiles')
      .set({ verified_at: verified ? new Date() : null, verified_by: verified ? actor.userId : null })
      .where('user_id', '=', providerId)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('Provider');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: verified ? 'provider.verified' : 'provider.unverified',
      targetType: 'user',
      targetId: providerId,
      ip: actor.ip,
    });
  });
}

export async function addReview(db: Db, actor: Actor, providerId: string, input: { rating: number; body: string; confirmPhi: boolean }) {
  await getProvider(db, actor, providerId);
  if (providerId === actor.userId) throw forbidden('You cannot review yourself.');
  if (isStaff(actor.role)) throw forbidden('Reviews are written by patients.');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'review',
    destination: 'public',
    fields: { body: input.body },
    confirmed: input.confirmPhi,
  });
  const body = prepared.fields.body;
  return db.transaction().execute(async (tx) => {
    const dup = await tx
      .selectFrom('reviews')
      .select('id')
      .where('provider_id', '=', providerId)
      .where('author_id', '=', actor.userId)
      .executeTakeFirst();
    if (dup) throw conflict('You have already reviewed this provider.');
    const review = await tx
      .insertInto('reviews')
      .values({ org_id: actor.orgId, provider_id: providerId, author_id: actor.userId, rating: input.rating, body })
      .returning('id')
      .executeTakeFirstOrThrow();
    await commitWrite(tx, prepared, {
      recordId: review.id,
      action: 'review.create',
      archive: {
        recordClass: 'public_post',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `provider:${providerId}`,
        content: { providerId, rating: input.rating, body },
      },
      distribution: { destinationKind: 'public', destinationId: `provider:${providerId}` },
    });
    return review;
  });
}

/** The organization's public reply to a review: communications staff, admins, or the provider reviewed. */
export async function replyToReview(
  db: Db,
  actor: Actor,
  reviewId: string,
  input: { body: string; confirmPhi: boolean; replace?: boolean },
) {
  if (!isUuid(reviewId)) throw notFound('Review');
  const review = await db
    .selectFrom('reviews')
    .selectAll()
    .where('id', '=', reviewId)
    .where('org_id', '=', actor.orgId)
    .where('status', '=', 'visible')
    .executeTakeFirst();
  if (!review) throw notFound('Review');
  if (!(can(actor, 'post.publish_announcement') || actor.userId === review.provider_id))
    throw forbidden('Replies to reviews come from communications staff or the provider.');
  // One public reply per review: replacing a colleague's is said and confirmed, never silent.
  if (review.reply_body && review.reply_by && review.reply_by !== actor.userId && !input.replace) {
    const by = await db.selectFrom('users').select('display_name').where('id', '=', review.reply_by).executeTakeFirst();
    throw new AppError(
      'reply_exists',
      `${by?.display_name ?? 'A colleague'} already replied on ${review.replied_at?.toISOString().slice(0, 10) ?? 'an earlier day'}. Publishing replaces their reply: confirm to replace it.`,
      { by: by?.display_name ?? null },
    );
  }
  // A public reply must never confirm someone is a patient: names, dates and the like need consent.
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'review_reply',
    destination: 'public',
    fields: { body: input.body },
    confirmed: input.confirmPhi,
  });
  const body = prepared.fields.body;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('reviews')
      .set({ reply_body: body, reply_by: actor.userId, replied_at: new Date() })
      .where('id', '=', review.id)
      .execute();
    await commitWrite(tx, prepared, {
      recordId: review.id,
      action: 'review.reply',
      archive: {
        recordClass: 'public_post',
        event: review.reply_body ? 'edit' : 'create',
        version: review.reply_body ? 2 : 1,
        authorId: actor.userId,
        channel: `provider:${review.provider_id}`,
        content: { reviewId: review.id, body },
      },
      distribution: { destinationKind: 'public', destinationId: `provider:${review.provider_id}` },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [review.author_id],
      kind: 'review_reply',
      title: 'The organization replied to your review',
      link: `/providers/${review.provider_id}`,
    });
    if (review.reply_by && review.reply_by !== actor.userId)
      await notify(tx, {
        orgId: actor.orgId,
        userIds: [review.reply_by],
        kind: 'review_reply',
        title: `${actor.displayName} replaced your reply to a review`,
        link: `/providers/${review.provider_id}`,
      });
  });
}
